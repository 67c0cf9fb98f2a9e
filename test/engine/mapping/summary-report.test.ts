import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { HEADER_SYNONYMS, figureWarnings, openDataset, type SqlPort } from '../../../engine/src/index.ts';
import { requireRoles } from '../../../engine/src/analysis/pipeline.ts';
import { inspectJson, inspectText } from '../../../engine/cli/inspect.ts';
import { countColumns, summaryReport } from '../../../engine/src/mapping/summary-report.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

describe('count columns', () => {
  it.each([
    ['Orders'],
    ['Number of orders'],
    ['# of Orders'],
    ['No. of orders'],
    ['Total orders'],
    ['Order count'],
    ['Orders count'],
    ['Transactions'],
    ['Number of customers'],
    ['Customer count'],
    ['Count of Invoice'],
    ['Anzahl Bestellungen'],
    ['Nombre de commandes'],
    ['Número de pedidos'],
  ])('%s names a count', (header) => {
    expect(countColumns(['Day', header, 'Net sales'], { [header]: ['12', '1,204', null, '0'] })).toEqual([header]);
  });

  it.each([
    ['Order'],
    ['Order ID'],
    ['Order Number'],
    ['Orders ID'],
    ['Transaction ID'],
    ['Bestellnummer'],
    ['Número de pedido'],
    ['Customers'],
    ['Tickets'],
    ['Visits'],
  ])('%s alone names no count', (header) => {
    expect(countColumns(['Date', header, 'Amount'], { [header]: ['12', '3'] })).toEqual([]);
  });

  it('a bare plural beside a count is a count too ("Customers" beside "Orders"), its singular is not', () => {
    const sample = { Customers: ['8', '11'], Orders: ['9', '14'], Customer: ['8', '11'] };
    expect(countColumns(['Month', 'Customers', 'Orders', 'Customer', 'Total sales'], sample)).toEqual(['Customers', 'Orders']);
  });

  it('a count is whole numbers: order ids under a plural ("PED-0042" under "Pedidos") are no count', () => {
    expect(countColumns(['Fecha', 'Pedidos', 'Importe'], { Pedidos: ['PED-0042', 'PED-0043'] })).toEqual([]);
    expect(countColumns(['Date', 'Orders', 'Total'], { Orders: ['3', '2.5'] })).toEqual([]);
  });

  it('no header the mapping knows for an id, alone or with ID, No or Number after it, is a count', () => {
    const ids = [...HEADER_SYNONYMS.invoice, ...HEADER_SYNONYMS.customer, ...HEADER_SYNONYMS.sku];
    fc.assert(
      fc.property(fc.constantFrom(...ids), fc.constantFrom('', ' ', '_', '-'), fc.constantFrom('', 'ID', 'No', 'Number'), (id, sep, tail) => {
        expect(countColumns([`${id}${tail ? sep + tail : ''}`], {})).toEqual([]);
      }),
    );
  });
});

describe('summary reports', () => {
  // Shopify's "Total sales over time" report as exported: a row per day.
  const days = [
    ['2024-01-01', 11, 470.45, -23.52, 0],
    ['2024-01-02', 19, 469.62, -23.48, -46.96],
    ['2024-01-03', 4, 120.0, 0, 0],
    ['2024-01-04', 27, 1310.2, -65.51, -12.5],
  ] as const;
  const shopify = [
    '"Day","Orders","Gross sales","Discounts","Returns","Net sales","Shipping charges","Taxes","Total sales"',
    ...days.map(([d, o, g, disc, ret]) => {
      const net = g + disc + ret;
      return `"${d}",${o},${g.toFixed(2)},${disc.toFixed(2)},${ret.toFixed(2)},${net.toFixed(2)},${(o * 4.5).toFixed(2)},${(net * 0.08).toFixed(2)},${(net * 1.08 + o * 4.5).toFixed(2)}`;
    }),
  ].join('\n');

  it("Shopify's sales over time: the Orders count is no order number, and the report is said", async () => {
    const ds = await openDataset(sql, [textSource('total-sales-over-time.csv', `${shopify}\n`)]);
    expect(ds.canonical.mapping.mapping.invoice).toBeUndefined();
    expect(Object.values(ds.canonical.mapping.mapping)).not.toContain('Orders');
    expect(ds.canonical.mapping.summaryReport).toEqual({ countColumns: ['Orders'], rowPer: 'date' });
    // Before: 4 days read as 4 orders (and order numbers "used on several days").
    expect(ds.report.invoices).toBe(0);
    const warnings = figureWarnings(ds);
    expect(warnings[0]).toMatch(/^this file looks like a summary report \(a row per date; "Orders" is a count, given no role\)/);
    expect(warnings.join('\n')).not.toMatch(/used on several days/);
    // inspect asks for no column: what is missing is the orders.
    const text = inspectText(ds);
    expect(text).toContain('  no RFM or baskets: a summary report (warning below); export the orders themselves, a row per order or order line\n');
    expect(text).not.toMatch(/still needs?:|no invoice column/);
    expect((inspectJson(ds).format as Record<string, unknown>).summary_report).toEqual({ countColumns: ['Orders'], rowPer: 'date' });
    // No column to map: RFM is refused for what the file is.
    expect(() => requireRoles(ds.canonical.mapping.mapping, 'rfm', ds)).toThrow(
      'RFM needs customer; this file looks like a summary report (a row per date; "Orders" is a count, given no role), not a list of orders: export the orders themselves, a row per order or order line',
    );
  });

  it("a customers report (WooCommerce's): every customer would have one order; said", async () => {
    const header = 'Name,Username,Last active,Date registered,Email,Orders,Total spend,AOV,Country / Region,City,Region,Postal code';
    const rows = [
      ['Ann Lee', 'ann', '2024-07-03', '2022-06-23', 'ann@example.com', 3, 79.23],
      ['Bob Ray', 'bob', '2024-04-18', '2022-02-06', 'bob@example.com', 5, 188.05],
      ['Cy Dun', 'cy', '2024-04-18', '2023-01-10', 'cy@example.com', 1, 12.5],
    ] as const;
    const text = [header, ...rows.map(([n, u, la, dr, e, o, t]) => `${n},${u},${la},${dr},${e},${o},${t},${(t / o).toFixed(2)},GB,London,LND,N1 1AA`)].join(
      '\n',
    );
    const ds = await openDataset(sql, [textSource('customers.csv', `${text}\n`)]);
    expect(ds.canonical.mapping.mapping.invoice).toBeUndefined();
    // Read as orders, every customer would have one (frequency 1 for all): no customer is taken.
    expect(ds.canonical.mapping.mapping.customer).toBeUndefined();
    expect(ds.canonical.mapping.mapping.email).toBe('Email');
    expect(ds.canonical.mapping.summaryReport).toEqual({ countColumns: ['Orders'], rowPer: 'customer', customerLeftOut: 'Email' });
    expect(figureWarnings(ds)[0]).toMatch(/a row per customer; "Orders" is a count.*"Email" is not taken for the customer \(map it by hand/);
    expect(() => requireRoles(ds.canonical.mapping.mapping, 'rfm', ds)).toThrow(
      /^RFM needs customer; this file looks like a summary report \(a row per customer/,
    );
    // Mapped by hand, the rows are scored as they are, still said.
    const chosen = await openDataset(sql, [textSource('customers.csv', `${text}\n`)], { mapping: { customer: 'Email' } });
    expect(chosen.canonical.mapping.mapping.customer).toBe('Email');
    expect(figureWarnings(chosen)[0]).toMatch(/each row is read as one order, so every customer has one order/);
    expect(chosen.report.customers).toBe(rows.length);
  });

  it('an order-line export with a count column (the customer’s orders to date) is no report: lines read as before', async () => {
    const text = [
      'Order ID,Date,Customer,SKU,Quantity,Price,Orders',
      'A1,2024-03-01,c1,p1,2,3.50,1',
      'A1,2024-03-01,c1,p2,1,9.00,1',
      'A2,2024-03-02,c2,p1,1,3.50,1',
      'A3,2024-03-02,c1,p3,4,1.25,2',
    ].join('\n');
    const ds = await openDataset(sql, [textSource('lines.csv', `${text}\n`)]);
    expect(ds.canonical.mapping.mapping).toMatchObject({ invoice: 'Order ID', customer: 'Customer', sku: 'SKU', quantity: 'Quantity', unit_price: 'Price' });
    expect(ds.canonical.mapping.summaryReport).toBeUndefined();
    expect(ds.report.invoices).toBe(3);
  });

  it("WooCommerce's products report: a row per product, its Orders a count", async () => {
    const text = [
      'Product title,SKU,Items sold,Net sales,Orders,Category,Variations,Status,Stock',
      'Beanie,woo-beanie,41,738.00,37,Accessories,0,In stock,12',
      'Hoodie,woo-hoodie,19,855.00,18,Hoodies,3,In stock,4',
      'Cap,woo-cap,7,112.00,7,Accessories,0,Out of stock,0',
    ].join('\n');
    const ds = await openDataset(sql, [textSource('wc-products-report.csv', `${text}\n`)]);
    expect(ds.canonical.mapping.summaryReport).toEqual({ countColumns: ['Orders'], rowPer: 'product' });
    expect(() => requireRoles(ds.canonical.mapping.mapping, 'baskets', ds)).toThrow(
      /^baskets need .*; this file looks like a summary report \(a row per product;/,
    );
  });

  it('an order number mapped makes no report: its rows are orders or their lines', () => {
    const sample = { Day: ['2024-01-01', '2024-01-02'], 'Order ID': ['A1', 'A2'], Orders: ['1', '2'] };
    expect(summaryReport(['Orders'], { date: 'Day', invoice: 'Order ID' }, sample)).toBeUndefined();
  });

  it('what each row is comes from the sample: repeated dates and customers make no report', () => {
    const sample = { Day: ['2024-01-01', '2024-01-01'], Customer: ['a', 'a'], Orders: ['1', '2'] };
    expect(summaryReport(['Orders'], { date: 'Day', customer: 'Customer' }, sample)).toBeUndefined();
    expect(summaryReport(['Orders'], { date: 'Day' }, sample)).toEqual({ countColumns: ['Orders'] });
  });
});
