/**
 * Values written ="…", Excel's guard for text (excel-text.ts): read without the guard, so ids
 * keep their leading zeros and dates and numbers so written parse; said so.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { excelTextNote, figureWarnings, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { guardedSql, unguard, unguardSql } from '../../../engine/src/io/excel-text.ts';
import { literal } from '../../../engine/src/sql/quote.ts';
import { inspectText } from '../../../engine/cli/inspect.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort & { close(): void };
beforeAll(async () => {
  sql = await openDb();
});
afterAll(() => sql.close());

describe('values written ="…" (Excel\'s guard for text)', () => {
  it('read without it: ids keep their leading zeros, dates and numbers parse, and it is said', async () => {
    const text = [
      'Order,Customer,Date,SKU,Description,Qty,Price',
      '="0001",="00123",="2024-12-01",="0456",="Mug ""Classic""",="1",="10.50"',
      '="0002",="00124",="2024-12-02",="0457",Plate,="2",="5"',
      '',
    ].join('\n');
    const ds = await openDataset(sql, [textSource('guarded.csv', text)]);
    expect(ds.canonical.mapping.mapping).toMatchObject({ customer: 'Customer', date: 'Date', quantity: 'Qty', unit_price: 'Price' });
    expect(ds.canonical.excelText).toEqual(['Order', 'Customer', 'Date', 'SKU', 'Description', 'Qty', 'Price']);
    const rows = tableRows(await sql.query(`SELECT invoice, customer, strftime(ts, '%Y-%m-%d') AS d, sku, description, amount FROM lines ORDER BY row_id`));
    expect(rows).toEqual([
      { invoice: '0001', customer: '00123', d: '2024-12-01', sku: '0456', description: 'Mug "Classic"', amount: 10.5 },
      { invoice: '0002', customer: '00124', d: '2024-12-02', sku: '0457', description: 'Plate', amount: 10 },
    ]);
    expect(ds.report.removed.invalid_value).toBe(0);
    expect(figureWarnings(ds)).toEqual([]);
    const note = excelTextNote(ds.canonical.excelText!);
    expect(note).toBe('values written ="…" (Excel\'s guard for text) read without it, in "Order", "Customer", "Date", "SKU", "Description", "Qty", "Price"');
    expect(inspectText(ds)).toContain(note);
  });

  it('leave a file without them as it is, a formula too', async () => {
    const text = 'Order,Customer,Date,Description,Qty,Price\n1,c1,2024-12-01,=SUM(A1:A2),1,5\n2,c2,2024-12-02,"=""x",2,5\n';
    const ds = await openDataset(sql, [textSource('plain.csv', text)]);
    expect(ds.canonical.excelText).toBeUndefined();
    expect(tableRows(await sql.query('SELECT description FROM lines ORDER BY row_id')).map((r) => r.description)).toEqual(['=SUM(A1:A2)', '="x']);
  });

  it('the SQL unwraps as unguard does (property)', async () => {
    const piece = fc.constantFrom('=', '"', '""', 'a', '0', ' ', 'é', '');
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.array(piece, { maxLength: 6 }).map((p) => p.join('')),
          { minLength: 1, maxLength: 12 },
        ),
        async (values) => {
          const all = [...values, ...values.map((v) => `="${v}"`)];
          const rows = tableRows(
            await sql.query(
              `SELECT CASE WHEN ${guardedSql('v')} THEN ${unguardSql('v')} ELSE v END AS u
             FROM (VALUES ${all.map((v, i) => `(${i}, ${literal(v)})`).join(', ')}) t(i, v) ORDER BY i`,
            ),
          );
          expect(rows.map((r) => r.u)).toEqual(all.map(unguard));
        },
      ),
      { numRuns: 100 },
    );
  });
});
