/**
 * RFM on data without an invoice column (customer, date, amount: R's rfm_table_order input, the
 * CDNOW sample): each line is one order, as R's rfm counts an order table's rows; lines of items
 * are parts of visits, a customer's purchases on one day, each visit one order. The CDNOW sample,
 * read as published, and random lines of items against the figures computed here from the text.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { computeRfm, guessedAmountWarnings, missingRoles, noInvoiceNote, openDataset, type SqlPort } from '../../../engine/src/index.ts';
import { MemorySource, openDb, textSource } from '../../helpers/engine.ts';
import { CDNOW_DIR, rawTransactions } from '../clv/cdnow.ts';

const DAY = 86_400_000;

describe('RFM without an invoice column', () => {
  let sql: SqlPort;
  beforeAll(async () => {
    sql = await openDb();
  });

  it('needs only a customer, a date and an amount', () => {
    expect(missingRoles({ customer: 'c', date: 'd', line_total: 't' }, 'rfm')).toEqual([]);
    expect(missingRoles({ customer: 'c', line_total: 't' }, 'rfm')).toEqual(['date']);
  });

  it('scores the CDNOW sample with each line one order, as computed from the file', async () => {
    const file = new MemorySource('CDNOW_sample.txt', new Uint8Array(readFileSync(`${CDNOW_DIR}CDNOW_sample.txt`)));
    await openDataset(sql, [file], { mapping: { customer: 'column1', date: 'column2', line_total: 'column4' } });
    const rfm = await computeRfm(sql);
    // The default cleaning drops the 8 lines of value 0 (non_positive_price).
    const expected = new Map<string, { f: number; m: number; last: string }>();
    for (const t of rawTransactions()) {
      if (t.value <= 0) continue;
      const e = expected.get(t.customer) ?? { f: 0, m: 0, last: '' };
      expected.set(t.customer, { f: e.f + 1, m: e.m + t.value, last: t.date.localeCompare(e.last) > 0 ? t.date : e.last });
    }
    expect(rfm.snapshot).toBe('1998-07-01');
    expect(rfm.customerIds.length).toBe(expected.size);
    rfm.customerIds.forEach((id, i) => {
      const e = expected.get(String(Number(id)))!;
      expect(rfm.frequency[i]).toBe(e.f);
      expect(rfm.monetary[i]).toBeCloseTo(e.m, 6);
      expect(rfm.recencyDays[i]).toBe((Date.parse('1998-07-01') - Date.parse(e.last)) / DAY);
    });
  });

  it('counts visits, a customer’s lines of one day, as orders when the lines are of items (property)', async () => {
    const line = fc.record({
      customer: fc.constantFrom('C1', 'C2', 'C3', 'C4'),
      day: fc.integer({ min: 1, max: 9 }),
      hour: fc.integer({ min: 8, max: 20 }),
      sku: fc.constantFrom('A1', 'B2', 'C3'),
      quantity: fc.integer({ min: 1, max: 4 }),
      price: fc.constantFrom(1.5, 2, 9.99),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 3, maxLength: 40 }), async (lines) => {
        const text = `CustomerID,InvoiceDate,StockCode,Quantity,UnitPrice\n${lines
          .map((l) => `${l.customer},2024-03-0${l.day} ${l.hour}:00,${l.sku},${l.quantity},${l.price}`)
          .join('\n')}\n`;
        const ds = await openDataset(sql, [textSource('lines.csv', text)]);
        expect(noInvoiceNote(ds.canonical.mapping.mapping)).toBe(
          "no invoice column: each visit, a customer's purchases on one day, counts as one order and is one basket",
        );
        const rfm = await computeRfm(sql);
        const days = new Map<string, Set<number>>();
        const spend = new Map<string, number>();
        for (const l of lines) {
          days.set(l.customer, (days.get(l.customer) ?? new Set()).add(l.day));
          spend.set(l.customer, (spend.get(l.customer) ?? 0) + l.quantity * l.price);
        }
        expect([...rfm.customerIds]).toEqual([...days.keys()].sort());
        rfm.customerIds.forEach((id, i) => {
          expect(rfm.frequency[i]).toBe(days.get(id)!.size);
          expect(rfm.monetary[i]).toBeCloseTo(spend.get(id)!, 6);
        });
      }),
      { numRuns: 10 },
    );
  });

  it('warns when revenue comes from columns guessed from their values, as the CDNOW sample’s without a header', async () => {
    const file = new MemorySource('CDNOW_sample.txt', new Uint8Array(readFileSync(`${CDNOW_DIR}CDNOW_sample.txt`)));
    const guessed = await openDataset(sql, [file], { mapping: { customer: 'column1' } });
    // The dollars grow with the CDs bought: guessed as the line's total, not a price per CD.
    expect(guessedAmountWarnings(guessed.canonical.mapping)).toEqual([
      'revenue comes from columns guessed from their values alone: line_total <- "column4" (confidence 30%); check them, or map the amount columns by hand',
    ]);
    const sum = (f: (t: ReturnType<typeof rawTransactions>[number]) => number) => rawTransactions().reduce((a, t) => a + (t.value > 0 ? f(t) : 0), 0);
    const total = async () => (await computeRfm(sql)).monetary.reduce((a, b) => a + b, 0);
    expect(await total()).toBeCloseTo(
      sum((t) => t.value),
      2,
    );
    // Mapped by hand as a price per CD, revenue is the CDs times the dollars (4.3 times the real one), as asked.
    await openDataset(sql, [file], { mapping: { customer: 'column1', unit_price: 'column4' } });
    expect(await total()).toBeCloseTo(
      sum((t) => t.cds * t.value),
      2,
    );
    const mapped = await openDataset(sql, [file], { mapping: { customer: 'column1', line_total: 'column4' } });
    expect(guessedAmountWarnings(mapped.canonical.mapping)).toEqual([]);
    expect(await total()).toBeCloseTo(
      sum((t) => t.value),
      2,
    );
    // A header naming the columns: no warning.
    await openDataset(sql, [textSource('o.csv', 'customer_id,order_date,revenue\nA,2024-01-02,10\n')]).then((ds) =>
      expect(guessedAmountWarnings(ds.canonical.mapping)).toEqual([]),
    );
  });

  it('counts two orders of one customer on one day as two', async () => {
    await openDataset(sql, [textSource('orders.csv', 'customer_id,order_date,revenue\nA,2024-01-02,10\nA,2024-01-02,5\nB,2024-01-03,7\n')]);
    const rfm = await computeRfm(sql);
    expect(rfm.customerIds).toEqual(['A', 'B']);
    expect(Array.from(rfm.frequency)).toEqual([2, 1]);
    expect(Array.from(rfm.monetary)).toEqual([15, 7]);
  });
});
