/**
 * A header whose quoted cells hold line breaks (valid RFC 4180; Excel writes it for headers with
 * wrapped text, `"Unit Price\n(GBP)"`) is read: each name on one line ("Unit Price (GBP)"), the
 * delimiter and the header judged on the whole record, and DuckDB told the rows' line break (its
 * sniffer takes the one inside the cell for it), on DuckDB-WASM (the app) and native DuckDB (the CLI).
 */
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDuckDb } from '../../../engine/cli/native-duckdb.ts';
import { openDataset, readSources, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { EngineError } from '../../../engine/src/errors.ts';
import { sniffCsv } from '../../../engine/src/io/sniff.ts';
import { expectSameFigures, latin1Source, MemorySource, openDb, textSource, utf16Source } from '../../helpers/engine.ts';

const word = fc.stringMatching(/^[A-Z][a-z]{2,7}$/);
/** A name of one to three words, broken between them by line breaks (a cell's own, LF or CRLF, as Excel or a converter wrote it) or spaces. */
const name = fc
  .array(fc.tuple(word, fc.constantFrom(' ', '\n', '\r\n', ' \n', '\n\n')), { minLength: 1, maxLength: 3 })
  .map((parts) => parts.map(([w, gap], i) => (i === 0 ? w : `${gap}${w}`)).join(''));
const oneLine = (n: string) => n.replace(/\s+/g, ' ');

const cell = fc.oneof(fc.stringMatching(/^[a-z]{1,6}$/), fc.constantFrom('', 'Mug, blue', 'say "hi"', 'two\nlines', 'two\r\nlines'));

/** A cell as a spreadsheet writes it: quoted when it holds the delimiter, a quote or a line break. */
const written = (v: string, d: string) => (v.includes(d) || /["\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

const encodings = {
  utf8: (text: string) => textSource('export.csv', text),
  latin1: (text: string) => latin1Source('export.csv', text),
  utf16: (text: string) => utf16Source('export.csv', text),
  gzip: (text: string) => new MemorySource('export.csv.gz', gzipSync(new TextEncoder().encode(text))),
};

describe('the delimiter and the header are judged on the header record', () => {
  it('whatever the delimiter, when the first cell is wrapped', () => {
    for (const d of [',', ';', '\t', '|']) {
      const text = `"Invoice\nNo"${d}"Unit\r\nPrice"${d}Country\r\n1${d}2.5${d}UK\r\n2${d}3.5${d}FR\r\n`;
      expect(sniffCsv('f.csv', new TextEncoder().encode(text), false, 'none')).toMatchObject({ delimiter: d, header: true });
    }
  });
});

const engines: [string, () => Promise<SqlPort & { close(): void }>][] = [
  ['DuckDB-WASM', openDb],
  ['native DuckDB', async () => openNativeDuckDb()],
];

describe.each(engines)('a header with wrapped cells on %s', (_name, open) => {
  let sql: SqlPort & { close(): void };
  beforeAll(async () => {
    sql = await open();
  });
  afterAll(() => sql.close());

  it('reads each column under its name on one line, and every row cell for cell (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(',', ';', '\t', '|'),
        fc.uniqueArray(name, { minLength: 2, maxLength: 6, selector: (n) => oneLine(n).toLowerCase() }),
        fc.integer({ min: 1, max: 20 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.constantFrom('Sales report', ''), { maxLength: 1 }),
        fc.constantFrom(...(Object.keys(encodings) as (keyof typeof encodings)[])),
        fc.gen(),
        async (d, names, n, eol, titles, encoding, g) => {
          const header = ['Order Id', ...names];
          const rows = Array.from({ length: n }, (_, i) => [String(1000 + i), ...names.map(() => g(() => cell))]);
          const text = [...titles, header.map((v) => written(v, d)).join(d), ...rows.map((r) => r.map((v) => written(v, d)).join(d))].join(eol) + eol;
          const { sources, columns } = await readSources(sql, [encodings[encoding](text)]);
          expect(sources[0]!.format.delimiter).toBe(d);
          expect(columns).toEqual(header.map(oneLine));
          const read = tableRows(await sql.query(`SELECT ${columns.map((h) => `"${h}"`).join(', ')} FROM raw ORDER BY rowid`));
          expect(read.map((r) => columns.map((h) => r[h] ?? ''))).toEqual(rows);
        },
      ),
      { numRuns: 60 },
    );
  });

  const HEADER = ['Invoice No', 'Stock Code', 'Description', 'Quantity', 'Invoice Date', 'Unit Price (GBP)', 'Customer ID', 'Country'];
  const line = (i: number) => `${1000 + Math.floor(i / 3)},A${i % 7},Mug,${1 + (i % 4)},2024-01-0${1 + (i % 9)} 10:00,1.5,${100 + (i % 11)},UK`;
  const file = (header: string, lines: string[]) => [header, ...lines].map((l) => `${l}\r\n`).join('');
  // Excel's CSV: rows end in CRLF, a wrapped cell's line break is LF.
  const wrapped = HEADER.map((h) => (h.includes(' ') ? `"${h.replace(' ', '\n')}"` : h)).join(',');

  it('gives the figures of the same file with its header on one line', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => line(i));
    const plain = await openDataset(sql, [textSource('plain.csv', file(HEADER.join(','), lines))]);
    const ds = await openDataset(sql, [textSource('wrapped.csv', file(wrapped, lines))]);
    expectSameFigures(ds, plain);
    expect(ds.columns).toEqual(plain.columns);
    expect(ds.canonical.mapping).toEqual(plain.canonical.mapping);
  });

  it('names rows as a spreadsheet numbers them: the header is row 1, however many lines it spans', async () => {
    const lines = Array.from({ length: 40 }, (_, i) => (i === 6 ? `${line(i)},extra` : line(i)));
    const error = await readSources(sql, [textSource('wrapped.csv', file(wrapped, lines))]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).location).toMatchObject({ file: 'wrapped.csv', row: 8 });
  });
});
