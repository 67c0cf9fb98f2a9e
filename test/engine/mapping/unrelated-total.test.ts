/**
 * A column headed as a total whose values are not the lines' amounts (unrelated-total.ts): set
 * aside, with quantity × price the lines' amounts, and said; never a total that is the line's
 * with a tax, after a discount or in another currency. Expected figures are computed here from
 * the generated lines.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectMapping, figureWarnings, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

interface Line {
  qty: number;
  /** Cents per unit. */
  price: number;
}

const lineList = fc.array(fc.record({ qty: fc.integer({ min: 1, max: 5 }), price: fc.integer({ min: 50, max: 9000 }) }), { minLength: 8, maxLength: 40 });
const money = (x: number) => x.toFixed(2);

/** The mapping's sample of the lines, with `total` the total column's value of line i. */
function sample(list: readonly Line[], header: string, total: (l: Line, i: number) => number) {
  return {
    Invoice: list.map((_, i) => String(1001 + i)),
    Date: list.map((_, i) => `2024-03-${String(1 + (i % 28)).padStart(2, '0')}`),
    Customer: list.map((_, i) => `C${i % 4}`),
    Qty: list.map((l) => String(l.qty)),
    Price: list.map((l) => money(l.price / 100)),
    [header]: list.map((l, i) => money(total(l, i))),
  };
}

describe('a total that is not the lines’ amounts', () => {
  it('a line’s total with a tax, after a discount or in another currency is always read', () => {
    const kind = fc.oneof(
      fc.record({ tax: fc.constantFrom(1, 1.07, 1.19, 1.2, 1.27) }).map(
        ({ tax }) =>
          () =>
            tax,
      ),
      fc.constant(() => 1),
      fc.array(fc.constantFrom(1, 0.95, 0.9, 0.8, 0.5), { minLength: 40, maxLength: 40 }).map((off) => (i: number) => off[i]!),
      fc.constantFrom(0.86, 145.3, 1.6).map((rate) => () => rate),
    );
    fc.assert(
      fc.property(lineList, kind, (list, factor) => {
        const s = sample(list, 'Total', (l, i) => (l.qty * l.price * factor(i)) / 100);
        const m = detectMapping(Object.keys(s), s);
        expect(m.mapping.line_total).toBe('Total');
        expect(m.unrelatedTotal).toBeUndefined();
      }),
      { numRuns: 200 },
    );
  });

  it('a running total, a target or last year’s sales is set aside: revenue is quantity × price, and that is said', async () => {
    const list: Line[] = [3, 1, 2, 4, 1, 2, 1, 3, 2, 1].map((qty, i) => ({ qty, price: [1000, 500, 1250, 399, 2000][i % 5]! }));
    const amounts = list.map((l) => (l.qty * l.price) / 100);
    const expected = amounts.reduce((a, b) => a + b, 0);
    let run = 0;
    const cases: [string, (l: Line, i: number) => number][] = [
      ['Running Total', (_, i) => (run = i === 0 ? amounts[0]! : run + amounts[i]!)],
      ['Target', (_, i) => [100, 150, 250, 400][i % 4]!],
      ['Last Year', (_, i) => amounts[i]! * [1.8, 2.6, 0.4, 3.1, 1.5, 2.2, 0.7, 4.4, 1.9, 2.9][i]!],
    ];
    for (const [header, total] of cases) {
      const s = sample(list, header, total);
      const csv = `Invoice,Date,Customer,Item,Qty,Price,Total\n${list
        .map((l, i) => `${s.Invoice[i]},${s.Date[i]},${s.Customer[i]},Mug,${l.qty},${s.Price[i]},${s[header]![i]}`)
        .join('\n')}\n`;
      const ds = await openDataset(sql, [textSource('lines.csv', csv)]);
      expect(ds.canonical.mapping.mapping.line_total, header).toBeUndefined();
      expect(tableRows(await sql.query('SELECT round(sum(amount), 2) AS r FROM lines'))[0]!.r).toBeCloseTo(expected, 2);
      const said = figureWarnings(ds).filter((w) => w.startsWith('"Total" is not read as'));
      expect(said, header).toHaveLength(1);
      expect(said[0]).toMatch(/the lines' amounts are "Qty" × "Price" \(map line_total to "Total" by hand to read it\)$/);
      // Mapped by hand, it is read as chosen.
      const chosen = await openDataset(sql, [textSource('lines.csv', csv)], { mapping: { line_total: 'Total' } });
      expect(chosen.canonical.mapping.mapping.line_total).toBe('Total');
      expect(figureWarnings(chosen).filter((w) => w.startsWith('"Total" is not read as'))).toEqual([]);
    }
  });

  it('an order’s total alike on its every line, or on its first only, is left to the order totals’ check', () => {
    const list: Line[] = Array.from({ length: 36 }, (_, i) => ({ qty: 1 + ((i * 7) % 5), price: [1000, 500, 1250, 399, 2000, 750, 120][(i * 3) % 7]! }));
    const s = sample(list, 'Total', () => 0);
    // Three lines an order, the order's total on each.
    s.Invoice = list.map((_, i) => String(1001 + Math.floor(i / 3)));
    s.Total = list.map((_, i) => {
      const first = 3 * Math.floor(i / 3);
      return money(list.slice(first, first + 3).reduce((a, l) => a + l.qty * l.price, 0) / 100);
    });
    expect(detectMapping(Object.keys(s), s).unrelatedTotal).toBeUndefined();
    // Or on its first line only.
    const firstOnly = { ...s, Total: s.Total.map((v, i) => (i % 3 === 0 ? v : '')) };
    expect(detectMapping(Object.keys(firstOnly), firstOnly).unrelatedTotal).toBeUndefined();
  });

  it('an "Amount" of whole units below the price, beside no quantity, is read as the quantity: revenue is units × price, and that is said', async () => {
    const list: Line[] = [2, 3, 1, 1, 4, 2, 6, 1].map((qty, i) => ({ qty, price: [1000, 550, 1000, 1200, 1200, 799, 450, 2500][i]! }));
    const csv = `Order,Customer,Date,Product,Amount,Price\n${list
      .map((l, i) => `${i + 1},C${i % 3},2024-03-${String(1 + i).padStart(2, '0')},P${i % 4},${l.qty},${money(l.price / 100)}`)
      .join('\n')}\n`;
    const ds = await openDataset(sql, [textSource('amounts.csv', csv)]);
    expect(ds.canonical.mapping.mapping).toMatchObject({ quantity: 'Amount', unit_price: 'Price' });
    expect(ds.canonical.mapping.mapping.line_total).toBeUndefined();
    const expected = list.reduce((a, l) => a + l.qty * l.price, 0) / 100;
    expect(tableRows(await sql.query('SELECT round(sum(amount), 2) AS r FROM lines'))[0]!.r).toBeCloseTo(expected, 2);
    expect(figureWarnings(ds).filter((w) => w.startsWith('"Amount" is read as the quantity'))).toEqual([
      '"Amount" is read as the quantity, not the lines\' total: its sampled values are whole numbers, below the unit price on 7 of 8 lines (e.g. 2 beside 10.00), and no line\'s total is below its price; the lines\' amounts are quantity × price (map line_total to "Amount" by hand to read it as a total)',
    ]);
    const chosen = await openDataset(sql, [textSource('amounts.csv', csv)], { mapping: { line_total: 'Amount' } });
    expect(chosen.canonical.mapping.mapping.line_total).toBe('Amount');
  });

  it('a line total in money, or beside a quantity, is never read as a count', () => {
    fc.assert(
      fc.property(lineList, (list) => {
        // Totals of quantity × price: never below the price.
        const s = sample(list, 'Amount', (l) => (l.qty * l.price) / 100);
        const { Qty: _, ...noQuantity } = s;
        expect(detectMapping(Object.keys(noQuantity), noQuantity).countAsTotal).toBeUndefined();
        // Whole numbers below the price, but a quantity beside them: not a count read for it.
        const counts = { ...s, Amount: list.map((l) => String(l.qty)) };
        expect(detectMapping(Object.keys(counts), counts).countAsTotal).toBeUndefined();
      }),
      { numRuns: 100 },
    );
  });
});
