/** Messages shown as sentences (the Data screen's notices): capitalised, but never a file's name. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sentence } from '../../../engine/src/util/sentence.ts';

describe('sentence', () => {
  it('capitalises a message and ends it with a full stop', () => {
    expect(sentence('no customer falls into "At Risk"')).toBe('No customer falls into "At Risk".');
    expect(sentence('e.g. one line')).toBe('E.g. one line.');
  });

  it('keeps a leading file name as it is written (property)', () => {
    const name = fc
      .tuple(fc.stringMatching(/^[a-z0-9_-]{1,12}$/), fc.constantFrom('csv', 'xlsx', 'txt', 'csv.gz', 'tsv', 'zip'))
      .map(([base, ext]) => `${base}.${ext}`);
    fc.assert(
      fc.property(name, fc.constantFrom(': 1 value holds 3 lines', ' is read as Windows-1252', ', b.csv: 2 rows'), (file, rest) => {
        expect(sentence(`${file}${rest}`)).toBe(`${file}${rest}.`);
      }),
    );
  });
});
