/**
 * Rows with every field blank (empty-rows.ts), as a spreadsheet saved as CSV keeps the rows whose
 * cells were cleared (or a till's end-of-file mark, or NUL padding): left out of the lines,
 * reported with their rows, and the figures are those of the file without them.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { emptyRowsNote, openDataset, type SqlPort } from '../../../engine/src/index.ts';
import { expectSameFigures, MemorySource, openDb, textSource } from '../../helpers/engine.ts';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,Note';
const line = (i: number) =>
  `${536000 + i},${10000 + (i % 7)},Mug ${i % 7},${1 + (i % 3)},2024-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00,${(1 + (i % 5)) * 1.25},${12000 + (i % 4)},UK,`;

let sql: SqlPort & { close(): void };
beforeAll(async () => {
  sql = await openDb();
});
afterAll(() => sql.close());

describe('rows with every field blank', () => {
  it('are left out, counted and named by row; a row with any field filled stays a line', async () => {
    const text = [HEADER, line(1), ',,,,,,,,', line(2), ', ,  ,,,,,,', ',,,,,,,,kept for the note', line(3), ',,,,,,,,', ',,,,,,,,', ''].join('\n');
    const ds = await openDataset(sql, [textSource('cleared.csv', text)]);
    expect(ds.canonical.emptyRows).toEqual({
      count: 4,
      examples: [
        { file: 'cleared.csv', row: 3 },
        { file: 'cleared.csv', row: 5 },
        { file: 'cleared.csv', row: 8 },
      ],
    });
    // Four lines: three sales and the row holding only a note (no customer: removed as such).
    expect(ds.report.rows_read).toBe(4);
    expect(ds.report.removed.missing_customer).toBe(1);
    expect(emptyRowsNote(ds.canonical.emptyRows!)).toBe(
      '4 rows with every field blank left out (no line of a sale), e.g. cleared.csv row 3, cleared.csv row 5, cleared.csv row 8',
    );
  });

  it("leave out DOS's end-of-file mark (Ctrl-Z) after the last line, with or without a line end, CRLF or LF", async () => {
    const rows = [HEADER, line(1), line(2), line(3)];
    const bare = await openDataset(sql, [textSource('till.csv', [...rows, ''].join('\n'))]);
    for (const text of [`${rows.join('\r\n')}\r\n\x1a`, `${rows.join('\n')}\n\x1a\n`]) {
      const ds = await openDataset(sql, [textSource('till.csv', text)]);
      expect(ds.canonical.emptyRows).toEqual({ count: 1, examples: [{ file: 'till.csv', row: 5 }] });
      expect(ds.report.rows_read).toBe(3);
      expectSameFigures(ds, bare);
    }
  });

  it('leave out NUL bytes padding the end (a file cut short), small or past the sniffed sample; a file of NULs alone is binary', async () => {
    const rows = [HEADER, line(1), line(2), line(3)];
    const bare = await openDataset(sql, [textSource('till.csv', [...rows, ''].join('\n'))]);
    const padded = (text: string, n: number) => new MemorySource('till.csv', Uint8Array.from([...new TextEncoder().encode(text), ...new Uint8Array(n)]));
    for (const source of [padded(`${rows.join('\n')}\n`, 4096), padded(`${rows.join('\r\n')}\r\n`, 1)]) {
      const ds = await openDataset(sql, [source]);
      expect(ds.canonical.emptyRows).toEqual({ count: 1, examples: [{ file: 'till.csv', row: 5 }] });
      expect(ds.report.rows_read).toBe(3);
      expectSameFigures(ds, bare);
    }
    // Past the 256 KB sniffed: the sample holds no NUL.
    const many = [HEADER, ...Array.from({ length: 6000 }, (_, i) => line(i)), ''].join('\n');
    expect(many.length).toBeGreaterThan(256 * 1024);
    const long = await openDataset(sql, [padded(many, 65536)]);
    expect(long.canonical.emptyRows).toEqual({ count: 1, examples: [{ file: 'till.csv', row: 6002 }] });
    expect(long.report.rows_read).toBe(6000);
    await expect(openDataset(sql, [new MemorySource('nul.csv', new Uint8Array(1000))])).rejects.toThrow('the file contains binary data, not text');
  });

  it('change no figure: a file with them reads as the same file without (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 2, maxLength: 40 }), async (shape) => {
        fc.pre(shape.some((empty) => !empty));
        let i = 0;
        const rows = shape.map((empty) => (empty ? ',,,,,,,,' : line(++i)));
        const full = await openDataset(sql, [textSource('with.csv', [HEADER, ...rows, ''].join('\n'))]);
        const bare = await openDataset(sql, [textSource('with.csv', [HEADER, ...rows.filter((r) => !r.startsWith(',')), ''].join('\n'))]);
        const empties = shape.filter(Boolean).length;
        expect(full.canonical.emptyRows?.count ?? 0).toBe(empties);
        expect(bare.canonical.emptyRows).toBeUndefined();
        expectSameFigures(full, bare);
      }),
      { numRuns: 15 },
    );
  });
});
