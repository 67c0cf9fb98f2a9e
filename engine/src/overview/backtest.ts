import { EngineError } from '../errors.ts';
import type { SqlPort } from '../ports.ts';
import { computeRfm, dayToIso, type RfmTable } from '../rfm/compute-rfm.ts';
import { DEFAULT_SCORE_OPTIONS, scoreRfm, type ScoreOptions } from '../rfm/scores.ts';
import { applyRules } from '../segments/apply-rules.ts';
import { DEFAULT_PRESET, preset } from '../segments/presets.ts';
import type { SegmentRuleSet } from '../segments/rule-set.ts';
import { literal } from '../sql/quote.ts';
import { firstRow, num, tableRows } from '../sql/rows.ts';
import { BASE_ORDER_DAYS, type OverviewBase } from './base.ts';
import { DEFAULT_CHURN_DAYS } from './churn.ts';
import { registerStringTable } from './register-table.ts';
import { checkDate, checkWhole } from './scope.ts';

/** The outcome window after an as-of date. */
export interface OutcomeWindow {
  /** First day of the window; the history is every kept line before it. YYYY-MM-DD. */
  asOf: string;
  /** Length of the window in days; default 90. */
  windowDays?: number;
  /** A customer is lost when their last purchase is more than this many days before the window's last day; default 90. */
  churnDays?: number;
}

/** What one group (segment or cluster, fixed at the as-of date) did in the window. */
export interface OutcomeRow {
  group: string;
  customers: number;
  /** Customers with at least one order (non-cancellation invoice) in the window. */
  boughtAgain: number;
  boughtAgainShare: number;
  /** Orders and revenue of the group in the window. */
  orders: number;
  revenue: number;
  ordersPerCustomer: number;
  revenuePerCustomer: number;
  /** Customers whose last purchase by the window's last day is more than churnDays before it. */
  lost: number;
  lostShare: number;
}

/** Outcomes per group and for all of them together. */
export interface WindowOutcomes {
  asOf: string;
  windowDays: number;
  /** Last day of the window, YYYY-MM-DD. */
  windowLastDay: string;
  churnDays: number;
  /** Last day with kept lines; when before windowLastDay the window is cut short by the data. */
  dataLastDay: string | null;
  windowComplete: boolean;
  groups: OutcomeRow[];
  total: OutcomeRow;
  /** Customers who bought in the window with no history before the as-of date (in no group). */
  newInWindow: number;
}

/** A back-test of a segmentation: segments from the history, outcomes from the window. */
export interface BacktestResult extends WindowOutcomes {
  /** The rule set's name. */
  rules: string;
  /** Customer → segment at the as-of date, in customer id order. */
  assignment: { customerId: string; segment: string }[];
  warnings: string[];
}

export interface BacktestOptions extends OutcomeWindow {
  /** Segment rules; default the default preset. */
  rules?: SegmentRuleSet;
  scores?: ScoreOptions;
}

export const DEFAULT_WINDOW_DAYS = 90;
/** The schema holding the as-of view of `kept` (and the as-of `rfm` table). */
const AS_OF_SCHEMA = 'as_of_scope';

/**
 * The columns of `kept` that RFM and the outcomes read (customer, invoice, ts, amount,
 * f_cancellation): from `kept` itself, or from the Overview base, whose rows are the kept lines
 * summed per (invoice, customer, day, country) — the same customers, invoices, days, amounts
 * and cancellation flags, so the same RFM values and outcomes from far fewer rows.
 */
export function keptColumns(base: OverviewBase | undefined): string {
  return base === undefined
    ? 'SELECT customer, invoice, ts, amount, "f_cancellation" FROM main.kept'
    : `SELECT customer, invoice, first_ts AS ts, revenue AS amount, is_cancellation AS "f_cancellation" FROM ${BASE_ORDER_DAYS}`;
}

/**
 * RFM from the kept lines before `asOf` only, with the snapshot = `asOf`: computeRfm run
 * against a view of `kept` limited to earlier days. The view (and the `rfm` table computeRfm
 * writes) live in their own schema, found first on the search path while it runs, so the
 * main `kept` and `rfm` are left as they were. With the Overview `base` (see prepareOverviewBase)
 * the view reads its condensed rows instead of the lines: same values, O(base rows) not O(lines).
 */
export async function computeRfmAsOf(sql: SqlPort, asOf: string, base?: OverviewBase): Promise<RfmTable> {
  checkDate(asOf, 'as-of date');
  await sql.exec(`CREATE SCHEMA IF NOT EXISTS ${AS_OF_SCHEMA}`);
  await sql.exec(`CREATE OR REPLACE VIEW ${AS_OF_SCHEMA}.kept AS SELECT * FROM (${keptColumns(base)}) WHERE ts < DATE ${literal(asOf)}`);
  await sql.exec(`SET search_path = '${AS_OF_SCHEMA},main'`);
  let rfm: RfmTable;
  try {
    rfm = await computeRfm(sql, { snapshot: asOf });
  } finally {
    await sql.exec('RESET search_path');
  }
  if (rfm.customerIds.length === 0) {
    // Said with where the customers' lines start, so the user sees which dates would do.
    const first = firstRow(await sql.query(`SELECT strftime(min(CAST(ts AS DATE)), '%Y-%m-%d') AS d FROM (${keptColumns(base)}) WHERE customer IS NOT NULL`)).d;
    const since = typeof first === 'string' ? `: the first is on ${first}, so the date must come after it` : '';
    throw new EngineError('invalid_argument', `no kept lines with a customer before the as-of date ${asOf}${since}`);
  }
  return rfm;
}

function outcomeRow(group: string, r: Record<string, unknown> | undefined): OutcomeRow {
  const customers = num(r?.customers);
  const per = (x: number) => (customers > 0 ? x / customers : 0);
  const boughtAgain = num(r?.bought);
  const orders = num(r?.orders);
  const revenue = num(r?.revenue);
  const lost = num(r?.lost);
  return {
    group,
    customers,
    boughtAgain,
    boughtAgainShare: per(boughtAgain),
    orders,
    revenue,
    ordersPerCustomer: per(orders),
    revenuePerCustomer: per(revenue),
    lost,
    lostShare: per(lost),
  };
}

/**
 * What each group of customers did in the window [asOf, asOf + windowDays): who bought again,
 * orders and revenue per customer, who is lost by the window's end. `rfm` is the as-of RFM
 * (its customers and last purchases), `groupOf[i]` the group of its customer i; `order` fixes
 * the order of the groups (default: first appearance). In SQL over `kept`, the assignment
 * registered as a table through the port; with the Overview `base`, over its condensed rows.
 * O(lines in the window + customers).
 */
export async function measureOutcomes(
  sql: SqlPort,
  rfm: Pick<RfmTable, 'customerIds' | 'lastPurchase'>,
  groupOf: readonly string[],
  window: OutcomeWindow,
  order?: readonly string[],
  base?: OverviewBase,
): Promise<WindowOutcomes> {
  const asOf = checkDate(window.asOf, 'as-of date');
  const windowDays = checkWhole(window.windowDays ?? DEFAULT_WINDOW_DAYS, 'window days', 1, 100_000);
  const churnDays = checkWhole(window.churnDays ?? DEFAULT_CHURN_DAYS, 'churn days', 1, 100_000);
  if (groupOf.length !== rfm.customerIds.length) throw new EngineError('invalid_argument', 'one group per customer is needed');
  await registerStringTable(
    sql,
    'backtest_groups',
    ['customer', 'grp', 'last_day'],
    rfm.customerIds.map((id, i) => [id, groupOf[i]!, dayToIso(rfm.lastPurchase[i]!)]),
  );
  const start = `DATE ${literal(asOf)}`;
  await sql.exec(`CREATE OR REPLACE TEMP TABLE backtest_window AS
    SELECT customer, count(DISTINCT invoice) FILTER (WHERE NOT "f_cancellation") AS orders, sum(amount) AS revenue,
      CAST(max(ts) AS DATE) AS last_day
    FROM (${keptColumns(base)}) WHERE customer IS NOT NULL AND ts >= ${start} AND ts < ${start} + ${windowDays} GROUP BY customer`);
  const lastDay = `(${start} + ${windowDays - 1})`;
  const perGroup = `SELECT g.grp, count(*) AS customers, count(*) FILTER (WHERE w.orders > 0) AS bought,
      COALESCE(sum(w.orders), 0) AS orders, COALESCE(sum(w.revenue), 0) AS revenue,
      count(*) FILTER (WHERE date_diff('day', COALESCE(w.last_day, CAST(g.last_day AS DATE)), ${lastDay}) > ${churnDays}) AS lost
    FROM backtest_groups g LEFT JOIN backtest_window w USING (customer)`;
  const rows = tableRows(await sql.query(`${perGroup} GROUP BY g.grp`));
  const total = firstRow(await sql.query(perGroup.replace('SELECT g.grp,', 'SELECT')));
  const facts = firstRow(
    await sql.query(`SELECT strftime(${lastDay}, '%Y-%m-%d') AS last_day,
        (SELECT strftime(max(CAST(ts AS DATE)), '%Y-%m-%d') FROM (${keptColumns(base)})) AS data_last,
        (SELECT count(*) FROM backtest_window WHERE customer NOT IN (SELECT customer FROM backtest_groups)) AS new_in_window`),
  );
  const byGroup = new Map(rows.map((r) => [String(r.grp), r]));
  const names = [...(order ?? []), ...groupOf.filter((g, i) => groupOf.indexOf(g) === i && !(order ?? []).includes(g))];
  const windowLastDay = String(facts.last_day);
  const dataLastDay = (facts.data_last as string | null) ?? null;
  return {
    asOf,
    windowDays,
    windowLastDay,
    churnDays,
    dataLastDay,
    windowComplete: dataLastDay !== null && dataLastDay >= windowLastDay,
    groups: names.map((g) => outcomeRow(g, byGroup.get(g))),
    total: outcomeRow('All customers', total),
    newInWindow: num(facts.new_in_window),
  };
}

/**
 * The as-of back-test: RFM, scores and segments from the kept lines before `asOf` (snapshot =
 * `asOf`), then per segment what its customers did in the following `windowDays` days — so
 * one sees whether "At Risk" really lapses and "Champions" really buy. Pass the Overview `base`
 * to read its condensed rows instead of the lines. Deterministic.
 */
export async function runBacktest(sql: SqlPort, options: BacktestOptions, base?: OverviewBase): Promise<BacktestResult> {
  const rfm = await computeRfmAsOf(sql, options.asOf, base);
  const rules = options.rules ?? preset(DEFAULT_PRESET);
  const segments = applyRules(rules, scoreRfm(rfm, options.scores ?? DEFAULT_SCORE_OPTIONS), rfm);
  const groupOf = Array.from(segments.codes, (c) => segments.names[c]!);
  const outcomes = await measureOutcomes(sql, rfm, groupOf, options, segments.names, base);
  return {
    ...outcomes,
    rules: rules.name,
    assignment: rfm.customerIds.map((customerId, i) => ({ customerId, segment: groupOf[i]! })),
    warnings: segments.warnings,
  };
}
