import { describe, expect, it } from 'vitest';
import { prepareFeatures } from '../../../engine/src/cluster/index.ts';
import { syntheticRfm } from './synthetic.ts';

const cols = (r: number[], f: number[], m: number[]) => ({
  recencyDays: Float64Array.from(r),
  frequency: Float64Array.from(f),
  monetary: Float64Array.from(m),
});

describe('prepareFeatures', () => {
  it('applies log1p with monetary clamped at 0, then z-scores with the population std', () => {
    const p = prepareFeatures(cols([0, 9, 99], [1, 3, 7], [-50, 0, Math.E - 1]));
    expect(p).toMatchObject({ n: 3, d: 3, log1p: true, standardize: true });
    const logged = [
      [0, Math.log(2), 0],
      [Math.log(10), Math.log(4), 0],
      [Math.log(100), Math.log(8), 1],
    ];
    for (let j = 0; j < 3; j++) {
      const col = logged.map((row) => row[j]!);
      const mean = col.reduce((a, b) => a + b) / 3;
      const std = Math.sqrt(col.reduce((a, b) => a + (b - mean) ** 2, 0) / 3);
      expect(p.means[j]).toBeCloseTo(mean, 12);
      expect(p.stds[j]).toBeCloseTo(std, 12);
      for (let i = 0; i < 3; i++) expect(p.points[i * 3 + j]).toBeCloseTo((col[i]! - mean) / std, 12);
    }
  });

  it('gives standardized columns mean 0 and std 1 on realistic data', () => {
    const p = prepareFeatures(syntheticRfm(5000, 3));
    for (let j = 0; j < 3; j++) {
      let s = 0;
      let ss = 0;
      for (let i = 0; i < p.n; i++) s += p.points[i * 3 + j]!;
      for (let i = 0; i < p.n; i++) ss += (p.points[i * 3 + j]! - s / p.n) ** 2;
      expect(s / p.n).toBeCloseTo(0, 10);
      expect(Math.sqrt(ss / p.n)).toBeCloseTo(1, 10);
    }
  });

  it('turns a constant column into zeros (std reported as 0)', () => {
    const p = prepareFeatures(cols([5, 5, 5, 5], [1, 2, 3, 4], [0.1, 0.1, 0.1, 0.1]));
    expect(p.stds[0]).toBe(0);
    expect(p.stds[2]).toBe(0);
    for (let i = 0; i < 4; i++) {
      expect(p.points[i * 3]).toBe(0);
      expect(p.points[i * 3 + 2]).toBe(0);
    }
  });

  it('passes raw values through with both options off', () => {
    const p = prepareFeatures(cols([1, 2], [3, 4], [-5, 6]), { log1p: false, standardize: false });
    expect(Array.from(p.points)).toEqual([1, 3, -5, 2, 4, 6]);
    expect(Array.from(p.means)).toEqual([0, 0, 0]);
    expect(Array.from(p.stds)).toEqual([1, 1, 1]);
  });

  it('rejects mismatched lengths, non-finite values and empty input', () => {
    expect(() => prepareFeatures(cols([1, 2], [1], [1, 2]))).toThrow(/frequency/);
    expect(() => prepareFeatures(cols([1, Number.NaN], [1, 1], [1, 2]))).toThrow(/recency_days/);
    expect(() => prepareFeatures(cols([1, 1], [1, 1], [1, Infinity]))).toThrow(/monetary/);
    expect(() => prepareFeatures(cols([], [], []))).toThrow(/no customers/);
  });
});
