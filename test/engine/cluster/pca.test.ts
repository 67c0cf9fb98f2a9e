import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { jacobiEigen, pca2d, prepareFeatures } from '../../../engine/src/cluster/index.ts';
import { plantedBlobs, syntheticRfm, uniformPoints } from './synthetic.ts';

function variance(values: ArrayLike<number>, stride: number, offset: number): number {
  const n = values.length / stride;
  let mean = 0;
  for (let i = 0; i < n; i++) mean += values[i * stride + offset]!;
  mean /= n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i * stride + offset]! - mean) ** 2;
  return ss / n;
}

describe('jacobiEigen', () => {
  it('diagonalises symmetric matrices: A v = λ v, orthonormal vectors, descending values (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 6 }), fc.array(fc.double({ min: -10, max: 10, noNaN: true }), { minLength: 36, maxLength: 36 }), (d, raw) => {
        const a = new Float64Array(d * d);
        for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) a[i * d + j] = a[j * d + i] = raw[i * 6 + j]!;
        const { values, vectors } = jacobiEigen(a, d);
        const scale = 1 + Math.max(...Array.from(a, Math.abs));
        for (let e = 0; e < d; e++) {
          if (e > 0) expect(values[e]!).toBeLessThanOrEqual(values[e - 1]! + 1e-12 * scale);
          for (let i = 0; i < d; i++) {
            let av = 0;
            for (let j = 0; j < d; j++) av += a[i * d + j]! * vectors[e * d + j]!;
            expect(Math.abs(av - values[e]! * vectors[e * d + i]!)).toBeLessThan(1e-9 * scale);
          }
          for (let f = 0; f < d; f++) {
            let dot = 0;
            for (let j = 0; j < d; j++) dot += vectors[e * d + j]! * vectors[f * d + j]!;
            expect(dot).toBeCloseTo(e === f ? 1 : 0, 9);
          }
        }
      }),
      { numRuns: 200, seed: 3 },
    );
  });
});

describe('pca2d', () => {
  it.each([
    { name: 'RFM-like prepared features', points: prepareFeatures(syntheticRfm(4000, 2)).points, d: 3 },
    { name: 'blobs 3-D', points: plantedBlobs(1000, 3, 3, 5).points, d: 3 },
    { name: 'uniform 5-D', points: uniformPoints(800, 5, 6), d: 5 },
  ])('projection variances equal the top eigenvalues: $name', ({ points, d }) => {
    const p = pca2d(points, d);
    const n = points.length / d;
    expect(p.coords.length).toBe(2 * n);
    // Float32 coordinates: compare at float precision.
    expect(variance(p.coords, 2, 0)).toBeCloseTo(p.eigenvalues[0]!, 4);
    expect(variance(p.coords, 2, 1)).toBeCloseTo(p.eigenvalues[1]!, 4);
    const [r1, r2] = p.explainedVarianceRatio;
    expect(r1).toBeGreaterThanOrEqual(r2);
    expect(r1 + r2).toBeLessThanOrEqual(1 + 1e-12);
    let trace = 0;
    for (let j = 0; j < d; j++) trace += variance(points, d, j);
    expect(r1).toBeCloseTo(p.eigenvalues[0]! / trace, 9);
  });

  it('uses a deterministic sign: the largest-|loading| entry of each component is positive', () => {
    const { points } = plantedBlobs(500, 3, 3, 9);
    const flipped = points.map((v) => -v);
    for (const pts of [points, flipped]) {
      const { components } = pca2d(pts, 3);
      for (let c = 0; c < 2; c++) {
        const row = Array.from(components.subarray(c * 3, c * 3 + 3));
        const big = row.reduce((b, v, j) => (Math.abs(v) > Math.abs(row[b]!) ? j : b), 0);
        expect(row[big]!).toBeGreaterThan(0);
      }
    }
    // Negating the data negates the projections, given the same components.
    const a = pca2d(points, 3);
    const b = pca2d(flipped, 3);
    expect(Array.from(b.components)).toEqual(Array.from(a.components).map((v) => v));
    expect(b.coords[0]).toBeCloseTo(-a.coords[0]!, 4);
  });

  it('handles a line (PC2 = 0), a single feature and identical points', () => {
    const line = new Float64Array(300);
    for (let i = 0; i < 100; i++) line.set([i, 2 * i, -i], i * 3);
    const p = pca2d(line, 3);
    expect(p.explainedVarianceRatio[0]).toBeCloseTo(1, 12);
    expect(p.explainedVarianceRatio[1]).toBeCloseTo(0, 12);

    const one = pca2d(Float64Array.from([1, 2, 3, 4]), 1);
    expect(one.explainedVarianceRatio).toEqual([1, 0]);
    expect(Array.from(one.coords)).toEqual([-1.5, 0, -0.5, 0, 0.5, 0, 1.5, 0]);

    const same = pca2d(new Float64Array(12).fill(7), 3);
    expect(same.explainedVarianceRatio).toEqual([0, 0]);
    expect(Array.from(same.coords).every((v) => v === 0)).toBe(true);
  });
});
