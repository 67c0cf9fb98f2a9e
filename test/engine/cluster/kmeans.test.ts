import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { kmeans, prepareFeatures } from '../../../engine/src/cluster/index.ts';
import { refineFiltering } from '../../../engine/src/cluster/filtering.ts';
import { buildKdTree } from '../../../engine/src/cluster/kdtree.ts';
import { kmeansPlusPlus } from '../../../engine/src/cluster/seeding.ts';
import { CancelledError } from '../../../engine/src/errors.ts';
import type { Rng } from '../../../engine/src/ports.ts';
import { createRng } from '../../../engine/src/util/rng.ts';
import { naiveInertia, plantedBlobs, sqDist, syntheticRfm, uniformPoints } from './synthetic.ts';

/**
 * Reference: textbook Lloyd from k distinct random points, iterating until no label changes
 * (or maxIter). Deliberately simple; an empty cluster keeps its centre.
 */
function plainLloyd(points: Float64Array, d: number, k: number, init: Float64Array, maxIter = 1000) {
  const n = points.length / d;
  const centres = Float64Array.from(init);
  const labels = new Int32Array(n).fill(-1);
  for (let iter = 0; iter < maxIter; iter++) {
    let changed = false;
    for (let i = 0; i < n; i++) {
      let best = 0;
      for (let c = 1; c < k; c++) if (sqDist(points, i, centres, c, d) < sqDist(points, i, centres, best, d)) best = c;
      if (labels[i] !== best) changed = true;
      labels[i] = best;
    }
    if (!changed) break;
    for (let c = 0; c < k; c++) {
      const sum = new Float64Array(d);
      let count = 0;
      for (let i = 0; i < n; i++) {
        if (labels[i] !== c) continue;
        count++;
        for (let j = 0; j < d; j++) sum[j]! += points[i * d + j]!;
      }
      if (count > 0) for (let j = 0; j < d; j++) centres[c * d + j] = sum[j]! / count;
    }
  }
  return { labels, centres, inertia: naiveInertia(points, d, labels, centres) };
}

function randomDistinctRows(points: Float64Array, d: number, k: number, rng: Rng): Float64Array {
  const n = points.length / d;
  const chosen = new Set<number>();
  while (chosen.size < k) chosen.add(Math.floor(rng.next() * n));
  const init = new Float64Array(k * d);
  [...chosen].forEach((row, c) => {
    for (let j = 0; j < d; j++) init[c * d + j] = points[row * d + j]!;
  });
  return init;
}

function bestOfPlainLloyd(points: Float64Array, d: number, k: number, runs: number, seed: number): number {
  const rng = createRng(seed);
  let best = Infinity;
  for (let r = 0; r < runs; r++) best = Math.min(best, plainLloyd(points, d, k, randomDistinctRows(points, d, k, rng)).inertia);
  return best;
}

const datasets: { name: string; points: Float64Array; d: number; k: number }[] = [
  { name: 'planted blobs 3-D', points: plantedBlobs(600, 3, 5, 11, 4).points, d: 3, k: 5 },
  { name: 'RFM-like prepared features', points: prepareFeatures(syntheticRfm(1500, 12)).points, d: 3, k: 6 },
  { name: 'uniform cube 3-D', points: uniformPoints(800, 3, 13), d: 3, k: 7 },
  { name: 'uniform square 2-D', points: uniformPoints(700, 2, 14), d: 2, k: 4 },
  { name: 'overlapping blobs 5-D', points: plantedBlobs(500, 5, 6, 15, 2).points, d: 5, k: 6 },
];

describe('kmeans', () => {
  it.each(datasets)('inertia is within 1% of the best of 30 plain Lloyd runs: $name', ({ points, d, k }) => {
    const reference = bestOfPlainLloyd(points, d, k, 30, 99);
    // 10 restarts (scikit-learn's classic default): uniform data has many near-equal optima.
    const ours = kmeans(points, d, { k, nInit: 10, seed: 5 });
    expect(ours.inertia).toBeLessThanOrEqual(reference * 1.01);
  });

  it.each(datasets)('reported inertia and labels are consistent: $name', ({ points, d, k }) => {
    const r = kmeans(points, d, { k, seed: 1 });
    expect(r.k).toBe(k);
    expect(r.centroids.length).toBe(k * d);
    expect(r.labels.length).toBe(points.length / d);
    for (const l of r.labels) expect(l >= 0 && l < k).toBe(true);
    expect(r.inertia).toBeCloseTo(naiveInertia(points, d, r.labels, r.centroids), 6);
    // The final assignment step makes every label the nearest centroid.
    for (let i = 0; i < r.labels.length; i++) {
      for (let c = 0; c < k; c++) {
        expect(sqDist(points, i, r.centroids, r.labels[i]!, d)).toBeLessThanOrEqual(sqDist(points, i, r.centroids, c, d) + 1e-9);
      }
    }
  });

  it('is deterministic under a seed', () => {
    const { points } = plantedBlobs(3000, 3, 8, 3, 3);
    const a = kmeans(points, 3, { k: 8, seed: 42, nInit: 2 });
    const b = kmeans(points, 3, { k: 8, seed: 42, nInit: 2 });
    expect(b.labels).toEqual(a.labels);
    expect(b.centroids).toEqual(a.centroids);
    expect(b.inertia).toBe(a.inertia);
    expect(b.iterations).toBe(a.iterations);
  });

  it('recovers well-separated planted clusters exactly', () => {
    const { points, truth } = plantedBlobs(2000, 3, 4, 21);
    const r = kmeans(points, 3, { k: 4, seed: 0 });
    // Same partition up to renaming: each found cluster maps to one planted blob.
    const map = new Map<number, number>();
    for (let i = 0; i < truth.length; i++) {
      const seen = map.get(r.labels[i]!);
      if (seen === undefined) map.set(r.labels[i]!, truth[i]!);
      else expect(seen).toBe(truth[i]);
    }
    expect(map.size).toBe(4);
  });

  it('matches plain Lloyd from the same initial centres (kd-tree filtering is exact)', () => {
    for (const { points, d, k } of datasets) {
      const n = points.length / d;
      const init = randomDistinctRows(points, d, k, createRng(7));
      const ref = plainLloyd(points, d, k, init);
      const ours = refineFiltering(buildKdTree(points, n, d), k, init, 1000, 0);
      expect(ours.converged).toBe(true);
      expect(ours.labels).toEqual(ref.labels);
      for (let i = 0; i < ref.centres.length; i++) expect(ours.centroids[i]).toBeCloseTo(ref.centres[i]!, 9);
    }
  });

  it('k-means++ seeds are k distinct data points whenever the data has k distinct points (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1, max: 12 }), fc.integer(), (n, kWanted, seed) => {
        const points = uniformPoints(n, 3, seed);
        const k = Math.min(n, kWanted);
        const seeds = kmeansPlusPlus(buildKdTree(points, n, 3), k, createRng(seed));
        const rows = new Set<string>();
        for (let c = 0; c < k; c++) {
          const key = Array.from(seeds.subarray(c * 3, c * 3 + 3)).join(',');
          let found = false;
          for (let i = 0; i < n && !found; i++) found = Array.from(points.subarray(i * 3, i * 3 + 3)).join(',') === key;
          expect(found).toBe(true);
          rows.add(key);
        }
        expect(rows.size).toBe(k);
      }),
      { numRuns: 100, seed: 11 },
    );
  });

  it('re-seeds an empty cluster with the farthest point', () => {
    const { points } = plantedBlobs(300, 3, 2, 4);
    const init = new Float64Array([...points.subarray(0, 3), ...points.subarray(3, 6), 1e4, 1e4, 1e4]);
    const r = refineFiltering(buildKdTree(points, 300, 3), 3, init, 300, 0);
    const sizes = [0, 0, 0];
    for (const l of r.labels) sizes[l]!++;
    expect(Math.min(...sizes)).toBeGreaterThan(0);
    expect(r.inertia).toBeCloseTo(naiveInertia(points, 3, r.labels, r.centroids), 6);
  });

  it('copes with duplicate points and k equal to n', () => {
    const same = new Float64Array(30).fill(2.5);
    const r = kmeans(same, 3, { k: 3 });
    expect(r.inertia).toBe(0);
    const tiny = new Float64Array([0, 0, 1, 1, 5, 5]);
    const t = kmeans(tiny, 2, { k: 3 });
    expect(t.inertia).toBe(0);
    expect(new Set(t.labels).size).toBe(3);
  });

  it('holds its invariants on arbitrary small inputs (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.double({ min: -100, max: 100, noNaN: true }), { minLength: 4, maxLength: 240 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer(),
        (d, values, kWanted, seed) => {
          const n = Math.floor(values.length / d);
          fc.pre(n >= 1);
          // Few distinct values so duplicate points and ties are common.
          const points = Float64Array.from(values.slice(0, n * d), (v) => Math.round(v / 25));
          const k = Math.min(kWanted, n);
          const r = kmeans(points, d, { k, seed });
          for (const l of r.labels) expect(l >= 0 && l < k).toBe(true);
          expect(Math.abs(r.inertia - naiveInertia(points, d, r.labels, r.centroids))).toBeLessThanOrEqual(1e-9 * (1 + r.inertia));
          expect(kmeans(points, d, { k, seed }).labels).toEqual(r.labels);
        },
      ),
      { numRuns: 300, seed: 20240611 },
    );
  });

  it('rejects bad arguments', () => {
    const pts = uniformPoints(10, 2, 1);
    expect(() => kmeans(pts, 2, { k: 0 })).toThrow(/k must be/);
    expect(() => kmeans(pts, 2, { k: 11 })).toThrow(/exceeds/);
    expect(() => kmeans(pts, 3, { k: 2 })).toThrow(/multiple of d/);
    expect(() => kmeans(new Float64Array([0, Number.NaN]), 2, { k: 1 })).toThrow(/non-finite/);
  });

  it('reports progress and honours cancellation', () => {
    const { points } = plantedBlobs(5000, 3, 6, 8, 2);
    const fractions: number[] = [];
    kmeans(points, 3, { k: 6, nInit: 2 }, { onProgress: (f) => fractions.push(f) });
    expect(fractions.length).toBeGreaterThan(3);
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]!).toBeGreaterThanOrEqual(fractions[i - 1]!);
    expect(fractions.at(-1)).toBe(1);

    expect(() => kmeans(points, 3, { k: 6 }, { signal: { aborted: true } })).toThrow(CancelledError);
    const signal = { aborted: false };
    let calls = 0;
    const run = () =>
      kmeans(
        points,
        3,
        { k: 6, nInit: 3 },
        {
          signal,
          onProgress: () => {
            if (++calls === 5) signal.aborted = true;
          },
        },
      );
    expect(run).toThrow(CancelledError);
  });

  it('is at least as good as ml-kmeans (sanity check against an independent implementation)', async () => {
    const { kmeans: mlKmeans } = await import('ml-kmeans');
    const { points } = plantedBlobs(1000, 3, 5, 31, 3);
    const rows: number[][] = [];
    for (let i = 0; i < 1000; i++) rows.push([points[i * 3]!, points[i * 3 + 1]!, points[i * 3 + 2]!]);
    let theirs = Infinity;
    for (let s = 1; s <= 5; s++) {
      const r = mlKmeans(rows, 5, { initialization: 'kmeans++', seed: s });
      const labels = Int32Array.from(r.clusters);
      const cents = Float64Array.from(r.centroids.flat());
      theirs = Math.min(theirs, naiveInertia(points, 3, labels, cents));
    }
    const ours = kmeans(points, 3, { k: 5, nInit: 5, seed: 3 });
    expect(ours.inertia).toBeLessThanOrEqual(theirs * 1.001);
  });
});
