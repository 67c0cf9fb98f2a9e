import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { scoreRfm } from '../../../engine/src/index.ts';
import { sortedOrder } from '../../../engine/src/rfm/sorted-order.ts';

/** The oracle: a comparator sort by (value, index), -0 equal to 0, NaNs last by index. */
function comparatorOrder(values: number[]): number[] {
  const rank = (v: number) => (Number.isNaN(v) ? 1 : 0);
  return values
    .map((_, i) => i)
    .sort((a, b) => {
      const x = values[a]!;
      const y = values[b]!;
      if (rank(x) !== rank(y)) return rank(x) - rank(y);
      if (x < y) return -1;
      if (x > y) return 1;
      return a - b;
    });
}

// Few distinct values so ties are common, with -0/0, infinities and NaN; plus any double.
const value = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 2.5, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.integer({ min: -3, max: 3 }),
  fc.double(),
);
const valueArrays = fc.array(value, { maxLength: 300 });

describe('sortedOrder', () => {
  it('is the (value, index) order of a comparator sort: ties, -0/0, duplicates, NaN (property)', () => {
    fc.assert(
      fc.property(valueArrays, (values) => {
        expect(Array.from(sortedOrder(Float64Array.from(values)))).toEqual(comparatorOrder(values));
      }),
      { numRuns: 500 },
    );
  });

  it('empty, single, all equal, -0 after 0 by index', () => {
    expect(Array.from(sortedOrder(new Float64Array(0)))).toEqual([]);
    expect(Array.from(sortedOrder(Float64Array.of(7)))).toEqual([0]);
    expect(Array.from(sortedOrder(Float64Array.of(3, 3, 3)))).toEqual([0, 1, 2]);
    expect(Array.from(sortedOrder(Float64Array.of(0, -0, 0, -1)))).toEqual([3, 0, 1, 2]);
    expect(Array.from(sortedOrder(Float64Array.of(Number.NaN, 1, Number.NaN, 0)))).toEqual([3, 1, 0, 2]);
  });

  it('quantile scores from the oracle order: below = values strictly worse, NaNs one group (property)', () => {
    fc.assert(
      fc.property(
        valueArrays.filter((v) => v.length > 0),
        fc.integer({ min: 2, max: 10 }),
        (values, bins) => {
          const v = Float64Array.from(values);
          const s = scoreRfm({ recencyDays: v, frequency: v, monetary: v }, { bins, method: 'quantile' });
          const n = values.length;
          const order = comparatorOrder(values);
          const same = (a: number, b: number) => a === b || (Number.isNaN(a) && Number.isNaN(b));
          for (let i = 0; i < n; i++) {
            const x = values[i]!;
            const first = order.findIndex((k) => same(values[k]!, x));
            let end = first;
            while (end < n && same(values[order[end]!]!, x)) end++;
            expect(s.f[i]).toBe(Math.min(bins, 1 + Math.floor((bins * first) / n)));
            expect(s.r[i]).toBe(Math.min(bins, 1 + Math.floor((bins * (n - end)) / n)));
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('ntile scores follow the oracle order (property)', () => {
    fc.assert(
      fc.property(
        valueArrays.filter((v) => v.length > 0),
        fc.integer({ min: 2, max: 10 }),
        (values, bins) => {
          const v = Float64Array.from(values);
          const s = scoreRfm({ recencyDays: v, frequency: v, monetary: v }, { bins, method: 'ntile' });
          const n = values.length;
          const order = comparatorOrder(values);
          // NTILE: tile sizes floor(n / bins), the first n mod bins one larger.
          const tileAt = (pos: number) => {
            let start = 0;
            for (let t = 1; t <= bins; t++) {
              start += Math.floor(n / bins) + (t <= n % bins ? 1 : 0);
              if (pos < start) return t;
            }
            return bins;
          };
          for (let pos = 0; pos < n; pos++) {
            expect(s.f[order[pos]!]).toBe(tileAt(pos));
            expect(s.r[order[n - 1 - pos]!]).toBe(tileAt(pos));
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});
