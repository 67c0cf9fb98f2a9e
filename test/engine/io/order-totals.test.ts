import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeRfm, figureWarnings, openDataset, type SqlPort } from '../../../engine/src/index.ts';
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

  it('is told by a short file’s one order of several products where it covers their amounts summed (with its delivery or not), not where it is less', async () => {
    // A shop's first days (the order's "Subtotal" on each line): one order of two products, 2 × 10.00 and 1 × 15.00.
    const os: Order[] = [
      [
        [2, 1000],
        [1, 1500],
      ],
      [[1, 700]],
    ];
    const open = (total: (o: Order) => string) => openDataset(sql, [textSource('short.csv', file(os, total))]);
    const summed = await open((o) => (orderCents(o) / 100).toFixed(2));
    expect(summed.canonical.mapping.mapping.line_total).toBeUndefined();
    expect(summed.canonical.orderTotals).toMatchObject({ column: 'Total', orders: 1, of: 1 });
    expect(figureWarnings(summed)).toContain(
      '"Total" holds each order\'s total, not its line\'s: alike on every line (or on the first only) of 1 of 1 orders with several products, e.g. order 1000 at short.csv row 2; each line\'s amount is its quantity × unit price instead (map line_total to "Total" to use it)',
    );
    expect(summed.report.revenue).toBe(20 + 15 + 7);
    // With its delivery (a "Total" of products and delivery): the order's all the same.
    const delivered = await open((o) => ((orderCents(o) + 990) / 100).toFixed(2));
    expect(delivered.canonical.orderTotals).toMatchObject({ column: 'Total', orders: 1, of: 1 });
    expect(delivered.report.revenue).toBe(20 + 15 + 7);
    // Alike on both lines but below their sum: no order's total, and one order is too few to tell otherwise.
    const less = await open(() => '12.00');
    expect(less.canonical.orderTotals).toBeUndefined();
    expect(less.canonical.mapping.mapping.line_total).toBe('Total');
  });

  it('under a header naming the order’s amount, told by orders whose lines’ amounts are alike too, or by its header alone', async () => {
    // Ecwid-like order lines: order 101's two lines are 24.00 each, its total (with shipping) 52.00 on both.
    const header = 'order_number,order_total,order_date,customer_email,product_sku,product_price,product_quantity';
    const lines = [
      '101,52.00,2024-02-01 10:00:00,ann@example.com,MUG-1,12.00,2',
      '101,52.00,2024-02-01 10:00:00,ann@example.com,BWL-2,24.00,1',
      '102,34.00,2024-02-03 12:00:00,bo@example.com,PLT-3,10.00,3',
      '103,16.00,2024-02-09 09:00:00,ann@example.com,MUG-1,12.00,1',
    ];
    const ds = await openDataset(sql, [textSource('ecwid.csv', `${header}\n${lines.join('\n')}\n`)]);
    expect(ds.canonical.mapping.mapping.line_total).toBeUndefined();
    expect(figureWarnings(ds)).toContain(
      '"order_total" holds each order\'s total, not its line\'s: alike on every line (or on the first only) of 1 of 1 orders with several lines, e.g. order 101 at ecwid.csv row 2; each line\'s amount is its quantity × unit price instead (map line_total to "order_total" to use it)',
    );
    expect(ds.report.revenue).toBe(24 + 24 + 30 + 12);
    // No order of several lines: the header is taken at its word.
    const single = await openDataset(sql, [textSource('one.csv', `${header}\n${lines.slice(2).join('\n')}\n`)]);
    expect(single.canonical.mapping.mapping.line_total).toBeUndefined();
    expect(figureWarnings(single)).toContain(
      '"order_total" names each order\'s total, not its line\'s, and no order of several lines tells otherwise; each line\'s amount is its quantity × unit price instead (map line_total to "order_total" to use it)',
    );
    expect(single.report.revenue).toBe(42);
    // Differing between an order's lines, it is each line's amount whatever its header says.
    const perLine = lines.map((l) => l.replace(/^101,52\.00,(.*),12\.00,2$/, '101,20.00,$1,12.00,2'));
    const kept = await openDataset(sql, [textSource('lines.csv', `${header}\n${perLine.join('\n')}\n`)]);
    expect(kept.canonical.mapping.mapping.line_total).toBe('order_total');
    expect(kept.canonical.orderTotals).toBeUndefined();
    expect(kept.report.revenue).toBe(20 + 52 + 34 + 16);
  });
});

describe('an order’s total on its every line, without quantity and unit price', () => {
  /** Orders of 2-4 products, their amounts in cents, and the customer of each. */
  const priced = fc.array(fc.array(fc.integer({ min: 50, max: 5000 }), { minLength: 2, maxLength: 4 }), { minLength: 2, maxLength: 12 });
  const sum = (o: number[]) => o.reduce((a, c) => a + c, 0);
  /** `header`'s last column written per line by `total`. */
  const export_ = (header: string, os: number[][], total: (o: number[], line: number) => string) =>
    `${header}\n${os
      .flatMap((o, k) => o.map((_, i) => `${1000 + k},c${k % 3},2023-01-${String((k % 28) + 1).padStart(2, '0')},P${i},${total(o, i)}`))
      .join('\n')}\n`;
  /** Per customer from the orders: their orders' totals in cents, and how many. */
  const byCustomer = (os: number[][]) => {
    const by = new Map<string, { cents: number; orders: number }>();
    os.forEach((o, k) => {
      const e = by.get(`c${k % 3}`) ?? { cents: 0, orders: 0 };
      by.set(`c${k % 3}`, { cents: e.cents + sum(o), orders: e.orders + 1 });
    });
    return [...by].sort(([a], [b]) => (a < b ? -1 : 1));
  };

  it('counts once per order, split evenly over its lines; on the first line only it already does (property)', async () => {
    await fc.assert(
      fc.asyncProperty(priced, fc.boolean(), async (os, everyLine) => {
        const text = export_('Order,Customer,Date,Product,Order Total', os, (o, i) => (everyLine || i === 0 ? (sum(o) / 100).toFixed(2) : ''));
        const ds = await openDataset(sql, [textSource('orders.csv', text)]);
        expect(ds.canonical.mapping.mapping.line_total).toBe('Order Total');
        if (everyLine) expect(ds.canonical.orderTotals).toMatchObject({ column: 'Order Total', orders: os.length, of: os.length, split: true });
        else expect(ds.canonical.orderTotals).toBeUndefined();
        expect(ds.report.revenue).toBeCloseTo(os.reduce((a, o) => a + sum(o), 0) / 100, 6);
        const expected = byCustomer(os);
        const rfm = await computeRfm(sql);
        expect(rfm.customerIds).toEqual(expected.map(([c]) => c));
        expect([...rfm.frequency]).toEqual(expected.map(([, e]) => e.orders));
        expect([...rfm.monetary].map((m) => Math.round(m * 100))).toEqual(expected.map(([, e]) => e.cents));
        // Each line its even share of the order.
        const lines = (await sql.query('SELECT line_total FROM lines ORDER BY row_id')).toArray().map((r) => r.line_total as number | null);
        if (everyLine) expect(lines).toEqual(os.flatMap((o) => o.map(() => sum(o) / 100 / o.length)));
      }),
      { numRuns: 20, seed: 20261206 },
    );
  });

  it('is kept where each line has its own amount (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        priced.filter((os) => os.every((o) => new Set(o).size > 1)),
        async (os) => {
          const ds = await openDataset(sql, [
            textSource(
              'lines.csv',
              export_('Order,Customer,Date,Product,Order Total', os, (o, i) => (o[i]! / 100).toFixed(2)),
            ),
          ]);
          expect(ds.canonical.orderTotals).toBeUndefined();
          expect(ds.report.revenue).toBeCloseTo(os.reduce((a, o) => a + sum(o), 0) / 100, 6);
        },
      ),
      { numRuns: 20, seed: 20261206 },
    );
  });

  it('says so; a bare "Total" needs five such orders; one price for everything, or instalments without products, are no order totals; mapped by hand, counted on every line', async () => {
    const os = [
      [1200, 2400, 1200],
      [1200, 3000],
      [900, 900],
    ];
    const text = export_('Order,Customer,Date,Product,Order Total', os, (o) => (sum(o) / 100).toFixed(2));
    const ds = await openDataset(sql, [textSource('ot.csv', text)]);
    const warning =
      '"Order Total" holds each order\'s total, not its line\'s: alike on every line of 3 of 3 orders with several products, e.g. order 1000 at ot.csv row 2; each order counts it once, split evenly over its lines (a product\'s revenue is its share); map line_total to "Order Total" by hand to count it on every line';
    expect(figureWarnings(ds)).toContain(warning);
    expect(inspectText(ds)).toContain(`warning: ${warning}`);
    expect(ds.report.revenue).toBe(48 + 42 + 18);
    const chosen = await openDataset(sql, [textSource('ot.csv', text)], { mapping: { line_total: 'Order Total' } });
    expect(chosen.canonical.orderTotals).toBeUndefined();
    expect(chosen.report.revenue).toBe(48 * 3 + 42 * 2 + 18 * 2);

    // A bare "Total": three orders do not tell, five do.
    const bare = (n: number) => export_('Order,Customer,Date,Product,Total', [...os, ...os, ...os].slice(0, n), (o) => (sum(o) / 100).toFixed(2));
    expect((await openDataset(sql, [textSource('t.csv', bare(3))])).canonical.orderTotals).toBeUndefined();
    expect((await openDataset(sql, [textSource('t.csv', bare(5))])).canonical.orderTotals).toMatchObject({ orders: 5, of: 5, split: true });

    // Everything at 2.50: alike on every line of every order, but a price, not an order's total.
    const onePrice = export_(
      'Receipt,Customer,Date,Product,Receipt Amount',
      [
        [250, 250],
        [250, 250, 250],
        [250, 250],
      ],
      () => '2.50',
    );
    const single = await openDataset(sql, [textSource('till.csv', onePrice)]);
    expect(single.canonical.orderTotals).toBeUndefined();
    expect(single.report.revenue).toBe(2.5 * 7);

    // With quantities, a line exported twice is a duplicate, left out: it takes no share of its order's total.
    const twice = await openDataset(sql, [
      textSource(
        'dup.csv',
        'Order,Customer,Date,Product,Qty,Order Total\n1001,ann,2024-05-01,Mug,2,36.00\n1001,ann,2024-05-01,Bowl,1,36.00\n1001,ann,2024-05-01,Bowl,1,36.00\n1002,bo,2024-05-02,Mug,3,30.00\n1002,bo,2024-05-02,Plate,1,30.00\n',
      ),
    ]);
    expect(twice.canonical.orderTotals).toMatchObject({ split: true });
    expect(twice.report.removed.duplicate).toBe(1);
    expect(twice.report.revenue).toBe(66);

    // Without products, an invoice's rows may be its instalments, equal ones too: each counts.
    const instalments =
      'Invoice,Customer,Date,Amount\n' +
      [1, 2, 3, 4, 5, 6].map((k) => `INV${k},c${k},2023-01-0${k},50.00\nINV${k},c${k},2023-02-0${k},50.00`).join('\n') +
      '\n';
    const paid = await openDataset(sql, [textSource('payments.csv', instalments)]);
    expect(paid.canonical.orderTotals).toBeUndefined();
    expect(paid.report.revenue).toBe(600);
  });
});
