/**
 * Units returned or cancelled in a column of their own (returned-units.ts): said with the units,
 * the lines holding them and the first as an example; nothing is taken off. Expected figures are
 * written here from the files.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { figureWarnings, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const said = (w: readonly string[]) => w.filter((x) => / holds [\d,]+ units? (returned|cancelled) on /.test(x));
const revenue = async () => Number(tableRows(await sql.query('SELECT sum(quantity * unit_price) AS r FROM lines'))[0]!.r);

describe('units returned in a column of their own', () => {
  it('are said with their units, lines and first line, and revenue still counts them (property)', async () => {
    // Per line: units sold and units returned, written as a number, its negative, or left blank when 0.
    const line = fc.record({ sold: fc.integer({ min: 1, max: 6 }), back: fc.integer({ min: 0, max: 3 }), how: fc.constantFrom('plain', 'negative', 'blank') });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 12 }), async (lines) => {
        const written = (l: (typeof lines)[number]) =>
          l.back === 0 && l.how === 'blank' ? '' : l.how === 'negative' && l.back > 0 ? `-${l.back}` : String(l.back);
        const rows = lines.map((l, i) => `${1001 + i},c${i % 3},2025-03-${String(1 + i).padStart(2, '0')},A${i % 4},Mug,${l.sold},${written(l)},2.50`);
        const ds = await openDataset(sql, [textSource('sales.csv', `Order,Customer,Date,SKU,Product,Qty,Qty Returned,Price\n${rows.join('\n')}\n`)]);
        const w = said(figureWarnings(ds));
        const on = lines.flatMap((l, i) => (l.back > 0 ? [i] : []));
        expect(await revenue()).toBeCloseTo(
          lines.reduce((s, l) => s + l.sold * 2.5, 0),
          6,
        );
        if (on.length === 0) {
          expect(w).toEqual([]);
          return;
        }
        const units = on.reduce((s, i) => s + lines[i]!.back, 0);
        const first = on[0]!;
        expect(w).toEqual([
          `"Qty Returned" holds ${units} ${units === 1 ? 'unit' : 'units'} returned on ${on.length} ${on.length === 1 ? 'line' : 'lines'}, not taken off the lines' quantities: ` +
            `revenue and monetary values count them as sold (returns are read from negative lines only); e.g. "${written(lines[first]!)}" at sales.csv row ${first + 2}`,
        ]);
      }),
      { numRuns: 25, seed: 20261207 },
    );
  });

  it("Magento's refunded and cancelled units are each said", async () => {
    const text = [
      'order_id,customer_email,created_at,sku,name,qty_ordered,qty_refunded,qty_canceled,price',
      '1001,a@example.com,2025-03-01,A1,Mug,2,1,0,5.00',
      '1002,b@example.com,2025-03-02,A2,Plate,3,0,2,8.00',
      '1003,a@example.com,2025-03-04,A2,Plate,1,0,1,8.00',
    ].join('\n');
    const ds = await openDataset(sql, [textSource('sales_order_item.csv', `${text}\n`)]);
    expect(ds.canonical.mapping.mapping.quantity).toBe('qty_ordered');
    expect(said(figureWarnings(ds))).toEqual([
      `"qty_refunded" holds 1 unit returned on 1 line, not taken off the lines' quantities: revenue and monetary values count them as sold (returns are read from negative lines only); e.g. "1" at sales_order_item.csv row 2`,
      `"qty_canceled" holds 3 units cancelled on 2 lines, not taken off the lines' quantities: revenue and monetary values count them as sold (cancellations are read from negative lines and order statuses only); e.g. "2" at sales_order_item.csv row 3`,
    ]);
  });

  it('are not read from a reason, an amount, a date, a flag, words, zeros or a policy', async () => {
    const text = [
      'Order,Customer,Date,SKU,Qty,Price,Return Reason,Refund Amount,Return Date,Returned,Returned Items,Return Qty,Returnable Qty',
      '1001,c1,2025-03-01,A1,2,5.00,Too small,5.00,2025-03-09,yes,Mug,0,2',
      '1002,c2,2025-03-02,A2,1,8.00,,,,no,,0,1',
      '1003,c1,2025-03-04,A2,1,8.00,Broken,8.00,2025-03-10,yes,Plate,,0',
    ].join('\n');
    const ds = await openDataset(sql, [textSource('sales.csv', `${text}\n`)]);
    expect(ds.canonical.returnedUnits).toBeUndefined();
  });
});
