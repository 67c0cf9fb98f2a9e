/**
 * The native adapter's bulk result reader (engine/cli/duckdb-arrow.ts): every supported type,
 * with nulls, over several chunks (DuckDB hands out 2,048 rows at a time; a filter leaves chunks
 * of odd sizes), checked value by value against the values computed here from the row number.
 */
import type { Table } from 'apache-arrow';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDuckDb } from '../../engine/cli/native-duckdb.ts';
import type { SqlPort } from '../../engine/src/index.ts';

let db: SqlPort & { close(): void };
beforeAll(async () => {
  db = await openNativeDuckDb();
});
afterAll(() => db?.close());

/** The string of row i, as the SQL below builds it: short (inlined by DuckDB) or long, non-ASCII. */
function text(i: number): string | null {
  if (i % 5 === 0) return null;
  if (i % 2 === 0) return `é${i}`;
  return `${'xyzé€'.repeat(i % 9)}${i}`;
}
const TEXT_SQL = `CASE WHEN i % 5 = 0 THEN NULL WHEN i % 2 = 0 THEN 'é' || i ELSE repeat('xyzé€', CAST(i % 9 AS INTEGER)) || i END`;

/** A 128-bit two's complement value from four little-endian 32-bit words. */
function int128(words: Uint32Array, row: number): bigint {
  let v = 0n;
  for (let k = 3; k >= 0; k--) v = (v << 32n) | BigInt(words[row * 4 + k]!);
  return BigInt.asIntN(128, v);
}

const QUERY = (where: string) => `SELECT i,
  CASE WHEN i % 7 = 0 THEN NULL ELSE CAST(i % 256 - 128 AS TINYINT) END AS t8,
  CASE WHEN i % 7 = 1 THEN NULL ELSE CAST(i * 3 - 9000 AS SMALLINT) END AS t16,
  CASE WHEN i % 7 = 2 THEN NULL ELSE CAST(i * 1000 - 3000000 AS INTEGER) END AS t32,
  CASE WHEN i % 7 = 3 THEN NULL ELSE CAST(i AS BIGINT) * 4000000000 - 7 END AS t64,
  CASE WHEN i % 7 = 4 THEN NULL ELSE CAST(i AS UINTEGER) END AS u32,
  CASE WHEN i % 7 = 5 THEN NULL ELSE CAST(i AS DOUBLE) * 0.5 - 1000.25 END AS f64,
  CASE WHEN i % 3 = 0 THEN NULL ELSE CAST(i / 4 AS FLOAT) END AS f32,
  CASE WHEN i % 4 = 0 THEN NULL ELSE DATE '1999-12-31' + CAST(i - 2500 AS INTEGER) END AS d,
  CASE WHEN i % 4 = 1 THEN NULL ELSE TIMESTAMP '2011-12-09 12:50:00' + to_microseconds(i * 1000003 - 2000000000) END AS ts,
  CASE WHEN i % 6 = 0 THEN NULL ELSE CAST((i * 3 - 7000) / 10 AS DECIMAL(4,1)) END AS dec16,
  CASE WHEN i % 6 = 1 THEN NULL ELSE CAST((i * 125 - 300000) / 100 AS DECIMAL(9,2)) END AS dec32,
  CASE WHEN i % 6 = 2 THEN NULL ELSE CAST((i * 1000003 - 2500000000) / 1000 AS DECIMAL(18,3)) END AS dec64,
  CASE WHEN i % 6 = 3 THEN NULL ELSE CAST(i - 2500 AS DECIMAL(38,4)) * 100000000000000000000 END AS dec128,
  CASE WHEN i % 6 = 4 THEN NULL ELSE CAST(i - 2500 AS HUGEINT) * 100000000000000000000 END AS huge,
  CASE WHEN i % 8 = 0 THEN NULL ELSE i % 3 = 0 END AS b,
  ${TEXT_SQL} AS s
  FROM range(5000) r(i) ${where} ORDER BY i`;

function check(t: Table, rows: number[]): void {
  expect(t.numRows).toBe(rows.length);
  expect(t.schema.fields.map((f) => String(f.type))).toEqual([
    'Int64',
    'Int8',
    'Int16',
    'Int32',
    'Int64',
    'Uint32',
    'Float64',
    'Float32',
    'Date32<DAY>',
    'Timestamp<MICROSECOND>',
    'Decimal[4e+1]',
    'Decimal[9e+2]',
    'Decimal[18e+3]',
    'Decimal[38e+4]',
    'Decimal[38e0]',
    'Bool',
    'Utf8',
  ]);
  const col = (name: string) => t.getChild(name)!;
  const decimal = (name: string) => {
    const c = col(name);
    const words = c.data[0]!.values as Uint32Array;
    return (r: number) => (c.isValid(r) ? int128(words, r) : null);
  };
  const dec16 = decimal('dec16');
  const dec32 = decimal('dec32');
  const dec64 = decimal('dec64');
  const dec128 = decimal('dec128');
  const huge = decimal('huge');
  const day = Date.UTC(1999, 11, 31) / 86400000;
  const ts0 = BigInt(Date.UTC(2011, 11, 9, 12, 50)) * 1000n;
  rows.forEach((i, r) => {
    const at = `row ${i}`;
    expect(col('i').get(r), at).toBe(BigInt(i));
    expect(col('t8').get(r), at).toBe(i % 7 === 0 ? null : (i % 256) - 128);
    expect(col('t16').get(r), at).toBe(i % 7 === 1 ? null : i * 3 - 9000);
    expect(col('t32').get(r), at).toBe(i % 7 === 2 ? null : i * 1000 - 3000000);
    expect(col('t64').get(r), at).toBe(i % 7 === 3 ? null : BigInt(i) * 4000000000n - 7n);
    expect(col('u32').get(r), at).toBe(i % 7 === 4 ? null : i);
    expect(col('f64').get(r), at).toBe(i % 7 === 5 ? null : i * 0.5 - 1000.25);
    expect(col('f32').get(r), at).toBe(i % 3 === 0 ? null : Math.fround(i / 4));
    expect(col('d').data[0]!.values[r], at).toBe(i % 4 === 0 ? 0 : day + i - 2500);
    expect(col('d').isValid(r), at).toBe(i % 4 !== 0);
    expect(col('ts').data[0]!.values[r], at).toBe(i % 4 === 1 ? 0n : ts0 + BigInt(i * 1000003 - 2000000000));
    expect(dec16(r), at).toBe(i % 6 === 0 ? null : BigInt(i * 3 - 7000));
    expect(dec32(r), at).toBe(i % 6 === 1 ? null : BigInt(i * 125 - 300000));
    expect(dec64(r), at).toBe(i % 6 === 2 ? null : BigInt(i * 1000003 - 2500000000));
    expect(dec128(r), at).toBe(i % 6 === 3 ? null : BigInt(i - 2500) * 10n ** 24n);
    expect(huge(r), at).toBe(i % 6 === 4 ? null : BigInt(i - 2500) * 10n ** 20n);
    expect(col('b').get(r), at).toBe(i % 8 === 0 ? null : i % 3 === 0);
    expect(col('s').get(r), at).toBe(text(i));
  });
  // Null slots of fixed-width columns hold zeros, as in DuckDB-WASM's export.
  rows.forEach((i, r) => {
    if (i % 7 === 2) expect(col('t32').data[0]!.values[r]).toBe(0);
    if (i % 6 === 1) expect([...(col('dec32').data[0]!.values as Uint32Array).subarray(r * 4, r * 4 + 4)]).toEqual([0, 0, 0, 0]);
  });
}

describe('native DuckDB results read in bulk', () => {
  it('every type with nulls, over several whole chunks', async () => {
    check(
      await db.query(QUERY('')),
      Array.from({ length: 5000 }, (_, i) => i),
    );
  });

  it('chunks of odd sizes (a filter), and an empty result keeps its columns', async () => {
    const kept = Array.from({ length: 5000 }, (_, i) => i).filter((i) => i % 11 !== 3 && i % 13 !== 0);
    check(await db.query(QUERY('WHERE i % 11 <> 3 AND i % 13 <> 0')), kept);
    const empty = await db.query(QUERY('WHERE i < 0'));
    expect(empty.numRows).toBe(0);
    expect(empty.schema.fields.length).toBe(17);
  });

  it('text of a stored table: long strings back to back in the heap, between nulls, empty and short ones', async () => {
    // Stored strings sit back to back in DuckDB's heap, so the reader fetches runs of them at once.
    const word = (i: number): string | null => {
      const kind = i % 10;
      if (kind === 7) return null;
      if (kind === 8) return '';
      if (kind === 9) return `s${i % 100}`;
      return `${'long text ñ€ '.repeat(1 + (i % 4))}${i}`;
    };
    await db.exec(`CREATE OR REPLACE TABLE words AS SELECT i, CASE WHEN i % 10 = 7 THEN NULL WHEN i % 10 = 8 THEN ''
      WHEN i % 10 = 9 THEN 's' || (i % 100) ELSE repeat('long text ñ€ ', CAST(1 + i % 4 AS INTEGER)) || i END AS s FROM range(6000) r(i)`);
    for (const where of ['', 'WHERE i % 13 <> 5']) {
      const t = await db.query(`SELECT s FROM words ${where} ORDER BY i`);
      const rows = Array.from({ length: 6000 }, (_, i) => i).filter((i) => where === '' || i % 13 !== 5);
      expect(Array.from(t.getChild('s')!.toArray() as ArrayLike<string | null>)).toEqual(rows.map(word));
    }
    await db.exec('DROP TABLE words');
  });

  it('a type it cannot read is refused by name', async () => {
    await expect(db.query('SELECT [1, 2] AS l')).rejects.toThrow(/result type INTEGER\[\] is not supported/);
  });
});
