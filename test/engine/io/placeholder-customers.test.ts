/**
 * Customer values that name nobody ("Walk-in Customer", "Guest", R's "NA", "Consumidor final"):
 * read as lines without a customer, never one customer holding every unknown buyer's sales;
 * said with their lines; mapped by hand, read as written. Whole values only.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { customerProfiles, defaultAnalysis, figureWarnings, loadData, scoreCustomers, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

/** A till's receipt: its customer (undefined: the placeholder), day of March 2025, amount in cents. */
interface Receipt {
  customer: string | undefined;
  day: number;
  cents: number;
}

function till(receipts: readonly Receipt[], placeholder: string): string {
  const rows = receipts.map(
    (r, i) => `R${1001 + i},2025-03-${String(r.day).padStart(2, '0')},${r.customer ?? placeholder},Coffee,1,${(r.cents / 100).toFixed(2)}`,
  );
  return `Receipt No,Date,Customer,Item,Qty,Price\n${rows.join('\n')}\n`;
}

/** Per known customer, from the receipts: orders and cents. */
function expected(receipts: readonly Receipt[]) {
  const by = new Map<string, { orders: number; cents: number }>();
  for (const r of receipts) {
    if (r.customer === undefined) continue;
    const e = by.get(r.customer) ?? { orders: 0, cents: 0 };
    by.set(r.customer, { orders: e.orders + 1, cents: e.cents + r.cents });
  }
  return [...by].sort(([a], [b]) => (a < b ? -1 : 1));
}

describe('customer values that name nobody', () => {
  it('are read as no customer: RFM equals that of the known customers alone (property)', async () => {
    const receipt = fc.record({
      customer: fc.option(fc.constantFrom('C-01', 'C-02', 'C-03', 'Guestford Ltd', 'Cash & Carry'), { nil: undefined }),
      day: fc.integer({ min: 1, max: 28 }),
      cents: fc.integer({ min: 100, max: 5000 }),
    });
    const placeholder = fc.constantFrom('Walk-in Customer', 'WALK IN', 'Guest', 'NA', 'n/a', 'Laufkunde', 'Consumidor final', 'Client de passage', 'cash_sale');
    await fc.assert(
      fc.asyncProperty(
        fc.array(receipt, { minLength: 2, maxLength: 20 }).filter((rs) => rs.some((r) => r.customer === undefined) && rs.some((r) => r.customer !== undefined)),
        placeholder,
        async (receipts, written) => {
          const a = defaultAnalysis();
          const ds = await loadData(sql, [textSource('till.csv', till(receipts, written))], a, { today: null });
          const unknown = receipts.filter((r) => r.customer === undefined).length;
          expect(ds.report.removed.missing_customer).toBe(unknown);
          expect(ds.canonical.placeholderCustomers).toMatchObject({ column: 'Customer', values: [{ value: written, lines: unknown }] });
          const known = expected(receipts);
          const scored = await scoreCustomers(sql, a);
          expect(scored.rfm.customerIds).toEqual(known.map(([c]) => c));
          expect([...scored.rfm.frequency]).toEqual(known.map(([, e]) => e.orders));
          expect([...scored.rfm.monetary].map((m) => Math.round(m * 100))).toEqual(known.map(([, e]) => e.cents));
        },
      ),
      { numRuns: 25, seed: 20261207 },
    );
  });

  it('says so with the lines and an example; mapped by hand, the value is one customer', async () => {
    const receipts: Receipt[] = [
      { customer: 'C-01', day: 2, cents: 450 },
      { customer: undefined, day: 2, cents: 300 },
      { customer: undefined, day: 3, cents: 250 },
      { customer: 'C-02', day: 4, cents: 900 },
    ];
    const text = till(receipts, 'Walk-in Customer');
    const ds = await loadData(sql, [textSource('till.csv', text)], defaultAnalysis(), { today: null });
    expect(figureWarnings(ds)).toContain(
      '"Walk-in Customer" in "Customer" names no customer but a walk-in, guest or unknown buyer: its 2 lines (50% of those read, e.g. till.csv row 3) are read as lines without a customer (missing_customer), never counted in RFM, segments or campaign lists (map customer to "Customer" by hand to count it as one customer)',
    );
    const chosen = defaultAnalysis();
    chosen.mapping = { customer: 'Customer' };
    const mapped = await loadData(sql, [textSource('till.csv', text)], chosen, { today: null });
    expect(mapped.canonical.placeholderCustomers).toBeUndefined();
    expect(mapped.report.removed.missing_customer).toBe(0);
    expect((await scoreCustomers(sql, chosen)).rfm.customerIds).toEqual(['C-01', 'C-02', 'Walk-in Customer']);

    // Two placeholders, each said; a name that merely holds one ("Guest House Ltd") is a customer.
    const two =
      'Receipt No,Date,Customer,Item,Qty,Price\nR1,2025-03-02,Guest,Tea,1,3.00\nR2,2025-03-02,-,Tea,1,3.00\nR3,2025-03-03,Guest,Tea,1,3.00\nR4,2025-03-04,Guest House Ltd,Tea,2,3.00\n';
    const both = await loadData(sql, [textSource('two.csv', two)], defaultAnalysis(), { today: null });
    expect(figureWarnings(both)).toContain(
      '"Guest" (2 lines, e.g. two.csv row 2), "-" (1 line, e.g. two.csv row 3) in "Customer" name no customer but a walk-in, guest or unknown buyer: their 3 lines (75% of those read) are read as lines without a customer (missing_customer), never counted in RFM, segments or campaign lists (map customer to "Customer" by hand to count each as one customer)',
    );
    expect((await scoreCustomers(sql, defaultAnalysis())).rfm.customerIds).toEqual(['Guest House Ltd']);

    // An address a cashier types for a buyer who gives none is nobody's; a real address is someone's.
    const emails =
      'Receipt,Date,Email,Item,Qty,Price\nR1,2025-03-02,no@email.com,Tea,1,3.00\nR2,2025-03-02,ann@example.com,Tea,1,3.00\nR3,2025-03-03,NO@EMAIL.COM,Tea,1,3.00\nR4,2025-03-04,noemail@shop.com,Tea,2,3.00\nR5,2025-03-04,nora@example.com,Tea,1,3.00\n';
    const typed = await loadData(sql, [textSource('emails.csv', emails)], defaultAnalysis(), { today: null });
    expect(typed.report.removed.missing_customer).toBe(3);
    expect((await scoreCustomers(sql, defaultAnalysis())).rfm.customerIds).toEqual(['ann@example.com', 'nora@example.com']);

    // A till keyed by phone: the number a cashier types for a buyer who gives none is nobody's.
    const phones =
      'Receipt,Date,Phone,Item,Qty,Price\nR1,2025-03-02,0000000000,Tea,1,3.00\nR2,2025-03-02,555-123-4567,Tea,1,3.00\nR3,2025-03-03,999-999-9999,Tea,1,3.00\nR4,2025-03-04,1234567890,Tea,2,3.00\nR5,2025-03-04,(555) 123-4567,Tea,1,3.00\n';
    const typedPhones = await loadData(sql, [textSource('phones.csv', phones)], defaultAnalysis(), { today: null });
    expect(typedPhones.report.removed.missing_customer).toBe(3);
    expect((await scoreCustomers(sql, defaultAnalysis())).rfm.customerIds).toEqual(['5551234567']);

    // Beside a customer id, such an address is no contact: the campaign list takes the customer's real one, or none.
    const byId =
      'Receipt,Date,Customer,Email,Item,Qty,Price\nR1,2025-03-02,17,ann@example.com,Tea,1,3.00\nR2,2025-03-05,17,no@email.com,Tea,1,3.00\nR3,2025-03-06,22,none@none.com,Tea,1,3.00\n';
    await loadData(sql, [textSource('ids.csv', byId)], defaultAnalysis(), { today: null });
    expect((await customerProfiles(sql)).map((p) => [p.customerId, p.email])).toEqual([
      ['17', 'ann@example.com'],
      ['22', null],
    ]);
  });
});
