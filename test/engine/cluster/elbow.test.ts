import { describe, expect, it } from 'vitest';
import { assignToCentroids, elbow, kmeans, suggestK } from '../../../engine/src/cluster/index.ts';
import type { ElbowResult } from '../../../engine/src/cluster/index.ts';
import { deriveSeed } from '../../../engine/src/cluster/seeds.ts';
import { CancelledError } from '../../../engine/src/errors.ts';
import { plantedBlobs } from './synthetic.ts';

describe('elbow and suggestK', () => {
  it.each([3, 4, 6])('recover %i planted well-separated clusters', (planted) => {
    const { points } = plantedBlobs(3000, 3, planted, 40 + planted);
    const r = elbow(points, 3, { kMin: 2, kMax: 10, seed: 1 });
    expect(r.entries.map((e) => e.k)).toEqual([2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(r).toMatchObject({ n: 3000, fitSampled: false, fitSize: 3000, silhouetteSampled: false, silhouetteSampleSize: 3000 });
    expect(suggestK(r)).toBe(planted);
    const atPlanted = r.entries.find((e) => e.k === planted)!;
    expect(atPlanted.silhouette).toBeGreaterThan(0.7);
    // Inertia falls steeply up to the planted k, then flattens.
    for (let i = 1; i < r.entries.length; i++) expect(r.entries[i]!.inertia).toBeLessThanOrEqual(r.entries[i - 1]!.inertia * 1.0001);
  });

  it('falls back to the knee of the inertia curve without silhouettes', () => {
    const { points } = plantedBlobs(3000, 3, 4, 44);
    const r = elbow(points, 3, { seed: 2, silhouette: false });
    expect(r.entries.every((e) => Number.isNaN(e.silhouette))).toBe(true);
    expect(r.silhouetteSampleSize).toBe(0);
    expect(suggestK(r)).toBe(4);
  });

  it('matches kmeans per k and is deterministic', () => {
    const { points } = plantedBlobs(1500, 3, 5, 3, 3);
    const a = elbow(points, 3, { kMin: 3, kMax: 6, seed: 8 });
    const b = elbow(points, 3, { kMin: 3, kMax: 6, seed: 8 });
    expect(b).toEqual(a);
    // Each k runs exactly kmeans with the seed derived for that k.
    for (const e of a.entries) {
      const single = kmeans(points, 3, { k: e.k, nInit: 1, seed: deriveSeed(8, e.k) });
      expect(e.inertia).toBe(single.inertia);
      expect(e.centroids).toEqual(single.centroids);
    }
  });

  it('scores a silhouette sample above the limit and fits on a sample when asked', () => {
    const { points } = plantedBlobs(5000, 3, 4, 12);
    const r = elbow(points, 3, { kMax: 6, seed: 3, silhouetteSampleSize: 800, sampleSize: 2000 });
    expect(r).toMatchObject({ n: 5000, fitSampled: true, fitSize: 2000, silhouetteSampled: true, silhouetteSampleSize: 800 });
    expect(suggestK(r)).toBe(4);
    // Centroids fitted on the sample label every customer.
    const chosen = r.entries.find((e) => e.k === 4)!;
    const all = assignToCentroids(points, 3, chosen.centroids);
    expect(all.labels.length).toBe(5000);
    expect(all.inertia / 5000).toBeCloseTo(chosen.inertia / 2000, 0);
  });

  it('suggestK prefers the smaller k on ties and skips NaN', () => {
    const entry = (k: number, silhouette: number) => ({ k, inertia: 100 / k, silhouette, iterations: 1, converged: true, centroids: new Float64Array() });
    const result: ElbowResult = {
      entries: [entry(1, Number.NaN), entry(2, 0.5), entry(3, 0.6), entry(4, 0.6), entry(5, 0.2)],
      d: 1,
      n: 10,
      fitSampled: false,
      fitSize: 10,
      silhouetteSampled: false,
      silhouetteSampleSize: 10,
    };
    expect(suggestK(result)).toBe(3);
  });

  it('clips kMax to the number of points and validates the range', () => {
    const { points } = plantedBlobs(5, 2, 2, 1);
    expect(elbow(points, 2, { kMax: 10 }).entries.map((e) => e.k)).toEqual([2, 3, 4, 5]);
    expect(() => elbow(points, 2, { kMin: 6 })).toThrow(/kMin/);
  });

  it('reports progress per k and honours cancellation', () => {
    const { points } = plantedBlobs(2000, 3, 4, 5);
    const messages: string[] = [];
    const fractions: number[] = [];
    elbow(points, 3, { kMax: 5 }, { onProgress: (f, m) => (fractions.push(f), m !== undefined && messages.push(m)) });
    for (let i = 1; i < fractions.length; i++) expect(fractions[i]!).toBeGreaterThanOrEqual(fractions[i - 1]! - 1e-12);
    expect(fractions.at(-1)).toBe(1);
    expect(messages.some((m) => m.startsWith('k = 4 (3 of 4)'))).toBe(true);

    const signal = { aborted: false };
    const run = () =>
      elbow(
        points,
        3,
        { kMax: 8 },
        {
          signal,
          onProgress: (f) => {
            if (f > 0.3) signal.aborted = true;
          },
        },
      );
    expect(run).toThrow(CancelledError);
  });
});
