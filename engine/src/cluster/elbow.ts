import { EngineError } from '../errors.ts';
import type { JobControl } from '../ports.ts';
import { createRng } from '../util/rng.ts';
import { buildKdTree } from './kdtree.ts';
import { kmeansOnTree, meanVariance } from './kmeans.ts';
import { checkpoint, subControl } from './progress.ts';
import { gatherRows, sampleIndices } from './sample.ts';
import { deriveSeed } from './seeds.ts';
import { SILHOUETTE_EXACT_LIMIT, silhouette } from './silhouette.ts';
import { rowCount } from './validate.ts';

export interface ElbowOptions {
  /** Smallest k tried. Default 2. */
  kMin?: number;
  /** Largest k tried; lowered to the number of fitted points if larger. Default 10. */
  kMax?: number;
  /** k-means++ restarts per k. Default 1. */
  nInit?: number;
  /** Base seed; each k, the fit sample and the silhouette sample derive their own. Default 0. */
  seed?: number;
  maxIter?: number;
  tol?: number;
  /**
   * If set and n is larger, fit every k on a seeded uniform sample of this many points
   * (keeps 1M-customer runs interactive); inertia and silhouette then refer to the sample.
   * Use assignToCentroids to label every point with the chosen k's centroids.
   */
  sampleSize?: number;
  /** Compute silhouettes (the dominant cost: O(m²) per k). Default true. */
  silhouette?: boolean;
  /** Points scored per silhouette; exact when the fit has at most this many. Default 20,000. */
  silhouetteSampleSize?: number;
}

export interface ElbowEntry {
  k: number;
  /** Σ squared distances to assigned centroids over the fitted points (prepared space). */
  inertia: number;
  /** Mean silhouette in [−1, 1]; NaN for k = 1, when disabled, or with < 2 non-empty clusters. */
  silhouette: number;
  iterations: number;
  converged: boolean;
  /** Row-major k×d centroids of this fit. */
  centroids: Float64Array;
}

export interface ElbowResult {
  /** One entry per k, ascending. */
  entries: ElbowEntry[];
  d: number;
  /** Rows in the input. */
  n: number;
  /** True when k-means was fitted on a sample (see `sampleSize`). */
  fitSampled: boolean;
  /** Rows the fits used (n unless fitSampled). */
  fitSize: number;
  /** True when silhouettes were scored on a random sample of the fitted rows. */
  silhouetteSampled: boolean;
  /** Rows each silhouette scored (the same rows for every k); 0 when disabled. */
  silhouetteSampleSize: number;
}

/**
 * Runs k-means for every k in [kMin, kMax] on row-major n×d `points` and reports inertia
 * and silhouette per k, for an elbow chart and `suggestK`.
 *
 * One kd-tree is built and shared by all ks. Silhouettes are exact up to
 * `silhouetteSampleSize` fitted points, else computed on one seeded sample reused for every
 * k (so differences between ks are not sampling noise). Cost: per k one k-means (typically
 * tens of ms for 100k×3) plus O(m²·d) for a silhouette over m points (~0.3 s at m = 20,000).
 * Deterministic for a given seed. Progress per k; cancellable between k-means rounds and
 * silhouette blocks (CancelledError).
 */
export function elbow(points: Float64Array, d: number, options: ElbowOptions = {}, control?: JobControl): ElbowResult {
  const n = rowCount(points, d);
  if (n === 0) throw new EngineError('invalid_argument', 'no points to cluster');
  const seed = options.seed ?? 0;
  const kMin = options.kMin ?? 2;
  if (!Number.isInteger(kMin) || kMin < 1) throw new EngineError('invalid_argument', `kMin must be a positive integer, got ${kMin}`);
  const wantSilhouette = options.silhouette ?? true;
  const silhouetteLimit = options.silhouetteSampleSize ?? SILHOUETTE_EXACT_LIMIT;

  let fitPoints = points;
  const sampleSize = options.sampleSize;
  if (sampleSize !== undefined) {
    if (!Number.isInteger(sampleSize) || sampleSize < 1) {
      throw new EngineError('invalid_argument', `sampleSize must be a positive integer, got ${sampleSize}`);
    }
    if (n > sampleSize) fitPoints = gatherRows(points, d, sampleIndices(n, sampleSize, createRng(deriveSeed(seed, FIT_SAMPLE_STREAM))));
  }
  const fitSize = fitPoints.length / d;
  const kMax = Math.min(options.kMax ?? 10, fitSize);
  if (!Number.isInteger(kMax) || kMax < kMin) {
    throw new EngineError('invalid_argument', `need kMin ≤ kMax ≤ number of points, got kMin = ${kMin}, kMax = ${options.kMax ?? 10}, ${fitSize} points`);
  }

  const tree = buildKdTree(fitPoints, fitSize, d);
  const meanVar = meanVariance(fitPoints, fitSize, d);
  const count = kMax - kMin + 1;
  // Measured cost split per k: k-means ≈ 10%, silhouette ≈ 90% when enabled.
  const fitShare = wantSilhouette ? 0.1 : 1;
  const entries: ElbowEntry[] = [];
  let silhouetteSampled = false;
  let silhouetteSampleSize = 0;
  for (let k = kMin; k <= kMax; k++) {
    const slot = (k - kMin) / count;
    const label = `k = ${k} (${k - kMin + 1} of ${count})`;
    checkpoint(control, slot, label);
    const fitOptions = { k, nInit: options.nInit ?? 1, seed: deriveSeed(seed, k), maxIter: options.maxIter ?? 300, tol: options.tol ?? 1e-4 };
    const fit = kmeansOnTree(tree, fitOptions, meanVar, subControl(control, slot, fitShare / count, label));
    let score = Number.NaN;
    if (wantSilhouette && k >= 2) {
      const s = silhouette(
        fitPoints,
        d,
        fit.labels,
        k,
        { sampleSize: silhouetteLimit, seed: deriveSeed(seed, SILHOUETTE_STREAM) },
        subControl(control, slot + fitShare / count, (1 - fitShare) / count, `${label}: silhouette`),
      );
      score = s.score;
      silhouetteSampled = s.sampled;
      silhouetteSampleSize = s.sampleSize;
    }
    entries.push({ k, inertia: fit.inertia, silhouette: score, iterations: fit.iterations, converged: fit.converged, centroids: fit.centroids });
  }
  checkpoint(control, 1, 'done');
  return { entries, d, n, fitSampled: fitSize < n, fitSize, silhouetteSampled, silhouetteSampleSize };
}

// Stream numbers for deriveSeed, away from the small integers used for k.
const FIT_SAMPLE_STREAM = 0x7f4a7c15;
const SILHOUETTE_STREAM = 0x2545f491;

export interface SuggestKOptions {
  /** Silhouettes within this of the best count as tied; the smallest such k wins. Default 1e-6. */
  tolerance?: number;
}

/**
 * Suggested number of clusters from an elbow run: the k with the highest silhouette; among
 * ks within `tolerance` of the best, the smallest (simpler segmentations win ties).
 * If no k has a finite silhouette (disabled, or only k = 1), falls back to the elbow "knee":
 * the k whose (k, inertia) point, both axes scaled to [0, 1], lies farthest below the
 * straight line from the first to the last entry. O(#ks). Deterministic.
 */
export function suggestK(result: ElbowResult, options: SuggestKOptions = {}): number {
  const { entries } = result;
  if (entries.length === 0) throw new EngineError('invalid_argument', 'elbow result has no entries');
  const tolerance = options.tolerance ?? 1e-6;
  let best = -Infinity;
  for (const e of entries) if (Number.isFinite(e.silhouette) && e.silhouette > best) best = e.silhouette;
  if (best > -Infinity) {
    for (const e of entries) if (Number.isFinite(e.silhouette) && e.silhouette >= best - tolerance) return e.k;
  }
  return kneeK(entries);
}

function kneeK(entries: ElbowEntry[]): number {
  const first = entries[0]!;
  const last = entries[entries.length - 1]!;
  const kSpan = last.k - first.k;
  const drop = first.inertia - last.inertia;
  if (kSpan === 0 || !(drop > 0)) return first.k;
  let bestK = first.k;
  let bestGap = 0;
  for (const e of entries) {
    const x = (e.k - first.k) / kSpan;
    const y = (first.inertia - e.inertia) / drop; // 0 at the first k, 1 at the last
    if (y - x > bestGap) {
      bestGap = y - x;
      bestK = e.k;
    }
  }
  return bestK;
}
