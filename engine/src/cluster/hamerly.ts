import type { JobControl } from '../ports.ts';
import { checkpoint } from './progress.ts';

/** Output of one Lloyd refinement from given initial centres. */
export interface RefineResult {
  labels: Int32Array;
  centroids: Float64Array;
  /** Σ ‖x_i − centroid(label_i)‖², recomputed exactly at the end. */
  inertia: number;
  /** Number of assignment + update rounds performed (scikit-learn's n_iter_). */
  iterations: number;
  converged: boolean;
}

/**
 * Lloyd's k-means iterations, accelerated with Hamerly's bounds (Hamerly 2010): each point
 * keeps an upper bound on the distance to its centre and a lower bound on the distance to
 * any other centre; when the bounds prove the assignment cannot change the point is
 * skipped, so late iterations touch only points near cluster borders. Produces exactly the
 * labels plain Lloyd would (up to ties), with incremental centre sums instead of a full
 * pass per update.
 *
 * Stops (scikit-learn semantics) when an assignment round changes no label, when the total
 * squared centre shift Σ‖c_new − c_old‖² ≤ `tolScaled`, or after `maxIter` rounds; in the
 * latter two cases a final assignment round makes labels consistent with the returned
 * centroids. A cluster that becomes empty is re-seeded with the point farthest from its
 * current centre (taken from a cluster with ≥ 2 points).
 *
 * `points` row-major n×d; `centres` k×d initial centres (not modified).
 * Time O(n·k·d) per round worst case, typically far less; memory O(n + k·d).
 * Deterministic: no randomness.
 */
export function refineHamerly(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  initialCentres: Float64Array,
  maxIter: number,
  tolScaled: number,
  control?: JobControl,
): RefineResult {
  const state = new HamerlyState(points, n, d, k, initialCentres);
  state.assignAll();
  let iterations = 1;
  let strict = false;
  let converged = false;
  for (;;) {
    const shift = state.update();
    if (shift <= tolScaled) {
      converged = true;
      break;
    }
    if (iterations >= maxIter) break;
    checkpoint(control, iterations / maxIter, `iteration ${iterations}`);
    const changed = state.assignBounded();
    iterations++;
    if (changed === 0) {
      strict = true;
      converged = true;
      break;
    }
  }
  if (!strict) state.assignBounded();
  return {
    labels: state.labels,
    centroids: state.centres,
    inertia: state.inertia(),
    iterations,
    converged,
  };
}

class HamerlyState {
  readonly labels: Int32Array;
  readonly centres: Float64Array;
  private readonly upper: Float64Array;
  private readonly lower: Float64Array;
  private readonly sums: Float64Array;
  private readonly counts: Int32Array;
  private readonly next: Float64Array;
  /** Distance each centre moved in the last update; applied lazily to the bounds. */
  private readonly move: Float64Array;
  private readonly half: Float64Array;
  private maxMove = 0;
  private maxMoveIndex = -1;
  private secondMove = 0;

  constructor(
    private readonly points: Float64Array,
    private readonly n: number,
    private readonly d: number,
    private readonly k: number,
    initialCentres: Float64Array,
  ) {
    this.labels = new Int32Array(n);
    this.centres = Float64Array.from(initialCentres);
    this.upper = new Float64Array(n);
    this.lower = new Float64Array(n);
    this.sums = new Float64Array(k * d);
    this.counts = new Int32Array(k);
    this.next = new Float64Array(k * d);
    this.move = new Float64Array(k);
    this.half = new Float64Array(k);
  }

  /** First assignment: exact nearest and second-nearest for every point. O(n·k·d). */
  assignAll(): void {
    const { points, n, d, labels, upper, lower, sums, counts } = this;
    for (let i = 0, p = 0; i < n; i++, p += d) {
      this.nearestTwo(p);
      const a = this.bestIndex;
      labels[i] = a;
      upper[i] = Math.sqrt(this.bestDist);
      lower[i] = Math.sqrt(this.secondDist);
      counts[a]!++;
      for (let j = 0; j < d; j++) sums[a * d + j]! += points[p + j]!;
    }
  }

  /**
   * One bounded assignment round; first ages the bounds by the last centre movement.
   * Returns the number of points whose label changed. Keeps sums/counts in step.
   */
  assignBounded(): number {
    const { points, n, d, labels, upper, lower, sums, counts, move, half, centres } = this;
    this.computeHalfSeparation();
    const maxMove = this.maxMove;
    const maxMoveIndex = this.maxMoveIndex;
    const secondMove = this.secondMove;
    let changed = 0;
    for (let i = 0, p = 0; i < n; i++, p += d) {
      const a = labels[i]!;
      let u = upper[i]! + move[a]!;
      const l = lower[i]! - (a === maxMoveIndex ? secondMove : maxMove);
      const bound = half[a]! > l ? half[a]! : l;
      if (u <= bound) {
        upper[i] = u;
        lower[i] = l;
        continue;
      }
      // Bounds inconclusive: tighten the upper bound with the exact distance first.
      let s = 0;
      const c = a * d;
      for (let j = 0; j < d; j++) {
        const t = points[p + j]! - centres[c + j]!;
        s += t * t;
      }
      u = Math.sqrt(s);
      if (u <= bound) {
        upper[i] = u;
        lower[i] = l;
        continue;
      }
      this.nearestTwo(p);
      const b = this.bestIndex;
      upper[i] = Math.sqrt(this.bestDist);
      lower[i] = Math.sqrt(this.secondDist);
      if (b !== a) {
        labels[i] = b;
        counts[a]!--;
        counts[b]!++;
        for (let j = 0; j < d; j++) {
          const x = points[p + j]!;
          sums[a * d + j]! -= x;
          sums[b * d + j]! += x;
        }
        changed++;
      }
    }
    // Movement has been folded into the bounds.
    move.fill(0);
    this.maxMove = 0;
    this.secondMove = 0;
    this.maxMoveIndex = -1;
    return changed;
  }

  /** Moves centres to the mean of their points; returns Σ‖shift‖². O(k·d) (+O(n·d) if a cluster is empty). */
  update(): number {
    const { d, k, counts, sums, next, centres, move } = this;
    for (let c = 0; c < k; c++) {
      if (counts[c] === 0) this.reseedEmpty(c);
    }
    let shift = 0;
    let m1 = 0;
    let m1Index = -1;
    let m2 = 0;
    for (let c = 0; c < k; c++) {
      const inv = 1 / counts[c]!;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const v = sums[c * d + j]! * inv;
        next[c * d + j] = v;
        const t = v - centres[c * d + j]!;
        s += t * t;
      }
      shift += s;
      move[c] = Math.sqrt(s);
    }
    for (let c = 0; c < k; c++) {
      const m = move[c]!;
      if (m > m1) {
        m2 = m1;
        m1 = m;
        m1Index = c;
      } else if (m > m2) {
        m2 = m;
      }
    }
    centres.set(next);
    this.maxMove = m1;
    this.maxMoveIndex = m1Index;
    this.secondMove = m2;
    return shift;
  }

  /**
   * Re-seeds empty cluster `c` with the point farthest from its current centre among
   * clusters that keep at least one point; the point moves to `c`, whose centre becomes it.
   */
  private reseedEmpty(c: number): void {
    const { points, n, d, labels, counts, sums, centres, upper, lower } = this;
    let far = -1;
    let farDist = -1;
    for (let i = 0, p = 0; i < n; i++, p += d) {
      const a = labels[i]!;
      if (counts[a]! < 2) continue;
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = points[p + j]! - centres[a * d + j]!;
        s += t * t;
      }
      if (s > farDist) {
        farDist = s;
        far = i;
      }
    }
    if (far < 0) return; // fewer distinct donors than clusters: cannot happen when k ≤ n
    const a = labels[far]!;
    const p = far * d;
    labels[far] = c;
    counts[a]!--;
    counts[c]!++;
    for (let j = 0; j < d; j++) {
      const x = points[p + j]!;
      sums[a * d + j]! -= x;
      sums[c * d + j] = x;
    }
    // update() moves centre c onto the point and counts that jump as movement, which the
    // next round adds to upper[far]: so 0 here yields an exact bound. 0 is always a valid
    // lower bound.
    upper[far] = 0;
    lower[far] = 0;
  }

  /** half[c] = ½ · min over other centres of ‖c − c'‖ (Hamerly's s(c)). O(k²·d). */
  private computeHalfSeparation(): void {
    const { d, k, centres, half } = this;
    half.fill(Infinity);
    for (let a = 0; a < k; a++) {
      for (let b = a + 1; b < k; b++) {
        let s = 0;
        for (let j = 0; j < d; j++) {
          const t = centres[a * d + j]! - centres[b * d + j]!;
          s += t * t;
        }
        const h = 0.5 * Math.sqrt(s);
        if (h < half[a]!) half[a] = h;
        if (h < half[b]!) half[b] = h;
      }
    }
  }

  // Scratch outputs of nearestTwo (fields avoid allocating a result object per point).
  private bestIndex = 0;
  private bestDist = 0;
  private secondDist = 0;

  /** Nearest and second-nearest centre (squared distances) of the point at offset p. O(k·d). */
  private nearestTwo(p: number): void {
    const { points, d, k, centres } = this;
    let best = 0;
    let d1 = Infinity;
    let d2 = Infinity;
    for (let c = 0, o = 0; c < k; c++, o += d) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = points[p + j]! - centres[o + j]!;
        s += t * t;
      }
      if (s < d1) {
        d2 = d1;
        d1 = s;
        best = c;
      } else if (s < d2) {
        d2 = s;
      }
    }
    this.bestIndex = best;
    this.bestDist = d1;
    this.secondDist = d2;
  }

  /** Exact Σ‖x_i − c_label‖² in the current state. O(n·d). */
  inertia(): number {
    return inertiaOf(this.points, this.n, this.d, this.labels, this.centres);
  }
}

/** Σ ‖x_i − centroids[labels[i]]‖² for row-major n×d points. O(n·d). */
export function inertiaOf(
  points: Float64Array,
  n: number,
  d: number,
  labels: Int32Array,
  centroids: Float64Array,
): number {
  let total = 0;
  for (let i = 0, p = 0; i < n; i++, p += d) {
    const c = labels[i]! * d;
    for (let j = 0; j < d; j++) {
      const t = points[p + j]! - centroids[c + j]!;
      total += t * t;
    }
  }
  return total;
}
