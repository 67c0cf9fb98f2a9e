import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { silhouette } from '../../../engine/src/cluster/index.ts';
import { gatherInts, gatherRows, sampleIndices } from '../../../engine/src/cluster/sample.ts';
import { CancelledError } from '../../../engine/src/errors.ts';
import { createRng } from '../../../engine/src/util/rng.ts';
import { plantedBlobs, sqDist, uniformPoints } from './synthetic.ts';

/** The definition, spelled out: O(n²) per point pair, no shortcuts. */
function naiveSilhouette(points: Float64Array, d: number, labels: Int32Array, k: number): number {
  const n = labels.length;
  const sizes = new Array<number>(k).fill(0);
  for (const l of labels) sizes[l]!++;
  if (sizes.filter((s) => s > 0).length < 2) return Number.NaN;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const sums = new Array<number>(k).fill(0);
    for (let j = 0; j < n; j++) if (j !== i) sums[labels[j]!]! += Math.sqrt(sqDist(points, i, points, j, d));
    const own = labels[i]!;
    if (sizes[own]! === 1) continue;
    const a = sums[own]! / (sizes[own]! - 1);
    let b = Infinity;
    for (let c = 0; c < k; c++) if (c !== own && sizes[c]! > 0) b = Math.min(b, sums[c]! / sizes[c]!);
    const denom = Math.max(a, b);
    total += denom > 0 ? (b - a) / denom : 0;
  }
  return total / n;
}

function randomLabels(n: number, k: number, seed: number): Int32Array {
  const rng = createRng(seed);
  return Int32Array.from({ length: n }, () => Math.floor(rng.next() * k));
}

describe('silhouette', () => {
  it.each([
    { d: 3, n: 300, k: 4 },
    { d: 3, n: 257, k: 7 },
    { d: 2, n: 200, k: 3 },
    { d: 5, n: 150, k: 5 },
    { d: 1, n: 120, k: 2 },
  ])('equals the naive O(n²) definition (d = $d, n = $n, k = $k)', ({ d, n, k }) => {
    const points = uniformPoints(n, d, n + d);
    const labels = randomLabels(n, k, k);
    const r = silhouette(points, d, labels, k);
    expect(r.sampled).toBe(false);
    expect(r.sampleSize).toBe(n);
    expect(r.score).toBeCloseTo(naiveSilhouette(points, d, labels, k), 12);
  });

  it('equals the naive definition on arbitrary small labelled data (property)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 4 }),
        fc.array(fc.tuple(fc.integer({ min: -5, max: 5 }), fc.integer({ min: 0, max: 4 })), { minLength: 2, maxLength: 60 }),
        (d, rows) => {
          const n = rows.length;
          const points = new Float64Array(n * d);
          rows.forEach(([v], i) => {
            for (let j = 0; j < d; j++) points[i * d + j] = v * (j + 1) + (i % 3) * j;
          });
          const labels = Int32Array.from(rows, ([, l]) => l);
          const got = silhouette(points, d, labels, 5).score;
          const want = naiveSilhouette(points, d, labels, 5);
          if (Number.isNaN(want)) expect(got).toBeNaN();
          else expect(got).toBeCloseTo(want, 10);
        },
      ),
      { numRuns: 300, seed: 7 },
    );
  });

  it('is high for well-separated clusters and about 0 for random labels', () => {
    const { points, truth } = plantedBlobs(600, 3, 4, 2);
    expect(silhouette(points, 3, truth, 4).score).toBeGreaterThan(0.8);
    const noise = silhouette(points, 3, randomLabels(600, 4, 1), 4).score;
    expect(Math.abs(noise)).toBeLessThan(0.05);
  });

  it('scores a seeded sample above the limit, and says so', () => {
    const n = 1200;
    const points = uniformPoints(n, 3, 5);
    const labels = randomLabels(n, 3, 6);
    const r = silhouette(points, 3, labels, 3, { sampleSize: 400, seed: 9 });
    expect(r).toMatchObject({ sampled: true, sampleSize: 400 });
    const rows = sampleIndices(n, 400, createRng(9));
    expect(r.score).toBeCloseTo(naiveSilhouette(gatherRows(points, 3, rows), 3, gatherInts(labels, rows), 3), 12);
    expect(silhouette(points, 3, labels, 3, { sampleSize: 400, seed: 9 }).score).toBe(r.score);
  });

  it('is NaN with fewer than two clusters present and 0 for all singletons', () => {
    const points = uniformPoints(10, 2, 1);
    expect(silhouette(points, 2, new Int32Array(10), 3).score).toBeNaN();
    expect(
      silhouette(
        points,
        2,
        Int32Array.from({ length: 10 }, (_, i) => i),
        10,
      ).score,
    ).toBe(0);
  });

  it('reports progress and honours cancellation', () => {
    const points = uniformPoints(3000, 3, 2);
    const labels = randomLabels(3000, 4, 3);
    const fractions: number[] = [];
    silhouette(points, 3, labels, 4, {}, { onProgress: (f) => fractions.push(f) });
    expect(fractions.length).toBeGreaterThan(10);
    expect(() => silhouette(points, 3, labels, 4, {}, { signal: { aborted: true } })).toThrow(CancelledError);
  });
});
