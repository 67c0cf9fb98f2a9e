import { describe, expect, it } from 'vitest';
import { customerProfiles, defaultAnalysis, keptSummary, loadData, recleanDataset, scoreCustomers } from '../../../engine/src/index.ts';
import { firstRow, num } from '../../../engine/src/sql/rows.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

/**
 * Net mode: customers with no purchase whose lines net to zero or less are reported and left out
 * of scoring, and every count of customers agrees (report, RFM, segments, profiles).
 */

// invoice, sku, quantity, price, customer
const ROWS: [string, string, number, number, string][] = [
  ['1001', 'P1', 2, 5, 'A'],
  ['1002', 'P2', 1, 3, 'A'],
  ['1003', 'P1', 1, 5, 'B'],
  ['C1003', 'P1', -1, 5, 'B'], // B returned everything, but bought: kept with a net of 0
  ['1004', 'P2', -2, 3, 'C'], // a return with no purchase
  ['C9999', 'P3', -1, 4, 'D'], // a cancellation with no purchase
  ['1005', 'P1', 1, 5, 'F'],
  ['1006', 'P1', -3, 5, 'F'], // returned more than bought: kept, net -10
  ['1007', 'P4', -1, 2, 'G'],
  ['1008', 'P4', -1, 2, 'G'], // two returns, no purchase
];

const CSV = `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
${ROWS.map(([inv, sku, q, p, c], i) => `${inv},${sku},ITEM ${sku},${q},2024-05-${String(1 + i).padStart(2, '0')} 10:00,${p.toFixed(2)},${c},UK`).join('\n')}
`;

/** The definition, computed line by line: no line with a positive quantity that is not a C-invoice, and a net of zero or less. */
function expected() {
  const by = new Map<string, { lines: number; net: number; invoices: Set<string>; bought: boolean }>();
  for (const [inv, , q, p, c] of ROWS) {
    const e = by.get(c) ?? { lines: 0, net: 0, invoices: new Set<string>(), bought: false };
    e.lines++;
    e.net += q * p;
    e.invoices.add(inv);
    if (q > 0 && !/^C\d+$/.test(inv)) e.bought = true;
    by.set(c, e);
  }
  const out = [...by].filter(([, e]) => !e.bought && e.net <= 0).sort(([a], [b]) => (a < b ? -1 : 1));
  const scored = [...by.keys()].filter((c) => !out.some(([o]) => o === c)).sort();
  return { out, scored, lines: out.reduce((a, [, e]) => a + e.lines, 0), net: out.reduce((a, [, e]) => a + e.net, 0) };
}

describe('returns netted: customers who only returned', () => {
  it('are reported with examples, left out of kept, and every customer count agrees', async () => {
    const sql = await openDb();
    const a = defaultAnalysis();
    a.cleaning.returns = 'net';
    const ds = await loadData(sql, [textSource('net.csv', CSV)], a, { today: null });
    const e = expected();
    expect(e.out.map(([c]) => c)).toEqual(['C', 'D', 'G']);
    expect(ds.report.returnsOnly).toEqual({
      customers: e.out.length,
      lines: e.lines,
      net: e.net,
      examples: e.out.map(([customer, x]) => ({ customer, invoices: x.invoices.size, lines: x.lines, net: x.net })),
    });
    // Their lines count as removed, so the per-rule counts still add up to lines read minus kept.
    expect(ds.report.removed.returns_only).toBe(e.lines);
    const removed = Object.values(ds.report.removed).reduce((s, n) => s + (n ?? 0), 0);
    expect(ds.report.rows_read - ds.report.rows_kept).toBe(removed);
    // The CLI segment's part of the report counts the same lines kept.
    const summary = await keptSummary(sql, ds.cleaning);
    expect([summary.rows_read, summary.rows_kept]).toEqual([ds.report.rows_read, ds.report.rows_kept]);
    expect(ds.report.examples.returns_only?.map((x) => x.invoice)).toEqual(['1004', 'C9999', '1007']);
    // One count of customers everywhere: the Data screen's, RFM's, the segments', the profiles'.
    expect(ds.report.customers).toBe(e.scored.length);
    const scored = await scoreCustomers(sql, a);
    expect(scored.rfm.customerIds).toEqual(e.scored);
    expect(scored.summary.reduce((s, r) => s + r.customers, 0)).toBe(e.scored.length);
    expect((await customerProfiles(sql)).length).toBe(e.scored.length);
    const kept = firstRow(await sql.query('SELECT count(DISTINCT customer) AS n FROM kept'));
    expect(num(kept.n)).toBe(e.scored.length);
    // B (net 0) and F (net -10) bought something: they stay.
    const f = scored.rfm.customerIds.indexOf('F');
    expect(scored.rfm.monetary[f]).toBe(-10);

    // Drop mode removes the returns by rule instead; nothing is reported as returns-only.
    const dropped = await recleanDataset(sql, ds, { ...ds.cleaning, returns: 'drop' });
    expect(dropped.report.returnsOnly).toBeUndefined();
    expect(dropped.report.removed.returns_only).toBeUndefined();
    expect(dropped.report.customers).toBe(new Set(ROWS.filter(([inv, , q]) => q > 0 && !/^C/.test(inv)).map((r) => r[4])).size);
  });
});
