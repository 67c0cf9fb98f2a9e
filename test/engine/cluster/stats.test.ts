import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { quantileInPlace } from '../../../engine/src/cluster/stats.ts';

/** Sort, then interpolate linearly at position q·(n − 1) (numpy's default). */
function sortedQuantile(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const h = (s.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(s.length - 1, lo + 1);
  return s[lo]! + (h - lo) * (s[hi]! - s[lo]!);
}

describe('quantileInPlace', () => {
  it('equals the sort-based quantile, duplicates included (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 200 }),
        fc.constantFrom(0, 0.25, 1 / 3, 0.5, 2 / 3, 0.9, 1),
        (values, q) => {
          expect(quantileInPlace(Float64Array.from(values), q)).toBeCloseTo(sortedQuantile(values, q), 12);
        },
      ),
      { numRuns: 500, seed: 5 },
    );
  });

  it('is NaN for no values', () => {
    expect(quantileInPlace(new Float64Array(), 0.5)).toBeNaN();
  });
});
