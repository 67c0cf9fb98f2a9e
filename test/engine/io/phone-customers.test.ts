/**
 * A till's loyalty customers known by their phone number, typed however the cashier typed it:
 * one customer per number ("(555) 123-4567" = "555.123.4567"), keyed by its digits.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAnalysis, figureWarnings, loadData, scoreCustomers, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

/** Ten digits written in one of the ways people write a phone number. */
const WRITTEN: readonly ((d: string) => string)[] = [
  (d) => d,
  (d) => `${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`,
  (d) => `(${d.slice(0, 3)}) ${d.slice(3, 6)}-${d.slice(6)}`,
  (d) => `${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`,
  (d) => ` ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)} `,
];

/** A sale: which of four customers, the way their number is written (of `ways`), the day, the amount. */
const sale = (ways: number) =>
  fc.record({
    who: fc.integer({ min: 0, max: 3 }),
    how: fc.integer({ min: 0, max: ways - 1 }),
    day: fc.integer({ min: 1, max: 28 }),
    cents: fc.integer({ min: 100, max: 5000 }),
  });
type Sale = { who: number; how: number; day: number; cents: number };

/** A till's receipt rows, the phone as `phone` writes it. */
const tillRows = (sales: readonly Sale[], phone: (s: Sale) => string) =>
  sales.map((s, i) => `${i + 1},2025-03-${String(s.day).padStart(2, '0')},"${phone(s)}",Coffee,1,${(s.cents / 100).toFixed(2)}`);

describe('customers known by their phone number', () => {
  it('are one customer per number however it is written (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 2_000_000_000, max: 9_999_999_999 }), { minLength: 4, maxLength: 4 }),
        fc.array(sale(WRITTEN.length), { minLength: 1, maxLength: 15 }),
        async (numbers, sales) => {
          const digits = numbers.map(String);
          const rows = tillRows(sales, (s) => WRITTEN[s.how]!(digits[s.who]!));
          const a = defaultAnalysis();
          const ds = await loadData(sql, [textSource('till.csv', `Receipt,Date,Phone,Item,Qty,Price\n${rows.join('\n')}\n`)], a, { today: null });
          expect(ds.canonical.mapping.mapping.customer).toBe('Phone');
          const by = new Map<string, { orders: number; cents: number }>();
          for (const s of sales) {
            const e = by.get(digits[s.who]!) ?? { orders: 0, cents: 0 };
            by.set(digits[s.who]!, { orders: e.orders + 1, cents: e.cents + s.cents });
          }
          const expected = [...by].sort(([x], [y]) => (x < y ? -1 : 1));
          const scored = await scoreCustomers(sql, a);
          expect(scored.rfm.customerIds).toEqual(expected.map(([c]) => c));
          expect([...scored.rfm.frequency]).toEqual(expected.map(([, e]) => e.orders));
          expect([...scored.rfm.monetary].map((m) => Math.round(m * 100))).toEqual(expected.map(([, e]) => e.cents));
        },
      ),
      { numRuns: 25, seed: 20261207 },
    );
  });
});

/** A UK mobile's national significant number (ten digits) written as a till, a web shop or a spreadsheet writes it. */
const FORMS: readonly ((n: string) => string)[] = [
  (n) => `0${n.slice(0, 4)} ${n.slice(4)}`,
  (n) => `+44 ${n.slice(0, 4)} ${n.slice(4)}`,
  (n) => `+44 (0)${n.slice(0, 4)} ${n.slice(4)}`,
  (n) => `0044${n}`,
  (n) => `44${n}`,
  (n) => n,
];

describe('customers known by their phone number, with and without the country code', () => {
  it('are one customer per number, said with a count and an example (property)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 7_000_000_000, max: 7_999_999_999 }), { minLength: 4, maxLength: 4 }),
        fc.array(sale(FORMS.length), { minLength: 1, maxLength: 15 }),
        async (numbers, sales) => {
          const nsn = numbers.map(String);
          const rows = tillRows(sales, (s) => FORMS[s.how]!(nsn[s.who]!));
          const a = defaultAnalysis();
          const ds = await loadData(sql, [textSource('till.csv', `Receipt,Date,Mobile Phone,Item,Qty,Price\n${rows.join('\n')}\n`)], a, { today: null });
          expect(ds.canonical.mapping.mapping.customer).toBe('Mobile Phone');
          const by = new Map<string, { orders: number; cents: number; forms: Set<string> }>();
          for (const s of sales) {
            const e = by.get(nsn[s.who]!) ?? { orders: 0, cents: 0, forms: new Set<string>() };
            const digits = FORMS[s.how]!(nsn[s.who]!).replace('(0)', '').replace(/\D/g, '').replace(/^0+/, '');
            by.set(nsn[s.who]!, { orders: e.orders + 1, cents: e.cents + s.cents, forms: e.forms.add(digits) });
          }
          const scored = await scoreCustomers(sql, a);
          expect(scored.rfm.customerIds.length).toBe(by.size);
          // Each customer's key is the number with its country code where any line has it, else as written.
          for (const [n, e] of by) {
            const withCode = [...e.forms].some((f) => f.startsWith('44'));
            const i = scored.rfm.customerIds.findIndex((id) => id.replace(/^0+/, '') === (withCode ? `44${n}` : n));
            expect(i, n).toBeGreaterThanOrEqual(0);
            expect(scored.rfm.frequency[i]).toBe(e.orders);
            expect(Math.round(scored.rfm.monetary[i]! * 100)).toBe(e.cents);
          }
          // Said where a number came both with and without its country code.
          const both = [...by.values()].filter((e) => [...e.forms].some((f) => f.startsWith('44')) && [...e.forms].some((f) => !f.startsWith('44'))).length;
          expect(ds.canonical.phoneForms?.numbers ?? 0).toBe(both);
          const warning = figureWarnings(ds).find((w) => w.includes('country code'));
          if (both > 0)
            expect(warning).toMatch(
              /written both with and without the country code in "Mobile Phone" \(\d+ lines?, e\.g\. "\d+" at till\.csv row \d+ read as "\d+"\)/,
            );
          else expect(warning).toBeUndefined();
        },
      ),
      { numRuns: 30, seed: 20261207 },
    );
  });

  it('are left apart where the numbers are short, fit two countries, or the column is no phone', async () => {
    const a = defaultAnalysis();
    const open = async (header: string, ids: string[]) => {
      const rows = ids.map((id, i) => `${i + 1},2025-03-0${i + 1},"${id}",Coffee,1,2.50`);
      const ds = await loadData(sql, [textSource('till.csv', `Receipt,Date,${header},Item,Qty,Price\n${rows.join('\n')}\n`)], a, { today: null });
      return { ds, ids: (await scoreCustomers(sql, a)).rfm.customerIds };
    };
    // Seven digits: a short local number and another country's are not told apart.
    let r = await open('Phone', ['555 1234', '+1 555 1234']);
    expect(r.ids).toEqual(['15551234', '5551234']);
    expect(r.ds.canonical.phoneForms).toBeUndefined();
    // One national number, two countries' forms of it: which is meant is unknown.
    r = await open('Phone', ['07700 900123', '+44 7700 900123', '+353 7700 900123']);
    expect(r.ids).toEqual(['07700900123', '3537700900123', '447700900123']);
    // Customer numbers are no phone numbers: "4412345678" is not "12345678" with a code.
    r = await open('Customer ID', ['12345678', '4412345678']);
    expect(r.ids).toEqual(['12345678', '4412345678']);
    // A US number with and without +1: one customer.
    r = await open('Phone', ['(555) 123-4567', '+1 555 123 4567']);
    expect(r.ids).toEqual(['15551234567']);
    expect(figureWarnings(r.ds).find((w) => w.includes('country code'))).toBe(
      '1 customer phone number is written both with and without the country code in "Phone" (1 line, e.g. "5551234567" at till.csv row 2 read as "15551234567"): each is read with its country code, so that each customer counts once',
    );
  });
});
