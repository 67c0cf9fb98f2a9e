/**
 * Everything the shareable report shows, gathered once by the pipeline for both front ends:
 * the CLI (`segment-studio report`) and the app's "Export report" call collectReport with the
 * same analysis and get the same data, so renderReport writes the same bytes. Clusters and
 * rules are passed in (the CLI fits and mines them here; the app has them from its workers,
 * computed by the same pipeline functions).
 */
import { clusterLabel, scoreCustomers, type RuleTable } from '../analysis/pipeline.ts';
import type { Analysis } from '../analysis/document.ts';
import type { FitLabels, ItemText } from '../analysis/outputs.ts';
import { joinItemLabels } from '../assoc/labels.ts';
import type { Dataset } from '../dataset.ts';
import { EngineError } from '../errors.ts';
import { figureWarnings } from '../io/figure-warnings.ts';
import { cleaningWarnings } from '../clean/cleaning-warnings.ts';
import type { FileDigest } from '../export/manifest.ts';
import type { ColumnMapping } from '../mapping/roles.ts';
import { runBacktest, type BacktestResult } from '../overview/backtest.ts';
import { prepareOverviewBase } from '../overview/base.ts';
import { defaultBacktestAsOf, defaultMigrationFrom } from '../overview/default-dates.ts';
import { migrateAsOf } from '../overview/migration.ts';
import { computeOverview, type Overview } from '../overview/overview.ts';
import { checkDate } from '../overview/scope.ts';
import type { SqlPort } from '../ports.ts';
import type { SegmentSummaryRow } from '../segments/apply-rules.ts';

export interface ReportCluster {
  cluster: number;
  label: string;
  customers: number;
  share: number;
  revenue: number;
  revenueShare: number;
  medianRecencyDays: number;
  medianFrequency: number;
  medianMonetary: number;
}

export interface ReportRule {
  antecedent: string;
  consequent: string;
  support: number;
  confidence: number;
  lift: number;
  count: number;
}

export interface ReportMigration {
  from: string;
  to: string;
  before: string[];
  after: string[];
  customers: number[][];
  revenue: number[][];
  stayed: number;
  moved: number;
  added: number;
  lost: number;
}

export interface ReportData {
  title: string;
  /** The one currency the data states, else null (amounts shown without a code). */
  currency: string | null;
  overview: Pick<Overview, 'scope' | 'kpis' | 'series' | 'countries' | 'topProducts' | 'grain'>;
  segments: { rules: string; snapshot: string; customers: number; rows: SegmentSummaryRow[] };
  /** Null with a note when the as-of date leaves no history. */
  backtest: Omit<BacktestResult, 'assignment'> | null;
  migration: ReportMigration | null;
  notes: string[];
  /** What may be wrong in the figures read (figure, implausible and non-product warnings), for the reader. */
  warnings: string[];
  clusters: ReportCluster[] | null;
  rules: { total: number; top: ReportRule[] } | null;
  provenance: {
    analysis: string;
    sources: FileDigest[];
    rows: { read: number; kept: number; removed: Record<string, number> };
    mapping: ColumnMapping;
    settings: Record<string, unknown>;
  };
}

export interface ReportOptions {
  /** The back-test's as-of date; default: the analysis' own, else defaultBacktestAsOf (its window from the analysis too). */
  asOf?: string;
  /** The migration's earlier date (to the snapshot); default: defaultMigrationFrom (90 days before the snapshot). */
  compare?: string;
  sources: readonly FileDigest[];
  clusters: ReportCluster[] | null;
  rules: { total: number; top: ReportRule[] } | null;
}

/** Rules shown in the report: the first of the pipeline's order (by lift). */
export const REPORT_RULES = 20;

/** The report's cluster table from a fit (the pipeline's or the app worker's). */
export function reportClusters(fit: Pick<FitLabels, 'profiles'>): ReportCluster[] {
  return fit.profiles.map((p) => ({
    cluster: p.cluster,
    label: clusterLabel(p.cluster, p.name),
    customers: p.size,
    share: p.share,
    revenue: p.revenue,
    revenueShare: p.revenueShare,
    medianRecencyDays: p.recencyDays.median,
    medianFrequency: p.frequency.median,
    medianMonetary: p.monetary.median,
  }));
}

/** The report's top rules (first `n` in the table's order, by lift) with item names. */
export function reportRules(r: RuleTable, items: ItemText, n = REPORT_RULES): { total: number; top: ReportRule[] } {
  const top: ReportRule[] = [];
  for (let i = 0; i < Math.min(n, r.n); i++) {
    const ant = r.antecedentItems.subarray(r.antecedentOffsets[i]!, r.antecedentOffsets[i + 1]!);
    top.push({
      antecedent: joinItemLabels(ant, items.names),
      consequent: joinItemLabels([r.consequent[i]!], items.names),
      support: r.support[i]!,
      confidence: r.confidence[i]!,
      lift: r.lift[i]!,
      count: r.count[i]!,
    });
  }
  return { total: r.n, top };
}

/** A step that may not apply to this data (an as-of date before any history): its note instead of the figures. */
async function optional<T>(notes: string[], what: string, step: () => Promise<T>): Promise<T | null> {
  try {
    return await step();
  } catch (e) {
    if (!(e instanceof EngineError)) throw e;
    notes.push(`${what}: ${e.message}`);
    return null;
  }
}

/**
 * The report's figures from the loaded data (`kept`) and the analysis: the Overview (default
 * options), the segments at the analysis' snapshot, the back-test at `asOf`, the migration from
 * `compare` to the snapshot, plus the given clusters, rules and source digests. Deterministic.
 */
export async function collectReport(
  sql: SqlPort,
  dataset: Pick<Dataset, 'report' | 'canonical' | 'sources' | 'copies' | 'columns'>,
  a: Analysis,
  o: ReportOptions,
): Promise<ReportData> {
  // A malformed date is the caller's mistake (refused); a well-formed one the data cannot serve is a note.
  if (o.asOf !== undefined) checkDate(o.asOf, 'as-of date');
  if (o.compare !== undefined) checkDate(o.compare, 'compare date');
  const base = await prepareOverviewBase(sql);
  const overview = await computeOverview(sql, {}, base);
  const scored = await scoreCustomers(sql, a);
  const snapshot = scored.rfm.snapshot;
  const notes: string[] = [];
  const { windowDays, churnDays } = a.overview;
  const asOf = o.asOf ?? a.overview.asOf ?? defaultBacktestAsOf(base, windowDays) ?? snapshot;
  const bt = await optional(notes, `Back-test as of ${asOf}`, () =>
    runBacktest(sql, { asOf, windowDays, churnDays, rules: a.segments, scores: a.scoring }, base),
  );
  const compare = o.compare ?? defaultMigrationFrom(snapshot, base.firstDay);
  const m = await optional(notes, `Migration from ${compare} to ${snapshot}`, () =>
    migrateAsOf(sql, { from: compare, to: snapshot, rules: a.segments, scores: a.scoring }, base),
  );
  const codes = dataset.canonical.currency?.codes ?? [];
  const { assignment: _customers, ...backtest } = bt ?? { assignment: null };
  return {
    title: a.name,
    currency: codes.length === 1 ? codes[0]! : null,
    overview: {
      scope: overview.scope,
      kpis: overview.kpis,
      grain: overview.grain,
      series: overview.series,
      countries: overview.countries,
      topProducts: overview.topProducts,
    },
    segments: { rules: a.segments.name, snapshot, customers: scored.rfm.customerIds.length, rows: scored.summary },
    backtest: bt ? (backtest as Omit<BacktestResult, 'assignment'>) : null,
    migration: m
      ? {
          from: m.from,
          to: m.to,
          before: m.before,
          after: m.after,
          customers: m.customers,
          revenue: m.revenue,
          stayed: m.stayed,
          moved: m.moved,
          added: m.added,
          lost: m.lost,
        }
      : null,
    notes,
    warnings: [...figureWarnings(dataset), ...cleaningWarnings(dataset.report)],
    clusters: o.clusters,
    rules: o.rules,
    provenance: {
      analysis: a.name,
      sources: [...o.sources],
      rows: { read: dataset.report.rows_read, kept: dataset.report.rows_kept, removed: { ...dataset.report.removed } },
      mapping: dataset.canonical.mapping.mapping,
      settings: {
        cleaning: a.cleaning,
        snapshot,
        scoring: a.scoring,
        segments: a.segments,
        clustering: a.clustering,
        baskets: a.baskets,
        backtest: { asOf, windowDays, churnDays },
        migration: { from: compare, to: snapshot },
      },
    },
  };
}
