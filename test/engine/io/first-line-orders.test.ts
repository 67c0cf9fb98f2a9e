/**
 * An export of no known layout that writes an order's number, date and customer on its first
 * line only (a report grouped by order, a spreadsheet's merged cells): its other lines take them
 * from the first, so every customer's figures are those of the same orders written on every line;
 * a row of a number alone (the order's subtotal) takes nothing. Said with the lines filled.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAnalysis, figureWarnings, loadData, scoreCustomers, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

/** An order: its customer, day of March 2025 and lines (quantity, price in cents). */
interface Order {
  customer: string;
  day: number;
  lines: [number, number][];
}

const HEADER = 'Invoice,Date,Customer,Item,Qty,Price,Total';

/** The export: order fields on every line, or on the first only; with a subtotal row after each order or not. */
function write(orders: readonly Order[], firstOnly: boolean, subtotals: boolean): string {
  const rows = orders.flatMap((o, k) => {
    const head = `I-${101 + k},2025-03-${String(o.day).padStart(2, '0')},${o.customer}`;
    const lines = o.lines.map(([q, c], i) => `${firstOnly && i > 0 ? ',,' : head},P${i},${q},${(c / 100).toFixed(2)},${((q * c) / 100).toFixed(2)}`);
    const sum = o.lines.reduce((a, [q, c]) => a + q * c, 0);
    return subtotals ? [...lines, `,,,,,,${(sum / 100).toFixed(2)}`] : lines;
  });
  return `${HEADER}\n${rows.join('\n')}\n`;
}

describe("an order's fields on its first line only", () => {
  it('are filled down to its lines: the figures of the same orders written on every line (property)', async () => {
    const order = fc.record({
      customer: fc.constantFrom('ann', 'bo', 'cy'),
      day: fc.integer({ min: 1, max: 28 }),
      lines: fc.array(fc.tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 50, max: 5000 })), { minLength: 1, maxLength: 4 }),
    });
    const orders = fc.array(order, { minLength: 1, maxLength: 10 }).filter((os) => os.filter((o) => o.lines.length > 1).length >= 2);
    await fc.assert(
      fc.asyncProperty(orders, fc.boolean(), fc.boolean(), async (os, subtotals, junkRule) => {
        const a = defaultAnalysis();
        if (!junkRule) a.cleaning.rules = a.cleaning.rules.filter((r) => r !== 'junk_description');
        const read = async (firstOnly: boolean) => {
          const ds = await loadData(sql, [textSource('orders.csv', write(os, firstOnly, subtotals))], a, { today: null });
          const scored = await scoreCustomers(sql, a);
          return { ds, rfm: { ids: scored.rfm.customerIds, f: [...scored.rfm.frequency], m: [...scored.rfm.monetary].map((v) => Math.round(v * 100)) } };
        };
        const every = await read(false);
        const first = await read(true);
        expect(first.rfm).toEqual(every.rfm);
        const later = os.reduce((n, o) => n + o.lines.length - 1, 0);
        expect(first.ds.canonical.firstLineOrders).toMatchObject({ columns: ['Invoice', 'Date', 'Customer'], lines: later });
        expect(every.ds.canonical.firstLineOrders).toBeUndefined();
        // Against the orders themselves.
        const by = new Map<string, { orders: number; cents: number }>();
        for (const o of os) {
          const e = by.get(o.customer) ?? { orders: 0, cents: 0 };
          by.set(o.customer, { orders: e.orders + 1, cents: e.cents + o.lines.reduce((s, [q, c]) => s + q * c, 0) });
        }
        const expected = [...by].sort(([x], [y]) => (x < y ? -1 : 1));
        expect(first.rfm).toEqual({ ids: expected.map(([c]) => c), f: expected.map(([, e]) => e.orders), m: expected.map(([, e]) => e.cents) });
      }),
      { numRuns: 20, seed: 20261207 },
    );
  });

  it('says so; lines without an order number but with their own date are not an order’s later lines', async () => {
    const csv = `${HEADER}\nI-1,2025-03-02,ann,Mug,2,10.00,20.00\n,,,Bowl,1,15.00,15.00\n,,,Cup,1,2.50,2.50\nI-2,2025-03-03,bo,Plate,3,5.00,15.00\n`;
    const ds = await loadData(sql, [textSource('report.csv', csv)], defaultAnalysis(), { today: null });
    expect(figureWarnings(ds)).toContain(
      '"Invoice", "Date" and "Customer" are written on each order\'s first line only: 2 lines below them (e.g. report.csv row 3) took them from their order\'s first line',
    );
    expect(ds.report.revenue).toBe(52.5);
    // A till's receipts without a number, each dated: sales of their own, nothing filled.
    const till = `${HEADER}\nI-1,2025-03-02,ann,Mug,2,10.00,20.00\n,2025-03-02,,Bowl,1,15.00,15.00\n,2025-03-03,,Cup,1,2.50,2.50\nI-2,2025-03-03,bo,Plate,3,5.00,15.00\n`;
    const own = await loadData(sql, [textSource('till.csv', till)], defaultAnalysis(), { today: null });
    expect(own.canonical.firstLineOrders).toBeUndefined();
    expect(own.report.removed.missing_customer).toBe(2);
  });
});
