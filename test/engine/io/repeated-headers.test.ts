/**
 * The header row repeated below the data (repeated-headers.ts), as exports joined one after
 * another carry it: left out of the lines, reported with their rows, and the figures are those of
 * the file without them.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { figureWarnings, openDataset, repeatedHeadersNote, type SqlPort } from '../../../engine/src/index.ts';
import { inspectText } from '../../../engine/cli/inspect.ts';
import { expectSameFigures, openDb, textSource } from '../../helpers/engine.ts';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const line = (i: number) =>
  `${536000 + i},${10000 + (i % 7)},Mug ${i % 7},${1 + (i % 3)},2024-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00,${(1 + (i % 5)) * 1.25},${12000 + (i % 4)},UK`;

let sql: SqlPort & { close(): void };
beforeAll(async () => {
  sql = await openDb();
});
afterAll(() => sql.close());

describe('the header row repeated below the data', () => {
  it('is left out, counted and named by row; not an invalid value, its fields not empty values', async () => {
    // Three monthly exports put end to end, the last with spaces around its names.
    const text = [HEADER, line(1), line(2), HEADER, line(3), ` ${HEADER.split(',').join(' , ')} `, line(4), ''].join('\n');
    const ds = await openDataset(sql, [textSource('joined.csv', text)]);
    expect(ds.canonical.repeatedHeaders).toEqual({
      count: 2,
      examples: [
        { file: 'joined.csv', row: 4 },
        { file: 'joined.csv', row: 6 },
      ],
    });
    expect(ds.report.rows_read).toBe(4);
    expect(ds.report.removed.invalid_value).toBe(0);
    expect(ds.canonical.parseIssues).toEqual([]);
    expect(Object.values(ds.canonical.nulls).every((n) => n === 0)).toBe(true);
    expect(figureWarnings(ds)).toEqual([]);
    const note = '2 repeats of the header row left out (exports joined one after another), e.g. joined.csv row 4, joined.csv row 6';
    expect(repeatedHeadersNote(ds.canonical.repeatedHeaders!)).toBe(note);
    expect(inspectText(ds)).toContain(note);
  });

  it("repeats pandas' unnamed index column blank, as its header cell was", async () => {
    const text = [`,${HEADER}`, `0,${line(1)}`, `1,${line(2)}`, `,${HEADER}`, `0,${line(3)}`, ''].join('\n');
    const ds = await openDataset(sql, [textSource('pandas.csv', text)]);
    expect(ds.canonical.repeatedHeaders).toEqual({ count: 1, examples: [{ file: 'pandas.csv', row: 4 }] });
    expect(ds.report.rows_read).toBe(3);
    expect(ds.report.removed.invalid_value).toBe(0);
  });

  it('leave a line alone that only names some columns ("Description" as a product)', async () => {
    const text = [HEADER, line(1), `536999,StockCode,Description,2,2024-01-05 10:00,1.25,12001,UK`, ''].join('\n');
    const ds = await openDataset(sql, [textSource('names.csv', text)]);
    expect(ds.canonical.repeatedHeaders).toBeUndefined();
    expect(ds.report.rows_read).toBe(2);
  });

  it('change no figure: a file with them reads as the same file without (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.boolean(), { minLength: 2, maxLength: 40 }), async (shape) => {
        fc.pre(shape.some((header) => !header));
        let i = 0;
        const rows = shape.map((header) => (header ? HEADER : line(++i)));
        const full = await openDataset(sql, [textSource('with.csv', [HEADER, ...rows, ''].join('\n'))]);
        const bare = await openDataset(sql, [textSource('with.csv', [HEADER, ...rows.filter((r) => r !== HEADER), ''].join('\n'))]);
        expect(full.canonical.repeatedHeaders?.count ?? 0).toBe(shape.filter(Boolean).length);
        expect(bare.canonical.repeatedHeaders).toBeUndefined();
        expectSameFigures(full, bare);
      }),
      { numRuns: 15 },
    );
  });
});
