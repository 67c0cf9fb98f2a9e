/**
 * QuickBooks' sales detail reports group their lines under a heading row naming the customer (or
 * the product) in the first, unnamed column, and close each group with a "Total for …" row: each
 * line is read as its heading's customer or product, the headings and totals left out and said.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { groupHeadingNotes, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { MemorySource, openDb } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const open = (name: string, text: string) => openDataset(sql, [new MemorySource(name, new TextEncoder().encode(text))]);
const lines = async () =>
  tableRows(await sql.query("SELECT customer, sku, invoice, strftime(ts, '%Y-%m-%d') AS day, amount FROM lines ORDER BY row_id")).map((r) => [
    r.customer,
    r.sku,
    r.invoice,
    r.day,
    Number(r.amount),
  ]);

const TITLE = ['Sales by Customer Detail', "Craig's Design and Landscaping Services", '"January 1 - December 31, 2024"', ''];

interface Line {
  customer: string;
  day: string;
  type: string;
  num: string;
  product: string;
  qty: number;
  price: number;
}

/** A "Sales by Customer Detail" report of these lines, grouped by customer in their order. */
function customerDetail(all: readonly Line[]): string {
  const rows = [...TITLE, ',Date,Transaction Type,Num,Product/Service,Memo/Description,Qty,Sales Price,Amount,Balance'];
  let grand = 0;
  for (const customer of [...new Set(all.map((l) => l.customer))]) {
    rows.push(`"${customer}",,,,,,,,,`);
    let balance = 0;
    for (const l of all.filter((x) => x.customer === customer)) {
      const amount = l.qty * l.price;
      balance += amount;
      const [y, m, d] = l.day.split('-');
      rows.push(
        `,${m}/${d}/${y},${l.type},${l.num},${l.product},${l.product} service,${l.qty},${l.price.toFixed(2)},${amount.toFixed(2)},${balance.toFixed(2)}`,
      );
    }
    grand += balance;
    rows.push(`"Total for ${customer}",,,,,,,,"$${balance.toFixed(2)}",`);
  }
  rows.push(`TOTAL,,,,,,,,"$${grand.toFixed(2)}",`, '', '', '"Monday, Jan 06, 2025 10:13:25 AM GMT-08:00"');
  return `${rows.join('\n')}\n`;
}

const LINES: Line[] = [
  { customer: "Amy's Bird Sanctuary", day: '2024-03-12', type: 'Invoice', num: '1021', product: 'Design', qty: 4.5, price: 75 },
  { customer: "Amy's Bird Sanctuary", day: '2024-04-03', type: 'Sales Receipt', num: '1008', product: 'Gardening', qty: 3, price: 25 },
  { customer: 'Total Wine & More', day: '2024-02-14', type: 'Invoice', num: '1002', product: 'Pest Control', qty: 1, price: 35 },
  { customer: 'Cool Cars', day: '2024-07-07', type: 'Sales Receipt', num: '1010', product: 'Gardening', qty: 4, price: 25 },
];

describe("QuickBooks' sales detail reports", () => {
  it('Sales by Customer Detail: each line is its heading\'s customer; headings, "Total for" rows, the grand total and the footer left out, said', async () => {
    const ds = await open('sales-by-customer-detail.csv', customerDetail(LINES));
    expect(ds.canonical.mapping.layout?.id).toBe('quickbooks_sales_detail');
    expect(await lines()).toEqual(LINES.map((l) => [l.customer, l.product, l.num, l.day, l.qty * l.price]));
    expect(ds.report.rows_kept).toBe(4);
    // A customer whose name starts with "Total" heads its group like any other.
    expect(groupHeadingNotes(ds.canonical.groupHeadings)).toEqual([
      `3 customer headings and 3 total rows of the report's groups left out: each line is read as the customer whose heading stands above it (e.g. "Amy's Bird Sanctuary", sales-by-customer-detail.csv row 6)`,
    ]);
  });

  it("Sales by Product/Service Detail, as the newer report view names its columns: each line is its heading's product, its customer its own", async () => {
    const text = [
      ...TITLE,
      ',Transaction date,Transaction type,Num,Customer full name,Memo/Description,Quantity,Sales price,Amount,Balance',
      'Design,,,,,,,,,',
      ",03/12/2024,Invoice,1021,Amy's Bird Sanctuary,Custom Design,4.5,75.00,337.50,337.50",
      ",06/01/2024,Invoice,1041,Bill's Windsurf Shop,Custom Design,2,75.00,150.00,487.50",
      'Total for Design,,,,,,,,$487.50,',
      'Gardening,,,,,,,,,',
      ',07/07/2024,Sales Receipt,1010,Cool Cars,Weekly Gardening Service,4,25.00,100.00,100.00',
      'Total for Gardening,,,,,,,,$100.00,',
      'TOTAL,,,,,,,,$587.50,',
    ].join('\n');
    const ds = await open('sales-by-product.csv', `${text}\n`);
    expect(await lines()).toEqual([
      ["Amy's Bird Sanctuary", 'Design', '1021', '2024-03-12', 337.5],
      ["Bill's Windsurf Shop", 'Design', '1041', '2024-06-01', 150],
      ['Cool Cars', 'Gardening', '1010', '2024-07-07', 100],
    ]);
    expect(groupHeadingNotes(ds.canonical.groupHeadings)[0]).toMatch(
      /^2 product headings and 2 total rows .* each line is read as the product whose heading stands above it/,
    );
  });

  it("QuickBooks Desktop's, saved as CSV: each line its Name and Item; customer and job headings and their 'Total' rows left out, 'TOTAL' as the report's total", async () => {
    const text = [
      ',,Type,Date,Num,Memo,Name,Item,Qty,Sales Price,Amount,Balance',
      '"Abercrombie, Kristy",,,,,,,,,,,',
      ',Family Room,,,,,,,,,,',
      ',,Invoice,12/15/2024,1015,Custom cabinets,"Abercrombie, Kristy:Family Room",Cabinets,2,300.00,600.00,600.00',
      ',,Invoice,12/20/2024,1019,Cabinet pulls,"Abercrombie, Kristy:Family Room",Cabinets:Cabinet Pulls,10,3.00,30.00,630.00',
      ',Total Family Room,,,,,,,,,630.00,630.00',
      ',,Credit Memo,12/28/2024,1021,Cabinet pulls,"Abercrombie, Kristy",Cabinets:Cabinet Pulls,2,3.00,6.00,624.00',
      '"Total Abercrombie, Kristy",,,,,,,,,,624.00,624.00',
      'Cook Brian,,,,,,,,,,,',
      ',,Sales Receipt,11/03/2024,3003,Lumber,Cook Brian,Lumber,5,19.00,95.00,95.00',
      'Total Cook Brian,,,,,,,,,,95.00,95.00',
      'TOTAL,,,,,,,,,,719.00,719.00',
    ].join('\n');
    const ds = await open('sales-by-customer-detail.csv', `${text}\n`);
    expect(ds.canonical.mapping.layout?.id).toBe('quickbooks_desktop_sales_detail');
    expect(await lines()).toEqual([
      ['Abercrombie, Kristy:Family Room', 'Cabinets', '1015', '2024-12-15', 600],
      ['Abercrombie, Kristy:Family Room', 'Cabinets:Cabinet Pulls', '1019', '2024-12-20', 30],
      // A credit memo takes back a sale: a return, though the report writes it positive.
      ['Abercrombie, Kristy', 'Cabinets:Cabinet Pulls', '1021', '2024-12-28', -6],
      ['Cook Brian', 'Lumber', '3003', '2024-11-03', 95],
    ]);
    expect(groupHeadingNotes(ds.canonical.groupHeadings)).toEqual([
      `3 group headings and 3 total rows of the report's groups left out: the lines name their own customer and product (e.g. "Abercrombie, Kristy", sales-by-customer-detail.csv row 2)`,
    ]);
  });

  it('reads any report of lines grouped by customer as the same lines written a customer per line (property)', async () => {
    const line = fc.record({
      customer: fc.constantFrom('Amy', 'Bill Co', 'Total Care Ltd', 'Zoë', 'Cool Cars'),
      day: fc.integer({ min: 1, max: 28 }).map((d) => `2024-05-${String(d).padStart(2, '0')}`),
      type: fc.constantFrom('Invoice', 'Sales Receipt'),
      num: fc.integer({ min: 1000, max: 1030 }).map(String),
      product: fc.constantFrom('Design', 'Gardening', 'Rocks'),
      qty: fc.integer({ min: 1, max: 20 }),
      price: fc.integer({ min: 1, max: 9999 }).map((c) => c / 100),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 25 }), async (drawn) => {
        // An invoice is one customer's on one day, as in QuickBooks (a number used again on other
        // days would rightly be read as restarting numbers, which is not what this is about).
        const invoices = new Map<string, Line>();
        const all = drawn.map((l) => {
          const first = invoices.get(l.num) ?? invoices.set(l.num, l).get(l.num)!;
          return { ...l, customer: first.customer, day: first.day };
        });
        // The report lists each customer's lines together, customers in order of first appearance.
        const order = [...new Set(all.map((l) => l.customer))];
        const grouped = order.flatMap((c) => all.filter((l) => l.customer === c));
        await open('report.csv', customerDetail(grouped));
        const flat = await lines();
        const report = grouped.map((l) => [l.customer, l.product, l.num, l.day, Number((l.qty * l.price).toFixed(2))]);
        expect(flat.map((r) => [...r.slice(0, 4), Number((r[4] as number).toFixed(2))])).toEqual(report);
      }),
      { numRuns: 20 },
    );
  });
});
