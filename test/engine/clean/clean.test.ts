import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CLEANING_RULES,
  defaultCleaningOptions,
  openDataset,
  previewLines,
  recleanDataset,
  ruleMatches,
  tableRows,
  type CleaningRule,
  type SqlPort,
} from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const FIXTURE = [
  HEADER,
  '1001,A1,RED MUG,2,2023-01-02 10:00:00,2.50,c1,UK', // kept
  '1002,A2,BLUE MUG,1,2023-01-02 11:00:00,2.50,,UK', // missing_customer
  'C1003,A1,RED MUG,-2,2023-01-03 10:00:00,2.50,c1,UK', // cancellation
  '1004,A1,RED MUG,-1,2023-01-03 12:00:00,2.50,c2,UK', // return
  '1005,A3,GREEN MUG,1,2023-01-04 10:00:00,0,c2,UK', // non_positive_price
  '1006,POST,POSTAGE,1,2023-01-04 10:00:00,18.00,c2,UK', // non_product (code)
  '1001,A1,RED MUG,2,2023-01-02 10:00:00,2.50,c1,UK', // duplicate of line 1
  '1007,A4,?,1,2023-01-05 10:00:00,1.00,c3,UK', // junk_description
  '1008,A5,lost in warehouse,1,2023-01-05 10:00:00,1.00,c3,UK', // junk_description
  '1009,A6,FRENCH CARRIAGE LANTERN,1,2023-01-06 10:00:00,4.95,c3,UK', // kept: a product
  '1010,A7,Next Day Carriage,1,2023-01-06 10:00:00,15.00,c3,UK', // non_product (description)
  '1011,BANK CHARGES,Bank Charges,1,2023-01-06 10:00:00,15.00,c3,UK', // non_product (code)
].join('\n');

describe('cleaning rules on a fixture', () => {
  it('removes each kind of line under its rule, with exact counts', async () => {
    const ds = await openDataset(sql, [textSource('fixture.csv', FIXTURE)]);
    expect(ds.report.removed).toEqual({
      invalid_value: 0,
      missing_customer: 1,
      cancellation: 1,
      return: 1,
      non_positive_price: 1,
      non_product: 3,
      duplicate: 1,
      junk_description: 2,
      future_date: 0,
      early_date: 0,
      after_snapshot: 0,
      zero_quantity: 0,
      cancelled_order: 0,
    });
    expect(ds.report.rows_read).toBe(12);
    expect(ds.report.rows_kept).toBe(2);
    expect(ds.report.revenue).toBe(9.95);
    expect(tableRows(await sql.query('SELECT invoice FROM kept ORDER BY row_id')).map((r) => r.invoice)).toEqual(['1001', '1009']);
  });

  it('counts what each rule matches on its own and previews kept and removed lines', async () => {
    await openDataset(sql, [textSource('fixture.csv', FIXTURE)]);
    expect(await ruleMatches(sql)).toEqual({
      missing_customer: 1,
      cancellation: 1,
      return: 2,
      non_positive_price: 1,
      non_product: 3,
      duplicate: 1,
      junk_description: 2,
    });
    const kept = await previewLines(sql, 'kept', 100);
    expect(kept.numRows).toBe(2);
    expect(kept.getChild('invoice')!.get(1)).toBe('1009');
    expect((await previewLines(sql, 'removed', 3)).numRows).toBe(3);
    expect((await previewLines(sql, 'removed', 100)).numRows).toBe(10);
  });

  it.each(CLEANING_RULES.map((r) => [r]))('applies %s alone', async (rule) => {
    const ds = await openDataset(sql, [textSource('fixture.csv', FIXTURE)], {
      cleaning: { ...defaultCleaningOptions(), rules: [rule as CleaningRule] },
    });
    const expected: Record<CleaningRule, number> = {
      missing_customer: 1,
      cancellation: 1,
      return: 2,
      non_positive_price: 1,
      non_product: 3,
      duplicate: 1,
      junk_description: 2,
    };
    expect(ds.report.removed[rule as CleaningRule]).toBe(expected[rule as CleaningRule]);
    expect(ds.report.rows_kept).toBe(12 - expected[rule as CleaningRule]);
  });

  it('keeps everything with no rules, and nets cancellations and returns when asked', async () => {
    const none = await openDataset(sql, [textSource('fixture.csv', FIXTURE)], { cleaning: { ...defaultCleaningOptions(), rules: [] } });
    expect(none.report.rows_kept).toBe(12);
    const net = await recleanDataset(sql, none, { ...defaultCleaningOptions(), returns: 'net' });
    // c2's only kept line is its return (the other two are removed by rules): a customer with no
    // purchase and a negative net is left out, so only c1's cancellation is netted.
    expect(net.report.netted).toEqual({ cancellation: 1, return: 0 });
    expect(net.report.returnsOnly).toEqual({ customers: 1, lines: 1, net: -2.5, examples: [{ customer: 'c2', invoices: 1, lines: 1, net: -2.5 }] });
    expect(net.report.removed.cancellation).toBe(0);
    expect(net.report.removed.returns_only).toBe(1);
    expect(net.report.rows_kept).toBe(3);
    expect(net.report.revenue).toBe(Math.round((5 + 4.95 - 5) * 100) / 100);
  });

  it('uses the editable non-product and junk lists', async () => {
    const options = { ...defaultCleaningOptions(), nonProductCodes: ['A6'], nonProductWords: [], junkWords: [] };
    const ds = await openDataset(sql, [textSource('fixture.csv', FIXTURE)], { cleaning: options });
    expect(ds.report.removed.non_product).toBe(1);
    expect(ds.report.removed.junk_description).toBe(1);
  });
});

interface GenLine {
  invoice: string;
  customer: string;
  quantity: number;
  price: number;
  sku: string;
  description: string;
}

const lineArb: fc.Arbitrary<GenLine> = fc.record({
  invoice: fc.constantFrom('1', '2', '3', 'C4', 'C5'),
  customer: fc.constantFrom('', 'a', 'b'),
  quantity: fc.constantFrom(-2, -1, 1, 2, 3),
  price: fc.constantFrom(0, -1, 1.5, 2),
  sku: fc.constantFrom('X1', 'X2', 'POST', 'M'),
  description: fc.constantFrom('MUG', 'PLATE', '?', 'damaged', 'POSTAGE'),
});

/** The rule definitions restated independently, for the property test. */
function reference(lines: GenLine[], rules: Set<CleaningRule>): { removed: Record<string, number>; kept: number } {
  const seen = new Set<string>();
  // A file whose every quantity is 1 or -1 is a till export, one line per scanned unit: no duplicates.
  const scanLevel = lines.every((l) => Math.abs(l.quantity) === 1);
  const removed: Record<string, number> = Object.fromEntries(CLEANING_RULES.map((r) => [r, 0]));
  let kept = 0;
  for (const l of lines) {
    const key = JSON.stringify(l);
    const dup = seen.has(key);
    seen.add(key);
    const hits: Record<CleaningRule, boolean> = {
      missing_customer: l.customer === '',
      // Originals of C4 and C5 (invoices 4 and 5) never occur here: only a negative quantity cancels.
      cancellation: /^C\d+$/.test(l.invoice) && l.quantity < 0,
      return: l.quantity < 0,
      non_positive_price: l.price <= 0,
      non_product: ['POST', 'M'].includes(l.sku) || l.description === 'POSTAGE',
      duplicate: dup && !scanLevel,
      junk_description: l.description === '?' || l.description === 'damaged',
    };
    const rule = CLEANING_RULES.find((r) => rules.has(r) && hits[r]);
    if (rule) removed[rule]!++;
    else kept++;
  }
  return { removed, kept };
}

describe('cleaning invariants (property)', () => {
  it('never invents lines; per-rule counts add up and equal the first-matching-rule reference', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(lineArb, { minLength: 1, maxLength: 40 }), fc.subarray([...CLEANING_RULES]), async (gen, rules) => {
        const text = [
          HEADER,
          ...gen.map((l, i) => `${l.invoice},${l.sku},${l.description},${l.quantity},2023-01-0${1 + (i % 9)} 10:00:00,${l.price},${l.customer},UK`),
        ].join('\n');
        // The date varies per line, so duplicates in the reference must include it too.
        const keyed = gen.map((l, i) => ({ ...l, invoice: l.invoice, description: l.description, sku: l.sku, day: i % 9 }) as GenLine);
        const ds = await openDataset(sql, [textSource('p.csv', text)], { cleaning: { ...defaultCleaningOptions(), rules } });
        const ref = reference(keyed, new Set(rules));
        const removedTotal = Object.values(ds.report.removed).reduce((a, b) => a + b, 0);
        expect(ds.report.rows_read).toBe(gen.length);
        expect(ds.report.rows_kept + removedTotal).toBe(ds.report.rows_read);
        expect(ds.report.rows_kept).toBe(ref.kept);
        for (const r of CLEANING_RULES) expect(ds.report.removed[r]).toBe(ref.removed[r]);
        const keptIds = tableRows(await sql.query('SELECT row_id FROM kept EXCEPT SELECT row_id FROM lines'));
        expect(keptIds).toEqual([]);
      }),
      { numRuns: 40 },
    );
  });
});
