import type { JobControl } from '../ports.ts';
import { inertiaOf } from './assign.ts';
import type { KdTree } from './kdtree.ts';
import { checkpoint } from './progress.ts';

/**
 * Lloyd's k-means iterations with the kd-tree "filtering" algorithm (Kanungo et al. 2002):
 * each round walks the tree carrying the set of centres that could still own some point of
 * the node; a centre is dropped when, at the box corner most favourable to it, it is still
 * no closer than the centre nearest the box midpoint. A node left with one candidate is
 * assigned wholesale from its precomputed sum and count, so in low dimensions a round
 * touches only points near Voronoi borders. Assignments are exactly Lloyd's (ties aside);
 * centre sums differ from a point-by-point sum only by rounding.
 *
 * Stops (scikit-learn semantics) when the total squared centre shift Σ‖c_new − c_old‖² is
 * ≤ `tolScaled` (an unchanged assignment gives shift 0, i.e. strict convergence) or after
 * `maxIter` rounds; then a final assignment makes labels consistent with the returned
 * centroids. An empty cluster is re-seeded with the point farthest from its centre (taken
 * from a cluster with ≥ 2 points).
 *
 * `initialCentres` k×d (not modified). Labels are in the caller's original row order.
 * Time per round O(n·k·d) worst case, typically ≪ n in d ≤ ~6; memory O(k·d·depth + n).
 * Deterministic: no randomness.
 */
export function refineFiltering(tree: KdTree, k: number, initialCentres: Float64Array, maxIter: number, tolScaled: number, control?: JobControl): RefineResult {
  const state = new FilterState(tree, k, initialCentres);
  let iterations = 0;
  let converged = false;
  while (iterations < maxIter) {
    if (iterations > 0) checkpoint(control, iterations / maxIter, `iteration ${iterations}`);
    state.assign(undefined);
    iterations++;
    state.reseedEmpty();
    if (state.update() <= tolScaled) {
      converged = true;
      break;
    }
  }
  const treeLabels = new Int32Array(tree.n);
  state.assign(treeLabels);
  const labels = new Int32Array(tree.n);
  for (let r = 0; r < tree.n; r++) labels[tree.order[r]!] = treeLabels[r]!;
  const centroids = state.centres;
  return {
    labels,
    centroids,
    inertia: inertiaOf(tree.points, tree.n, tree.d, treeLabels, centroids),
    iterations,
    converged,
  };
}

/** Output of one Lloyd refinement from given initial centres. */
export interface RefineResult {
  /** Cluster per point, in the caller's original row order. */
  labels: Int32Array;
  centroids: Float64Array;
  /** Σ ‖x_i − centroid(label_i)‖², recomputed exactly at the end. */
  inertia: number;
  /** Assignment + update rounds performed (scikit-learn's n_iter_). */
  iterations: number;
  converged: boolean;
}

class FilterState {
  readonly centres: Float64Array;
  private readonly sums: Float64Array;
  private readonly counts: Float64Array;
  /** Candidate lists, one block of k per tree level. */
  private readonly candidates: Int32Array;
  private labelsOut: Int32Array | undefined;

  constructor(
    private readonly tree: KdTree,
    private readonly k: number,
    initialCentres: Float64Array,
  ) {
    this.centres = Float64Array.from(initialCentres);
    this.sums = new Float64Array(k * tree.d);
    this.counts = new Float64Array(k);
    this.candidates = new Int32Array((tree.depth + 1) * k);
  }

  /** One assignment round: fills sums/counts, and tree-ordered labels when asked. */
  assign(labelsOut: Int32Array | undefined): void {
    this.sums.fill(0);
    this.counts.fill(0);
    this.labelsOut = labelsOut;
    for (let c = 0; c < this.k; c++) this.candidates[c] = c;
    if (this.tree.d === 3) this.visit3(0, 0, this.k);
    else this.visit(0, 0, this.k);
    this.labelsOut = undefined;
  }

  /** Candidates for `node` are candidates[base .. base + m). */
  private visit(node: number, base: number, m: number): void {
    const { tree, centres, candidates, k } = this;
    const d = tree.d;
    const lo = tree.lo;
    const hi = tree.hi;
    const box = node * d;

    // Candidate nearest the box midpoint: the only one that surely owns part of the box.
    let best = candidates[base]!;
    let bestDist = Infinity;
    for (let q = 0; q < m; q++) {
      const c = candidates[base + q]!;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = centres[c * d + j]! - 0.5 * (lo[box + j]! + hi[box + j]!);
        s += t * t;
      }
      if (s < bestDist) {
        bestDist = s;
        best = c;
      }
    }

    // Keep only candidates that beat `best` somewhere in the box: test at the box vertex
    // furthest in the direction (z − best); z wins there iff (z − best)·(z + best − 2v) < 0.
    const next = base + k;
    candidates[next] = best;
    let kept = 1;
    for (let q = 0; q < m; q++) {
      const z = candidates[base + q]!;
      if (z === best) continue;
      let dot = 0;
      for (let j = 0; j < d; j++) {
        const zj = centres[z * d + j]!;
        const bj = centres[best * d + j]!;
        const v = zj > bj ? hi[box + j]! : lo[box + j]!;
        dot += (zj - bj) * (zj + bj - 2 * v);
      }
      if (dot < 0) candidates[next + kept++] = z;
    }

    const s0 = tree.start[node]!;
    const e0 = tree.end[node]!;
    if (kept === 1) {
      this.take(best, node, s0, e0);
      return;
    }
    const leftChild = tree.left[node]!;
    if (leftChild >= 0) {
      this.visit(leftChild, next, kept);
      this.visit(tree.right[node]!, next, kept);
      return;
    }
    this.assignLeaf(s0, e0, next, kept);
  }

  /** `visit` specialised for d = 3 (the RFM case): same logic, coordinates in registers. */
  private visit3(node: number, base: number, m: number): void {
    const { tree, centres, candidates, k } = this;
    const lo = tree.lo;
    const hi = tree.hi;
    const box = node * 3;
    const lo0 = lo[box]!;
    const lo1 = lo[box + 1]!;
    const lo2 = lo[box + 2]!;
    const hi0 = hi[box]!;
    const hi1 = hi[box + 1]!;
    const hi2 = hi[box + 2]!;
    const m0 = 0.5 * (lo0 + hi0);
    const m1 = 0.5 * (lo1 + hi1);
    const m2 = 0.5 * (lo2 + hi2);

    let best = candidates[base]!;
    let bestDist = Infinity;
    for (let q = 0; q < m; q++) {
      const c = candidates[base + q]!;
      const a = centres[c * 3]! - m0;
      const b = centres[c * 3 + 1]! - m1;
      const e = centres[c * 3 + 2]! - m2;
      const s = a * a + b * b + e * e;
      if (s < bestDist) {
        bestDist = s;
        best = c;
      }
    }
    const b0 = centres[best * 3]!;
    const b1 = centres[best * 3 + 1]!;
    const b2 = centres[best * 3 + 2]!;
    const next = base + k;
    candidates[next] = best;
    let kept = 1;
    for (let q = 0; q < m; q++) {
      const z = candidates[base + q]!;
      if (z === best) continue;
      const z0 = centres[z * 3]!;
      const z1 = centres[z * 3 + 1]!;
      const z2 = centres[z * 3 + 2]!;
      const dot =
        (z0 - b0) * (z0 + b0 - 2 * (z0 > b0 ? hi0 : lo0)) +
        (z1 - b1) * (z1 + b1 - 2 * (z1 > b1 ? hi1 : lo1)) +
        (z2 - b2) * (z2 + b2 - 2 * (z2 > b2 ? hi2 : lo2));
      if (dot < 0) candidates[next + kept++] = z;
    }

    const s0 = tree.start[node]!;
    const e0 = tree.end[node]!;
    if (kept === 1) {
      this.take(best, node, s0, e0);
      return;
    }
    const leftChild = tree.left[node]!;
    if (leftChild >= 0) {
      this.visit3(leftChild, next, kept);
      this.visit3(tree.right[node]!, next, kept);
      return;
    }
    this.assignLeaf3(s0, e0, next, kept);
  }

  /** `assignLeaf` specialised for d = 3. */
  private assignLeaf3(s0: number, e0: number, base: number, m: number): void {
    const { tree, centres, candidates, sums, counts, labelsOut } = this;
    const pts = tree.points;
    for (let r = s0, p = s0 * 3; r < e0; r++, p += 3) {
      const x0 = pts[p]!;
      const x1 = pts[p + 1]!;
      const x2 = pts[p + 2]!;
      let best = 0;
      let bestDist = Infinity;
      for (let q = 0; q < m; q++) {
        const c = candidates[base + q]!;
        const a = x0 - centres[c * 3]!;
        const b = x1 - centres[c * 3 + 1]!;
        const e = x2 - centres[c * 3 + 2]!;
        const s = a * a + b * b + e * e;
        if (s < bestDist) {
          bestDist = s;
          best = c;
        }
      }
      sums[best * 3]! += x0;
      sums[best * 3 + 1]! += x1;
      sums[best * 3 + 2]! += x2;
      counts[best]!++;
      if (labelsOut !== undefined) labelsOut[r] = best;
    }
  }

  /** Whole node owned by centre c. */
  private take(c: number, node: number, s0: number, e0: number): void {
    const { tree, sums, counts, labelsOut } = this;
    const d = tree.d;
    for (let j = 0; j < d; j++) sums[c * d + j]! += tree.sum[node * d + j]!;
    counts[c]! += e0 - s0;
    if (labelsOut !== undefined) labelsOut.fill(c, s0, e0);
  }

  /** Per-point nearest among the surviving candidates of a leaf. */
  private assignLeaf(s0: number, e0: number, base: number, m: number): void {
    const { tree, centres, candidates, sums, counts, labelsOut } = this;
    const d = tree.d;
    const pts = tree.points;
    for (let r = s0, p = s0 * d; r < e0; r++, p += d) {
      let best = 0;
      let bestDist = Infinity;
      for (let q = 0; q < m; q++) {
        const c = candidates[base + q]!;
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = pts[p + j]! - centres[c * d + j]!;
          s += t * t;
        }
        if (s < bestDist) {
          bestDist = s;
          best = c;
        }
      }
      for (let j = 0; j < d; j++) sums[best * d + j]! += pts[p + j]!;
      counts[best]!++;
      if (labelsOut !== undefined) labelsOut[r] = best;
    }
  }

  /**
   * Gives every empty cluster the point farthest from its own centre (exact pass, rare):
   * the point's coordinates move from its cluster's sums to the empty one's.
   */
  reseedEmpty(): void {
    const { tree, k, counts, sums, centres } = this;
    const d = tree.d;
    let labels: Int32Array | undefined;
    let dist: Float64Array | undefined;
    for (let c = 0; c < k; c++) {
      if (counts[c]! > 0) continue;
      if (labels === undefined || dist === undefined) {
        labels = new Int32Array(tree.n);
        this.assign(labels); // same sums/counts as before; now with labels
        dist = new Float64Array(tree.n);
        for (let r = 0; r < tree.n; r++) {
          let s = 0;
          for (let j = 0; j < d; j++) {
            const t = tree.points[r * d + j]! - centres[labels[r]! * d + j]!;
            s += t * t;
          }
          dist[r] = s;
        }
      }
      let far = -1;
      for (let r = 0; r < tree.n; r++) {
        if (counts[labels[r]!]! < 2) continue;
        if (far < 0 || dist[r]! > dist[far]!) far = r;
      }
      if (far < 0) return;
      const a = labels[far]!;
      labels[far] = c;
      dist[far] = -1; // never pick the same point twice
      counts[a]!--;
      counts[c] = 1;
      for (let j = 0; j < d; j++) {
        const x = tree.points[far * d + j]!;
        sums[a * d + j]! -= x;
        sums[c * d + j] = x;
      }
    }
  }

  /** Centres ← sums / counts; returns Σ‖shift‖². O(k·d). */
  update(): number {
    const { tree, k, counts, sums, centres } = this;
    const d = tree.d;
    let shift = 0;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) continue; // only if k > distinct points; keep the centre
      const inv = 1 / counts[c]!;
      for (let j = 0; j < d; j++) {
        const v = sums[c * d + j]! * inv;
        const t = v - centres[c * d + j]!;
        shift += t * t;
        centres[c * d + j] = v;
      }
    }
    return shift;
  }
}
