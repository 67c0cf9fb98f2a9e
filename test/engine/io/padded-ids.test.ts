import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeRfm, figureWarnings, openDataset, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const HEADER = 'Invoice,Customer,Date,SKU,Qty,Price';

/** A purchase: customer number, product number, quantity, price in cents. */
type Buy = [customer: number, product: number, quantity: number, cents: number];

/** One file of a folder; `padded` writes the ids as the shop's system does (six digits), else as a spreadsheet saved them. */
function file(day: number, buys: Buy[], padded: boolean): string {
  const id = (n: number) => (padded ? String(n).padStart(6, '0') : String(n));
  const rows = buys.map(
    ([c, p, q, cents], i) => `${day * 100 + i},${id(c)},2024-03-${String(day).padStart(2, '0')} 10:00,${id(p)},${q},${(cents / 100).toFixed(2)}`,
  );
  return `${HEADER}\n${rows.join('\n')}\n`;
}

const buys = fc.array(
  fc.tuple(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 1, max: 4 }), fc.integer({ min: 100, max: 5000 })),
  { minLength: 1, maxLength: 10 },
);

describe('ids written with and without leading zeros', () => {
  it('are one customer and one product, in the spelling of the shop’s system (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(buys, fc.boolean()), { minLength: 2, maxLength: 4 }), async (days) => {
        const ds = await openDataset(
          sql,
          days.map(([b, padded], i) => textSource(`day${i + 1}.csv`, file(i + 1, b, padded))),
        );
        // Expected: per customer number, the sum of the cents and the days bought (one invoice per line here).
        const all = days.flatMap(([b], i) => b.map((x) => ({ day: i + 1, x })));
        const byCustomer = new Map<number, { cents: number; orders: number }>();
        for (const { x } of all) {
          const e = byCustomer.get(x[0]) ?? { cents: 0, orders: 0 };
          byCustomer.set(x[0], { cents: e.cents + x[2] * x[3], orders: e.orders + 1 });
        }
        const rfm = await computeRfm(sql);
        expect(rfm.customerIds.length).toBe(byCustomer.size);
        // A number written both ways takes the padded spelling; one written one way keeps it.
        const spelled = (n: number, forms: (n: number) => boolean[]) => (forms(n).includes(true) ? String(n).padStart(6, '0') : String(n));
        const customerForms = (n: number) => days.filter(([b]) => b.some((x) => x[0] === n)).map(([, padded]) => padded);
        for (const [n, e] of byCustomer) {
          const i = rfm.customerIds.indexOf(spelled(n, customerForms));
          expect(i, `customer ${n}`).toBeGreaterThanOrEqual(0);
          expect(Math.round(rfm.monetary[i]! * 100)).toBe(e.cents);
          expect(rfm.frequency[i]).toBe(e.orders);
        }
        const mixed = (ids: (x: Buy) => number) =>
          new Set(all.map(({ x }) => ids(x)).filter((n) => new Set(days.filter(([b]) => b.some((x) => ids(x) === n)).map(([, p]) => p)).size > 1));
        const customersMixed = mixed((x) => x[0]);
        const productsMixed = mixed((x) => x[1]);
        expect(ds.canonical.paddedIds?.find((p) => p.role === 'customer')?.ids ?? 0).toBe(customersMixed.size);
        expect(ds.canonical.paddedIds?.find((p) => p.role === 'sku')?.ids ?? 0).toBe(productsMixed.size);
        const skus = await sql.query('SELECT DISTINCT sku FROM kept');
        expect(skus.numRows).toBe(new Set(all.map(({ x }) => x[1])).size);
      }),
      { numRuns: 20, seed: 20261205 },
    );
  });

  it('says how many, on how many lines, with the first one', async () => {
    const ds = await openDataset(sql, [
      textSource('2024-03-01.csv', file(1, [[45, 7, 1, 1000]], true)),
      textSource(
        '2024-03-02.csv',
        file(
          2,
          [
            [12, 8, 1, 500],
            [45, 8, 2, 250],
          ],
          false,
        ),
      ),
    ]);
    expect(figureWarnings(ds)).toEqual([
      '1 customer id is written both with and without leading zeros in "Customer" (1 line, e.g. "45" at 2024-03-02.csv row 3 read as "000045"): each is read in its longest form, so that each customer counts once; a spreadsheet may have dropped the zeros',
    ]);
  });

  it('leaves ids written one way alone, zeros or not, and codes that are not all digits', async () => {
    const text = [HEADER, '1,007,2024-03-01 10:00,0A1,1,1.00', '2,7A,2024-03-01 11:00,A1,1,1.00', '3,0042,2024-03-02 10:00,0A1,1,1.00'].join('\n');
    const ds = await openDataset(sql, [textSource('shop.csv', `${text}\n`)]);
    expect(ds.canonical.paddedIds).toBeUndefined();
    const rfm = await computeRfm(sql);
    expect([...rfm.customerIds].sort()).toEqual(['0042', '007', '7A']);
  });
});
