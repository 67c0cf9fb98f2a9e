/**
 * The one money column of a file, named a price or a total, read by its products sold in several
 * quantities: a "Price" that grows with the quantity holds each line's total (multiplied by the
 * quantity again it would count a line of 3 nine times); an "Amount" alike whatever the quantity
 * is a unit price. Said with counts and an example; mapped by hand, read as chosen.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { detectMapping, figureWarnings, openDataset, type SqlPort } from '../../../engine/src/index.ts';
import { moneyPerProduct } from '../../../engine/src/mapping/total-or-price.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

/** Lines of products at fixed unit prices (cents), each with a quantity. */
const lines = fc
  .tuple(
    fc.uniqueArray(fc.integer({ min: 25, max: 9999 }), { minLength: 3, maxLength: 8 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 1, max: 6 })), { minLength: 12, maxLength: 60 }),
  )
  .map(([prices, picks]) => picks.map(([p, q]) => ({ product: `P${p % prices.length}`, cents: prices[p % prices.length]!, q })));

/** The file's money per line: the unit price or the line's total. */
const written = (l: { cents: number; q: number }, as: 'price' | 'total') => ((as === 'price' ? l.cents : l.cents * l.q) / 100).toFixed(2);

describe('a money column read by its products', () => {
  it('tells a unit price from a line total where products sold in several quantities say so (property)', () => {
    fc.assert(
      fc.property(lines, fc.constantFrom('price' as const, 'total' as const), (ls, as) => {
        const telling = new Set(ls.map((l) => l.product).filter((p) => new Set(ls.filter((l) => l.product === p).map((l) => l.q)).size > 1)).size;
        const read = moneyPerProduct(
          ls.map((l) => String(l.q)),
          ls.map((l) => written(l, as)),
          ls.map((l) => l.product),
        );
        if (telling < 3) expect(read).toBeUndefined();
        else expect(read).toMatchObject({ reads: as, products: telling, of: telling });
      }),
      { numRuns: 200, seed: 20261206 },
    );
  });

  it('tells nothing from prices that change (discounts, price rises) nor from lines of one quantity', () => {
    const q = ['1', '2', '3', '1', '2', '3', '1', '2', '3'];
    const item = ['A', 'A', 'A', 'B', 'B', 'B', 'C', 'C', 'C'];
    expect(moneyPerProduct(q, ['5.00', '9.00', '14.50', '3.00', '5.00', '8.00', '2.00', '4.50', '5.00'], item)).toBeUndefined();
    expect(moneyPerProduct(['1', '1', '1', '1'], ['5.00', '5.00', '3.00', '2.00'], ['A', 'A', 'B', 'C'])).toBeUndefined();
  });

  it('reads a "Price" holding line totals as the line total, an "Amount" holding unit prices as the unit price: figures right, said; by hand as chosen', async () => {
    const ls = [
      ['Mug', 1200, 1],
      ['Mug', 1200, 3],
      ['Bowl', 950, 2],
      ['Bowl', 950, 1],
      ['Plate', 725, 4],
      ['Plate', 725, 1],
      ['Cup', 400, 2],
    ] as const;
    const revenue = ls.reduce((a, [, c, q]) => a + c * q, 0) / 100;
    const file = (money: string, as: 'price' | 'total') =>
      `Order,Customer,Date,Product,Qty,${money}\n${ls.map(([p, c, q], i) => `${100 + i},c${i % 3},2024-03-0${1 + i},${p},${q},${written({ cents: c, q }, as)}`).join('\n')}\n`;

    const totals = await openDataset(sql, [textSource('sales.csv', file('Price', 'total'))]);
    expect(totals.canonical.mapping.mapping).toMatchObject({ line_total: 'Price' });
    expect(totals.canonical.mapping.mapping.unit_price).toBeUndefined();
    expect(totals.report.revenue).toBeCloseTo(revenue, 6);
    expect(figureWarnings(totals)).toContain(
      '"Price" holds each line\'s total, not a unit price: it grows with the quantity for 3 of 3 products sold in several quantities (e.g. "Mug": 1 for 12.00, 3 for 36.00); it is read as the line total (map unit_price to "Price" by hand to read it as its header says)',
    );

    const prices = await openDataset(sql, [textSource('sales.csv', file('Amount', 'price'))]);
    expect(prices.canonical.mapping.mapping).toMatchObject({ unit_price: 'Amount' });
    expect(prices.report.revenue).toBeCloseTo(revenue, 6);
    expect(figureWarnings(prices).join('\n')).toContain('"Amount" holds a unit price, not each line\'s total: it stays alike whatever the quantity');

    // Named as it holds: nothing said.
    const plain = await openDataset(sql, [textSource('sales.csv', file('Unit Price', 'price'))]);
    expect(plain.canonical.mapping.moneyRead).toBeUndefined();
    expect(plain.report.revenue).toBeCloseTo(revenue, 6);

    // By hand, as chosen: the quantity multiplies the "Price" again.
    const chosen = detectMapping(
      ['Order', 'Customer', 'Date', 'Product', 'Qty', 'Price'],
      {
        Qty: ['1', '3', '2', '1', '4', '1'],
        Price: ['12.00', '36.00', '19.00', '9.50', '29.00', '7.25'],
        Product: ['Mug', 'Mug', 'Bowl', 'Bowl', 'Plate', 'Plate'],
      },
      { unit_price: 'Price' },
    );
    expect(chosen.mapping.unit_price).toBe('Price');
    expect(chosen.moneyRead).toBeUndefined();
  });
});
