/**
 * Any delimited table a spreadsheet or a shop writes reads back cell for cell: comma, semicolon,
 * tab or pipe, cells holding the other delimiters, quotes and line breaks (quoted as a spreadsheet
 * quotes them), LF or CRLF endings, title lines above the header, blank lines between rows, Excel's
 * `sep=` line, UTF-8 (with or without a BOM),
 * Latin-1 or UTF-16, gzip'd or not, on DuckDB-WASM (the app) and native DuckDB (the CLI). The
 * reference is the table the fixture was written from.
 */
import fc from 'fast-check';
import { gzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNativeDuckDb } from '../../../engine/cli/native-duckdb.ts';
import { readSources, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { latin1Source, MemorySource, openDb, textSource, utf16Source } from '../../helpers/engine.ts';

const word = fc.stringMatching(/^[A-Za-z][a-z]{0,8}$/);
const cell = fc.oneof(
  { weight: 4, arbitrary: word },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 99999 }).map(String) },
  { weight: 1, arbitrary: fc.constant('') },
  {
    weight: 3,
    arbitrary: fc.constantFrom(
      'Mug, blue',
      'Size: L; Colour: Red',
      'A|B',
      'tab\there',
      'say "hi"',
      'Line one\nline two',
      'Ring twice,\r\nthen wait',
      '12,50',
      'Käse',
      'Bürste groß',
    ),
  },
);

/** A cell as a spreadsheet writes it: quoted when it holds the delimiter, a quote or a line break. */
const written = (v: string, d: string) => (v.includes(d) || /["\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

const encodings = {
  utf8: (text: string) => textSource('export.csv', text),
  utf8Bom: (text: string) => textSource('export.csv', `\ufeff${text}`),
  latin1: (text: string) => latin1Source('export.csv', text),
  utf16: (text: string) => utf16Source('export.csv', text),
  gzip: (text: string) => new MemorySource('export.csv.gz', gzipSync(new TextEncoder().encode(text))),
};

const engines: [string, () => Promise<SqlPort & { close(): void }>][] = [
  ['DuckDB-WASM', openDb],
  ['native DuckDB', async () => openNativeDuckDb()],
];

describe.each(engines)('delimited text on %s', (_name, open) => {
  let sql: SqlPort & { close(): void };
  beforeAll(async () => {
    sql = await open();
  });
  afterAll(() => sql.close());

  it('reads back cell for cell, whatever the delimiter, the cells, the titles above and the encoding (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(',', ';', '\t', '|'),
        // Names alike but for case, and names SQL or the reader claim, among them.
        fc.uniqueArray(
          fc.oneof(
            { weight: 6, arbitrary: fc.stringMatching(/^[A-Z][a-z]{2,7}$/) },
            { weight: 1, arbitrary: fc.constantFrom('rowid', 'ROWID', 'filename', 'Filename', '__source', '__rowid', 'id', 'Id', 'Price', 'price') },
          ),
          { minLength: 2, maxLength: 6 },
        ),
        fc.integer({ min: 1, max: 25 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.constantFrom('Sales report', 'Exported 2023-02-01', ''), { maxLength: 2 }),
        fc.constantFrom(...(Object.keys(encodings) as (keyof typeof encodings)[])),
        fc.gen(),
        async (d, names, n, eol, titles, encoding, g) => {
          // An order id first, as exports have: a header is then told from the data by its numbers.
          const header = ['Order Id', ...names];
          const rows = Array.from({ length: n }, (_, i) => [String(1000 + i), ...names.map(() => g(() => cell))]);
          // Title lines above the header, as report exports write them, and blank lines between
          // rows (a spreadsheet's empty row) are skipped; Excel's sep= line names the delimiter.
          const body = rows.flatMap((r) => [...(g(() => fc.integer({ min: 0, max: 9 })) === 0 ? [''] : []), r.map((v) => written(v, d)).join(d)]);
          const sep = g(() => fc.integer({ min: 0, max: 5 })) === 0 ? [`sep=${d}`] : [];
          const text = [...sep, ...titles, header.map((v) => written(v, d)).join(d), ...body].join(eol) + eol;
          const { sources, columns } = await readSources(sql, [encodings[encoding](text)]);
          expect(sources[0]!.format.delimiter).toBe(d);
          // Each column under its header, but for a name SQL would take for another: named with its position.
          const claimed = (h: string, i: number) =>
            ['rowid', 'filename'].includes(h.toLowerCase()) || h.startsWith('__') || header.slice(0, i).some((e) => e.toLowerCase() === h.toLowerCase());
          const readAs = header.map((h, i) => (claimed(h, i) ? `${h} (column ${i + 1})` : h));
          expect(columns).toEqual(readAs);
          const read = tableRows(await sql.query(`SELECT ${readAs.map((h) => `"${h}"`).join(', ')} FROM raw ORDER BY rowid`));
          expect(read.map((r) => readAs.map((h) => r[h] ?? ''))).toEqual(rows);
        },
      ),
      { numRuns: 200 },
    );
  });
});
