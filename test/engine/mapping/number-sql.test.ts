/**
 * The SQL that parses a number column (canonical.ts numberSql) gives what parseNumber, its
 * reference in JavaScript, gives on texts built from digits, both marks, signs, currencies and
 * quantities' units, in every convention: which values are numbers, and which number.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDuckDb } from '../../../engine/cli/native-duckdb.ts';
import { parseNumber, tableRows, type NumberFormat, type SqlPort } from '../../../engine/src/index.ts';
import { numberSql } from '../../../engine/src/io/canonical.ts';
import { literal } from '../../../engine/src/sql/quote.ts';
import { openDb } from '../../helpers/engine.ts';

const piece = fc.constantFrom(
  '1',
  '12',
  '234',
  '000',
  '0',
  '5',
  '.',
  ',',
  "'",
  '-',
  '\u2212',
  '–',
  '--',
  'x',
  '_',
  '(',
  ')',
  ' ',
  '\u00a0',
  '\u202f',
  '\u200f',
  '\t',
  '',
);
/** A number as written: digits, marks and signs, with a currency before or after it or none. */
const written = fc
  .tuple(
    fc.constantFrom('', '$', '€', 'kr. ', 'Rp. ', 'R$ ', 'Rs. ', '¥', 'R ', 'CA$', 'A$', '฿', '￥', 'RMB '),
    fc.array(piece, { maxLength: 7 }),
    fc.constantFrom('', ' €', ' CHF', ' zł', ' TL', ' Kč', ' lei', ' ₦'),
    fc.constantFrom('', '', ' kg', 'KG', ' pcs', ' Stk.', 'x', ' шт', ' db', ' Szt.', ' l', 'g .'),
  )
  .map(([before, p, after, unit]) => `${before}${p.join('')}${after}${unit}`);
/** An amount as Intl.NumberFormat writes it in some locale and currency. */
const intl = fc
  .tuple(
    fc.constantFrom('en-US', 'en-ZA', 'de-CH', 'fr-CA', 'cs-CZ', 'ro-RO', 'he-IL', 'ar-AE', 'ja-JP', 'hi-IN', 'sv-SE', 'fr-FR'),
    fc.constantFrom('USD', 'EUR', 'ZAR', 'CHF', 'CZK', 'RON', 'ILS', 'AED', 'JPY', 'INR', 'SEK', 'GBP', 'CAD', 'CNY', 'KWD'),
    fc.integer({ min: -1_000_000_000, max: 1_000_000_000 }),
  )
  .map(([locale, currency, cents]) => new Intl.NumberFormat(locale, { style: 'currency', currency }).format(cents / 100));
const text = fc.oneof(written, intl);
const format = fc
  .record({
    decimal: fc.constantFrom<NumberFormat['decimal']>('.', ','),
    thousands: fc.constantFrom<NumberFormat['thousands']>('', ',', '.', ' ', "'"),
    symbols: fc.boolean(),
    units: fc.boolean(),
  })
  .map(({ units, ...f }): NumberFormat => (units ? { ...f, units } : f));

describe.each([
  ['DuckDB-WASM', openDb],
  ['native DuckDB', async () => openNativeDuckDb()],
] as const)('numberSql on %s', (_name, open) => {
  let sql: SqlPort & { close(): void };
  beforeAll(async () => {
    sql = await open();
  });
  afterAll(() => sql.close());

  it('parses what parseNumber parses, to the same number (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 20 }), format, async (values, f) => {
        // Formats detection gives: a decimal mark never also the thousands mark, and symbols
        // whenever a value holds more than digits, marks and signs.
        if (f.thousands === f.decimal) return;
        if (values.some((v) => /[^-+\d.,eE']/.test(v))) f = { ...f, symbols: true };
        const rows = tableRows(
          await sql.query(`SELECT i, ${numberSql('v', f)} AS n FROM (VALUES ${values.map((v, i) => `(${i}, ${literal(v)})`).join(', ')}) t(i, v) ORDER BY i`),
        );
        expect(rows.map((r) => (r.n === null ? null : Number(r.n)))).toEqual(values.map((v) => (Number.isNaN(parseNumber(v, f)) ? null : parseNumber(v, f))));
      }),
      { numRuns: 300 },
    );
  });

  it("reads a value behind a spreadsheet's text mark (a leading ') as the value, in every convention", async () => {
    const cases: [string, NumberFormat, number][] = [
      ["'29.64", { decimal: '.', thousands: ',', symbols: false }, 29.64],
      ["'-1", { decimal: '.', thousands: '', symbols: false }, -1],
      ["'+3", { decimal: '.', thousands: '', symbols: false }, 3],
      ["'1.234,50 €", { decimal: ',', thousands: '.', symbols: true }, 1234.5],
      ["'1'234.50", { decimal: '.', thousands: "'", symbols: false }, 1234.5],
      ["'(12.50)", { decimal: '.', thousands: ',', symbols: false }, -12.5],
    ];
    const rows = tableRows(await sql.query(`SELECT ${cases.map(([v, f], i) => `${numberSql(literal(v), f)} AS c${i}`).join(', ')}`));
    expect(rows).toEqual([Object.fromEntries(cases.map(([, , n], i) => [`c${i}`, n]))]);
    expect(cases.map(([v, f]) => parseNumber(v, f))).toEqual(cases.map(([, , n]) => n));
    // One mark only, and only in front: "''5" and "5'" stay no number where ' does not group.
    expect([parseNumber("''5", { decimal: '.', thousands: '', symbols: false }), parseNumber("5'", { decimal: '.', thousands: '', symbols: false })]).toEqual([
      Number.NaN,
      Number.NaN,
    ]);
  });

  it('reads the minus sign (U+2212) as "-", in either convention', async () => {
    const rows = tableRows(
      await sql.query(
        `SELECT ${numberSql("'\u22121.50'", { decimal: '.', thousands: ',', symbols: false })} AS a, ${numberSql("'\u22121.234,50 €'", { decimal: ',', thousands: '.', symbols: true })} AS b`,
      ),
    );
    expect(rows).toEqual([{ a: -1.5, b: -1234.5 }]);
    expect([
      parseNumber('\u22121.50', { decimal: '.', thousands: ',', symbols: false }),
      parseNumber('(\u22121)', { decimal: '.', thousands: '', symbols: false }),
    ]).toEqual([-1.5, Number.NaN]);
  });
});
