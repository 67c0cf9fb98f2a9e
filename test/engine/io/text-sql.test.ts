/**
 * trimSql is DuckDB's trim() without its copy of unchanged values; the canonical table reads
 * every text, id and date column through it, so it must give trim()'s value on every string,
 * in both engines (DuckDB-WASM, the app's; native DuckDB, the CLI's). Expected values come from
 * a trim written here over the Unicode space separators, not from DuckDB.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDb } from '../../../engine/cli/node-duckdb.ts';
import { openNativeDuckDb } from '../../../engine/cli/native-duckdb.ts';
import { tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { idSql, nonBlankSql, trimSql } from '../../../engine/src/io/text-sql.ts';
import { literal } from '../../../engine/src/sql/quote.ts';

/** Unicode's space separators (category Zs), the characters DuckDB's trim removes. */
const SPACES = [0x20, 0xa0, 0x1680, ...Array.from({ length: 11 }, (_, i) => 0x2000 + i), 0x202f, 0x205f, 0x3000];

function expectedTrim(s: string): string {
  const cps = [...s];
  const isSpace = (c: string) => SPACES.includes(c.codePointAt(0)!);
  let a = 0;
  let b = cps.length;
  while (a < b && isSpace(cps[a]!)) a++;
  while (b > a && isSpace(cps[b - 1]!)) b--;
  return cps.slice(a, b).join('');
}

/** Characters around the edges of the rule: spaces, controls, C1 controls, accents, emoji. */
const CHARS = [
  ' ',
  'a',
  'Z',
  '7',
  '.',
  '\t',
  '\n',
  '\r',
  '\u0085',
  '\u009f',
  '\u00a0',
  '\u00e9',
  '\u1680',
  '\u2000',
  '\u2009',
  '\u200a',
  '\u200b',
  '\u202f',
  '\u205f',
  '\u3000',
  '\ufeff',
  '\u{1f600}',
];
const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 8 }).map((cs) => cs.join(''));

type Port = SqlPort & { close(): void };
const engines = new Map<string, Port>();
beforeAll(async () => {
  engines.set('DuckDB-WASM', await openNodeDuckDb()).set('native DuckDB', await openNativeDuckDb());
});
afterAll(() => {
  for (const e of engines.values()) e.close();
});

describe.each(['DuckDB-WASM', 'native DuckDB'])('trimSql on %s', (engine) => {
  it('the characters trim removes are " " and characters from U+00A0 up (what trimSql relies on)', async () => {
    const sql = engines.get(engine)!;
    const rows = tableRows(
      await sql.query(
        `SELECT string_agg(CAST(cp AS VARCHAR), ',' ORDER BY cp) AS cps FROM range(1, 1114112) t(cp) WHERE (cp < 55296 OR cp > 57343) AND trim(chr(CAST(cp AS INTEGER))) = ''`,
      ),
    );
    expect(String(rows[0]!.cps).split(',').map(Number)).toEqual(SPACES);
  });

  it('gives trim()’s value on random strings, and idSql the same id through either trim (property)', async () => {
    const sql = engines.get(engine)!;
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 40 }), async (values) => {
        const list = values.map((v, i) => `(${i}, ${literal(v)})`).join(', ');
        // As hex: a text starting with U+FEFF would lose it in the Arrow result's UTF-8 decoding.
        const rows = tableRows(
          await sql.query(
            `SELECT i, hex(${trimSql('v')}) AS fast, ${idSql('v', trimSql)} AS id_fast, ${idSql('v')} AS id FROM (VALUES ${list}) t(i, v) ORDER BY i`,
          ),
        );
        expect(rows.map((r) => r.fast)).toEqual(values.map((v) => Buffer.from(expectedTrim(v)).toString('hex').toUpperCase()));
        expect(rows.map((r) => r.id_fast)).toEqual(rows.map((r) => r.id));
      }),
      { numRuns: 60 },
    );
  });

  it('nonBlankSql is true where trim leaves text, false where it leaves none, NULL for NULL (property)', async () => {
    const sql = engines.get(engine)!;
    // Its fast path is the first byte: also printable ASCII's edges, DEL and controls.
    const edge = fc.array(fc.constantFrom(...CHARS, '!', '~', '\u007f', '\u0001', '\u0080', '\u00ff'), { maxLength: 8 }).map((cs) => cs.join(''));
    await fc.assert(
      fc.asyncProperty(fc.array(fc.option(edge, { nil: null }), { minLength: 1, maxLength: 40 }), async (values) => {
        const list = values.map((v, i) => `(${i}, ${v === null ? 'NULL' : literal(v)})`).join(', ');
        const rows = tableRows(await sql.query(`SELECT i, ${nonBlankSql('v')} AS b FROM (VALUES ${list}) t(i, v) ORDER BY i`));
        expect(rows.map((r) => r.b)).toEqual(values.map((v) => (v === null ? null : expectedTrim(v) !== '')));
      }),
      { numRuns: 60 },
    );
  });
});
