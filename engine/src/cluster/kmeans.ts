import { EngineError } from '../errors.ts';
import type { JobControl } from '../ports.ts';
import { createRng } from '../util/rng.ts';
import { refineFiltering } from './filtering.ts';
import { buildKdTree } from './kdtree.ts';
import type { KdTree } from './kdtree.ts';
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
  /** Cluster index in [0, k) per point, in input row order. */
  labels: Int32Array;
  /** Row-major k×d centroids, in the same (prepared) feature space as the points. */
  centroids: Float64Array;
  /** Σ of squared Euclidean distances from each point to its assigned centroid. */
  inertia: number;
  /** Assignment + update rounds used by the winning restart. */
  iterations: number;
  /** False if the winning restart stopped at maxIter. */
  converged: boolean;
}

/**
 * k-means clustering of row-major n×d `points` (Euclidean, in the given space): greedy
 * k-means++ seeding, then Lloyd iterations with scikit-learn's stopping rule, repeated
 * `nInit` times keeping the lowest inertia (ties: the earlier restart).
 *
 * Both phases run on a kd-tree (built once, O(n·d·log n)) so that in low dimensions, such
 * as the 3 RFM features, a Lloyd round costs far less than n·k distance evaluations; the
 * result is the same as plain Lloyd from the same seeds (up to exact ties).
 * Worst-case time O(nInit · rounds · n·k·d); memory O(n·d). Deterministic for a given seed
 * on every host. Reports progress per round and honours cancellation between rounds.
 * Throws EngineError('invalid_argument') for bad k/options/non-finite points.
 */
export function kmeans(points: Float64Array, d: number, options: KMeansOptions, control?: JobControl): KMeansResult {
  const n = rowCount(points, d);
  checkK(options.k, n);
  return kmeansOnTree(buildKdTree(points, n, d), options, meanVariance(points, n, d), control);
}

/**
 * kmeans on a prebuilt tree (lets the elbow reuse one tree for every k). `meanVar` is
 * meanVariance of the points. Same contract as `kmeans`; k must already be validated.
 */
export function kmeansOnTree(tree: KdTree, options: KMeansOptions, meanVar: number, control?: JobControl): KMeansResult {
  const { k } = options;
  const nInit = options.nInit ?? 1;
  const maxIter = options.maxIter ?? 300;
  const tol = options.tol ?? 1e-4;
  const seed = options.seed ?? 0;
  if (!Number.isInteger(nInit) || nInit < 1) throw new EngineError('invalid_argument', `nInit must be a positive integer, got ${nInit}`);
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new EngineError('invalid_argument', `maxIter must be a positive integer, got ${maxIter}`);
  if (!(tol >= 0)) throw new EngineError('invalid_argument', `tol must be ≥ 0, got ${tol}`);

  const tolScaled = tol * meanVar;
  let best: KMeansResult | undefined;
  for (let run = 0; run < nInit; run++) {
    const prefix = nInit > 1 ? `restart ${run + 1} of ${nInit}` : undefined;
    const share = 1 / nInit;
    checkpoint(control, run * share, prefix);
    const rng = createRng(deriveSeed(seed, run));
    // Seeding is a small part of the work; give it a tenth of the bar.
    const init = kmeansPlusPlus(tree, k, rng, subControl(control, run * share, 0.1 * share, prefix));
    const refined = refineFiltering(tree, k, init, maxIter, tolScaled, subControl(control, (run + 0.1) * share, 0.9 * share, prefix));
    if (best === undefined || refined.inertia < best.inertia) best = { k, ...refined };
  }
  checkpoint(control, 1);
  return best!;
}

/**
 * Mean over features of the population variance of each column of row-major n×d points:
 * scikit-learn's scale for `tol`. O(n·d), two passes for numerical stability.
 */
export function meanVariance(points: Float64Array, n: number, d: number): number {
  const mean = new Float64Array(d);
  for (let i = 0, p = 0; i < n; i++, p += d) for (let j = 0; j < d; j++) mean[j]! += points[p + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;
  let ss = 0;
  for (let i = 0, p = 0; i < n; i++, p += d) {
    for (let j = 0; j < d; j++) {
      const t = points[p + j]! - mean[j]!;
      ss += t * t;
    }
  }
  return ss / n / d;
}
