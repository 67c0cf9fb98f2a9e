import { describe, expect, it } from 'vitest';
import { CONTACT_ROLES, detectMapping, openDataset, tableRows } from '../../../engine/src/index.ts';
import { customerByNameWarnings } from '../../../engine/src/io/figure-warnings.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

const col = (...v: string[]) => v;

describe('contact roles', () => {
  it('are detected from English, German, French and Indonesian headers', () => {
    const values = {
      first: col('Ann', 'Bob', 'Cy'),
      last: col('Lee', 'Marsh', 'Odoi'),
      full: col('Ann Lee', 'Bob Marsh', 'Cy Odoi'),
      phone: col('+44 20 7946 0958', '020 7946 0000', '07700 900123'),
      city: col('Leeds', 'York', 'Leeds'),
      zip: col('LS1 4AP', 'YO1 7HH', 'LS2 9JT'),
    };
    const cases: [string, Record<keyof typeof values, string>][] = [
      ['English', { first: 'First Name', last: 'Last Name', full: 'Customer Name', phone: 'Phone', city: 'City', zip: 'Zip' }],
      ['German', { first: 'Vorname', last: 'Nachname', full: 'Kundenname', phone: 'Telefon', city: 'Stadt', zip: 'PLZ' }],
      ['French', { first: 'Prénom', last: 'Nom de famille', full: 'Nom complet', phone: 'Téléphone', city: 'Ville', zip: 'Code postal' }],
      ['Indonesian', { first: 'Nama Depan', last: 'Nama Belakang', full: 'Nama Lengkap', phone: 'No HP', city: 'Kota', zip: 'Kode Pos' }],
    ];
    for (const [language, headers] of cases) {
      const cols = ['Invoice', 'CustomerID', 'Date', ...Object.values(headers)];
      const sample: Record<string, string[]> = {
        Invoice: col('1', '2', '3'),
        CustomerID: col('C1', 'C2', 'C3'),
        Date: col('2024-01-02', '2024-01-03', '2024-01-04'),
      };
      for (const [key, header] of Object.entries(headers)) sample[header] = values[key as keyof typeof values];
      const m = detectMapping(cols, sample).mapping;
      expect({ first: m.first_name, last: m.last_name, full: m.full_name, phone: m.phone, city: m.city, zip: m.postcode }, language).toEqual(headers);
    }
  });

  it('finds formatted phone numbers from values alone, but not ids, dates or prices', () => {
    const r = detectMapping(['a', 'b', 'c', 'd'], {
      a: col('+49 30 1234567', '(030) 555-0199', '+1 212 555 0100', '0049-89-998877'),
      b: col('1785012', '1785013', '1785099', '1785100'),
      c: col('2024-01-02', '2024-01-03', '2024-01-04', '2024-01-05'),
      d: col('1234567.50', '2345678.99', '3456789.10', '4567890.25'),
    });
    expect(r.mapping.phone).toBe('a');
    expect(Object.values(r.mapping)).not.toContain(undefined);
    for (const column of ['b', 'c', 'd']) expect(r.mapping.phone).not.toBe(column);
  });

  it('leave a "Customer Name" as the customer key when there is no customer id', () => {
    const sample = { Order: col('1', '2'), 'Customer Name': col('Ann Lee', 'Bob Marsh'), 'Customer ID': col('C1', 'C2') };
    const withId = detectMapping(['Order', 'Customer Name', 'Customer ID'], sample).mapping;
    expect([withId.customer, withId.full_name]).toEqual(['Customer ID', 'Customer Name']);
    const withoutId = detectMapping(['Order', 'Customer Name'], sample);
    expect([withoutId.mapping.customer, withoutId.mapping.full_name]).toEqual(['Customer Name', undefined]);
    // Said: two people of one name are one customer. Beside an id, the name is no key, and nothing is said.
    expect(customerByNameWarnings(withoutId)).toEqual([
      'customers are told apart by "Customer Name", a name, as the file has no customer id or email: people who share one count as one customer',
    ]);
    expect(customerByNameWarnings(detectMapping(['Order', 'Customer Name', 'Customer ID'], sample))).toEqual([]);
    // A plain "Full Name" is never taken for a customer key.
    const fullName = detectMapping(['Order', 'Full Name'], { Order: col('1', '2'), 'Full Name': col('Ann Lee', 'Bob Marsh') }).mapping;
    expect([fullName.customer, fullName.full_name]).toEqual([undefined, 'Full Name']);
  });

  it("are never another party's: a store's, a supplier's or a cashier's email or phone is neither a contact nor the customer", () => {
    const lines = { Receipt: col('R1', 'R2', 'R3'), Date: col('2025-01-02', '2025-01-03', '2025-01-04'), Price: col('3.50', '4.00', '9.00') };
    const emails = col('shop@x.com', 'shop@x.com', 'shop@x.com');
    const phones = col('+44 20 7946 0958', '+44 20 7946 0958', '+44 20 7946 0958');
    const read = (header: string, values: string[]) => detectMapping(['Receipt', 'Date', header, 'Price'], { ...lines, [header]: values }).mapping;
    const others = [
      'Store Email',
      'Seller Email',
      'Vendor Email',
      'Merchant Email',
      'Staff Email',
      'Cashier',
      'Lieferant E-Mail',
      'Store Phone',
      'Shop Phone',
      'Supplier Phone',
      'Employee Phone',
      'Location Phone',
      'Telefon Filiale',
    ];
    for (const header of others) {
      const m = read(header, header.includes('hone') || header.includes('Telefon') ? phones : emails);
      expect([m.email, m.phone, m.customer], header).toEqual([undefined, undefined, undefined]);
    }
    // The buyer's own, however headed, stay the customer's.
    for (const header of ['Email', 'Customer Email', 'Billing Email', 'Shipping Email', 'Shopper Email'])
      expect(read(header, emails).customer, header).toBe(header);
    for (const header of ['Phone', 'Billing Phone', 'Shipping Phone', 'Mobile']) expect(read(header, phones).customer, header).toBe(header);
  });

  it("take no place of the goods' origin or of another party for the customer's country, city or postcode", () => {
    const lines = { Receipt: col('R1', 'R2', 'R3'), Customer: col('C1', 'C2', 'C1'), Date: col('2025-01-02', '2025-01-03', '2025-01-04') };
    const places = { country: col('China', 'Germany', 'Italy'), city: col('Leeds', 'York', 'Leeds'), postcode: col('LS1 4AP', 'YO1 7HH', 'LS2 9JT') };
    const read = (header: string, values: string[]) => detectMapping(['Receipt', 'Customer', 'Date', header], { ...lines, [header]: values }).mapping;
    const cases: [keyof typeof places, string[], string[]][] = [
      [
        'country',
        ['Country of Origin', 'Herkunftsland', 'Ship From Country', 'Store Country', 'Supplier Country', 'Warehouse Country'],
        ['Country', 'Billing Country', 'Shipping Country', 'Land'],
      ],
      ['city', ['Store City', 'Origin City', 'Vendor City'], ['City', 'Billing City', 'Shipping City']],
      ['postcode', ['Store Postcode', 'Dispatch Postcode', 'Supplier Zip Code'], ['Postcode', 'Billing Zip', 'Shipping Postcode']],
    ];
    for (const [role, others, own] of cases) {
      for (const header of others) expect(read(header, places[role])[role], header).toBeUndefined();
      for (const header of own) expect(read(header, places[role])[role], header).toBe(header);
    }
  });

  it('leave product names to the description', () => {
    const r = detectMapping(['Nombre Producto', 'Nome Prodotto', 'Lineitem name'], {
      'Nombre Producto': col('Blue mug large', 'Red cup'),
      'Nome Prodotto': col('Tazza blu', 'Piatto'),
      'Lineitem name': col('Mug', 'Cup'),
    });
    for (const role of CONTACT_ROLES) expect(r.mapping[role], role).toBeUndefined();
  });

  it('are carried into lines and kept as trimmed text, empty as NULL', async () => {
    const csv = [
      'Invoice,Customer,Date,SKU,Qty,Price,First Name,Last Name,Full Name,Phone,City,Postcode',
      '1,C1,2024-01-02,SKU1,1,2.50, Ann ,Lee,Ann Lee,+44 20 7946 0958,Leeds,LS1 4AP',
      '2,C2,2024-01-03,SKU2,2,1.00,,,,,,',
    ].join('\n');
    const sql = await openDb();
    const ds = await openDataset(sql, [textSource('contacts.csv', csv)]);
    expect(ds.canonical.mapping.mapping).toMatchObject({
      first_name: 'First Name',
      last_name: 'Last Name',
      full_name: 'Full Name',
      phone: 'Phone',
      city: 'City',
      postcode: 'Postcode',
    });
    const rows = tableRows(await sql.query(`SELECT customer, ${CONTACT_ROLES.join(', ')} FROM kept ORDER BY customer`));
    expect(rows).toEqual([
      { customer: 'C1', first_name: 'Ann', last_name: 'Lee', full_name: 'Ann Lee', phone: '+44 20 7946 0958', city: 'Leeds', postcode: 'LS1 4AP' },
      { customer: 'C2', first_name: null, last_name: null, full_name: null, phone: null, city: null, postcode: null },
    ]);
    expect(ds.canonical.nulls).toMatchObject({ first_name: 1, phone: 1, postcode: 1 });
  });
});
