import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { figureWarnings, openDataset, type SqlPort } from '../../../engine/src/index.ts';
import { inspectText } from '../../../engine/cli/inspect.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

/** An order's lines: quantity and unit price (cents), each line's amount their product. */
type Order = [quantity: number, cents: number][];

const HEADER = 'Order,Customer,Date,Product,Qty,Price,Total';

/** The export: `total` writes each line's Total from its order and line number. */
function file(orders: Order[], total: (order: Order, line: number) => string): string {
  const rows = orders.flatMap((o, k) =>
    o.map(([q, c], i) => `${1000 + k},c${k % 3},2023-01-${String((k % 28) + 1).padStart(2, '0')},P${i},${q},${(c / 100).toFixed(2)},${total(o, i)}`),
  );
  return `${HEADER}\n${rows.join('\n')}\n`;
}

const lineCents = ([q, c]: [number, number]) => q * c;
const orderCents = (o: Order) => o.reduce((a, l) => a + lineCents(l), 0);
const revenue = (orders: Order[]) => orders.reduce((a, o) => a + orderCents(o), 0) / 100;

/** Orders of 2-4 lines whose amounts differ, so each tells a line's total from the order's. */
const orders = fc.array(
  fc
    .array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 50, max: 5000 })), { minLength: 2, maxLength: 4 })
    .filter((o) => new Set(o.map(lineCents)).size > 1),
  { minLength: 2, maxLength: 12 },
);

describe('a total column holding orders’ totals', () => {
  it('is set aside, whether on every line or on the first only, and quantity × unit price gives the amounts (property)', async () => {
    await fc.assert(
      fc.asyncProperty(orders, fc.boolean(), async (os, everyLine) => {
        const text = file(os, (o, i) => (everyLine || i === 0 ? (orderCents(o) / 100).toFixed(2) : ''));
        const ds = await openDataset(sql, [textSource('orders.csv', text)]);
        expect(ds.canonical.mapping.mapping.line_total).toBeUndefined();
        expect(ds.canonical.orderTotals).toMatchObject({
          column: 'Total',
          orders: os.length,
          of: os.length,
          example: { invoice: '1000', file: 'orders.csv', row: 2 },
        });
        expect(ds.report.revenue).toBeCloseTo(revenue(os), 6);
        // Neither counted as empty values of a role nor checked for parsing.
        expect(ds.canonical.nulls.line_total).toBeUndefined();
      }),
      { numRuns: 20, seed: 20261205 },
    );
  });

  it('is kept where it is each line’s own amount, discounted or not (property)', async () => {
    await fc.assert(
      fc.asyncProperty(orders, fc.integer({ min: 0, max: 30 }), async (os, discount) => {
        // Each line's amount in whole cents, after its discount in percent.
        const discounted = (l: [number, number]) => Math.round((lineCents(l) * (100 - discount)) / 100);
        const text = file(os, (o, i) => (discounted(o[i]!) / 100).toFixed(2));
        const ds = await openDataset(sql, [textSource('lines.csv', text)]);
        expect(ds.canonical.mapping.mapping.line_total).toBe('Total');
        expect(ds.canonical.orderTotals).toBeUndefined();
        const expected = os.reduce((a, o) => a + o.reduce((b, l) => b + discounted(l), 0), 0) / 100;
        expect(ds.report.revenue).toBeCloseTo(expected, 6);
      }),
      { numRuns: 20, seed: 20261205 },
    );
  });

  it('says so with the counts and an example, and uses the column when mapped by hand', async () => {
    const os: Order[] = [
      [
        [2, 350],
        [1, 2000],
      ],
      [
        [3, 200],
        [1, 400],
      ],
      [[1, 200]],
    ];
    const text = file(os, (o) => (orderCents(o) / 100).toFixed(2));
    const ds = await openDataset(sql, [textSource('ot.csv', text)]);
    const warning =
      '"Total" holds each order\'s total, not its line\'s: alike on every line (or on the first only) of 2 of 2 orders with several products, e.g. order 1000 at ot.csv row 2; each line\'s amount is its quantity × unit price instead (map line_total to "Total" to use it)';
    expect(figureWarnings(ds)).toContain(warning);
    expect(inspectText(ds)).toContain(`warning: ${warning}`);
    expect(inspectText(ds)).toContain('unmapped: Total');
    expect(ds.report.revenue).toBe(39);
    const chosen = await openDataset(sql, [textSource('ot.csv', text)], { mapping: { line_total: 'Total' } });
    expect(chosen.canonical.orderTotals).toBeUndefined();
    expect(chosen.report.revenue).toBe(27 + 27 + 10 + 10 + 2);
  });
});
