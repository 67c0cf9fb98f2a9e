/**
 * Seeded synthetic data for the clustering tests and the manual benchmark (test-only helper).
 */
import type { Rng } from '../../../engine/src/ports.ts';
import { createRng } from '../../../engine/src/util/rng.ts';
import type { RfmColumns } from '../../../engine/src/cluster/index.ts';

/** Standard normal via Box–Muller. */
export function gaussian(rng: Rng): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** RFM-like customers: exponential recency, geometric frequency, log-normal spend, some netted ≤ 0. */
export function syntheticRfm(n: number, seed: number): RfmColumns {
  const rng = createRng(seed);
  const recencyDays = new Float64Array(n);
  const frequency = new Float64Array(n);
  const monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const engaged = rng.next() < 0.3;
    recencyDays[i] = Math.floor(-Math.log(1 - rng.next()) * (engaged ? 30 : 200));
    frequency[i] = 1 + Math.floor(-Math.log(1 - rng.next()) * (engaged ? 8 : 1.2));
    monetary[i] = rng.next() < 0.02 ? -rng.next() * 50 : Math.exp(4 + 1.1 * gaussian(rng) + 0.4 * Math.log(frequency[i]!));
  }
  return { recencyDays, frequency, monetary };
}

/**
 * Planted isotropic Gaussian blobs in d dims with unit std. Centres are k distinct vertices,
 * chosen at random, of a grid with spacing `separation`, so neighbouring blobs are all
 * about equally far apart. Point i belongs to blob i % k.
 */
export function plantedBlobs(
  n: number,
  d: number,
  k: number,
  seed: number,
  separation = 12,
): { points: Float64Array; truth: Int32Array; centres: Float64Array } {
  const rng = createRng(seed);
  const side = Math.max(2, Math.ceil(k ** (1 / d)));
  const cells = side ** d;
  const picked: number[] = [];
  while (picked.length < k) {
    const cell = Math.floor(rng.next() * cells);
    if (!picked.includes(cell)) picked.push(cell);
  }
  const centres = new Float64Array(k * d);
  picked.forEach((cell, c) => {
    for (let j = 0, rest = cell; j < d; j++, rest = Math.floor(rest / side)) centres[c * d + j] = (rest % side) * separation;
  });
  const points = new Float64Array(n * d);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    truth[i] = c;
    for (let j = 0; j < d; j++) points[i * d + j] = centres[c * d + j]! + gaussian(rng);
  }
  return { points, truth, centres };
}

/** n×d uniform points in [0, 1)^d. */
export function uniformPoints(n: number, d: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const points = new Float64Array(n * d);
  for (let i = 0; i < points.length; i++) points[i] = rng.next();
  return points;
}

/** Squared Euclidean distance between row i of a and row j of b (both row-major, d columns). */
export function sqDist(a: Float64Array, i: number, b: Float64Array, j: number, d: number): number {
  let s = 0;
  for (let t = 0; t < d; t++) s += (a[i * d + t]! - b[j * d + t]!) ** 2;
  return s;
}

/** Σ squared distance of each point to its labelled centroid, computed the obvious way. */
export function naiveInertia(points: Float64Array, d: number, labels: Int32Array, centroids: Float64Array): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) total += sqDist(points, i, centroids, labels[i]!, d);
  return total;
}
