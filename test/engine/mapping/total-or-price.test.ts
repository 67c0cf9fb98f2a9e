/**
 * A money column whose header says nothing: a line's total grows in proportion to the quantity,
 * a unit price does not. As properties over made-up lines, and on real files read without their header: the
 * CDNOW sample's dollars are totals, Online Retail's UnitPrice a price.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { detectMapping, openDataset } from '../../../engine/src/index.ts';
import { isLineTotal } from '../../../engine/src/mapping/total-or-price.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

const money = (x: number) => x.toFixed(2);
/** Quantities as shops sell: mostly 1, some more; at least 50 above 1. */
const quantities = fc
  .array(fc.oneof(fc.constant(1), fc.constant(1), fc.integer({ min: 2, max: 24 })), { minLength: 200, maxLength: 600 })
  .filter((qs) => qs.filter((q) => q > 1).length >= 50);
/** Prices from 0.50 to 100 (spread evenly on the log scale), whatever the quantity. */
const prices = (n: number) => fc.array(fc.double({ min: Math.log(0.5), max: Math.log(100), noNaN: true }).map(Math.exp), { minLength: n, maxLength: n });

describe('a money column: line total or unit price', () => {
  it('property: prices that do not follow the quantity read as unit prices; the quantity times them as totals', () => {
    fc.assert(
      fc.property(
        quantities.chain((qs) => fc.tuple(fc.constant(qs), prices(qs.length))),
        ([qs, ps]) => {
          const q = qs.map(String);
          expect(isLineTotal(q, ps.map(money))).toBe(false);
          // Bulk buys of cheaper things (the price falling with the quantity): still prices.
          expect(
            isLineTotal(
              q,
              ps.map((p, i) => money(p / Math.sqrt(qs[i]!))),
            ),
          ).toBe(false);
          expect(
            isLineTotal(
              q,
              ps.map((p, i) => money(p * qs[i]!)),
            ),
          ).toBe(true);
          // Totals of prices that fall a little with the quantity: still totals.
          expect(
            isLineTotal(
              q,
              ps.map((p, i) => money(p * qs[i]! ** 0.8)),
            ),
          ).toBe(true);
        },
      ),
      { numRuns: 200, seed: 17 },
    );
  });

  it('needs 20 lines of several units before judging; empty and unreadable values are left out', () => {
    const qs = [...Array(19).fill('3'), ...Array(40).fill('1')];
    expect(
      isLineTotal(
        qs,
        qs.map((q) => money(Number(q) * 9.99)),
      ),
    ).toBe(false);
    const more = [...qs, '2', '', 'x'];
    expect(isLineTotal(more, [...qs.map((q) => money(Number(q) * 9.99)), '19.98', '5.00', '7.00'])).toBe(true);
  });

  it('the CDNOW sample without a header: its dollars are the line’s total; its revenue is theirs', async () => {
    const text = readFileSync(new URL('../../../../shared/data/cdnow/CDNOW_sample.txt', import.meta.url), 'utf8');
    const ds = await openDataset(await openDb(), [textSource('CDNOW_sample.txt', text)], { mapping: { customer: 'column1' } });
    expect(ds.canonical.mapping.mapping).toMatchObject({ quantity: 'column3', line_total: 'column4' });
    expect(ds.canonical.mapping.mapping.unit_price).toBeUndefined();
    const dollars = text
      .trim()
      .split('\n')
      .reduce((a, l) => a + Number(l.trim().split(/\s+/)[4]), 0);
    expect(ds.report.revenue).toBeCloseTo(dollars, 2);
  });

  it('property: beside a line total named by its header, money named by none is no unit price, whatever its values', async () => {
    // A till's export of no known layout: "Discounts" (mostly 0.00) beside "Gross sales".
    const sql = await openDb();
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 50, max: 5000 }), fc.boolean()), { minLength: 5, maxLength: 30 }),
        async (lines) => {
          const text = [
            'Receipt no,Date,Customer,Item,Quantity,Gross sales,Discounts',
            ...lines.map(
              ([q, cents, discounted], i) =>
                `R${i},2025-03-${String(1 + (i % 28)).padStart(2, '0')} 10:00,C${i % 3},Item ${i % 4},${q},${money((q * cents) / 100)},${discounted ? money(cents / 1000) : '0.00'}`,
            ),
          ].join('\n');
          const ds = await openDataset(sql, [textSource('till.csv', `${text}\n`)]);
          expect(ds.canonical.mapping.mapping.line_total).toBe('Gross sales');
          expect(ds.canonical.mapping.mapping.unit_price).toBeUndefined();
          expect(ds.report.removed.non_positive_price).toBe(0);
          expect(ds.report.rows_kept).toBe(lines.length);
          expect(ds.report.revenue).toBeCloseTo(
            lines.reduce((a, [q, cents]) => a + Number(money((q * cents) / 100)), 0),
            2,
          );
        },
      ),
      { numRuns: 15 },
    );
  });

  it('Online Retail without its header: UnitPrice stays a unit price', () => {
    const rows = readFileSync('/work/shared/data/online-retail/by-day/2010-12-01.csv', 'utf8').trim().split('\n').slice(1);
    const cols = rows.map((r) => r.split(','));
    // Quantity and UnitPrice, by their place in the file (descriptions may hold commas: counted from the end).
    const q = cols.map((c) => c[c.length - 5]!);
    const p = cols.map((c) => c[c.length - 3]!);
    expect(isLineTotal(q, p)).toBe(false);
    const m = detectMapping(['column3', 'column5'], { column3: q, column5: p });
    expect(m.mapping).toMatchObject({ quantity: 'column3', unit_price: 'column5' });
  });
});
