/**
 * Where the non_product rule removes a hundredth of the lines read or more, it is said with the
 * codes that removed most (non-product-share.ts): a shop whose products are coded "B" or "S"
 * loses them to Online Retail's defaults otherwise unseen. Expected counts are written here from
 * the generated file.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCleaningOptions, nonProductWarnings, openDataset, recleanDataset, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

/** `plain` lines of products P1-P5, then lines coded by `coded` (code → lines), customers c0-c9. */
function shop(plain: number, coded: Record<string, number>): string {
  const codes = [...Array.from({ length: plain }, (_, i) => `P${1 + (i % 5)}`), ...Object.entries(coded).flatMap(([c, n]) => Array(n).fill(c) as string[])];
  const rows = codes.map((sku, i) => `${1000 + i},2024-03-${String(1 + (i % 28)).padStart(2, '0')},c${i % 10},${sku},1,2.50`);
  return `Invoice,Date,Customer,SKU,Qty,Price\n${rows.join('\n')}\n`;
}

describe('the non_product rule, said when it removes a hundredth of the lines or more', () => {
  it('names the codes that removed most, with their counts, from 1% of the lines read', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 100, max: 400 }),
        fc.record({ B: fc.nat({ max: 6 }), S: fc.nat({ max: 3 }), POST: fc.nat({ max: 2 }) }),
        async (plain, coded) => {
          const ds = await openDataset(sql, [textSource('shop.csv', shop(plain, coded))]);
          const removed = coded.B + coded.S + coded.POST;
          const read = plain + removed;
          expect(ds.report.removed.non_product).toBe(removed);
          const said = nonProductWarnings(ds.report);
          if (removed === 0 || removed < 0.01 * read) {
            expect(said).toEqual([]);
            return;
          }
          // Most lines first; ties by code.
          const top = Object.entries(coded)
            .filter(([, n]) => n > 0)
            .sort(([a, x], [b, y]) => y - x || a.localeCompare(b))
            .map(([c, n]) => `"${c}" ${n}`);
          expect(said).toEqual([
            `the non_product rule removed ${removed} lines (${((100 * removed) / read).toFixed(1)}% of those read), most by ${top.join(', ')}: if one is a product, take it out of the non-product codes or words`,
          ]);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('says nothing once the code is taken out of the list', async () => {
    const ds = await openDataset(sql, [textSource('shop.csv', shop(100, { B: 5 }))]);
    expect(nonProductWarnings(ds.report)).toHaveLength(1);
    const options = defaultCleaningOptions();
    const without = await recleanDataset(sql, ds, { ...options, nonProductCodes: options.nonProductCodes.filter((c) => c !== 'B') });
    expect(without.report.removed.non_product).toBe(0);
    expect(nonProductWarnings(without.report)).toEqual([]);
  });
});
