import { EngineError } from '../errors.ts';
import type { JobControl } from '../ports.ts';
import { createRng } from '../util/rng.ts';
import { refineHamerly } from './hamerly.ts';
import { checkpoint, subControl } from './progress.ts';
import { kmeansPlusPlus } from './seeding.ts';
import { deriveSeed } from './seeds.ts';
import { checkK, rowCount } from './validate.ts';

export interface KMeansOptions {
  k: number;
  /** Independent k-means++ restarts; the lowest-inertia run wins. Default 1. */
  nInit?: number;
  /** Maximum assignment + update rounds per restart. Default 300. */
  maxIter?: number;
  /**
   * Convergence tolerance, relative as in scikit-learn: stop when the total squared centre
   * shift is ≤ tol × (mean of the per-feature variances of the data). Default 1e-4.
   */
  tol?: number;
  /** Seed for k-means++; restart r uses a seed derived from (seed, r). Default 0. */
  seed?: number;
}

export interface KMeansResult {
  k: number;
  /** Cluster index in [0, k) per point. */
  labels: Int32Array;
  /** Row-major k×d centroids, in the same (prepared) feature space as the points. */
  centroids: Float64Array;
  /** Σ of squared Euclidean distances from each point to its assigned centroid. */
  inertia: number;
  /** Rounds used by the winning restart. */
  iterations: number;
  /** False if the winning restart stopped at maxIter. */
  converged: boolean;
}

/**
 * k-means clustering of row-major n×d `points`: greedy k-means++ seeding, then Lloyd
 * iterations accelerated with Hamerly bounds, repeated `nInit` times keeping the run with
 * the lowest inertia (ties: the earlier run). Distances are Euclidean in the given space.
 *
 * Time O(nInit · (n·k·d·log k + rounds · n·k·d)) worst case (bounds usually skip most
 * distance computations); memory O(n + k·d). Deterministic for a given seed on every host.
 * Reports progress per round and honours cancellation between rounds (CancelledError).
 */
export function kmeans(
  points: Float64Array,
  d: number,
  options: KMeansOptions,
  control?: JobControl,
): KMeansResult {
  const n = rowCount(points, d);
  const { k } = options;
  checkK(k, n);
  const nInit = options.nInit ?? 1;
  const maxIter = options.maxIter ?? 300;
  const tol = options.tol ?? 1e-4;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(nInit) || nInit < 1) throw new EngineError('invalid_argument', `nInit must be ≥ 1, got ${nInit}`);
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new EngineError('invalid_argument', `maxIter must be ≥ 1, got ${maxIter}`);
  if (!(tol >= 0)) throw new EngineError('invalid_argument', `tol must be ≥ 0, got ${tol}`);

  const tolScaled = tol * meanVariance(points, n, d);
  let best: KMeansResult | undefined;
  for (let run = 0; run < nInit; run++) {
    checkpoint(control, run / nInit, nInit > 1 ? `restart ${run + 1} of ${nInit}` : undefined);
    const rng = createRng(deriveSeed(seed, run));
    const prefix = nInit > 1 ? `restart ${run + 1} of ${nInit}` : undefined;
    const seedShare = 0.1 / nInit;
    const init = kmeansPlusPlus(points, n, d, k, rng, subControl(control, run / nInit, seedShare, prefix));
    const refined = refineHamerly(
      points, n, d, k, init, maxIter, tolScaled,
      subControl(control, run / nInit + seedShare, 0.9 / nInit, prefix),
    );
    if (best === undefined || refined.inertia < best.inertia) {
      best = { k, ...refined };
    }
  }
  checkpoint(control, 1, 'done');
  return best!;
}

/**
 * Mean over features of the population variance of each column of row-major n×d points;
 * scikit-learn's scale for `tol`. O(n·d), two passes for numerical stability.
 */
export function meanVariance(points: Float64Array, n: number, d: number): number {
  let total = 0;
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += points[i * d + j]!;
    mean /= n;
    let ss = 0;
    for (let i = 0; i < n; i++) {
      const t = points[i * d + j]! - mean;
      ss += t * t;
    }
    total += ss / n;
  }
  return total / d;
}
