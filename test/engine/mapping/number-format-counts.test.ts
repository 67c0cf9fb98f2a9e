/**
 * Per-file number formats are decided from distinct values with their counts (one query for all
 * files, canonical.ts): the same answers as from every value, written out.
 */
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { detectNumberFormat, hasNumberEvidence } from '../../../engine/src/mapping/number-format.ts';

const value = fc.constantFrom('12', '1.200', '1,200', '2,50', '2.50', '1.234,56', '1,234.56', '1 234,5', "1'234.50", '€ 3,20', 'Rp 80.000', '-0.5', '', 'x');

it('distinct values with counts give the format of the values written out (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(value, fc.integer({ min: 1, max: 40 })), { maxLength: 8 }), (counted) => {
      const distinct = [...new Map(counted).entries()];
      const values = distinct.map(([v]) => v);
      const counts = distinct.map(([, n]) => n);
      const every = distinct.flatMap(([v, n]) => Array.from({ length: n }, () => v));
      expect(detectNumberFormat(values, counts)).toEqual(detectNumberFormat(every));
      expect(hasNumberEvidence(values, counts)).toBe(hasNumberEvidence(every));
    }),
    { numRuns: 1000 },
  );
});
