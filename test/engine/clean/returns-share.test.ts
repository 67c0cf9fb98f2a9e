/**
 * Returns as most of the lines read (returns-share.ts): an export writing its sales negative loses
 * them all to the return rule, said with the count; a shop's few returns say nothing. Expected
 * counts are written here from the generated file.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultCleaningOptions, openDataset, returnsShareWarnings, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

/** `sales` lines of positive quantity and `negative` of negative quantity, every customer with a sale first. */
function ledger(sales: number, negative: number): string {
  const rows = [
    ...Array.from({ length: sales }, (_, i) => `${1000 + i},2024-03-${String(1 + (i % 28)).padStart(2, '0')},c${i % 7},Mug,2,2.50`),
    ...Array.from({ length: negative }, (_, i) => `${5000 + i},2024-04-${String(1 + (i % 28)).padStart(2, '0')},c${i % 7},Mug,-1,2.50`),
  ];
  return `Invoice,Date,Customer,Item,Qty,Price\n${rows.join('\n')}\n`;
}

describe('returns as most of the lines', () => {
  it('are said, left out or netted, once they are more than half the lines read', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 0, max: 60 }), fc.constantFrom('drop', 'net'), async (sales, negative, returns) => {
        const cleaning = { ...defaultCleaningOptions(), returns } as const;
        const ds = await openDataset(sql, [textSource('ledger.csv', ledger(sales, negative))], { cleaning });
        const read = sales + negative;
        const said = returnsShareWarnings(ds.report);
        if (negative <= read / 2) {
          expect(said).toEqual([]);
          return;
        }
        const fate = returns === 'net' ? 'netted against the purchases (or left out, for customers with returns only)' : 'left out';
        expect(said).toEqual([
          `${negative} of ${read} lines read (${Math.round((100 * negative) / read)}%) have a negative quantity (or amount) and are read as returns, ${fate}: a shop's returns are seldom most of its lines; if this export writes its sales negative (a stock ledger's movements, an accounts export's credits), export them as sales, with positive quantities`,
        ]);
      }),
      { numRuns: 20 },
    );
  });

  it('say nothing with the return rule off', async () => {
    const cleaning = { ...defaultCleaningOptions(), rules: defaultCleaningOptions().rules.filter((r) => r !== 'return') };
    const ds = await openDataset(sql, [textSource('ledger.csv', ledger(2, 10))], { cleaning });
    expect(returnsShareWarnings(ds.report)).toEqual([]);
  });
});
