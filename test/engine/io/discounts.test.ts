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

  it('a layout without a discount column says nothing of discounts', async () => {
    const ds = await openDataset(sql, [textSource('plain.csv', 'Invoice,Date,Customer,SKU,Qty,Price,Discount\n1,2024-03-01,C1,A,1,2.00,0.50\n')]);
    expect(ds.canonical.discounts).toBeUndefined();
  });
});
