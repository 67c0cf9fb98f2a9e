/**
 * A customer known only by first and last name (a hand-kept sheet, a till's customer fields):
 * the two columns read together are the customer, said as a name; an id, an email or a phone
 * beside them is the better key and stays it.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { computeRfm, customerNameColumns, detectMapping, openDataset, type SqlPort } from '../../../engine/src/index.ts';
import { customerByNameWarnings } from '../../../engine/src/io/figure-warnings.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

const DAY = 86_400_000;
const names = { 'First Name': ['Ann', 'Bo', 'Ann'], 'Last Name': ['Lee', 'Lee', 'Lea'] };
const lines = { Date: ['2025-01-02', '2025-01-03', '2025-01-04'], Item: ['Tea', 'Cake', 'Mug'], Price: ['3.50', '4.00', '9.00'] };

describe('customers known by first and last name', () => {
  let sql: SqlPort;
  beforeAll(async () => {
    sql = await openDb();
  });

  it('are the customer where the file has no id, email or phone, and said', () => {
    const m = detectMapping(['Date', 'First Name', 'Last Name', 'Item', 'Price'], { ...lines, ...names });
    expect(m.mapping).toMatchObject({ customer: 'Last Name', first_name: 'First Name', last_name: 'Last Name' });
    expect(customerNameColumns(m.mapping)).toEqual(['First Name', 'Last Name']);
    expect(customerByNameWarnings(m)).toEqual([
      'customers are told apart by their first and last names, "First Name" and "Last Name" read together ("Ann" "Lee" as "Ann Lee"), as the file has no customer id, email or phone: people who share a name count as one customer',
    ]);
  });

  it('give way to an id, an email or a phone, and a name alone is no customer', () => {
    const keys: [string, string[]][] = [
      ['Customer ID', ['C1', 'C2', 'C3']],
      ['Email', ['ann@x.com', 'bo@x.com', 'al@x.com']],
      ['Phone', ['+44 20 7946 0958', '020 7946 0000', '07700 900123']],
    ];
    for (const [header, values] of keys) {
      const m = detectMapping(['Date', 'First Name', 'Last Name', header, 'Item', 'Price'], { ...lines, ...names, [header]: values });
      expect(m.mapping.customer).toBe(header);
      expect(customerByNameWarnings(m), header).toEqual([]);
    }
    const firstOnly = detectMapping(['Date', 'First Name', 'Item', 'Price'], { ...lines, 'First Name': names['First Name'] });
    expect(firstOnly.mapping.customer).toBeUndefined();
  });

  it("are never a staff member's: a till's cashier or employee names no customer and no contact", () => {
    for (const [first, last] of [
      ['Employee First Name', 'Employee Last Name'],
      ['Cashier First Name', 'Cashier Surname'],
      ['Vorname Mitarbeiter', 'Nachname Mitarbeiter'],
      ['Prénom vendeur', 'Nom de famille vendeur'],
    ]) {
      const m = detectMapping(['Receipt', 'Date', first!, last!, 'Item', 'Price'], {
        ...lines,
        Receipt: ['R1', 'R2', 'R3'],
        [first!]: names['First Name'],
        [last!]: names['Last Name'],
      }).mapping;
      expect([m.customer, m.first_name, m.last_name], first).toEqual([undefined, undefined, undefined]);
    }
  });

  it('are scored by both names as detected, and by the one column the user sets by hand', async () => {
    const csv = ['Date,First Name,Last Name,Item,Price', '2025-01-02,Ann,Lee,Tea,3.50', '2025-01-03,Bo,Lee,Cake,4.00'].join('\n');
    await openDataset(sql, [textSource('names.csv', csv)]);
    expect((await computeRfm(sql)).customerIds).toEqual(['Ann Lee', 'Bo Lee']);
    // Set by hand, the column is read as it is: a household by its last name.
    const ds = await openDataset(sql, [textSource('names.csv', csv)], { mapping: { customer: 'Last Name' } });
    expect(customerByNameWarnings(ds.canonical.mapping)).toEqual([]);
    expect((await computeRfm(sql)).customerIds).toEqual(['Lee']);
  });

  it('score each person as computed from the text: names trimmed, a missing one left out (property)', async () => {
    const line = fc.record({
      first: fc.constantFrom('Ann', ' Ann', 'Bo', 'Cy ', ''),
      last: fc.constantFrom('Lee', 'Lee ', 'Lea', 'Odoi', ''),
      day: fc.integer({ min: 1, max: 28 }),
      cents: fc.integer({ min: 1, max: 99_999 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 8, maxLength: 40 }), async (rows) => {
        const day = (d: number) => `2025-02-${String(d).padStart(2, '0')}`;
        const csv = `Date,First Name,Last Name,Amount\n${rows.map((r) => `${day(r.day)},${r.first},${r.last},${(r.cents / 100).toFixed(2)}`).join('\n')}`;
        await openDataset(sql, [textSource('names.csv', csv)], {
          mapping: { date: 'Date', first_name: 'First Name', last_name: 'Last Name', line_total: 'Amount' },
        });
        const rfm = await computeRfm(sql, { snapshot: '2025-03-01' });
        // Each line is an order (no invoice, no item); a line with neither name has no customer.
        const expected = new Map<string, { f: number; m: number; last: number }>();
        for (const r of rows) {
          const key = [r.first.trim(), r.last.trim()].filter(Boolean).join(' ');
          if (key === '') continue;
          const e = expected.get(key) ?? { f: 0, m: 0, last: 0 };
          expected.set(key, { f: e.f + 1, m: e.m + r.cents, last: Math.max(e.last, r.day) });
        }
        expect([...rfm.customerIds].sort()).toEqual([...expected.keys()].sort());
        rfm.customerIds.forEach((id, i) => {
          const e = expected.get(id)!;
          expect(rfm.frequency[i]).toBe(e.f);
          expect(Math.round(rfm.monetary[i]! * 100)).toBe(e.m);
          expect(rfm.recencyDays[i]).toBe((Date.parse('2025-03-01') - Date.parse(day(e.last))) / DAY);
        });
      }),
      { numRuns: 25 },
    );
  });
});
