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
 * Builds a kd-tree over the first n rows of row-major `points` (copied, not modified):
 * splits at the median (balanced, depth ≈ log2(n / leafSize)) along the widest side of the
 * node's box as inherited from its parent, stopping at ≤ `leafSize` points or a zero-width
 * box; boxes are then tightened bottom-up.
 * Time O(n·d·log n), memory O(n·d). Deterministic (median-of-three quickselect, no randomness).
 */
export function buildKdTree(points: Float64Array, n: number, d: number, leafSize = 16): KdTree {
  const builder = new Builder(points, n, d, leafSize);
  builder.rootBox(n);
  builder.build(0, n, 1);
  const { pts, order, nodeCount, depth, start, end, left, right, lo, hi, sum } = builder;
  return { n, d, points: pts, order, nodeCount, depth, start, end, left, right, lo, hi, sum };
}

class Builder {
  /** Rows are physically permuted as we split, so every scan is sequential in memory. */
  readonly pts: Float64Array;
  readonly order: Int32Array;
  readonly start: Int32Array;
  readonly end: Int32Array;
  readonly left: Int32Array;
  readonly right: Int32Array;
  readonly lo: Float64Array;
  readonly hi: Float64Array;
  readonly sum: Float64Array;
  nodeCount = 0;
  depth = 0;

  constructor(
    points: Float64Array,
    n: number,
    private readonly d: number,
    private readonly leafSize: number,
  ) {
    this.pts = points.slice(0, n * d);
    this.order = new Int32Array(n);
    for (let i = 0; i < n; i++) this.order[i] = i;
    // Median splits of a node with > leafSize points leave ≥ ⌊(leafSize+1)/2⌋ per leaf.
    const capacity = 2 * Math.ceil(n / Math.max(1, Math.floor((leafSize + 1) / 2))) + 1;
    this.start = new Int32Array(capacity);
    this.end = new Int32Array(capacity);
    this.left = new Int32Array(capacity).fill(-1);
    this.right = new Int32Array(capacity).fill(-1);
    this.lo = new Float64Array(capacity * d);
    this.hi = new Float64Array(capacity * d);
    this.sum = new Float64Array(capacity * d);
  }

  /**
   * Builds the subtree over rows [s, e) as node `this.nodeCount`, whose lo/hi slots hold a
   * loose box (the parent's, cut at the split) on entry and the tight box on exit. Choosing
   * the split axis from the loose box and tightening bottom-up costs one scan of the points
   * in total instead of one per level.
   */
  build(s: number, e: number, level: number): number {
    const { pts, d, lo, hi, sum } = this;
    const id = this.nodeCount++;
    if (level > this.depth) this.depth = level;
    this.start[id] = s;
    this.end[id] = e;
    const o = id * d;
    let axis = 0;
    let width = -1;
    for (let j = 0; j < d; j++) {
      const w = hi[o + j]! - lo[o + j]!;
      if (w > width) {
        width = w;
        axis = j;
      }
    }
    if (e - s <= this.leafSize || !(width > 0)) {
      this.tightenLeaf(id, s, e);
      return id;
    }
    const mid = (s + e) >>> 1;
    this.selectNth(s, e - 1, mid, axis);
    const split = pts[mid * d + axis]!;
    const l = this.nodeCount;
    this.inheritBox(o, l, axis, 'left', split);
    this.left[id] = this.build(s, mid, level + 1);
    const r = this.nodeCount;
    this.inheritBox(o, r, axis, 'right', split);
    this.right[id] = this.build(mid, e, level + 1);
    for (let j = 0; j < d; j++) {
      lo[o + j] = Math.min(lo[l * d + j]!, lo[r * d + j]!);
      hi[o + j] = Math.max(hi[l * d + j]!, hi[r * d + j]!);
      sum[o + j] = sum[l * d + j]! + sum[r * d + j]!;
    }
    return id;
  }

  /** Root box: tight, from one scan; build() expects a box in its slot. */
  rootBox(n: number): void {
    const { lo, hi, d } = this;
    lo.fill(Infinity, 0, d);
    hi.fill(-Infinity, 0, d);
    for (let p = 0; p < n * d; p += d) {
      for (let j = 0; j < d; j++) {
        const x = this.pts[p + j]!;
        if (x < lo[j]!) lo[j] = x;
        if (x > hi[j]!) hi[j] = x;
      }
    }
  }

  /** Writes the parent's box into the child's slot, cut at `split` on `axis`. */
  private inheritBox(parentOffset: number, child: number, axis: number, side: 'left' | 'right', split: number): void {
    const { lo, hi, d } = this;
    const c = child * d;
    for (let j = 0; j < d; j++) {
      lo[c + j] = lo[parentOffset + j]!;
      hi[c + j] = hi[parentOffset + j]!;
    }
    if (side === 'left') hi[c + axis] = split;
    else lo[c + axis] = split;
  }

  private tightenLeaf(id: number, s: number, e: number): void {
    const { pts, d, lo, hi, sum } = this;
    const o = id * d;
    for (let j = 0; j < d; j++) {
      let mn = Infinity;
      let mx = -Infinity;
      let total = 0;
      for (let p = s * d + j; p < e * d; p += d) {
        const x = pts[p]!;
        if (x < mn) mn = x;
        if (x > mx) mx = x;
        total += x;
      }
      lo[o + j] = mn;
      hi[o + j] = mx;
      sum[o + j] = total;
    }
  }

  /**
   * Rearranges rows lo..hi so that row nth holds the row that would be there if sorted by
   * coordinate `axis`, smaller-or-equal rows before it and larger-or-equal after.
   * Expected O(len·d); deterministic median-of-three pivot (Hoare partition, so runs of
   * equal keys, common in RFM data, still split evenly).
   */
  private selectNth(lo: number, hi: number, nth: number, axis: number): void {
    const { pts, d } = this;
    while (hi > lo) {
      const m = (lo + hi) >>> 1;
      if (pts[m * d + axis]! < pts[lo * d + axis]!) this.swap(m, lo);
      if (pts[hi * d + axis]! < pts[lo * d + axis]!) this.swap(hi, lo);
      if (pts[hi * d + axis]! < pts[m * d + axis]!) this.swap(hi, m);
      const pivot = pts[m * d + axis]!;
      let i = lo;
      let j = hi;
      while (i <= j) {
        while (pts[i * d + axis]! < pivot) i++;
        while (pts[j * d + axis]! > pivot) j--;
        if (i <= j) {
          this.swap(i, j);
          i++;
          j--;
        }
      }
      if (nth <= j) hi = j;
      else if (nth >= i) lo = i;
      else return;
    }
  }

  private swap(a: number, b: number): void {
    const { pts, order, d } = this;
    const t = order[a]!;
    order[a] = order[b]!;
    order[b] = t;
    for (let j = 0, pa = a * d, pb = b * d; j < d; j++) {
      const x = pts[pa + j]!;
      pts[pa + j] = pts[pb + j]!;
      pts[pb + j] = x;
    }
  }
}
