/**
 * A static kd-tree over row-major points, stored in flat typed arrays. Each node covers a
 * contiguous range [start, end) of the tree-ordered copy of the points and carries its
 * tight bounding box and coordinate sum, which is what the filtering k-means needs.
 */
export interface KdTree {
  readonly n: number;
  readonly d: number;
  /** Tree-ordered copy of the points, row-major n×d. */
  readonly points: Float64Array;
  /** order[r] = original row index of tree row r. */
  readonly order: Int32Array;
  readonly nodeCount: number;
  /** Longest root-to-leaf path, in nodes (root alone = 1). */
  readonly depth: number;
  readonly start: Int32Array;
  readonly end: Int32Array;
  /** Child node ids; -1 for a leaf (then right is -1 too). */
  readonly left: Int32Array;
  readonly right: Int32Array;
  /** Bounding boxes, nodeCount×d each. */
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  /** Σ of the node's points, nodeCount×d. */
  readonly sum: Float64Array;
}

/**
 * Builds a kd-tree: splits on the widest dimension at the median (balanced), stopping at
 * ≤ `leafSize` points or when all points of a node coincide.
 * Time O(n·d·log n), memory O(n·d). Deterministic (median-of-three quickselect, no randomness).
 */
export function buildKdTree(points: Float64Array, n: number, d: number, leafSize = 16): KdTree {
  // Rows are physically permuted as we split, so every scan below is sequential in memory.
  const pts = Float64Array.from(points.subarray(0, n * d));
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const minLeaf = Math.max(1, Math.floor((leafSize + 1) / 2));
  const capacity = 2 * Math.ceil(n / minLeaf) + 1;
  const start = new Int32Array(capacity);
  const end = new Int32Array(capacity);
  const left = new Int32Array(capacity).fill(-1);
  const right = new Int32Array(capacity).fill(-1);
  const lo = new Float64Array(capacity * d);
  const hi = new Float64Array(capacity * d);
  const sum = new Float64Array(capacity * d);
  let nodeCount = 0;
  let depth = 0;

  const build = (s: number, e: number, level: number): number => {
    const id = nodeCount++;
    if (level > depth) depth = level;
    start[id] = s;
    end[id] = e;
    const o = id * d;
    for (let j = 0; j < d; j++) {
      lo[o + j] = Infinity;
      hi[o + j] = -Infinity;
    }
    for (let p = s * d; p < e * d; p += d) {
      for (let j = 0; j < d; j++) {
        const x = pts[p + j]!;
        if (x < lo[o + j]!) lo[o + j] = x;
        if (x > hi[o + j]!) hi[o + j] = x;
        sum[o + j]! += x;
      }
    }
    let axis = 0;
    let width = -1;
    for (let j = 0; j < d; j++) {
      const w = hi[o + j]! - lo[o + j]!;
      if (w > width) {
        width = w;
        axis = j;
      }
    }
    if (e - s <= leafSize || width <= 0) return id;
    const mid = (s + e) >>> 1;
    selectNth(pts, d, order, s, e - 1, mid, axis);
    left[id] = build(s, mid, level + 1);
    right[id] = build(mid, e, level + 1);
    return id;
  };
  build(0, n, 1);
  return { n, d, points: pts, order, nodeCount, depth, start, end, left, right, lo, hi, sum };
}

/**
 * Rearranges rows lo..hi (of pts, and order alongside) so that row nth holds the row that
 * would be there if sorted by coordinate `axis`, with smaller-or-equal rows before it and
 * larger-or-equal after. Expected O(len·d); deterministic median-of-three pivot.
 */
function selectNth(pts: Float64Array, d: number, order: Int32Array, lo: number, hi: number, nth: number, axis: number): void {
  const swap = (a: number, b: number): void => {
    const t = order[a]!;
    order[a] = order[b]!;
    order[b] = t;
    for (let j = 0, pa = a * d, pb = b * d; j < d; j++) {
      const x = pts[pa + j]!;
      pts[pa + j] = pts[pb + j]!;
      pts[pb + j] = x;
    }
  };
  while (hi > lo) {
    const m = (lo + hi) >>> 1;
    if (pts[m * d + axis]! < pts[lo * d + axis]!) swap(m, lo);
    if (pts[hi * d + axis]! < pts[lo * d + axis]!) swap(hi, lo);
    if (pts[hi * d + axis]! < pts[m * d + axis]!) swap(hi, m);
    const pivot = pts[m * d + axis]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (pts[i * d + axis]! < pivot) i++;
      while (pts[j * d + axis]! > pivot) j--;
      if (i <= j) {
        swap(i, j);
        i++;
        j--;
      }
    }
    if (nth <= j) hi = j;
    else if (nth >= i) lo = i;
    else return;
  }
}
