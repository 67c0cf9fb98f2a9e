/**
 * Overview and as-of back-test jobs. They need the SqlPort, so like the other SQL-bound jobs
 * they run on the main thread through renderer/engine-client while the SQL itself runs in
 * DuckDB's worker; every figure is the engine's (engine/src/overview), never recomputed here.
 */
import {
  computeGroupBreakdown,
  computeOverview,
  computeRfmAsOf,
  EngineError,
  measureOutcomes,
  prepareOverviewBase,
  runBacktest,
  type Analysis,
  type BacktestResult,
  type BasketRestriction,
  type GroupBreakdown,
  type Overview,
  type OverviewBase,
  type OverviewOptions,
  type RfmTable,
  type SegmentAssignment,
  type SqlPort,
  type TimeGrain,
  type WindowOutcomes,
} from '../../engine-api.ts';

/** Condenses the kept lines once per load or re-clean; every Overview and back-test reads it. */
export function overviewBase(sql: SqlPort): Promise<OverviewBase> {
  return prepareOverviewBase(sql);
}

/** Every Overview figure for the options' scope, from the prepared base. */
export function overviewFigures(sql: SqlPort, base: OverviewBase, options: OverviewOptions): Promise<Overview> {
  return computeOverview(sql, options, base);
}

/** Spend over time and top products of every group side by side (customer i in groupOf[i]). */
export function groupBreakdown(sql: SqlPort, customerIds: readonly string[], groupOf: readonly string[], grain: TimeGrain): Promise<GroupBreakdown> {
  return computeGroupBreakdown(sql, customerIds, groupOf, grain);
}

/** Which customers a scope (all, one segment by name, one cluster numbered from 1) holds; undefined = all. */
export function scopeCustomers(
  scope: BasketRestriction,
  rfm: Pick<RfmTable, 'customerIds'>,
  groups: { segments?: SegmentAssignment; clusterLabels?: Int32Array; k?: number },
): string[] | undefined {
  if (scope.kind === 'all') return undefined;
  if (scope.kind === 'segment') {
    const s = groups.segments;
    if (!s) throw new EngineError('invalid_argument', 'a segment scope needs the segments');
    const code = s.names.indexOf(scope.segment);
    if (code < 0) throw new EngineError('invalid_argument', `no segment "${scope.segment}"; segments are ${s.names.join(', ')}`);
    return rfm.customerIds.filter((_, i) => s.codes[i] === code);
  }
  const labels = groups.clusterLabels;
  if (!labels || groups.k === undefined) throw new EngineError('invalid_argument', 'a cluster scope needs clustering');
  if (scope.cluster < 1 || scope.cluster > groups.k) throw new EngineError('invalid_argument', `no cluster ${scope.cluster}; clusters are 1 to ${groups.k}`);
  return rfm.customerIds.filter((_, i) => labels[i] === scope.cluster - 1);
}

export interface AsOfParams {
  asOf: string;
  windowDays: number;
  churnDays: number;
}

/** The segments' back-test: the analysis' rules and scoring applied to RFM as of the date, outcomes over the window. */
export function segmentBacktest(sql: SqlPort, base: OverviewBase, p: AsOfParams, a: Pick<Analysis, 'segments' | 'scoring'>): Promise<BacktestResult> {
  return runBacktest(sql, { ...p, rules: a.segments, scores: a.scoring }, base);
}

/** RFM from the lines before the as-of date (snapshot = that date): the clusters' input. */
export function rfmAsOf(sql: SqlPort, base: OverviewBase, asOf: string): Promise<RfmTable> {
  return computeRfmAsOf(sql, asOf, base);
}

/** What each group (cluster labels fixed at the as-of date) did in the window. */
export function groupOutcomes(
  sql: SqlPort,
  base: OverviewBase,
  rfm: Pick<RfmTable, 'customerIds' | 'lastPurchase'>,
  groupOf: readonly string[],
  order: readonly string[],
  p: AsOfParams,
): Promise<WindowOutcomes> {
  return measureOutcomes(sql, rfm, groupOf, p, order, base);
}
