import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeRfm, figureWarnings, openDataset, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const HEADER = 'Order,Customer,Date,SKU,Qty,Price,Status';

/** An order: customer, month (1-3), day, and its lines (product, quantity, price in cents). */
interface Order {
  customer: number;
  month: number;
  day: number;
  lines: [product: number, quantity: number, cents: number][];
}

const order = fc.record({
  customer: fc.integer({ min: 1, max: 5 }),
  month: fc.integer({ min: 1, max: 3 }),
  day: fc.integer({ min: 1, max: 28 }),
  // One line per product: a line repeated in an order would be an exact duplicate, another rule.
  lines: fc.uniqueArray(fc.tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 100, max: 3000 })), {
    minLength: 1,
    maxLength: 3,
    selector: ([p]) => p,
  }),
});

/** The export of `orders`, each written with the status it had when exported. */
function csv(orders: [number, Order][], status: string): string {
  const rows = orders.flatMap(([n, o]) =>
    o.lines.map(
      ([p, q, c]) => `${1000 + n},C${o.customer},2024-0${o.month}-${String(o.day).padStart(2, '0')} 10:00,P${p},${q},${(c / 100).toFixed(2)},${status}`,
    ),
  );
  return `${HEADER}\n${rows.join('\n')}\n`;
}

const cents = (o: Order) => o.lines.reduce((a, [, q, c]) => a + q * c, 0);

describe('exports that overlap', () => {
  it('read an order found in two files once, though its lines changed between the exports (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(order, { minLength: 1, maxLength: 10 }), fc.boolean(), async (orders, quarterFirst) => {
        const numbered = orders.map((o, i): [number, Order] => [i, o]);
        // January exported while its orders were pending; the quarter later, all of them paid.
        const january = textSource(
          'january.csv',
          csv(
            numbered.filter(([, o]) => o.month === 1),
            'pending',
          ),
        );
        const quarter = textSource('q1.csv', csv(numbered, 'paid'));
        const ds = await openDataset(sql, quarterFirst ? [quarter, january] : [january, quarter]);
        const total = orders.reduce((a, o) => a + cents(o), 0);
        expect(Math.round(ds.report.revenue * 100)).toBe(total);
        expect(ds.report.invoices).toBe(orders.length);
        const inJanuary = orders.filter((o) => o.month === 1);
        expect(ds.canonical.overlappingFiles?.orders ?? 0).toBe(inJanuary.length);
        expect(ds.report.removed.duplicate).toBe(inJanuary.reduce((a, o) => a + o.lines.length, 0));
        // Per customer, as RFM sees them.
        const rfm = await computeRfm(sql);
        for (const c of new Set(orders.map((o) => o.customer))) {
          const i = rfm.customerIds.indexOf(`C${c}`);
          const theirs = orders.filter((o) => o.customer === c);
          expect(Math.round(rfm.monetary[i]! * 100)).toBe(theirs.reduce((a, o) => a + cents(o), 0));
          expect(rfm.frequency[i]).toBe(theirs.length);
        }
      }),
      { numRuns: 25, seed: 20261205 },
    );
  });

  it('read an export split into pages of so many rows as the one export: an order cut at the end of a page is read whole (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(order, { minLength: 1, maxLength: 10 }), fc.integer({ min: 1, max: 5 }), async (orders, pageRows) => {
        const rows = csv(
          orders.map((o, i): [number, Order] => [i, o]),
          'paid',
        )
          .trimEnd()
          .split('\n')
          .slice(1);
        const pages = Array.from({ length: Math.ceil(rows.length / pageRows) }, (_, k) =>
          textSource(`page-${String(k + 1).padStart(3, '0')}.csv`, `${HEADER}\n${rows.slice(k * pageRows, (k + 1) * pageRows).join('\n')}\n`),
        );
        const ds = await openDataset(sql, pages);
        expect(ds.canonical.overlappingFiles).toBeUndefined();
        expect(ds.report.removed.duplicate).toBe(0);
        expect(ds.report.invoices).toBe(orders.length);
        expect(Math.round(ds.report.revenue * 100)).toBe(orders.reduce((a, o) => a + cents(o), 0));
      }),
      { numRuns: 25, seed: 20261206 },
    );
  });

  it('says how many orders, with the first and its files, the kept one first', async () => {
    const a: Order = { customer: 1, month: 1, day: 5, lines: [[1, 2, 350]] };
    const b: Order = { customer: 2, month: 2, day: 9, lines: [[2, 1, 1000]] };
    const ds = await openDataset(sql, [
      textSource('january.csv', csv([[0, a]], 'pending')),
      // The quarter's export holds one more line of the order (added after January's export).
      textSource(
        'q1.csv',
        csv(
          [
            [0, { ...a, lines: [...a.lines, [3, 1, 200]] }],
            [1, b],
          ],
          'paid',
        ),
      ),
    ]);
    expect(figureWarnings(ds)).toEqual([
      '1 order is in more than one file (exports that overlap), e.g. 1000 of 2024-01-05 10:00 in q1.csv and january.csv: each is read from one file (the one with most of its lines), its 1 line in the others left out as duplicates',
    ]);
    expect(ds.report.revenue).toBe(7 + 2 + 10);
  });

  it('leave receipts numbered anew every day apart: one number on two days is two orders', async () => {
    const day = (d: number) => textSource(`day${d}.csv`, `${HEADER}\n1,C1,2024-03-0${d} 10:00,P1,1,2.00,paid\n2,C2,2024-03-0${d} 11:00,P2,1,3.00,paid\n`);
    const ds = await openDataset(sql, [day(1), day(2)]);
    expect(ds.canonical.overlappingFiles).toBeUndefined();
    expect(ds.report.rows_kept).toBe(4);
    expect(ds.report.removed.duplicate).toBe(0);
    expect(ds.report.revenue).toBe(10);
  });
});
