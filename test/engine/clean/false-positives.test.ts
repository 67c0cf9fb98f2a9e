import { beforeAll, describe, expect, it } from 'vitest';
import { CLEANING_RULES, openDataset, type CleaningRule, type SqlPort } from '../../../engine/src/index.ts';
import { inspectText } from '../../../engine/cli/inspect.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

/**
 * Cleaning rules must not remove real sales. Each fixture line carries the rule a person would
 * remove it under (or none); the expected figures are computed from those labels and the
 * line's own numbers, not by the engine.
 */

interface Line {
  invoice: string;
  sku: string;
  description: string;
  quantity: number;
  date: string;
  price: number;
  customer: string;
  /** The rule that should remove this line; undefined for a sale to keep. */
  removedBy?: CleaningRule;
}

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

function csv(lines: Line[]): string {
  const q = (v: string) => (/[",]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return `${[HEADER, ...lines.map((l) => [l.invoice, l.sku, q(l.description), l.quantity, l.date, l.price, l.customer, 'UK'].join(','))].join('\n')}\n`;
}

function expectedFigures(lines: Line[]) {
  const kept = lines.filter((l) => l.removedBy === undefined);
  const removed = Object.fromEntries(CLEANING_RULES.map((r) => [r, lines.filter((l) => l.removedBy === r).length]));
  return {
    // No line here is implausible (dates 2023, no zero quantity, no layout naming cancelled orders; no today given).
    removed: { invalid_value: 0, ...removed, future_date: 0, early_date: 0, after_snapshot: 0, zero_quantity: 0, cancelled_order: 0 },
    kept: kept.length,
    customers: new Set(kept.map((l) => l.customer)).size,
    invoices: new Set(kept.map((l) => l.invoice)).size,
    revenue: Math.round(kept.reduce((a, l) => a + l.quantity * l.price, 0) * 100) / 100,
  };
}

const line = (
  invoice: string,
  sku: string,
  description: string,
  quantity: number,
  date: string,
  price: number,
  customer: string,
  removedBy?: CleaningRule,
): Line => ({ invoice, sku, description, quantity, date, price, customer, ...(removedBy ? { removedBy } : {}) });

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

async function check(name: string, lines: Line[]) {
  const ds = await openDataset(sql, [textSource(name, csv(lines))]);
  const e = expectedFigures(lines);
  expect(ds.report.removed).toEqual(e.removed);
  expect(ds.report.rows_kept).toBe(e.kept);
  expect(ds.report.customers).toBe(e.customers);
  expect(ds.report.invoices).toBe(e.invoices);
  expect(ds.report.revenue).toBeCloseTo(e.revenue, 2);
  return ds;
}

describe('cancellations', () => {
  it('are C + digits with a negative quantity or a matching original, not any id starting with C', async () => {
    await check('cancellations.csv', [
      line('1005', 'A1', 'RED MUG', 4, '2023-01-02 10:00:00', 2.5, 'c1'),
      line('1005', 'A2', 'BLUE MUG', 1, '2023-01-02 10:00:00', 2.5, 'c1'),
      // A cancellation written with a positive quantity: it matches line 1 (same item, same customer).
      line('C1005', 'A1', 'RED MUG', 4, '2023-01-03 09:00:00', 2.5, 'c1', 'cancellation'),
      line('C1006', 'A2', 'BLUE MUG', -1, '2023-01-03 09:30:00', 2.5, 'c2', 'cancellation'),
      // Channel-prefixed order numbers: ordinary sales.
      line('C1002', 'A3', 'GREEN MUG', 2, '2023-01-04 11:00:00', 3.0, 'c3'),
      line('C1002', 'A1', 'RED MUG', 1, '2023-01-04 11:00:00', 2.5, 'c3'),
      line('C2001', 'A2', 'BLUE MUG', 3, '2023-01-05 11:00:00', 2.5, 'c4'),
      // "C" + letters is no cancellation: its negative quantity makes it a return.
      line('CX12', 'A2', 'BLUE MUG', -1, '2023-01-06 11:00:00', 2.5, 'c4', 'return'),
      // Same invoice number as an original but another customer's item: not its cancellation.
      line('C1005', 'A2', 'BLUE MUG', 1, '2023-01-06 12:00:00', 2.5, 'c9'),
    ]);
  });
});

describe('duplicates', () => {
  it('are identical lines of one invoice at one timestamp only', async () => {
    await check('duplicates.csv', [
      line('2001', 'A1', 'RED MUG', 2, '2023-02-01 10:00:00', 2.5, 'c1'),
      line('2001', 'A1', 'RED MUG', 2, '2023-02-01 10:00:00', 2.5, 'c1', 'duplicate'),
      // The same item and quantity in another order of the same customer, and later in the first one.
      line('2002', 'A1', 'RED MUG', 2, '2023-02-01 10:00:00', 2.5, 'c1'),
      line('2001', 'A1', 'RED MUG', 2, '2023-02-01 10:05:00', 2.5, 'c1'),
      line('2003', 'A2', 'BLUE MUG', 3, '2023-02-02 10:00:00', 2.5, 'c2'),
    ]);
  });

  it('are never counted in a till export with one line per scanned unit: a second scan is a second unit', async () => {
    const lines = [
      line('3001', 'A1', 'RED MUG', 1, '2023-03-01 10:00:00', 2.5, 'c1'),
      line('3001', 'A1', 'RED MUG', 1, '2023-03-01 10:00:00', 2.5, 'c1'),
      line('3001', 'A2', 'BLUE MUG', 1, '2023-03-01 10:00:00', 2.5, 'c1'),
      line('3002', 'A1', 'RED MUG', 1, '2023-03-02 09:00:00', 2.5, 'c2'),
      line('3003', 'A1', 'RED MUG', -1, '2023-03-02 09:10:00', 2.5, 'c2', 'return'),
    ];
    const ds = await check('till-scans.csv', lines);
    expect(ds.canonical.scanLevel).toBe(true);
    expect(inspectText(ds)).toContain('one line per scanned unit');
    // The same file with a quantity 2 somewhere is an order export: the repeated line is a duplicate again.
    const orderExport = [
      ...lines.slice(0, 3).map((l, i) => (i === 1 ? { ...l, removedBy: 'duplicate' as const } : l)),
      line('3004', 'A2', 'BLUE MUG', 2, '2023-03-03 09:00:00', 2.5, 'c3'),
    ];
    const ds2 = await check('order-export.csv', orderExport);
    expect(ds2.canonical.scanLevel).toBe(false);
  });
});

describe('non-product and junk lists', () => {
  it('match whole descriptions or codes, never words inside product names', async () => {
    await check('lists.csv', [
      line('4001', '90001', 'WET CAT FOOD', 6, '2023-04-01 10:00:00', 0.85, 'c1'),
      line('4001', '90002', 'BABY WET WIPES', 2, '2023-04-01 10:00:00', 1.2, 'c1'),
      line('4001', '90003', 'DOLL CARRIAGE', 1, '2023-04-01 10:00:00', 24.99, 'c1'),
      line('4002', '90004', 'FRENCH CARRIAGE LANTERN', 1, '2023-04-02 10:00:00', 4.95, 'c2'),
      line('4002', '90005', 'LOST IN THE WOODS JIGSAW', 1, '2023-04-02 10:00:00', 8.5, 'c2'),
      line('4002', '90006', 'SHIPPING CONTAINER MONEY BOX', 1, '2023-04-02 10:00:00', 3.25, 'c2'),
      line('4002', '90007', 'DAMAGED GOODS T-SHIRT', 1, '2023-04-02 10:00:00', 12.0, 'c2'),
      line('4003', 'POST', 'POSTAGE', 1, '2023-04-03 10:00:00', 18.0, 'c3', 'non_product'),
      line('4003', '90008', 'Next Day Carriage', 1, '2023-04-03 10:00:00', 15.0, 'c3', 'non_product'),
      line('4003', '90009', 'Bank Charges.', 1, '2023-04-03 10:00:00', 15.0, 'c3', 'non_product'),
      line('4003', 'SHIPPING', 'Express', 1, '2023-04-03 10:00:00', 9.0, 'c3', 'non_product'),
      // A café's tip, a German till's bottle deposit, a rounding line: charges, not products to mine.
      line('4003', '90015', 'Tip', 1, '2023-04-03 10:00:00', 2.0, 'c3', 'non_product'),
      line('4003', '90016', 'Pfand', 6, '2023-04-03 10:00:00', 0.25, 'c3', 'non_product'),
      line('4003', '90017', 'Rounding', 1, '2023-04-03 10:00:00', 0.02, 'c3', 'non_product'),
      line('4003', '90018', 'Gratuity', 1, '2023-04-03 10:00:00', 3.0, 'c3', 'non_product'),
      // A gift card sold (of a value, as Shopify names its variants) is money for a later order, not a product.
      line('4006', 'GC-25', 'Gift Card - $25.00', 1, '2023-04-06 10:00:00', 25.0, 'c6', 'non_product'),
      line('4006', '90021', 'Gutschein 10 €', 1, '2023-04-06 10:00:00', 10.0, 'c6', 'non_product'),
      line('4006', '90022', 'Shipping 4.95', 1, '2023-04-06 10:00:00', 4.95, 'c6', 'non_product'),
      line('4006', '90023', 'GIFT CARD HOLDER', 1, '2023-04-06 10:00:00', 3.5, 'c6'),
      line('4006', '90024', 'CHRISTMAS GIFT CARD 6', 1, '2023-04-06 10:00:00', 2.5, 'c6'),
      line('4002', '90019', 'TIP TOP GIFT BAG', 1, '2023-04-02 10:00:00', 1.5, 'c2'),
      line('4002', '90020', 'DEPOSIT BOX KEY RING', 1, '2023-04-02 10:00:00', 2.1, 'c2'),
      line('4004', '90010', 'wet damaged', 1, '2023-04-04 10:00:00', 1.0, 'c4', 'junk_description'),
      line('4004', '90011', 'lost in warehouse', 1, '2023-04-04 10:00:00', 1.0, 'c4', 'junk_description'),
      line('4004', '90012', '??', 1, '2023-04-04 10:00:00', 1.0, 'c4', 'junk_description'),
      line('4004', '90013', 'Thrown away - mouldy.', 1, '2023-04-04 10:00:00', 1.0, 'c4', 'junk_description'),
      line('4005', '90014', 'RED MUG', 1, '2023-04-05 10:00:00', 2.5, 'c5'),
    ]);
  });
});

describe('the report', () => {
  const lines = [
    line('5001', 'A1', 'RED MUG', 2, '2023-05-01 10:00:00', 2.5, 'c1'),
    line('5002', 'A1', 'RED MUG', 1, '2023-05-01 11:00:00', 2.5, '', 'missing_customer'),
    line('C5003', 'A1', 'RED MUG', -2, '2023-05-02 10:00:00', 2.5, 'c1', 'cancellation'),
    line('5004', 'A1', 'RED MUG', -1, '2023-05-02 12:00:00', 2.5, 'c2', 'return'),
    line('5005', 'A3', 'GREEN MUG', 1, '2023-05-03 10:00:00', 0, 'c2', 'non_positive_price'),
    line('5006', 'POST', 'POSTAGE', 1, '2023-05-03 10:00:00', 18.0, 'c2', 'non_product'),
    line('5001', 'A1', 'RED MUG', 2, '2023-05-01 10:00:00', 2.5, 'c1', 'duplicate'),
    line('5007', 'A4', '?', 1, '2023-05-04 10:00:00', 1.0, 'c3', 'junk_description'),
    line('5008', 'A5', 'missing', 1, '2023-05-04 10:00:00', 1.0, 'c3', 'junk_description'),
    line('5009', 'A6', 'POSTAGE', 1, '2023-05-04 11:00:00', 5.0, 'c3', 'non_product'),
    line('5010', 'A7', 'POSTAGE', 1, '2023-05-04 12:00:00', 5.0, 'c3', 'non_product'),
    line('5011', 'A8', 'POSTAGE', 1, '2023-05-04 13:00:00', 5.0, 'c3', 'non_product'),
  ];

  it('keeps every rule count and shows, per rule, the first lines it removed with file and row', async () => {
    const ds = await check('report.csv', lines);
    for (const rule of CLEANING_RULES) {
      // Rows as in the file: the header is row 1.
      const removed = lines
        .map((l, i) => ({ l, row: i + 2 }))
        .filter(({ l }) => l.removedBy === rule)
        .slice(0, 3);
      expect(ds.report.examples[rule]?.map((e) => [e.file, e.row, e.invoice, e.description, e.quantity])).toEqual(
        removed.map(({ l, row }) => ['report.csv', row, l.invoice, l.description, l.quantity]),
      );
    }
    expect(ds.report.examples.invalid_value).toBeUndefined();
    const text = inspectText(ds);
    expect(text).toContain('e.g. report.csv row 3: invoice 5002, A1, "RED MUG", quantity 1');
    expect(text).toContain('e.g. report.csv row 7: invoice 5006, POST, "POSTAGE", quantity 1');
  });
});
