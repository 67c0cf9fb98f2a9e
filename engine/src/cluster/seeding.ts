import type { JobControl, Rng } from '../ports.ts';
import { randomInt } from '../util/rng.ts';
import { checkpoint } from './progress.ts';

/**
 * Greedy k-means++ seeding (Arthur & Vassilvitskii 2007, greedy variant as in scikit-learn):
 * the first centre is a uniformly random point; each further centre is the best of
 * 2 + ⌊ln k⌋ candidates drawn with probability ∝ D(x)², "best" meaning the candidate that
 * most reduces the total squared distance to the nearest centre.
 *
 * `points` is row-major n×d; returns k×d centres (copies of data points).
 * Time O(n·d·k·(2 + ln k)), memory 4 Float64Arrays of length n. Deterministic given `rng`.
 */
export function kmeansPlusPlus(
  points: Float64Array,
  n: number,
  d: number,
  k: number,
  rng: Rng,
  control?: JobControl,
): Float64Array {
  const centres = new Float64Array(k * d);
  const trials = 2 + Math.floor(Math.log(k));
  let closest = new Float64Array(n); // squared distance to the nearest chosen centre
  let best = new Float64Array(n);
  let trial = new Float64Array(n);
  const cumulative = new Float64Array(n);

  const first = randomInt(rng, n);
  copyRow(points, first, centres, 0, d);
  minDistances(points, n, d, first, undefined, closest);

  for (let c = 1; c < k; c++) {
    checkpoint(control, c / k, `seeding centre ${c + 1} of ${k}`);
    let running = 0;
    for (let i = 0; i < n; i++) {
      running += closest[i]!;
      cumulative[i] = running;
    }
    let bestIndex = -1;
    let bestPotential = Infinity;
    for (let t = 0; t < trials; t++) {
      const candidate = searchCumulative(cumulative, rng.next() * running);
      const p = minDistances(points, n, d, candidate, closest, trial);
      if (p < bestPotential) {
        bestPotential = p;
        bestIndex = candidate;
        const swap = best;
        best = trial;
        trial = swap;
      }
    }
    copyRow(points, bestIndex, centres, c, d);
    const swap = closest;
    closest = best;
    best = swap;
  }
  return centres;
}

/**
 * out[i] = min(previous[i], ‖x_i − x_centre‖²) (or just the distance without `previous`);
 * returns Σ out[i]. O(n·d).
 */
function minDistances(
  points: Float64Array,
  n: number,
  d: number,
  centre: number,
  previous: Float64Array | undefined,
  out: Float64Array,
): number {
  let total = 0;
  if (d === 3) {
    const o = centre * 3;
    const c0 = points[o]!;
    const c1 = points[o + 1]!;
    const c2 = points[o + 2]!;
    for (let i = 0, p = 0; i < n; i++, p += 3) {
      const a = points[p]! - c0;
      const b = points[p + 1]! - c1;
      const e = points[p + 2]! - c2;
      let s = a * a + b * b + e * e;
      if (previous !== undefined && previous[i]! < s) s = previous[i]!;
      out[i] = s;
      total += s;
    }
    return total;
  }
  const o = centre * d;
  for (let i = 0, p = 0; i < n; i++, p += d) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const a = points[p + j]! - points[o + j]!;
      s += a * a;
    }
    if (previous !== undefined && previous[i]! < s) s = previous[i]!;
    out[i] = s;
    total += s;
  }
  return total;
}

/**
 * First index whose cumulative weight exceeds r (so zero-weight points, i.e. points already
 * chosen as centres, are never picked unless rounding pushes r to the total). O(log n).
 */
function searchCumulative(cumulative: Float64Array, r: number): number {
  let lo = 0;
  let hi = cumulative.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cumulative[mid]! > r) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

function copyRow(src: Float64Array, row: number, dst: Float64Array, dstRow: number, d: number): void {
  for (let j = 0; j < d; j++) dst[dstRow * d + j] = src[row * d + j]!;
}
