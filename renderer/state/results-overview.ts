/**
 * The Overview's and the as-of back-test's derived results, as coordinator queries (see
 * results.ts): the condensed base once per load or re-clean, the figures for the chosen scope,
 * spend and top products per segment or cluster, and the back-test. Every figure is the
 * engine's SQL (engine/src/overview) run in DuckDB's worker; clusters as of a date are fitted
 * in the analytics worker.
 */
import {
  clusterLabel,
  defaultBacktestAsOf,
  groupBreakdown,
  groupOutcomes,
  overviewBase,
  overviewFigures,
  rfmAsOf,
  scopeCustomers,
  segmentBacktest,
  type AsOfParams,
  type BasketRestriction,
  type FitResult,
  type GroupBreakdown,
  type OverviewBase,
  type ScoredRfm,
  type WindowOutcomes,
} from '../engine-client/index.ts';
import type { Coordinator, JobContext } from './coordinator.ts';
import type { SegmentsValue } from './results.ts';
import { client, serial, sql, sqlUntil } from './services.ts';
import { getState } from './store.ts';

/** The back-test's outcome per segment or cluster fixed at the as-of date. */
export interface BacktestValue {
  groupBy: 'segment' | 'cluster';
  outcomes: WindowOutcomes;
  /** The rule set's name, or "k-means, k = 4". */
  model: string;
  warnings: string[];
}

/** Spend over time and top products per group, with the groups in their order (segments as the rules list them). */
export interface GroupsValue extends GroupBreakdown {
  order: readonly string[];
}

/** The as-of date in use: the analysis' own, else the engine's default (the last one whose whole window lies in the data). */
export function effectiveAsOf(base: OverviewBase | undefined): string | null {
  const o = getState().analysis.overview;
  if (o.asOf !== null) return o.asOf;
  return base ? defaultBacktestAsOf(base, o.windowDays) : null;
}

/** The results a scope's customers come from. */
function groupDeps(kind: BasketRestriction['kind']): string[] {
  return kind === 'segment' ? ['rfm', 'segments'] : kind === 'cluster' ? ['rfm', 'fit'] : [];
}

/** Each cluster label's display name ("Cluster 1 – …"), in cluster order. */
function clusterNames(fit: Pick<FitResult, 'profiles'>): Map<number, string> {
  return new Map([...fit.profiles].sort((a, b) => a.cluster - b.cluster).map((p) => [p.cluster, clusterLabel(p.cluster, p.name)]));
}

/** Segment or cluster per customer (same order as the RFM table's customers), and the groups in their order. */
function groupNames(kind: 'segment' | 'cluster', ctx: JobContext): { names: string[]; order: string[] } {
  if (kind === 'segment') {
    const s = ctx.dep<SegmentsValue>('segments').segments;
    return { names: Array.from(s.codes, (c) => s.names[c]!), order: s.names };
  }
  const fit = ctx.dep<FitResult>('fit');
  const label = clusterNames(fit);
  return { names: Array.from(fit.labels, (l) => label.get(l)!), order: [...label.values()] };
}

export function defineOverviewResults(coordinator: Coordinator, data: () => number | null): void {
  coordinator.define('overviewBase', {
    lane: 'sql',
    priority: 1,
    deps: () => [],
    params: () => (data() === null ? null : { data: data() }),
    // Many statements (as the figures'): a user who leaves the Overview meanwhile gets the SQL lane back after the current one.
    run: async (_p, ctx) => serial(async () => overviewBase(await sqlUntil(ctx.signal))),
  });

  coordinator.define('overview', {
    lane: 'sql',
    priority: 1,
    keep: 12,
    deps: () => ['overviewBase', ...groupDeps(getState().overviewView.scope.kind)],
    params: () => {
      const v = getState().overviewView;
      return { scope: v.scope, grain: v.grain, kpiDays: v.kpiDays, churnDays: getState().analysis.overview.churnDays };
    },
    run: async (p, ctx) => {
      const { scope, grain, kpiDays, churnDays } = p as { scope: BasketRestriction; grain: 'month' | 'week' | 'day'; kpiDays: number; churnDays: number };
      let customerIds: string[] | undefined;
      if (scope.kind !== 'all') {
        const fit = scope.kind === 'cluster' ? ctx.dep<FitResult>('fit') : null;
        customerIds = scopeCustomers(scope, ctx.dep<ScoredRfm>('rfm').rfm, {
          ...(scope.kind === 'segment' ? { segments: ctx.dep<SegmentsValue>('segments').segments } : {}),
          ...(fit ? { clusterLabels: fit.labels, k: fit.k } : {}),
        });
      }
      const base = ctx.dep<OverviewBase>('overviewBase');
      return serial(async () =>
        overviewFigures(await sqlUntil(ctx.signal), base, { grain, churnDays, kpiPeriod: { days: kpiDays }, ...(customerIds ? { customerIds } : {}) }),
      );
    },
  });

  coordinator.define('overviewGroups', {
    lane: 'sql',
    priority: 3,
    deps: () => ['overviewBase', ...groupDeps(getState().overviewView.groups)],
    params: () => ({ groups: getState().overviewView.groups, grain: getState().overviewView.grain }),
    run: async (p, ctx) => {
      const { groups, grain } = p as { groups: 'segment' | 'cluster'; grain: 'month' | 'week' | 'day' };
      const ids = ctx.dep<ScoredRfm>('rfm').rfm.customerIds;
      const { names, order } = groupNames(groups, ctx);
      const breakdown = await serial(async () => groupBreakdown(await sql(), ids, names, grain));
      return { ...breakdown, order } satisfies GroupsValue;
    },
  });

  coordinator.define('backtest', {
    lane: 'sql',
    priority: 2,
    keep: 6,
    deps: () => ['overviewBase'],
    params: () => {
      const asOf = effectiveAsOf(coordinator.value<OverviewBase>('overviewBase'));
      if (asOf === null) return null;
      const { analysis, overviewView } = getState();
      const window: AsOfParams = { asOf, windowDays: analysis.overview.windowDays, churnDays: analysis.overview.churnDays };
      return (
        overviewView.groups === 'segment'
          ? { groupBy: 'segment', window, segments: analysis.segments, scoring: analysis.scoring }
          : { groupBy: 'cluster', window, clustering: analysis.clustering }
      ) satisfies BacktestParams;
    },
    run: async (p, ctx): Promise<BacktestValue> => {
      const base = ctx.dep<OverviewBase>('overviewBase');
      const params = p as BacktestParams;
      if (params.groupBy === 'segment') {
        const { assignment: _customers, rules, warnings, ...outcomes } = await serial(async () => segmentBacktest(await sql(), base, params.window, params));
        return { groupBy: 'segment', outcomes, model: rules, warnings };
      }
      return clusterBacktest(base, params.window, params.clustering, ctx);
    },
  });
}

type Settings = ReturnType<typeof getState>['analysis'];
/** The back-test's inputs: the window and the segmentation (rules and scoring) or clustering it tests. */
type BacktestParams =
  | { groupBy: 'segment'; window: AsOfParams; segments: Settings['segments']; scoring: Settings['scoring'] }
  | { groupBy: 'cluster'; window: AsOfParams; clustering: Settings['clustering'] };

/** Clusters fitted (analytics worker) on the RFM as of the date, then their outcomes in the window. */
async function clusterBacktest(base: OverviewBase, window: AsOfParams, c: Settings['clustering'], ctx: JobContext): Promise<BacktestValue> {
  const rfm = await serial(async () => rfmAsOf(await sql(), base, window.asOf));
  const n = rfm.customerIds.length;
  if (n < 2) throw new Error(`clustering as of ${window.asOf} needs at least 2 customers, found ${n}`);
  const columns = () => ({ recencyDays: rfm.recencyDays.slice(), frequency: rfm.frequency.slice(), monetary: rfm.monetary.slice() });
  const features = { log1p: c.log1p, standardize: c.standardize, seed: c.seed };
  const opts = { signal: ctx.signal, onProgress: ctx.onProgress };
  const k = c.k === 'auto' ? (await client.run('cluster/elbow', features, columns(), opts)).suggestedK : Math.min(c.k, n);
  const fit = await client.run('cluster/fit', { ...features, k, restarts: c.restarts, plotSample: 0 }, columns(), opts);
  const label = clusterNames(fit);
  const names = [...label.values()];
  const outcomes = await serial(async () =>
    groupOutcomes(
      await sql(),
      base,
      rfm,
      Array.from(fit.labels, (l) => label.get(l)!),
      names,
      window,
    ),
  );
  return { groupBy: 'cluster', outcomes, model: `k-means, k = ${fit.k}`, warnings: [] };
}
