import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { scoreRfm, rfmCode } from '../../../engine/src/index.ts';

const arrays = fc.array(fc.integer({ min: 0, max: 30 }), { minLength: 1, maxLength: 200 });

function scoreAll(values: number[], method: 'quantile' | 'ntile', bins: number) {
  const v = Float64Array.from(values);
  return scoreRfm({ recencyDays: v, frequency: v, monetary: v }, { bins, method });
}

describe('RFM scores', () => {
  it('quantile mode: equal values get equal scores, scores are monotone and within 1..bins (property)', () => {
    fc.assert(
      fc.property(arrays, fc.constantFrom(4, 5), (values, bins) => {
        const s = scoreAll(values, 'quantile', bins);
        for (let i = 0; i < values.length; i++) {
          for (const arr of [s.r, s.f, s.m]) expect(arr[i]).toBeGreaterThanOrEqual(1);
          for (const arr of [s.r, s.f, s.m]) expect(arr[i]).toBeLessThanOrEqual(bins);
          for (let j = 0; j < values.length; j++) {
            if (values[i] === values[j]) {
              expect(s.f[i]).toBe(s.f[j]);
              expect(s.r[i]).toBe(s.r[j]);
            }
            if (values[i]! < values[j]!) {
              expect(s.f[i]!).toBeLessThanOrEqual(s.f[j]!);
              // Recency: fewer days is better.
              expect(s.r[i]!).toBeGreaterThanOrEqual(s.r[j]!);
            }
          }
        }
      }),
    );
  });

  it('quantile mode follows its documented formula', () => {
    const s = scoreAll([1, 1, 1, 2, 3, 4, 5, 6, 7, 8], 'quantile', 5);
    // below = values strictly smaller: 0,0,0,3,4,...,9 -> 1 + floor(5 * below / 10)
    expect([...s.f]).toEqual([1, 1, 1, 2, 3, 3, 4, 4, 5, 5]);
    // recency: below = values strictly larger (worse)
    expect([...s.r]).toEqual([4, 4, 4, 4, 3, 3, 2, 2, 1, 1]);
  });

  it('quantile mode is the formula for every bins, with ties, -0 and NaN (property)', () => {
    const value = fc.oneof(fc.integer({ min: -3, max: 8 }), fc.constantFrom(-0, 0.5, Number.NaN));
    fc.assert(
      fc.property(fc.array(value, { minLength: 1, maxLength: 60 }), fc.integer({ min: 2, max: 10 }), (values, bins) => {
        const s = scoreAll(values, 'quantile', bins);
        const n = values.length;
        // NaN counts as the largest value, equal to itself; -0 equals 0.
        const worse = (a: number, b: number, higherIsBetter: boolean) => {
          const [lo, hi] = higherIsBetter ? [a, b] : [b, a];
          return Number.isNaN(hi) ? !Number.isNaN(lo) : !Number.isNaN(lo) && lo < hi;
        };
        const expected = (i: number, higherIsBetter: boolean) => {
          const below = values.filter((x) => worse(x, values[i]!, higherIsBetter)).length;
          return Math.min(bins, 1 + Math.floor((bins * below) / n));
        };
        for (let i = 0; i < n; i++) {
          expect(s.f[i]).toBe(expected(i, true));
          expect(s.r[i]).toBe(expected(i, false));
        }
      }),
      { numRuns: 300, seed: 14 },
    );
  });

  it('ntile mode matches SQL NTILE: group sizes differ by at most one, first tiles larger', () => {
    fc.assert(
      fc.property(arrays, fc.constantFrom(4, 5), (values, bins) => {
        const s = scoreAll(values, 'ntile', bins);
        const sizes = new Array(bins).fill(0);
        for (const x of s.f) sizes[x - 1]++;
        const n = values.length;
        for (let t = 0; t < bins; t++) expect(sizes[t]).toBe(Math.floor(n / bins) + (t < n % bins ? 1 : 0));
        for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (values[i]! < values[j]!) expect(s.f[i]!).toBeLessThanOrEqual(s.f[j]!);
      }),
    );
  });

  it('custom breakpoints: recent is high, thresholds inclusive from below', () => {
    const v = Float64Array.from([0, 30, 31, 100, 400]);
    const s = scoreRfm(
      { recencyDays: v, frequency: Float64Array.from([1, 2, 3, 5, 10]), monetary: Float64Array.from([10, 50, 100, 500, 1000]) },
      { bins: 5, method: 'breakpoints', breakpoints: { r: [30, 60, 90, 180], f: [2, 3, 4, 6], m: [50, 100, 200, 500] } },
    );
    expect([...s.r]).toEqual([5, 4, 4, 2, 1]);
    expect([...s.f]).toEqual([1, 2, 3, 4, 5]);
    expect([...s.m]).toEqual([1, 2, 3, 5, 5]);
    expect(rfmCode(s, 0)).toBe('511');
    expect(() => scoreRfm({ recencyDays: v, frequency: v, monetary: v }, { bins: 5, method: 'breakpoints', breakpoints: { r: [1, 2] } })).toThrow(
      /need 4 thresholds/,
    );
  });
});
