/**
 * A till's loyalty customers known by their phone number, typed however the cashier typed it:
 * one customer per number ("(555) 123-4567" = "555.123.4567"), keyed by its digits.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAnalysis, loadData, scoreCustomers, type SqlPort } from '../../../engine/src/index.ts';
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

describe('customers known by their phone number', () => {
  it('are one customer per number however it is written (property)', async () => {
    const sale = fc.record({
      who: fc.integer({ min: 0, max: 3 }),
      how: fc.integer({ min: 0, max: WRITTEN.length - 1 }),
      day: fc.integer({ min: 1, max: 28 }),
      cents: fc.integer({ min: 100, max: 5000 }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.uniqueArray(fc.integer({ min: 2_000_000_000, max: 9_999_999_999 }), { minLength: 4, maxLength: 4 }),
        fc.array(sale, { minLength: 1, maxLength: 15 }),
        async (numbers, sales) => {
          const digits = numbers.map(String);
          const rows = sales.map(
            (s, i) => `${i + 1},2025-03-${String(s.day).padStart(2, '0')},"${WRITTEN[s.how]!(digits[s.who]!)}",Coffee,1,${(s.cents / 100).toFixed(2)}`,
          );
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
