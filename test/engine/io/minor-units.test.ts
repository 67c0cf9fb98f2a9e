/**
 * Money a shop's database exports in cents ("unit_price_cents", "total_cents"): read in the
 * currency's units, as its header says, and said; a column so named holding decimals is read as
 * written.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { defaultAnalysis, figureWarnings, loadData, scoreCustomers, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

describe('amounts in cents', () => {
  it('are read in units: every customer’s monetary value is the cents over 100 (property)', async () => {
    const line = fc.record({
      customer: fc.integer({ min: 1, max: 4 }),
      qty: fc.integer({ min: 1, max: 5 }),
      cents: fc.integer({ min: 1, max: 99_999 }),
      day: fc.integer({ min: 1, max: 28 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(line, { minLength: 1, maxLength: 15 }), fc.boolean(), async (lines, withTotal) => {
        const header = withTotal
          ? 'order_id,customer_id,created_at,product_name,quantity,unit_price_cents,total_cents'
          : 'order_id,customer_id,created_at,product_name,quantity,price_in_cents';
        const rows = lines.map(
          (l, i) => `${1001 + i},${l.customer},2024-03-${String(l.day).padStart(2, '0')},Mug,${l.qty},${l.cents}${withTotal ? `,${l.qty * l.cents}` : ''}`,
        );
        const a = defaultAnalysis();
        const ds = await loadData(sql, [textSource('orders.csv', `${header}\n${rows.join('\n')}\n`)], a, { today: null });
        const by = new Map<string, number>();
        for (const l of lines) by.set(String(l.customer), (by.get(String(l.customer)) ?? 0) + l.qty * l.cents);
        const expected = [...by].sort(([x], [y]) => (x < y ? -1 : 1));
        const scored = await scoreCustomers(sql, a);
        expect(scored.rfm.customerIds).toEqual(expected.map(([c]) => c));
        expect([...scored.rfm.monetary].map((m) => Math.round(m * 100))).toEqual(expected.map(([, c]) => c));
        expect(Math.round(ds.report.revenue * 100)).toBe(lines.reduce((s, l) => s + l.qty * l.cents, 0));
      }),
      { numRuns: 20, seed: 20261207 },
    );
  });

  it('says so; a column named so that holds decimals, or a percent, is read as written', async () => {
    const csv =
      'order_id,customer_id,created_at,product_name,quantity,unit_price_cents,total_cents\n1,a,2024-03-01,Mug,2,1250,2500\n2,b,2024-03-02,Bowl,1,999,999\n';
    const ds = await loadData(sql, [textSource('o.csv', csv)], defaultAnalysis(), { today: null });
    expect(ds.report.revenue).toBe(34.99);
    expect(figureWarnings(ds)).toContain(
      '"unit_price_cents" and "total_cents" hold amounts in cents (hundredths), as their headers say: read divided by 100 (e.g. 1250 as 12.50)',
    );
    const decimals = await loadData(sql, [textSource('d.csv', csv.replace('1250,2500', '12.50,25.00').replace('999,999', '9.99,9.99'))], defaultAnalysis(), {
      today: null,
    });
    expect(decimals.report.revenue).toBe(34.99);
    expect(decimals.canonical.minorUnits).toBeUndefined();
    const percent = await loadData(
      sql,
      [textSource('p.csv', 'order_id,customer_id,created_at,product_name,quantity,price,discount_percent\n1,a,2024-03-01,Mug,2,12,10\n')],
      defaultAnalysis(),
      { today: null },
    );
    expect(percent.report.revenue).toBe(24);
    expect(percent.canonical.minorUnits).toBeUndefined();
  });
});
