/** `segment-studio overview` and `segment-studio backtest`: the Overview figures and the as-of back-test. */
import {
  EngineError,
  applyRules,
  clusterCustomers,
  clusterLabel,
  computeOverview,
  computeRfm,
  computeRfmAsOf,
  defaultBacktestAsOf,
  measureOutcomes,
  missingRoles,
  prepareOverviewBase,
  resolveGroupName,
  runBacktest,
  scoreRfm,
  countsCustomers,
  countedFigures,
  kpiChangeText,
  shownKpis,
  TIME_GRAINS,
  type Analysis,
  type BacktestResult,
  type ColumnMapping,
  type Dataset,
  type Overview,
  type OverviewOptions,
  type SqlPort,
  type TimeGrain,
  type WindowOutcomes,
} from '../src/index.ts';
import { analysisFromFlags } from './analysis-flags.ts';
import { flag, numberFlag, type ParsedArgs } from './args.ts';

/** What the commands need from main.ts: a database and the shared input loader. */
export interface CommandDeps {
  open(): Promise<SqlPort>;
  load(args: ParsedArgs, sql: SqlPort, analysis: Analysis): Promise<Dataset>;
}

/** Rounds every fractional number to 6 decimals so the JSON stays readable; integers pass as they are. */
function readable(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isInteger(value) ? Math.round(value * 1e6) / 1e6 : value;
}

function print(args: ParsedArgs, result: unknown, text: () => string): void {
  process.stdout.write(`${flag(args, 'json') ? JSON.stringify(result, readable, 2) : text()}\n`);
}

function needRfmRoles(ds: Dataset, what: string): void {
  const missing = missingRoles(ds.canonical.mapping.mapping, 'rfm');
  if (missing.length) throw new EngineError('mapping', `${what} needs ${missing.join(', ')}; map them with --map role=Column`);
}

/** The segment `--segment NAME` means (resolveGroupName) under the analysis' rules and its customers, from RFM over all kept lines. */
async function segmentMembers(sql: SqlPort, analysis: Analysis, given: string): Promise<{ name: string; customerIds: string[] }> {
  const rfm = await computeRfm(sql, analysis.snapshot !== null ? { snapshot: analysis.snapshot } : {});
  const a = applyRules(analysis.segments, scoreRfm(rfm, analysis.scoring), rfm);
  const name = resolveGroupName(given, a.names, 'segment', `--segment (rules ${analysis.segments.name})`);
  const code = a.names.indexOf(name);
  return { name, customerIds: rfm.customerIds.filter((_, i) => a.codes[i] === code) };
}

/** Overview options from --grain, --top, --churn-days, --kpi-days, --from/--to. */
function overviewOptions(args: ParsedArgs): OverviewOptions {
  const grain = flag(args, 'grain') ?? 'month';
  if (!(TIME_GRAINS as readonly string[]).includes(grain)) throw new EngineError('invalid_argument', `--grain must be one of ${TIME_GRAINS.join(', ')}`);
  const from = flag(args, 'from');
  const to = flag(args, 'to');
  return {
    grain: grain as TimeGrain,
    topProducts: numberFlag(args, 'top', 10),
    churnDays: numberFlag(args, 'churn-days', 90),
    kpiPeriod:
      from !== undefined || to !== undefined
        ? { ...(from !== undefined ? { from } : {}), ...(to !== undefined ? { to } : {}) }
        : { days: numberFlag(args, 'kpi-days', 30) },
  };
}

/** `overview FILE|FOLDER [--segment NAME [--preset P | --rules F]] [--grain month|week|day] [--top N] [--churn-days N] [--kpi-days N | --from D --to D] [--json]` */
export async function runOverview(sql: SqlPort, ds: Dataset, analysis: Analysis, args: ParsedArgs): Promise<Overview & { segment: string | null }> {
  const given = flag(args, 'segment');
  const options = overviewOptions(args);
  if (given === undefined) return { segment: null, ...(await computeOverview(sql, options)) };
  needRfmRoles(ds, 'overview --segment');
  const { name, customerIds } = await segmentMembers(sql, analysis, given);
  options.customerIds = customerIds;
  return { segment: name, ...(await computeOverview(sql, options)) };
}

/** The back-test's JSON: per segment, and per cluster when --k is given (customer lists left out). */
export type BacktestOutput = Omit<BacktestResult, 'assignment'> & { clusters?: { k: number } & Pick<WindowOutcomes, 'groups' | 'total'> };

/**
 * `backtest FILE|FOLDER [--as-of DATE] [--window 90] [--churn-days 90] [--preset NAME | --rules F] [--k N|auto] [--json]`;
 * without --as-of, the date the Overview's tab opens on (defaultBacktestAsOf).
 */
export async function runBacktestCommand(sql: SqlPort, ds: Dataset, analysis: Analysis, args: ParsedArgs): Promise<BacktestOutput> {
  needRfmRoles(ds, 'backtest');
  const o = analysis.overview;
  const windowDays = numberFlag(args, 'window', o.windowDays);
  const base = await prepareOverviewBase(sql);
  const asOf = flag(args, 'as-of') ?? o.asOf ?? defaultBacktestAsOf(base, windowDays);
  if (asOf === null) throw new EngineError('invalid_argument', 'no kept lines with a date to back-test');
  const window = { asOf, windowDays, churnDays: numberFlag(args, 'churn-days', o.churnDays) };
  const { assignment: _assignment, ...result } = await runBacktest(sql, { ...window, rules: analysis.segments, scores: analysis.scoring }, base);
  if (flag(args, 'k') === undefined) return result;
  // Clusters fitted on the same as-of RFM, then measured over the same window.
  const rfm = await computeRfmAsOf(sql, asOf, base);
  const { fit } = clusterCustomers(rfm, analysis.clustering);
  const names = fit.profiles.map((p) => clusterLabel(p.cluster, p.name));
  const outcomes = await measureOutcomes(
    sql,
    rfm,
    Array.from(fit.labels, (l) => names[l]!),
    window,
    names,
    base,
  );
  return { ...result, clusters: { k: fit.k, groups: outcomes.groups, total: outcomes.total } };
}

const money = (x: number) => x.toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** The Overview as readable text: one block per figure. */
export function overviewText(o: Overview & { segment: string | null }, mapping: ColumnMapping): string {
  const out: string[] = [];
  const title = o.segment !== null ? ` — segment ${o.segment}` : '';
  out.push(`Overview${title}: ${o.scope.lines} kept lines, ${o.scope.firstDay ?? '—'} to ${o.scope.lastDay ?? '—'}`);
  if (o.segment !== null && o.scope.lines === 0) out.push(`the segment ${o.segment} has no customers: every figure below is empty`);
  out.push('');
  const k = o.kpis;
  out.push(`KPIs ${k.period.from} to ${k.period.to} against ${k.previousPeriod.from} to ${k.previousPeriod.to}`);
  const kpiRows: [string, keyof typeof k.figures, (x: number) => string][] = [
    ['revenue', 'revenue', money],
    ['orders', 'orders', String],
    ['customers', 'customers', String],
    ['average order value', 'averageOrderValue', money],
    ['items per order', 'itemsPerOrder', (x) => x.toFixed(1)],
    ['repeat-customer rate', 'repeatCustomerRate', pct],
  ];
  const shown = shownKpis(mapping);
  for (const [label, key, fmt] of kpiRows.filter(([, key]) => shown.includes(key))) {
    const f = k.figures[key];
    out.push(`  ${label.padEnd(22)}${fmt(f.current).padStart(16)}${fmt(f.previous).padStart(16)}${(kpiChangeText(key, f) ?? '—').padStart(10)}`);
  }
  // Without a customer column, figures that count customers have no value (not 0): left out.
  const customers = countsCustomers(mapping);
  const count = (n: number, width: number) => (customers ? String(n).padStart(width) : '');
  out.push(
    '',
    `Per ${o.grain}${''.padEnd(Math.max(0, 16 - o.grain.length))}${'revenue'.padStart(16)}${'orders'.padStart(9)}${customers ? 'customers'.padStart(11) : ''}`,
  );
  for (const p of o.series) out.push(`  ${p.period.padEnd(18)}${money(p.revenue).padStart(16)}${String(p.orders).padStart(9)}${count(p.customers, 11)}`);
  if (!customers) out.push('', 'No customer column: customers, new vs returning customers, cohorts and churn need one (--map customer=COLUMN).');
  else {
    out.push('', `New vs returning customers${'new'.padStart(8)}${'returning'.padStart(11)}${'new revenue'.padStart(16)}${'returning rev.'.padStart(16)}`);
    for (const p of o.newVsReturning)
      out.push(
        `  ${p.month.padEnd(24)}${String(p.newCustomers).padStart(8)}${String(p.returningCustomers).padStart(11)}${money(p.newRevenue).padStart(16)}${money(p.returningRevenue).padStart(16)}`,
      );
  }
  const h = o.weekdayHour;
  if (h.timed) {
    out.push('', 'Orders by weekday (rows) and hour of day (columns)');
    out.push(`     ${Array.from({ length: 24 }, (_, hour) => String(hour).padStart(5)).join('')}`);
    for (let w = 0; w < 7; w++) out.push(`  ${h.weekdays[w]!.slice(0, 3)}${h.counts[w]!.map((n) => String(n).padStart(5)).join('')}`);
  } else {
    out.push('', 'Orders by weekday (the dates carry no time of day)');
    out.push(`  ${h.weekdays.map((w) => w.slice(0, 3).padStart(7)).join('')}`);
    out.push(`  ${h.counts.map((hours) => String(hours.reduce((a, b) => a + b, 0)).padStart(7)).join('')}`);
  }
  if (countedFigures(mapping).countries) {
    out.push('', `Countries${'revenue'.padStart(31)}${'share'.padStart(8)}${customers ? 'customers'.padStart(11) : ''}`);
    for (const c of o.countries.slice(0, 15))
      out.push(
        `  ${(c.country ?? '(none)').slice(0, 22).padEnd(22)}${money(c.revenue).padStart(16)}${pct(c.revenueShare).padStart(8)}${count(c.customers, 11)}`,
      );
    if (o.countries.length > 15) out.push(`  … ${o.countries.length - 15} more (--json lists all)`);
  }
  for (const [label, list, value] of [
    [
      'revenue',
      o.topProducts.byRevenue,
      (p: Overview['topProducts']['byRevenue'][number]) => `${money(p.revenue).padStart(14)}${pct(p.revenueShare).padStart(8)}`,
    ],
    [
      'quantity',
      o.topProducts.byQuantity,
      (p: Overview['topProducts']['byRevenue'][number]) => `${String(p.quantity).padStart(14)}${pct(p.quantityShare).padStart(8)}`,
    ],
    ...(customers
      ? ([
          [
            'customers',
            o.topProducts.byCustomers,
            (p: Overview['topProducts']['byRevenue'][number]) => `${String(p.customers).padStart(14)}${pct(p.customerShare).padStart(8)}`,
          ],
        ] as const)
      : []),
  ] as const) {
    out.push('', `Top products by ${label}`);
    for (const p of list) out.push(`  ${p.product.slice(0, 12).padEnd(13)}${(p.description ?? '').slice(0, 36).padEnd(37)}${value(p)}`);
  }
  if (!customers) return out.join('\n');
  out.push('', 'Cohort retention (share of each first-purchase cohort active k months later)');
  for (const c of o.cohorts) out.push(`  ${c.cohort} ${String(c.size).padStart(6)}  ${c.retention.map((r) => (r * 100).toFixed(0).padStart(4)).join('')}`);
  out.push('', `Churn: customers with no purchase for more than ${o.churnDays} days at the month's end`);
  out.push(`  ${'month'.padEnd(8)}${'as of'.padEnd(12)}${'customers'.padStart(10)}${'churned'.padStart(9)}${'rate'.padStart(8)}${'newly'.padStart(7)}`);
  for (const c of o.churn)
    out.push(
      `  ${c.month.padEnd(8)}${c.asOf.padEnd(12)}${String(c.customers).padStart(10)}${String(c.churned).padStart(9)}${pct(c.churnRate).padStart(8)}${String(c.newlyChurned).padStart(7)}`,
    );
  return out.join('\n');
}

/** The back-test as a readable table. */
export function backtestText(r: BacktestOutput): string {
  const out = [
    `Back-test of ${r.rules}: segments as of ${r.asOf}, outcomes ${r.asOf} to ${r.windowLastDay} (${r.windowDays} days); lost = no purchase for more than ${r.churnDays} days by then`,
  ];
  if (!r.windowComplete) out.push(`warning: the data ends on ${r.dataLastDay ?? '—'}, before the window does`);
  const table = (title: string, rows: BacktestResult['groups'], width: number) => {
    out.push(
      '',
      `${title.padEnd(width)}${'customers'.padStart(10)}${'bought again'.padStart(14)}${'orders/cust.'.padStart(14)}${'revenue/cust.'.padStart(15)}${'lost'.padStart(8)}`,
    );
    for (const g of rows) {
      out.push(
        `${g.group.slice(0, width - 1).padEnd(width)}${String(g.customers).padStart(10)}${pct(g.boughtAgainShare).padStart(14)}${g.ordersPerCustomer.toFixed(2).padStart(14)}${money(g.revenuePerCustomer).padStart(15)}${pct(g.lostShare).padStart(8)}`,
      );
    }
  };
  table('segment', [...r.groups, r.total], 22);
  if (r.clusters) table(`cluster (k = ${r.clusters.k})`, [...r.clusters.groups, r.clusters.total], 44);
  out.push('', `${r.newInWindow} customers bought for the first time in the window (in no segment)`);
  for (const w of r.warnings) out.push(`warning: ${w}`);
  return out.join('\n');
}

/** The two commands, bound to main.ts's database opener and loader. */
export function overviewCommands(deps: CommandDeps): Record<'overview' | 'backtest', (args: ParsedArgs) => Promise<void>> {
  const prepare = async (args: ParsedArgs) => {
    const sql = await deps.open();
    const analysis = analysisFromFlags(args);
    return { sql, analysis, ds: await deps.load(args, sql, analysis) };
  };
  return {
    async overview(args) {
      const { sql, analysis, ds } = await prepare(args);
      const result = await runOverview(sql, ds, analysis, args);
      print(args, result, () => overviewText(result, ds.canonical.mapping.mapping));
    },
    async backtest(args) {
      const { sql, analysis, ds } = await prepare(args);
      const result = await runBacktestCommand(sql, ds, analysis, args);
      print(args, result, () => backtestText(result));
    },
  };
}
