/**
 * A text beside tables (text-files.ts): a README.txt in a downloaded dataset's folder or archive
 * is left out and said, where it stopped the load; a text read alone is read as before.
 */
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { figureWarnings, openDataset, type SqlPort } from '../../../engine/src/index.ts';
import { textsBesideTables } from '../../../engine/src/io/text-files.ts';
import { MemorySource, openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

function day(d: number, cents: number[]): string {
  const date = `2024-03-${String(d).padStart(2, '0')}`;
  return `${HEADER}\n${cents.map((c, i) => `${d * 100 + i},S${i % 3},ITEM ${i % 3},1,${date} 10:00,${(c / 100).toFixed(2)},${1000 + (i % 4)},UK`).join('\n')}\n`;
}

/** Prose as READMEs are written below their title: sentences, commas among their words, a blank line or two. */
const sentence = fc
  .array(fc.constantFrom('This', 'data', 'set', 'holds', 'the', 'sales', 'of', 'an', 'online', 'shop,', 'from', '2024.', 'Source:', 'UCI,'), {
    minLength: 1,
    maxLength: 9,
  })
  .map((w) => w.join(' '));
const readme = fc.array(fc.oneof(sentence, fc.constant('')), { minLength: 1, maxLength: 6 }).map((ls) => `Online Retail\n${ls.join('\n')}\n`);
const days = fc.array(fc.array(fc.integer({ min: 50, max: 900 }), { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 3 });

describe('a text beside tables', () => {
  it('is left out and said, in a folder or an archive; the tables read as without it (property)', async () => {
    await fc.assert(
      fc.asyncProperty(days, readme, fc.boolean(), async (ds, text, zipped) => {
        const files = ds.map((c, i) => ({ name: `2024-03-0${i + 1}.csv`, text: day(i + 1, c) }));
        const all = [...files, { name: 'README.txt', text }];
        const enc = (t: string) => new TextEncoder().encode(t);
        const sources = zipped
          ? [new MemorySource('shop.zip', zipSync(Object.fromEntries(all.map((f) => [f.name, enc(f.text)]))))]
          : all.map((f) => textSource(f.name, f.text));
        const read = await openDataset(sql, sources);
        const prefix = zipped ? 'shop.zip/' : '';
        expect(read.textFiles).toEqual([`${prefix}README.txt`]);
        expect(read.sources.map((s) => s.name)).toEqual(files.map((f) => `${prefix}${f.name}`));
        expect(figureWarnings(read)).toContain(`1 file is a text of one column, not a table as the others are, and was left out: ${prefix}README.txt`);
        const alone = await openDataset(
          sql,
          files.map((f) => textSource(f.name, f.text)),
        );
        expect([read.report.rows_read, read.report.rows_kept, read.report.revenue]).toEqual([
          alone.report.rows_read,
          alone.report.rows_kept,
          alone.report.revenue,
        ]);
      }),
      { numRuns: 25, seed: 20261205 },
    );
  });

  it("is a text file of one named column, of words split at spaces, or a .txt, naming none of the tables' columns", () => {
    const table = { name: 'day.csv', header: ['Invoice', 'Date', 'Customer', 'Total'], text: true, delimiter: ',' };
    const files = [
      table,
      { name: 'notes.csv', header: ['Notes', 'column1'], text: true, delimiter: ',' },
      { name: 'about', header: ['Online', 'Retail', 'data'], text: true, delimiter: ' ' },
      { name: 'README.txt', header: ['Online Retail', 'UCI'], text: true, delimiter: ',' },
      { name: 'orders.txt', header: ['Invoice', 'Date', 'SKU'], text: true, delimiter: '\t' },
      { name: 'sheet.xlsx', header: ['Title'], text: false },
      { name: 'two.csv', header: ['Note', 'Value'], text: true, delimiter: ',' },
    ];
    expect(textsBesideTables(files)).toEqual([1, 2, 3]);
    expect(textsBesideTables(files.slice(1))).toEqual([]);
  });

  it('read alone is read as a table as before; a file of two columns beside a table is no text', async () => {
    const alone = await openDataset(sql, [textSource('notes.txt', 'Notes\nfirst\nsecond\n')]);
    expect(alone.textFiles).toBeUndefined();
    expect(alone.sources.map((s) => [s.name, s.rows])).toEqual([['notes.txt', 2]]);
    // A file of two columns beside a table of eight is no text of one column: it stays, and is refused for the invoice it lacks.
    const two = await openDataset(sql, [textSource('a.csv', day(1, [100])), textSource('b.csv', 'Note,Value\nx,1\n')]).catch((e: unknown) => e as Error);
    expect((two as Error).message).toMatch(/has no column "InvoiceNo"/);
  });
});
