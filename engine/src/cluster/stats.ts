/**
 * Quantile with linear interpolation between order statistics (numpy's default): the value
 * at position q·(len − 1) of the sorted data. Reorders `values` in place (quickselect) instead
 * of sorting: expected O(len). NaN for an empty array. Deterministic.
 */
export function quantileInPlace(values: Float64Array, q: number): number {
  const len = values.length;
  if (len === 0) return Number.NaN;
  const h = (len - 1) * q;
  const lo = Math.floor(h);
  const low = selectInPlace(values, lo);
  if (h === lo) return low;
  // After selection everything right of lo is ≥ values[lo]: the next order statistic is their minimum.
  let next = Infinity;
  for (let i = lo + 1; i < len; i++) if (values[i]! < next) next = values[i]!;
  return low + (h - lo) * (next - low);
}

/**
 * Rearranges `values` so that values[kth] is the kth smallest, smaller-or-equal ones before
 * and larger-or-equal after; returns it. Expected O(len), median-of-three pivot.
 */
function selectInPlace(values: Float64Array, kth: number): number {
  let lo = 0;
  let hi = values.length - 1;
  while (hi > lo) {
    const m = (lo + hi) >>> 1;
    if (values[m]! < values[lo]!) swap(values, m, lo);
    if (values[hi]! < values[lo]!) swap(values, hi, lo);
    if (values[hi]! < values[m]!) swap(values, hi, m);
    const pivot = values[m]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (values[i]! < pivot) i++;
      while (values[j]! > pivot) j--;
      if (i <= j) {
        swap(values, i, j);
        i++;
        j--;
      }
    }
    if (kth <= j) hi = j;
    else if (kth >= i) lo = i;
    else break;
  }
  return values[kth]!;
}

function swap(values: Float64Array, a: number, b: number): void {
  const t = values[a]!;
  values[a] = values[b]!;
  values[b] = t;
}

/**
 * Copies `values` grouped by cluster label (cluster c occupies [offsets[c], offsets[c+1]))
 * for per-cluster statistics. Labels must be in [0, k). O(n).
 */
export function groupByCluster(values: Float64Array, labels: Int32Array, k: number): { grouped: Float64Array; offsets: Int32Array } {
  const offsets = new Int32Array(k + 1);
  for (let i = 0; i < labels.length; i++) offsets[labels[i]! + 1]!++;
  for (let c = 0; c < k; c++) offsets[c + 1]! += offsets[c]!;
  const fill = offsets.slice(0, k);
  const grouped = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) grouped[fill[labels[i]!]!++] = values[i]!;
  return { grouped, offsets };
}
