import { EngineError } from '../errors.ts';
import { rowCount } from './validate.ts';

/**
 * Labels each point with its nearest centroid (ties: lowest index) and returns the labels
 * and the resulting inertia. Use it to apply centroids fitted on a sample to every customer.
 * `points` row-major n×d, `centroids` row-major k×d in the same space. O(n·k·d), deterministic.
 */
export function assignToCentroids(points: Float64Array, d: number, centroids: Float64Array): { labels: Int32Array; inertia: number } {
  const n = rowCount(points, d);
  const k = centroids.length / d;
  if (!Number.isInteger(k) || k < 1) {
    throw new EngineError('shape_mismatch', `centroids length ${centroids.length} is not a positive multiple of d = ${d}`);
  }
  const labels = new Int32Array(n);
  for (let i = 0, p = 0; i < n; i++, p += d) {
    let best = 0;
    let bestDist = Infinity;
    for (let c = 0, o = 0; c < k; c++, o += d) {
      let s = 0;
      for (let j = 0; j < d; j++) {
        const t = points[p + j]! - centroids[o + j]!;
        s += t * t;
      }
      if (s < bestDist) {
        bestDist = s;
        best = c;
      }
    }
    labels[i] = best;
  }
  return { labels, inertia: inertiaOf(points, n, d, labels, centroids) };
}

/** Σ ‖x_i − centroids[labels[i]]‖² for row-major n×d points (the k-means inertia). O(n·d). */
export function inertiaOf(points: Float64Array, n: number, d: number, labels: Int32Array, centroids: Float64Array): number {
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
