/**
 * Segment migration between two as-of dates of the same data: segments at `from` and at `to`
 * (each from the kept lines before that date, snapshot = that date, as in the back-test), then
 * the before × after matrix of customers and of revenue, with the customer list behind every
 * cell. "Champions who became At Risk" is a campaign.
 */
import { GONE, NEW } from '../analysis/compare.ts';
import { segmentCustomers, type ScoredCustomers } from '../analysis/pipeline.ts';
import { EngineError } from '../errors.ts';
import type { SqlPort } from '../ports.ts';
import { defaultSnapshotSql } from '../rfm/compute-rfm.ts';
import { DEFAULT_SCORE_OPTIONS, scoreRfm, type ScoreOptions } from '../rfm/scores.ts';
import { DEFAULT_PRESET, preset } from '../segments/presets.ts';
import type { SegmentRuleSet } from '../segments/rule-set.ts';
import { literal } from '../sql/quote.ts';
import { firstRow } from '../sql/rows.ts';
import type { OverviewBase } from './base.ts';
import { computeRfmAsOf, keptColumns } from './backtest.ts';
import { defaultMigrationFrom } from './default-dates.ts';
import { checkDate } from './scope.ts';

export interface MigrationOptions {
  /** The earlier as-of date, YYYY-MM-DD. */
  from: string;
  /** The later as-of date, YYYY-MM-DD; after `from`. */
  to: string;
  /** Segment rules; default the default preset. */
  rules?: SegmentRuleSet;
  scores?: ScoreOptions;
}

/** The matrix and who is behind each of its cells. */
export interface AsOfMigration {
  from: string;
  to: string;
  rules: string;
  /** Row labels: the segments at `from` in rule order, then NEW (no history before `from`). */
  before: string[];
  /** Column labels: the segments at `to` in rule order, then GONE (scored at `from`, not at `to`). */
  after: string[];
  /** customers[i][j]: customers in before[i] at `from` and in after[j] at `to`. */
  customers: number[][];
  /** revenue[i][j]: what those customers spent from `from` up to the day before `to`. */
  revenue: number[][];
  /** Every customer scored at either date, in id order (code-unit order), with their cell. */
  customerIds: string[];
  row: Int32Array;
  col: Int32Array;
  /** Spend per customer from `from` up to the day before `to`. */
  spend: Float64Array;
  stayed: number;
  moved: number;
  added: number;
  lost: number;
  /** The customers as scored at each date (the campaign writers read the `to` side). */
  at: { from: ScoredCustomers; to: ScoredCustomers };
  warnings: string[];
}

/**
 * The dates of a migration where not given, as the Migration screen opens: `to` the analysis'
 * snapshot (else RFM's: the day after the last kept line with a customer), `from` the default
 * before it (default-dates.ts).
 */
export async function defaultMigrationDates(
  sql: SqlPort,
  given: { from?: string | undefined; to?: string | undefined },
  snapshot: string | null,
  base: Pick<OverviewBase, 'firstDay'>,
): Promise<{ from: string; to: string }> {
  let to = given.to ?? snapshot;
  if (to === null) {
    const s = firstRow(await sql.query(`SELECT strftime(${defaultSnapshotSql('kept')}, '%Y-%m-%d') AS s`)).s;
    if (typeof s !== 'string') throw new EngineError('invalid_argument', 'no kept lines with a customer id: nothing to compare');
    to = s;
  }
  return { from: given.from ?? defaultMigrationFrom(to, base.firstDay), to };
}

async function scoredAsOf(sql: SqlPort, asOf: string, rules: SegmentRuleSet, scores: ScoreOptions, base?: OverviewBase): Promise<ScoredCustomers> {
  const rfm = await computeRfmAsOf(sql, asOf, base);
  const s = scoreRfm(rfm, scores);
  return { rfm, scores: s, ...segmentCustomers(rules, s, rfm) };
}

/** Spend per customer with kept lines in [from, to), from DuckDB. */
async function spendBetween(sql: SqlPort, from: string, to: string, base?: OverviewBase): Promise<Map<string, number>> {
  const t = await sql.query(`SELECT customer, CAST(COALESCE(sum(amount), 0) AS DOUBLE) AS spend FROM (${keptColumns(base)})
    WHERE customer IS NOT NULL AND ts >= DATE ${literal(from)} AND ts < DATE ${literal(to)} GROUP BY customer`);
  const ids = t.getChild('customer')?.toArray() as ArrayLike<string> | undefined;
  const spend = t.getChild('spend')?.toArray() as ArrayLike<number> | undefined;
  const out = new Map<string, number>();
  for (let i = 0; i < (ids?.length ?? 0); i++) out.set(String(ids![i]), Number(spend![i]));
  return out;
}

/**
 * Segments at `from` and at `to` from the same loaded data, and the migration matrix between
 * them. Segment order: the rule order (both dates use the same rules). Pass the Overview `base`
 * to read its condensed rows. Deterministic. O(lines before `to` + customers).
 */
export async function migrateAsOf(sql: SqlPort, options: MigrationOptions, base?: OverviewBase): Promise<AsOfMigration> {
  const from = checkDate(options.from, 'from date');
  const to = checkDate(options.to, 'to date');
  if (to <= from) throw new EngineError('invalid_argument', `the to date (${to}) must be after the from date (${from})`);
  const rules = options.rules ?? preset(DEFAULT_PRESET);
  const scores = options.scores ?? DEFAULT_SCORE_OPTIONS;
  const a = await scoredAsOf(sql, from, rules, scores, base);
  const b = await scoredAsOf(sql, to, rules, scores, base);
  const spendOf = await spendBetween(sql, from, to, base);
  const order = [...a.segments.names, ...b.segments.names].filter((n, i, all) => all.indexOf(n) === i);
  const before = [...order, NEW];
  const after = [...order, GONE];
  const rowOf = new Map(before.map((s, i) => [s, i]));
  const colOf = new Map(after.map((s, j) => [s, j]));
  const segA = new Map(a.rfm.customerIds.map((id, i) => [id, a.segments.names[a.segments.codes[i]!]!]));
  const segB = new Map(b.rfm.customerIds.map((id, i) => [id, b.segments.names[b.segments.codes[i]!]!]));
  const customerIds = [...new Set([...a.rfm.customerIds, ...b.rfm.customerIds])].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
  const n = customerIds.length;
  const row = new Int32Array(n);
  const col = new Int32Array(n);
  const spend = new Float64Array(n);
  const customers = before.map(() => after.map(() => 0));
  const revenue = before.map(() => after.map(() => 0));
  let stayed = 0,
    moved = 0,
    added = 0,
    lost = 0;
  customerIds.forEach((id, k) => {
    const then = segA.get(id);
    const now = segB.get(id);
    const i = rowOf.get(then ?? NEW)!;
    const j = colOf.get(now ?? GONE)!;
    row[k] = i;
    col[k] = j;
    spend[k] = spendOf.get(id) ?? 0;
    customers[i]![j]!++;
    revenue[i]![j]! += spend[k]!;
    if (then === undefined) added++;
    else if (now === undefined) lost++;
    else if (then === now) stayed++;
    else moved++;
  });
  const warnings = [...new Set([...a.segments.warnings, ...b.segments.warnings])];
  return {
    from,
    to,
    rules: rules.name,
    before,
    after,
    customers,
    revenue,
    customerIds,
    row,
    col,
    spend,
    stayed,
    moved,
    added,
    lost,
    at: { from: a, to: b },
    warnings,
  };
}

/** The ids of the customers in cell (i, j), in id order. */
export function cellCustomers(m: Pick<AsOfMigration, 'customerIds' | 'row' | 'col'>, i: number, j: number): string[] {
  const out: string[] = [];
  for (let k = 0; k < m.customerIds.length; k++) if (m.row[k] === i && m.col[k] === j) out.push(m.customerIds[k]!);
  return out;
}

/** "Champions → At Risk": a cell's name in files, lists and the app. */
export function cellLabel(m: Pick<AsOfMigration, 'before' | 'after'>, i: number, j: number): string {
  return `${m.before[i]} → ${m.after[j]}`;
}
