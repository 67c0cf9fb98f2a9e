/**
 * Discounts beside lines priced before them (discounts.ts): said with their total, the orders or
 * lines they are on and an example, over the orders that were sales; not said once the lines'
 * amounts come from the column after them. Expected figures are written here from the files.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { figureWarnings, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

interface Order {
  items: number;
  /** Cents off the order; 0 for none. */
  discount: number;
  cancelled: boolean;
}

const SHOPIFY = 'Name,Email,Financial Status,Created at,Lineitem quantity,Lineitem name,Lineitem price,Discount Amount,Cancelled at';

/** Shopify's layout: the order's fields (discount and cancellation too) on its first line only. */
function shopify(orders: readonly Order[]): string {
  const rows = orders.flatMap((o, i) =>
    Array.from({ length: o.items }, (_, k) =>
      k === 0
        ? `#${1001 + i},c${i % 5}@example.com,paid,2024-03-${String(1 + (i % 28)).padStart(2, '0')} 10:00:00 +0100,1,Mug,4.50,${(o.discount / 100).toFixed(2)},${o.cancelled ? '2024-03-29 10:00:00 +0100' : ''}`
        : `#${1001 + i},,,,1,Plate,12.00,,`,
    ),
  );
  return `${SHOPIFY}\n${rows.join('\n')}\n`;
}

const orders = fc.array(
  fc.record({ items: fc.integer({ min: 1, max: 3 }), discount: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 2000 })), cancelled: fc.boolean() }),
  { minLength: 1, maxLength: 12 },
);

const discountWarning = (w: readonly string[]) => w.filter((x) => x.startsWith('discounts of '));

describe('discounts not taken off', () => {
  it("Shopify's order discounts: their total over the orders that were sales, the first as the example", async () => {
    await fc.assert(
      fc.asyncProperty(orders, async (list) => {
        const ds = await openDataset(sql, [textSource('orders_export_1.csv', shopify(list))]);
        const on = list.flatMap((o, i) => (o.discount > 0 && !o.cancelled ? [i] : []));
        if (on.length === 0) {
          expect(ds.canonical.discounts).toBeUndefined();
          expect(discountWarning(figureWarnings(ds))).toEqual([]);
          return;
        }
        const total = on.reduce((a, i) => a + list[i]!.discount, 0) / 100;
        // The first such order's first line: the header, then the lines of the orders before it.
        const row = 2 + list.slice(0, on[0]).reduce((a, o) => a + o.items, 0);
        const n = on.length;
        expect(discountWarning(figureWarnings(ds))).toEqual([
          `discounts of ${total.toLocaleString('en-US', { minimumFractionDigits: 2 })} on ${n} order${n === 1 ? '' : 's'} ("Discount Amount") are not taken off: revenue and monetary values are before discounts, the export not saying how an order's discount splits over its lines; e.g. "${(list[on[0]!]!.discount / 100).toFixed(2)}" at orders_export_1.csv row ${row}`,
        ]);
      }),
      { numRuns: 15 },
    );
  });

  it("Square's line discounts, written negative with the currency: said until the line total is read from Net Sales", async () => {
    const header = 'Date,Time,Category,Item,Qty,SKU,Gross Sales,Discounts,Net Sales,Transaction ID,Customer ID';
    const lines = [
      '2024-03-01,10:00:00,Cups,Mug,2,M1,$9.00,-$1.00,$8.00,T1,C1',
      '2024-03-01,10:00:00,Plates,Plate,1,P1,$12.00,$0.00,$12.00,T1,C1',
      '2024-03-02,11:00:00,Cups,Mug,1,M1,$4.50,-$0.50,$4.00,T2,C2',
      '2024-03-03,12:00:00,Bowls,"Bowl, large",1,B1,"$1,250.00",-$250.00,"$1,000.00",T3,C1',
    ];
    const file = () => textSource('items-2024-03.csv', `${header}\n${lines.join('\n')}\n`);
    const gross = await openDataset(sql, [file()]);
    expect(discountWarning(figureWarnings(gross))).toEqual([
      'discounts of 251.50 on 3 lines ("Discounts") are not taken off: revenue and monetary values are before discounts; map the line total to "Net Sales" to read the lines after them (--map line_total="Net Sales"); e.g. "-$1.00" at items-2024-03.csv row 2',
    ]);
    const net = await openDataset(sql, [file()], { mapping: { line_total: 'Net Sales' } });
    expect(discountWarning(figureWarnings(net))).toEqual([]);
    const revenue = tableRows(await sql.query('SELECT sum(amount) AS r FROM lines'))[0]!.r;
    expect(revenue).toBe(1024);
  });

  it('a discount column the lines do not show the amounts are before says nothing', async () => {
    // No line total: whether the price is before the discount is not told.
    const ds = await openDataset(sql, [textSource('plain.csv', 'Invoice,Date,Customer,SKU,Qty,Price,Discount\n1,2024-03-01,C1,A,1,2.00,0.50\n')]);
    expect(ds.canonical.discounts).toBeUndefined();
  });

  interface Line {
    qty: number;
    /** Cents per unit, and cents off the line. */
    price: number;
    off: number;
    cancelled: boolean;
  }
  const lineList = fc.array(
    fc.record({
      qty: fc.integer({ min: 1, max: 4 }),
      price: fc.integer({ min: 100, max: 5000 }),
      off: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 99 })),
      cancelled: fc.boolean(),
    }),
    { minLength: 1, maxLength: 12 },
  );
  const money = (cents: number) => (cents / 100).toFixed(2);
  /** A shop's own export: its line total before the discount (`after` false) or after it, a status column. */
  function ownExport(list: readonly Line[], after: boolean): string {
    const rows = list.map(
      (l, i) =>
        `${1001 + i},c${i % 3},2024-03-${String(1 + (i % 28)).padStart(2, '0')},Mug ${i % 4},${l.qty},${money(l.price)},${money(l.off)},${money(l.qty * l.price - (after ? l.off : 0))},${l.cancelled ? 'Cancelled' : 'Completed'}`,
    );
    return `Invoice,Customer,Date,Item,Qty,Unit Price,Discount,Line Total,Status\n${rows.join('\n')}\n`;
  }

  it("an export's own discount column: said over the sales where the line totals are quantity × price, not where they are after it", async () => {
    await fc.assert(
      fc.asyncProperty(lineList, fc.boolean(), async (list, after) => {
        const ds = await openDataset(sql, [textSource('lines.csv', ownExport(list, after))]);
        const on = list.flatMap((l, i) => (l.off > 0 && !l.cancelled ? [i] : []));
        // Every discounted line (cancelled or not) tells the reading; the figures are over the sales.
        const told = !after && list.some((l) => l.off > 0);
        if (!told || on.length === 0) {
          expect(discountWarning(figureWarnings(ds))).toEqual([]);
          return;
        }
        const total = on.reduce((a, i) => a + list[i]!.off, 0) / 100;
        const n = on.length;
        expect(discountWarning(figureWarnings(ds))).toEqual([
          `discounts of ${total.toLocaleString('en-US', { minimumFractionDigits: 2 })} on ${n} line${n === 1 ? '' : 's'} ("Discount") are not taken off: revenue and monetary values are before discounts; e.g. "${money(list[on[0]!]!.off)}" at lines.csv row ${on[0]! + 2}`,
        ]);
      }),
      { numRuns: 15 },
    );
  });

  it('beside a gross and a discount, a net amount shown to be the one less the other is named to read instead; a rate is no amount off', async () => {
    const file = (header: string) =>
      textSource(
        'invoices.csv',
        `${header}\nI-1,ann,2024-03-01,Mug,2,10.00,20.00,2.00,18.00\nI-1,ann,2024-03-01,Bowl,1,15.00,15.00,0.00,15.00\nI-2,bob,2024-03-02,Plate,3,5.00,15.00,1.50,13.50\nI-3,ann,2024-03-09,Mug,1,10.00,10.00,0.00,10.00\n`,
      );
    const header = 'Invoice,Customer,Date,Item,Qty,Unit Price,Gross Amount,Discount,Net Amount';
    const gross = await openDataset(sql, [file(header)]);
    expect(gross.canonical.mapping.mapping.line_total).toBe('Gross Amount');
    expect(discountWarning(figureWarnings(gross))).toEqual([
      'discounts of 3.50 on 2 lines ("Discount") are not taken off: revenue and monetary values are before discounts; map the line total to "Net Amount" to read the lines after them (--map line_total="Net Amount"); e.g. "2.00" at invoices.csv row 2',
    ]);
    const net = await openDataset(sql, [file(header)], { mapping: { line_total: 'Net Amount' } });
    expect(discountWarning(figureWarnings(net))).toEqual([]);
    expect(tableRows(await sql.query('SELECT sum(amount) AS r FROM lines'))[0]!.r).toBe(56.5);
    // A net amount that is not the gross less the discount (before tax, say) is not named.
    const taxed = textSource('taxed.csv', `${header}\nI-1,ann,2024-03-01,Mug,2,10.00,20.00,2.00,15.00\nI-2,bob,2024-03-02,Plate,3,5.00,15.00,1.50,11.25\n`);
    expect(discountWarning(figureWarnings(await openDataset(sql, [taxed])))).toEqual([
      'discounts of 3.50 on 2 lines ("Discount") are not taken off: revenue and monetary values are before discounts; e.g. "2.00" at taxed.csv row 2',
    ]);
    // A rate, or an order's discount written on its lines, is no amount off each line.
    for (const rate of ['Discount %', 'Discount Rate', 'Rabattsatz', 'Order Discount', 'Total Discount']) {
      const ds = await openDataset(sql, [file(header.replace('Discount', rate))]);
      expect(ds.canonical.discounts, rate).toBeUndefined();
    }
  });
});
