/**
 * The shareable report's renderer: hostile text is escaped everywhere, the document fetches
 * nothing, and its figures are the engine's (checked against sums computed here from `kept`).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import {
  collectReport,
  defaultAnalysis,
  escapeHtml,
  figureWarnings,
  openDataset,
  planDataset,
  renderReport,
  scoreCustomers,
  tableRows,
  type Dataset,
  type ReportData,
  type SqlPort,
} from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

/** data-figure → data-value of every figure in the report. */
function figures(html: string): Map<string, string> {
  const out = new Map<string, string>();
  const decode = (s: string) => s.replace(/&#(\d+);/g, (_, d) => String.fromCharCode(Number(d)));
  for (const m of html.matchAll(/data-figure="([^"]*)" data-value="([^"]*)"/g)) out.set(decode(m[1]!), decode(m[2]!));
  return out;
}

const HOSTILE = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';

describe('renderReport on hand-made lines with hostile names', () => {
  let html: string;
  let data: ReportData;
  beforeAll(async () => {
    const sql = await openDb();
    const lines = [
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      `i1,A,"${HOSTILE.replace(/"/g, '""')}",2,2024-01-10 10:00:00,10,c1,"<b>Land</b>"`,
      'i2,B,plain,1,2024-02-01 10:00:00,5,c2,UK',
      'i3,A,other,1,2024-03-05 10:00:00,10,"c3""><svg onload=alert(2)>",UK',
      'i4,B,plain,3,2024-04-05 10:00:00,5,c1,UK',
    ];
    const ds = await openDataset(sql, [textSource('evil<name>.csv', `${lines.join('\n')}\n`)]);
    const a = { ...defaultAnalysis(), name: 'Q1 </title><script>bad()</script>' };
    data = await collectReport(sql, ds, a, {
      sources: [{ name: 'evil<name>.csv', size: 1, sha256: 'ab'.repeat(32) }],
      clusters: null,
      rules: { total: 1, top: [{ antecedent: HOSTILE, consequent: '"quoted" & <b>', support: 0.5, confidence: 1, lift: 2, count: 1 }] },
    });
    html = renderReport(data);
  });

  it('escapes every text: no markup from the data reaches the document', () => {
    expect(html).not.toMatch(/<script|<img|<svg onload|<b>|<\/title><script/i);
    // No tag carries an event handler: the hostile "onerror=" stays text between tags.
    for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) expect(tag).not.toMatch(/\son\w+=/i);
    expect(html).toContain(escapeHtml(HOSTILE));
    expect(html).toContain('evil&#60;name&#62;.csv');
    expect(html).toContain('&#60;b&#62;Land&#60;/b&#62;');
    // The hostile description is the top product (20 of revenue); its figure reads back exactly.
    expect(figures(html).get('product-1')).toBe('A');
    expect(data.overview.topProducts.byRevenue[0]!.description).toBe(HOSTILE);
  });

  it('fetches nothing: no script, no external reference, a CSP that forbids loading', () => {
    for (const tag of html.match(/<[a-z][^>]*>/gi) ?? []) expect(tag).not.toMatch(/\s(src|href|xlink:href)=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"`);
    expect(html.match(/<svg /g)?.length).toBeGreaterThanOrEqual(4);
  });

  it('is deterministic', async () => {
    expect(renderReport(data)).toBe(html);
  });
});

describe('renderReport on a file without a country column', () => {
  it('leaves the countries out, and says which KPIs have no previous period', async () => {
    const sql = await openDb();
    const lines = [
      'Invoice,Customer,Date,Item,Qty,Price',
      'i1,c1,2024-01-10 10:00,Tea,1,3',
      'i2,c2,2024-01-12 10:00,Tea,2,3',
      'i3,c1,2024-02-01 10:00,Mug,1,8',
    ];
    const ds = await openDataset(sql, [textSource('till.csv', `${lines.join('\n')}\n`)]);
    const data = await collectReport(sql, ds, defaultAnalysis(), {
      sources: [{ name: 'till.csv', size: 1, sha256: 'ab'.repeat(32) }],
      clusters: null,
      rules: null,
    });
    const html = renderReport(data);
    expect(html).not.toContain('<h3>Countries</h3>');
    expect(html).not.toContain('(none)');
    // The KPI period (the last 30 days) holds the data; the 30 days before, nothing.
    expect(data.overview.kpis.figures.revenue.change).toBeNull();
    expect(html).toContain('none in the previous period');
    expect(html).not.toContain('— vs');
    // Nothing may be wrong in these figures: no section says so.
    expect(data.warnings).toEqual([]);
    expect(html).not.toContain('id="caveats"');
  });

  it("says first what may be wrong in the figures, as every command's warnings say it", async () => {
    const sql = await openDb();
    const march = 'Invoice,Customer,Date,Item,Qty,Price\ni1,c1,2024-03-10 10:00,Tea,1,3\ni2,c2,2024-03-12 10:00,Tea,2,3\n';
    const april = 'Invoice,Customer,Email,Date,Item,Qty,Price\ni3,c1,c1@example.com,2024-04-01 10:00,Mug,1,8\n';
    const ds = await openDataset(sql, [textSource('march.csv', march), textSource('april.csv', april)]);
    const data = await collectReport(sql, ds, defaultAnalysis(), { sources: [], clusters: null, rules: null });
    expect(data.warnings).toEqual(figureWarnings(ds));
    expect(data.warnings).toEqual(['1 of 2 files have no column "Email" (march.csv; 2 lines): their lines are read with no email']);
    const html = renderReport(data);
    expect(html).toContain(
      '<section id="caveats"><h2>What may be wrong in these figures</h2><ul class="note"><li>1 of 2 files have no column &#34;Email&#34; (march.csv; 2 lines): their lines are read with no email.</li></ul></section>',
    );
    expect(html.indexOf('id="caveats"')).toBeLessThan(html.indexOf('id="overview"'));
  });
});

describe('report figures on generated data equal the engine and sums computed here', () => {
  let sql: SqlPort;
  let ds: Dataset;
  let html: string;
  let data: ReportData;
  beforeAll(async () => {
    sql = await openDb();
    ds = await openDataset(sql, [textSource('generated.csv', [...planDataset({ rows: 20_000, customers: 900, seed: 8 }).csvChunks()].join(''))]);
    data = await collectReport(sql, ds, defaultAnalysis(), { sources: [], clusters: null, rules: null });
    html = renderReport(data);
  });

  it('monthly revenue equals sum(amount) per month of the kept lines', async () => {
    const f = figures(html);
    const rows = tableRows(
      await sql.query("SELECT strftime(ts, '%Y-%m-01') AS month, sum(amount) AS revenue FROM kept WHERE ts IS NOT NULL GROUP BY 1 ORDER BY 1"),
    );
    expect(data.overview.series.map((p) => p.period)).toEqual(rows.map((r) => r.month));
    for (const r of rows) expect(Number(f.get(`series-revenue-${r.month}`))).toBeCloseTo(Number(r.revenue), 6);
    expect(html).toContain(`<td class="num" data-figure="series-revenue-${rows[0]!.month}"`);
  });

  it('segment customers and revenue equal the pipeline; kept rows equal the cleaning report', async () => {
    const f = figures(html);
    const scored = await scoreCustomers(sql, defaultAnalysis());
    for (const s of scored.summary) {
      expect(Number(f.get(`segment-customers-${s.segment}`))).toBe(s.customers);
      expect(Number(f.get(`segment-revenue-${s.segment}`))).toBeCloseTo(s.revenue, 6);
    }
    expect(Number(f.get('rows-kept'))).toBe(ds.report.rows_kept);
    const customers = tableRows(await sql.query('SELECT count(DISTINCT customer) AS n FROM kept WHERE customer IS NOT NULL'))[0]!.n;
    expect(scored.summary.reduce((a, s) => a + s.customers, 0)).toBe(customers);
  });

  it('the migration matrix adds up to the customers of both dates; the back-test covers every customer at its date', async () => {
    const f = figures(html);
    const mg = data.migration!;
    const union = tableRows(await sql.query(`SELECT count(DISTINCT customer) AS n FROM kept WHERE customer IS NOT NULL AND ts < DATE '${mg.to}'`))[0]!.n;
    expect(Number(f.get('migration-total'))).toBe(union);
    const bt = data.backtest!;
    const before = tableRows(await sql.query(`SELECT count(DISTINCT customer) AS n FROM kept WHERE customer IS NOT NULL AND ts < DATE '${bt.asOf}'`))[0]!.n;
    expect(Number(f.get('backtest-customers-All customers'))).toBe(before);
    expect(data.notes).toEqual([]);
  });

  it('an as-of date before the data gives a note, not a failure', async () => {
    const d = await collectReport(sql, ds, defaultAnalysis(), { asOf: '2000-01-01', compare: '2000-01-01', sources: [], clusters: null, rules: null });
    expect(d.backtest).toBeNull();
    expect(d.migration).toBeNull();
    expect(d.notes).toHaveLength(2);
    expect(renderReport(d)).toContain('Not available for this data');
  });
});

describe('report defaults: a short history, and the analysis’ own back-test settings', () => {
  let sql: SqlPort;
  let ds: Dataset;
  beforeAll(async () => {
    sql = await openDb();
    // 40 days (2025-03-01 to 2025-04-09), shorter than the usual 90-day gaps.
    const lines = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
    for (let d = 0; d < 40; d++) lines.push(`i${d},A,thing,1,${new Date(Date.UTC(2025, 2, 1 + d)).toISOString().slice(0, 10)} 10:00:00,5,c${d % 7},UK`);
    ds = await openDataset(sql, [textSource('short.csv', `${lines.join('\n')}\n`)]);
  });

  it('opens halfway through the history: a back-test and a migration, no notes', async () => {
    const d = await collectReport(sql, ds, defaultAnalysis(), { sources: [], clusters: null, rules: null });
    expect(d.notes).toEqual([]);
    expect(d.backtest!.asOf).toBe('2025-03-21');
    expect(d.backtest!.windowComplete).toBe(false);
    expect(d.migration!.from).toBe('2025-03-21');
    expect(d.migration!.to).toBe('2025-04-10');
    // Every customer bought before the 21st (c0..c6 on the first 7 days).
    expect(d.backtest!.total.customers).toBe(7);
  });

  it('the back-test follows the analysis: its as-of date, window and churn days, as the Overview tab shows them', async () => {
    const a = defaultAnalysis();
    const analysis = { ...a, overview: { asOf: '2025-03-10', windowDays: 14, churnDays: 7 } };
    const d = await collectReport(sql, ds, analysis, { sources: [], clusters: null, rules: null });
    expect(d.backtest!.asOf).toBe('2025-03-10');
    expect(d.backtest!.windowDays).toBe(14);
    expect(d.backtest!.windowLastDay).toBe('2025-03-23');
    expect(d.backtest!.churnDays).toBe(7);
    expect(d.provenance.settings.backtest).toEqual({ asOf: '2025-03-10', windowDays: 14, churnDays: 7 });
    // An as-of date given to the report still wins.
    const given = await collectReport(sql, ds, analysis, { asOf: '2025-03-15', sources: [], clusters: null, rules: null });
    expect(given.backtest!.asOf).toBe('2025-03-15');
  });
});
