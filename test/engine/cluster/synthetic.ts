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

/** Planted isotropic Gaussian blobs in d dims: centres spread `separation` apart, unit std. */
export function plantedBlobs(
  n: number,
  d: number,
  k: number,
  seed: number,
  separation = 10,
): { points: Float64Array; truth: Int32Array; centres: Float64Array } {
  const rng = createRng(seed);
  const centres = new Float64Array(k * d);
  for (let c = 0; c < k; c++) for (let j = 0; j < d; j++) centres[c * d + j] = (rng.next() - 0.5) * separation * k;
  const points = new Float64Array(n * d);
  const truth = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const c = i % k;
    truth[i] = c;
    for (let j = 0; j < d; j++) points[i * d + j] = centres[c * d + j]! + gaussian(rng);
  }
  return { points, truth, centres };
}
