/**
 * Any delimited table a spreadsheet or a shop writes reads back cell for cell: comma, semicolon,
 * tab or pipe, cells holding the other delimiters, quotes and line breaks (quoted as a spreadsheet
 * quotes them), LF or CRLF endings, title lines above the header. The reference is the table the fixture was written from.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSources, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const word = fc.stringMatching(/^[A-Za-z][a-z]{0,8}$/);
const cell = fc.oneof(
  { weight: 4, arbitrary: word },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 99999 }).map(String) },
  { weight: 1, arbitrary: fc.constant('') },
  {
    weight: 3,
    arbitrary: fc.constantFrom('Mug, blue', 'Size: L; Colour: Red', 'A|B', 'tab\there', 'say "hi"', 'Line one\nline two', 'Ring twice,\r\nthen wait', '12,50'),
  },
);

/** A cell as a spreadsheet writes it: quoted when it holds the delimiter, a quote or a line break. */
const written = (v: string, d: string) => (v.includes(d) || /["\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

describe('delimited text', () => {
  it('reads back cell for cell, whatever the delimiter and whatever the cells hold (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(',', ';', '\t', '|'),
        fc.uniqueArray(fc.stringMatching(/^[A-Z][a-z]{2,7}$/), { minLength: 2, maxLength: 6, selector: (n) => n.toLowerCase() }),
        fc.integer({ min: 1, max: 25 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.constantFrom('Sales report', 'Exported 2023-02-01', ''), { maxLength: 2 }),
        fc.gen(),
        async (d, names, n, eol, titles, g) => {
          // An order id first, as exports have: a header is then told from the data by its numbers.
          const header = ['Order Id', ...names];
          const rows = Array.from({ length: n }, (_, i) => [String(1000 + i), ...names.map(() => g(() => cell))]);
          // Title lines above the header, as report exports write them, are skipped.
          const text = [...titles, ...[header, ...rows].map((r) => r.map((v) => written(v, d)).join(d))].join(eol) + eol;
          const { sources, columns } = await readSources(sql, [textSource('export.csv', text)]);
          expect(sources[0]!.format.delimiter).toBe(d);
          expect(columns).toEqual(header);
          const read = tableRows(await sql.query(`SELECT ${header.map((h) => `"${h}"`).join(', ')} FROM raw ORDER BY rowid`));
          expect(read.map((r) => header.map((h) => r[h] ?? ''))).toEqual(rows);
        },
      ),
      { numRuns: 400 },
    );
  });
});
