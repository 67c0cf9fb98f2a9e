/**
 * textValues reads a text column as Arrow's get() does, value by value (null as null): ASCII,
 * accented letters, characters of four bytes, empty strings and nulls, in several chunks and
 * in a slice of one; the same from a result of DuckDB.
 */
import { Utf8, makeVector, vectorFromArray } from 'apache-arrow';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { textValues } from '../../../engine/src/sql/rows.ts';
import { openDb } from '../../helpers/engine.ts';

const byGet = (v: { length: number; get(i: number): unknown }) =>
  Array.from({ length: v.length }, (_, i) => {
    const x = v.get(i);
    return x === null || x === undefined ? null : String(x);
  });

const text = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), fc.constantFrom('', 'é', 'Größe', '😀', 'a😀b'));

describe('textValues', () => {
  it('gives what get() gives, over chunks and slices', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.option(text), { maxLength: 40 }), { minLength: 1, maxLength: 4 }), fc.nat(), fc.nat(), (chunks, a, b) => {
        const vector = chunks.map((c) => vectorFromArray(c, new Utf8())).reduce((x, y) => x.concat(y));
        expect(textValues(vector)).toEqual(byGet(vector));
        const from = vector.length ? a % vector.length : 0;
        const sliced = vector.slice(from, from + (b % (vector.length - from + 1)));
        expect(textValues(sliced)).toEqual(byGet(sliced));
      }),
    );
  });

  it('reads other types value by value', () => {
    const ints = makeVector(new Int32Array([1, -2, 3]));
    expect(textValues(ints)).toEqual(['1', '-2', '3']);
  });

  it('reads DuckDB results, nulls and multi-byte text included', async () => {
    const sql = await openDb();
    const t = await sql.query(
      `SELECT CASE WHEN i % 7 = 0 THEN NULL WHEN i % 3 = 0 THEN 'Größe ' || i WHEN i % 5 = 0 THEN '😀' || i ELSE 'x' || i END AS v FROM range(5000) r(i)`,
    );
    const v = t.getChild('v')!;
    expect(textValues(v)).toEqual(byGet(v));
  });
});
