/**
 * The shareable report: one self-contained HTML file (inline CSS, charts as inline SVG, no
 * script, a Content-Security-Policy that allows no fetch at all) that prints cleanly to PDF.
 * Every text from the data is escaped; figures carry data-figure attributes with their raw
 * values so tests (and anyone) can read them back exactly.
 */
import { countedFigures, kpiChangeText, NO_PREVIOUS_PERIOD, shownKpis } from '../overview/kpis.ts';
import { dec, esc, int, money, pct } from './format.ts';
import { sentence } from '../util/sentence.ts';
import type { ReportData } from './report-data.ts';
import { barChart, columnChart } from './svg.ts';

const CSS = `
:root{--ink:#1d2330;--muted:#5b6475;--line:#d9dde5;--accent:#4e79a7}
*{box-sizing:border-box}
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--ink);margin:0;background:#fff}
main{max-width:980px;margin:0 auto;padding:28px 28px 60px}
h1{font-size:26px;margin:0 0 4px}
h2{font-size:19px;margin:34px 0 10px;padding-bottom:4px;border-bottom:2px solid var(--accent)}
h3{font-size:15px;margin:18px 0 6px}
.muted{color:var(--muted)}
.kpis{display:grid;grid-template-columns:repeat(3,1fr);gap:10px}
.kpi{border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.kpi .label{color:var(--muted);font-size:12px;text-transform:uppercase;letter-spacing:.04em}
.kpi .value{font-size:20px;font-weight:600}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:13px}
th,td{border-bottom:1px solid var(--line);padding:4px 6px;text-align:left;vertical-align:top}
th{background:#f3f5f8;font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
.chart{max-width:100%;height:auto;display:block;margin:6px 0}
.chart text{font-size:11px;fill:var(--muted)}
.chart .grid{stroke:var(--line);stroke-width:1}
.note{background:#fff7e6;border-left:3px solid #f28e2b;padding:6px 10px;margin:8px 0}
.mono{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
pre{white-space:pre-wrap;font-size:11px;background:#f6f7f9;padding:8px;border-radius:6px}
section{break-inside:auto}
@page{size:A4;margin:14mm}
@media print{main{max-width:none;padding:0}h2{break-after:avoid}table,.chart,.kpi{break-inside:avoid}th{-webkit-print-color-adjust:exact;print-color-adjust:exact}}
`;

type Cell = { text: string; num?: boolean; figure?: string; value?: number | string };

function td(c: Cell | string): string {
  if (typeof c === 'string') return `<td>${esc(c)}</td>`;
  const fig = c.figure !== undefined ? ` data-figure="${esc(c.figure)}" data-value="${esc(c.value)}"` : '';
  return `<td${c.num ? ' class="num"' : ''}${fig}>${esc(c.text)}</td>`;
}

function table(head: readonly string[], rows: readonly (readonly (Cell | string)[])[], numeric: readonly boolean[] = [], id?: string): string {
  const th = head.map((h, i) => `<th${numeric[i] ? ' class="num"' : ''}>${esc(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map(td).join('')}</tr>`).join('\n');
  return `<table${id ? ` id="${esc(id)}"` : ''}><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

const n = (text: string, figure?: string, value?: number | string): Cell => ({
  text,
  num: true,
  ...(figure !== undefined ? { figure, value: value ?? text } : {}),
});

function overviewSection(d: ReportData): string {
  const o = d.overview;
  const m = (x: number) => money(x, d.currency);
  const k = o.kpis;
  const kpis: [string, keyof typeof k.figures, (x: number) => string][] = [
    ['Revenue', 'revenue', m],
    ['Orders', 'orders', int],
    ['Customers', 'customers', int],
    ['Average order value', 'averageOrderValue', m],
    ['Items per order', 'itemsPerOrder', (x) => dec(x, 1)],
    ['Repeat-customer rate', 'repeatCustomerRate', pct],
  ];
  const shown = shownKpis(d.provenance.mapping);
  const tiles = kpis
    .filter(([, key]) => shown.includes(key))
    .map(([label, key, f]) => {
      const fig = k.figures[key];
      return `<div class="kpi"><div class="label">${esc(label)}</div><div class="value" data-figure="kpi-${esc(key)}" data-value="${esc(fig.current)}">${esc(f(fig.current))}</div><div class="muted">${esc(fig.change === null ? NO_PREVIOUS_PERIOD : `${kpiChangeText(key, fig)} vs ${f(fig.previous)}`)}</div></div>`;
    })
    .join('');
  const top = o.topProducts.byRevenue;
  return `<section id="overview"><h2>Overview</h2>
<p class="muted">${int(o.scope.lines)} kept lines from ${esc(o.scope.firstDay ?? '—')} to ${esc(o.scope.lastDay ?? '—')}. KPIs for ${esc(k.period.from)} to ${esc(k.period.to)} against ${esc(k.previousPeriod.from)} to ${esc(k.previousPeriod.to)}.</p>
<div class="kpis">${tiles}</div>
<h3>Revenue per ${esc(o.grain)}</h3>
${columnChart(
  o.series.map((p) => ({ label: o.grain === 'month' ? p.period.slice(0, 7) : p.period, value: p.revenue })),
  (x) => int(x),
  `Revenue per ${o.grain}`,
)}
${table(
  [o.grain, 'revenue', 'orders', 'customers'],
  o.series.map((p) => [p.period, n(m(p.revenue), `series-revenue-${p.period}`, p.revenue), n(int(p.orders)), n(int(p.customers))]),
  [false, true, true, true],
  'series',
)}
<h3>Top products by revenue</h3>
${barChart(
  top.map((p) => ({ label: p.description ?? p.product, value: p.revenue })),
  (x) => int(x),
  'Top products by revenue',
)}
${table(
  ['product', 'description', 'revenue', 'share', 'quantity', 'customers'],
  top.map((p, i) => [
    { text: p.product, figure: `product-${i + 1}`, value: p.product },
    p.description ?? '',
    n(m(p.revenue), `product-revenue-${i + 1}`, p.revenue),
    n(pct(p.revenueShare)),
    n(int(p.quantity)),
    n(int(p.customers)),
  ]),
  [false, false, true, true, true, true],
  'products',
)}
${countedFigures(d.provenance.mapping).countries ? countriesPart(o, m) : ''}
</section>`;
}

/** Revenue by country (left out without a country column: every line's would be "(none)"). */
function countriesPart(o: ReportData['overview'], m: (x: number) => string): string {
  const countries = o.countries.slice(0, 10);
  return `<h3>Countries</h3>
${barChart(
  countries.map((c) => ({ label: c.country ?? '(none)', value: c.revenue })),
  (x) => int(x),
  'Revenue by country',
)}
${table(
  ['country', 'revenue', 'share', 'customers'],
  countries.map((c) => [c.country ?? '(none)', n(m(c.revenue), `country-revenue-${c.country ?? ''}`, c.revenue), n(pct(c.revenueShare)), n(int(c.customers))]),
  [false, true, true, true],
  'countries',
)}${o.countries.length > 10 ? `<p class="muted">${int(o.countries.length - 10)} more countries not shown.</p>` : ''}`;
}

function segmentSection(d: ReportData): string {
  const s = d.segments;
  const m = (x: number) => money(x, d.currency);
  return `<section id="segments"><h2>Segments</h2>
<p class="muted">${int(s.customers)} customers scored at ${esc(s.snapshot)} with the rules “${esc(s.rules)}”.</p>
${barChart(
  s.rows.map((r) => ({ label: r.segment, value: r.customers })),
  int,
  'Customers per segment',
  true,
)}
${table(
  ['segment', 'customers', 'share', 'revenue', 'revenue share', 'mean recency (days)', 'mean orders', 'mean spend'],
  s.rows.map((r) => [
    r.segment,
    n(int(r.customers), `segment-customers-${r.segment}`, r.customers),
    n(pct(r.share)),
    n(m(r.revenue), `segment-revenue-${r.segment}`, r.revenue),
    n(pct(r.revenue_share)),
    n(dec(r.mean_recency_days, 1)),
    n(dec(r.mean_frequency, 2)),
    n(m(r.mean_monetary)),
  ]),
  [false, true, true, true, true, true, true, true],
  'segment-table',
)}
</section>`;
}

function backtestSection(d: ReportData): string {
  const b = d.backtest;
  if (!b) return '<section id="backtest"><h2>Back-test</h2><p class="muted">Not available for this data (see the notes).</p></section>';
  const m = (x: number) => money(x, d.currency);
  const rows = [...b.groups, b.total];
  return `<section id="backtest"><h2>Back-test: do the segments predict the next ${int(b.windowDays)} days?</h2>
<p class="muted">Segments fixed with the data before ${esc(b.asOf)}; outcomes from ${esc(b.asOf)} to ${esc(b.windowLastDay)}. Lost: no purchase for more than ${int(b.churnDays)} days by then.${b.windowComplete ? '' : ` The data ends on ${esc(b.dataLastDay ?? '—')}, before the window does.`}</p>
${barChart(
  b.groups.map((g) => ({ label: g.group, value: g.boughtAgainShare })),
  (x) => pct(x),
  'Share who bought again',
  true,
)}
${table(
  ['segment', 'customers', 'bought again', 'orders per customer', 'revenue per customer', 'lost'],
  rows.map((g) => [
    g.group,
    n(int(g.customers), `backtest-customers-${g.group}`, g.customers),
    n(pct(g.boughtAgainShare), `backtest-bought-${g.group}`, g.boughtAgainShare),
    n(dec(g.ordersPerCustomer, 2)),
    n(m(g.revenuePerCustomer)),
    n(pct(g.lostShare)),
  ]),
  [false, true, true, true, true, true],
  'backtest-table',
)}
<p class="muted">${int(b.newInWindow)} customers bought for the first time in the window.</p>
</section>`;
}

function matrix(mg: NonNullable<ReportData['migration']>, values: number[][], f: (x: number) => string, id: string): string {
  const head = ['before ↓ / after →', ...mg.after, 'total'];
  const rows = mg.before.map((s, i) => [s, ...values[i]!.map((x, j) => n(f(x), `${id}-${s}-${mg.after[j]}`, x)), n(f(values[i]!.reduce((a, b) => a + b, 0)))]);
  const totals = [
    'total',
    ...mg.after.map((_, j) => n(f(values.reduce((a, r) => a + r[j]!, 0)))),
    n(
      f(values.flat().reduce((a, b) => a + b, 0)),
      `${id}-total`,
      values.flat().reduce((a, b) => a + b, 0),
    ),
  ];
  return table(
    head,
    [...rows, totals],
    head.map((_, i) => i > 0),
    id,
  );
}

function migrationSection(d: ReportData): string {
  const mg = d.migration;
  if (!mg) return '<section id="migration"><h2>Segment migration</h2><p class="muted">Not available for this data (see the notes).</p></section>';
  return `<section id="migration"><h2>Segment migration from ${esc(mg.from)} to ${esc(mg.to)}</h2>
<p class="muted">${int(mg.stayed)} stayed in their segment, ${int(mg.moved)} moved, ${int(mg.added)} are new, ${int(mg.lost)} are gone. Rows: segment at ${esc(mg.from)}; columns: at ${esc(mg.to)}.</p>
<h3>Customers</h3>
${matrix(mg, mg.customers, int, 'migration')}
<h3>Revenue between the two dates</h3>
${matrix(mg, mg.revenue, (x) => money(x, d.currency), 'migration-revenue')}
</section>`;
}

function clusterSection(d: ReportData): string {
  if (!d.clusters) return '';
  const m = (x: number) => money(x, d.currency);
  return `<section id="clusters"><h2>Clusters</h2>
${barChart(
  d.clusters.map((c) => ({ label: c.label, value: c.customers })),
  int,
  'Customers per cluster',
  true,
)}
${table(
  ['cluster', 'customers', 'share', 'revenue', 'revenue share', 'median recency (days)', 'median orders', 'median spend'],
  d.clusters.map((c) => [
    c.label,
    n(int(c.customers), `cluster-customers-${c.cluster + 1}`, c.customers),
    n(pct(c.share)),
    n(m(c.revenue)),
    n(pct(c.revenueShare)),
    n(dec(c.medianRecencyDays, 0)),
    n(dec(c.medianFrequency, 0)),
    n(m(c.medianMonetary)),
  ]),
  [false, true, true, true, true, true, true, true],
  'cluster-table',
)}
</section>`;
}

function rulesSection(d: ReportData): string {
  if (!d.rules) return '';
  return `<section id="rules"><h2>Products bought together</h2>
<p class="muted">The ${int(d.rules.top.length)} strongest of ${int(d.rules.total)} rules, by lift.</p>
${table(
  ['if a basket has', 'it also has', 'support', 'confidence', 'lift', 'baskets'],
  d.rules.top.map((r, i) => [
    r.antecedent,
    r.consequent,
    n(pct(r.support, 2)),
    n(pct(r.confidence)),
    n(dec(r.lift, 2), `rule-lift-${i + 1}`, r.lift),
    n(int(r.count)),
  ]),
  [false, false, true, true, true, true],
  'rules-table',
)}
</section>`;
}

/** What may be wrong in the figures, first, so a reader weighs them before the charts. */
function warningsSection(d: ReportData): string {
  if (d.warnings.length === 0) return '';
  const items = d.warnings.map((w) => `<li>${esc(sentence(w))}</li>`).join('');
  return `<section id="caveats"><h2>What may be wrong in these figures</h2><ul class="note">${items}</ul></section>`;
}

function provenanceSection(d: ReportData): string {
  const p = d.provenance;
  const removed = Object.entries(p.rows.removed).filter(([, x]) => x > 0);
  return `<section id="provenance"><h2>Provenance</h2>
<h3>Sources</h3>
${table(
  ['file', 'bytes', 'SHA-256'],
  p.sources.map((s) => [s.name, n(int(s.size)), { text: s.sha256, figure: `sha256-${s.name}`, value: s.sha256 }]),
  [false, true, false],
  'sources',
)}
<p>${int(p.rows.read)} lines read, <span data-figure="rows-kept" data-value="${p.rows.kept}">${int(p.rows.kept)}</span> kept${removed.length ? `; removed: ${removed.map(([r, x]) => `${esc(r)} ${int(x)}`).join(', ')}` : ''}.</p>
<h3>Column mapping</h3>
${table(
  ['role', 'column'],
  Object.entries(p.mapping).map(([role, col]) => [role, String(col)]),
)}
<h3>Settings</h3>
<pre class="mono">${esc(JSON.stringify(p.settings, null, 2))}</pre>
</section>`;
}

/** The report as one HTML document (a string): pure, deterministic, every text escaped. */
export function renderReport(d: ReportData): string {
  const notes = d.notes.map((x) => `<p class="note">${esc(x)}</p>`).join('');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="Segment Studio">
<title>${esc(d.title)} — Segment Studio report</title>
<style>${CSS}</style>
</head>
<body>
<main>
<h1>${esc(d.title)}</h1>
<p class="muted">Segment Studio report · data ${esc(d.overview.scope.firstDay ?? '—')} to ${esc(d.overview.scope.lastDay ?? '—')} · snapshot ${esc(d.segments.snapshot)}${d.currency ? ` · amounts in ${esc(d.currency)}` : ''}</p>
${notes}
${warningsSection(d)}
${overviewSection(d)}
${segmentSection(d)}
${backtestSection(d)}
${migrationSection(d)}
${clusterSection(d)}
${rulesSection(d)}
${provenanceSection(d)}
</main>
</body>
</html>
`;
}
