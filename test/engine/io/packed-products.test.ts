/**
 * BigCommerce's orders export, its products packed into 'Product Details' (packed-products.ts): read
 * as a line per product, each named in messages by its order's row. The reference here rebuilds
 * the products from the values the fixture was written from, and the rows by counting the line
 * breaks written before each order, sharing no code with the engine.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { locateRow, openDataset, productSplitNote, productsNotSplitNotes, figureWarnings, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { csvRecords, packedProducts, productFields } from '../../../engine/src/io/packed-products.ts';
import { inspectJson, inspectText } from '../../../engine/cli/inspect.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

const HEADER = ['Order ID', 'Customer ID', 'Customer Email', 'Order Date', 'Order Status', 'Customer Message', 'Product Details', 'Refund Amount'];

interface Product {
  id: number;
  qty: number;
  sku: string;
  name: string;
  variation: string;
  unit: number;
}

interface Order {
  id: number;
  email: string;
  message: string;
  products: Product[];
}

const packed = (p: Product) =>
  `Product ID: ${p.id}, Product Qty: ${p.qty}, Product SKU: ${p.sku}, Product Name: ${p.name}, Product Weight: 0.5000, Product Variation Details: ${p.variation}, Product Unit Price: ${p.unit.toFixed(2)}, Product Total Price: ${(p.qty * p.unit).toFixed(2)}`;

const field = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);

/** The export's text, and each order's first line (header on line 1) counted from the line breaks written before it. */
function exportText(orders: readonly Order[], eol = '\r\n'): { text: string; lines: number[] } {
  let text = `${HEADER.map(field).join(',')}${eol}`;
  const lines: number[] = [];
  for (const o of orders) {
    lines.push(1 + (text.match(/\r\n|\n|\r/g)?.length ?? 0));
    const values = [String(o.id), '0', o.email, '05/07/2023', 'Shipped', o.message, o.products.map(packed).join('|'), '0.00'];
    text += `${values.map(field).join(',')}${eol}`;
  }
  return { text, lines };
}

const MUG = { id: 7, sku: 'MUG-BL', name: 'Mug', variation: '', unit: 12 };
const TEAPOT = { id: 9, sku: 'TP-1L', name: 'Teapot', variation: '', unit: 29 };
const TOWEL = { id: 11, sku: 'TT-01', name: 'Tea Towel', variation: '', unit: 5 };
const order = (id: number, products: Product[], message = ''): Order => ({ id, email: `c${id}@example.com`, message, products });

let sql: SqlPort & { close(): void };
beforeAll(async () => {
  sql = await openDb();
});
afterAll(() => sql.close());

const lineRows = async () =>
  tableRows(await sql.query('SELECT row_id, invoice, sku, description, quantity, line_total FROM lines ORDER BY row_id')).map((r) => ({
    rowId: Number(r.row_id),
    invoice: String(r.invoice),
    sku: r.sku === null ? null : String(r.sku),
    description: r.description === null ? null : String(r.description),
    quantity: Number(r.quantity),
    lineTotal: Number(r.line_total),
  }));

describe("BigCommerce's packed 'Product Details'", () => {
  it('reads a product by its labels, values holding ", " and ": " included', () => {
    expect(
      productFields('Product ID: 7, Product Qty: 2, Product Name: Mug, blue, Product Variation Details: Size: L, Colour: Red, Product Total Price: 4.00'),
    ).toEqual([
      ['Product ID', '7'],
      ['Product Qty', '2'],
      ['Product Name', 'Mug, blue'],
      ['Product Variation Details', 'Size: L, Colour: Red'],
      ['Product Total Price', '4.00'],
    ]);
    expect(productFields('Mug, Product Qty: 2')).toBeUndefined();
    expect(packedProducts('')).toEqual([]);
    // A "|" inside a name is not a break between products; one before a piece without labels makes it no product export.
    expect(packedProducts('Product ID: 1, Product Name: A|B|Product ID: 2, Product Name: C')).toEqual([
      [
        ['Product ID', '1'],
        ['Product Name', 'A|B'],
      ],
      [
        ['Product ID', '2'],
        ['Product Name', 'C'],
      ],
    ]);
    expect(packedProducts('Product ID: 1, Product Name: A | loose text')).toEqual([
      [
        ['Product ID', '1'],
        ['Product Name', 'A | loose text'],
      ],
    ]);
    expect(packedProducts('7 x Mug | 2 x Teapot')).toBeUndefined();
  });

  it('splits records as a spreadsheet does: quoted line breaks inside a field, any line ending, blank lines none', () => {
    const text = 'a,b\r\n1,"x\r\ny"\r\n\r\n2,"p\nq\rr"\n3,z\r4,"""q"""';
    expect([...csvRecords(text, ',', '"')]).toEqual([
      [1, ['a', 'b']],
      [2, ['1', 'x\r\ny']],
      [5, ['2', 'p\nq\rr']],
      [8, ['3', 'z']],
      [9, ['4', '"q"']],
    ]);
  });

  it('gives a line per product with its own SKU, name, quantity and total, each named by its order row (property)', async () => {
    // Names with ", ", ":", quotes and any number of "|" (even a name of pipes alone: "|" is the
    // break between products, never the file's delimiter).
    const text = fc.stringMatching(/^[A-Za-z0-9 ,'"|:-]{1,12}$/).filter((s) => s.trim() === s && s !== '' && !/Product [A-Z]/.test(s));
    const product = fc.record({
      id: fc.integer({ min: 1, max: 999 }),
      qty: fc.integer({ min: 1, max: 9 }),
      sku: fc.stringMatching(/^[A-Z]{2,4}-\d{1,3}$/),
      name: text,
      variation: fc.constantFrom('', 'Size: L', 'Size: M, Colour: Red'),
      unit: fc.integer({ min: 1, max: 9999 }).map((c) => c / 100),
    });
    const order = fc.record({
      email: fc.constantFrom('mara@example.com', 'pat@example.net', 'lee@example.org'),
      message: fc.constantFrom('', 'Leave at the door', 'Gift wrap,\nplease', 'Line one\r\nline two\r\nthree'),
      products: fc.array(product, { minLength: 1, maxLength: 4 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(order, { minLength: 1, maxLength: 12 }), fc.constantFrom('\r\n', '\n'), async (drawn, eol) => {
        const orders = drawn.map((o, i) => ({ ...o, id: 100 + i }));
        const { text: csv, lines } = exportText(orders, eol);
        const ds = await openDataset(sql, [textSource('orders.csv', csv)]);
        expect(ds.canonical.mapping.layout?.id).toBe('bigcommerce_orders');
        const expected = orders.flatMap((o, k) =>
          o.products.map((p) => ({
            invoice: String(o.id),
            sku: p.sku,
            description: p.name,
            quantity: p.qty,
            lineTotal: Number((p.qty * p.unit).toFixed(2)),
            row: lines[k],
          })),
        );
        const got = await lineRows();
        expect(got.map(({ rowId, ...l }) => ({ ...l, row: locateRow(ds.sources, rowId)?.row }))).toEqual(expected);
        expect(ds.report.rows_read).toBe(expected.length);
        expect(ds.sources[0]!.productStarts?.length).toBe(orders.length);
      }),
      { numRuns: 20 },
    );
  });

  it("names the order's row in messages, after a message spanning lines; inspect says what was split", async () => {
    const orders = [
      order(101, [{ ...MUG, qty: 2 }], 'Ring twice,\r\nthen wait'),
      order(102, [
        { ...TEAPOT, qty: 1 },
        { ...TOWEL, qty: 1 },
      ]),
    ];
    const { text, lines } = exportText(orders);
    expect(lines).toEqual([2, 4]);
    // The second order's second product: a quantity that is no number.
    const bad = text.replace('Product Qty: 1, Product SKU: TT-01', 'Product Qty: one, Product SKU: TT-01');
    const ds = await openDataset(sql, [textSource('orders.csv', bad)]);
    expect(ds.canonical.parseIssues).toEqual([{ role: 'quantity', column: 'Product Qty', count: 1, example: { file: 'orders.csv', row: 4, value: 'one' } }]);
    expect(productSplitNote(ds.sources)).toBe("products split out of 'Product Details': 2 orders read as 3 lines, one per product");
    expect(inspectText(ds)).toContain("  products split out of 'Product Details': 2 orders read as 3 lines, one per product");
    expect((inspectJson(ds).format as { files: { orders_split_into_products?: number }[] }).files[0]!.orders_split_into_products).toBe(2);
  });

  it("warns of orders whose products add up to neither of the order's subtotals, or to the one with tax only, with their rows", async () => {
    const { text } = exportText([
      order(101, [{ ...MUG, qty: 2 }]),
      order(102, [{ ...TEAPOT, qty: 1 }]),
      order(103, [
        { ...TEAPOT, qty: 1 },
        { ...MUG, qty: 1, unit: 12.1 },
      ]),
    ]);
    // Order 101 adds up without tax, 102 with it (prices entered with tax), 103 to neither (a fee between).
    const subtotals = ['24.00,26.40', '26.36,29.00', '43.00,47.30'];
    const rows = text.split('\r\n');
    const csv = [`${rows[0]},Subtotal (ex tax),Subtotal (inc tax)`, ...rows.slice(1, -1).map((r, i) => `${r},${subtotals[i]}`), ''].join('\r\n');
    const ds = await openDataset(sql, [textSource('orders.csv', csv)]);
    expect(ds.sources[0]!.productTotalsDiffer).toEqual({ count: 1, examples: [{ row: 4, products: 41.1, subtotal: 43 }] });
    expect(ds.sources[0]!.productTotalsWithTax).toEqual({ count: 1, examples: [{ row: 3, products: 29, subtotal: 26.36 }] });
    const warnings = [
      // The orders' date (05/07/2023) leaves day/month order open: said so, as for any file.
      '4 dates in Order Date such as "05/07/2023" (orders.csv row 2: day 05, month 07) were read day-first: no date in the files has a day past 12 to tell day-first from month-first; if they are written month-first, choose the date order mdy',
      "1 order in orders.csv whose products' Product Total Price add up to neither of the order's subtotals (e.g. row 4: 41.10 against 43.00); their lines count the products' totals, so discounts, fees or taxes between the two are not in the figures",
      "1 order in orders.csv whose products' Product Total Price add up to the order's Subtotal (inc tax), not its Subtotal (ex tax) (e.g. row 3: 29.00 against 26.36 without tax): the store's prices include tax, so these lines' amounts and the monetary values include tax",
    ];
    expect(figureWarnings(ds)).toEqual(warnings);
    for (const w of warnings) expect(inspectText(ds)).toContain(`  warning: ${w}`);
    expect(
      (inspectJson(ds).format as { files: { orders_products_match_subtotal_with_tax?: unknown }[] }).files[0]!.orders_products_match_subtotal_with_tax,
    ).toEqual({
      count: 1,
      examples: [{ row: 3, products: 29, subtotal: 26.36 }],
    });
    expect(ds.report.revenue).toBeCloseTo(24 + 29 + 41.1, 6);
  });

  it('reads the file as written, a row per order, when a piece is not a labelled product', async () => {
    const { text } = exportText([order(101, [{ ...MUG, qty: 2 }]), order(102, [{ ...TEAPOT, qty: 1 }])]);
    const header = `${HEADER.join(',')},Subtotal (ex tax),Total Quantity`;
    const rows = text
      .split('\r\n')
      .slice(1, -1)
      .map((r, i) => `${i === 1 ? r.replace(/"Product ID: 9[^"]*"/, '1 x Teapot') : r},${i === 0 ? '24.00,2' : '29.00,1'}`);
    const ds = await openDataset(sql, [textSource('orders.csv', [header, ...rows, ''].join('\r\n'))]);
    expect(ds.canonical.mapping.layout?.id).toBe('bigcommerce_orders_unsplit');
    expect(ds.sources[0]!.productStarts).toBeUndefined();
    expect(productSplitNote(ds.sources)).toBeUndefined();
    expect(ds.report.rows_read).toBe(2);
    expect(ds.report.revenue).toBeCloseTo(53, 6);
    // Why, with the row: inspect and the Data screen say it.
    const why =
      '\'Product Details\' not split into products in orders.csv: row 3: \'Product Details\' holds "1 x Teapot", not labelled products ("Product ID: ..., Product Qty: ..."); the file is read a row per order, without items (no baskets, rules or next-best products)';
    expect(productsNotSplitNotes(ds.sources)).toEqual([why]);
    expect(inspectText(ds)).toContain(`  warning: ${why}`);
  });

  it("refuses a folder where one file's products split and another's do not, naming that file's row", async () => {
    const { text: good } = exportText([order(101, [{ ...MUG, qty: 2 }])]);
    const { text } = exportText([order(102, [{ ...TEAPOT, qty: 1 }]), order(103, [{ ...TOWEL, qty: 3 }])]);
    const bad = text.replace(/"Product ID: 11[^"]*"/, '3 x Tea Towel');
    for (const files of [
      [textSource('2023-05.csv', good), textSource('2023-06.csv', bad)],
      [textSource('2023-06.csv', bad), textSource('2023-05.csv', good)],
    ]) {
      const err = await openDataset(sql, files).then(
        () => undefined,
        (e: unknown) => e as { message: string; location?: unknown },
      );
      expect(err?.message).toContain(
        "its 'Product Details' cannot be split into products as 2023-05.csv's are: 'Product Details' holds \"3 x Tea Towel\", not labelled products",
      );
      expect(err?.location).toEqual({ file: '2023-06.csv', row: 3, column: 'Product Details' });
    }
  });
});
