import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { amountWords, defaultAnalysis, loadData, scoreCustomers, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

describe('a line without a quantity column is one unit at its price', () => {
  it("a till's lines: revenue and each customer's monetary are the sums of their prices, a repeated scan counted again (property)", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 5 }), fc.integer({ min: 1, max: 9999 })), { minLength: 1, maxLength: 40 }),
        async (scans) => {
          // Receipt per customer and day; a scan repeated is the same item bought twice.
          const rows = scans.map(([c, d, cents]) => `R${c}-${d},c${c},2024-01-0${d + 1} 10:00,Item${cents % 3},${(cents / 100).toFixed(2)}`);
          const ds = await loadData(sql, [textSource('till.csv', `Receipt,Customer,Time,Item,Price\n${rows.join('\n')}\n`)], defaultAnalysis(), {
            today: null,
          });
          const total = scans.reduce((a, [, , cents]) => a + cents, 0);
          expect(ds.report.revenue).toBeCloseTo(total / 100, 6);
          const s = await scoreCustomers(sql, defaultAnalysis());
          s.rfm.customerIds.forEach((id, i) => {
            const own = scans.filter(([c]) => `c${c}` === id).reduce((a, [, , cents]) => a + cents, 0);
            expect(s.rfm.monetary[i]).toBeCloseTo(own / 100, 6);
          });
        },
      ),
      { numRuns: 20, seed: 20261205 },
    );
  });

  it('says how amounts are made', () => {
    expect(amountWords({ quantity: 'Qty', unit_price: 'Price' })).toBe('Σ quantity × unit price');
    expect(amountWords({ unit_price: 'Price' })).toBe('Σ unit prices, a line per unit');
    expect(amountWords({ quantity: 'Qty', line_total: 'Total' })).toBe('Σ line totals');
  });
});
