import type { SqlPort } from '../ports.ts';
import { computeCountries, computeWeekdayHour, type CountryRow, type WeekdayHourHeatmap } from './breakdowns.ts';
import { computeChurn, DEFAULT_CHURN_DAYS, type ChurnPoint } from './churn.ts';
import { computeCohorts, type CohortRow } from './cohorts.ts';
import { computeKpis, type KpiPeriodOptions, type OverviewKpis } from './kpis.ts';
import { computeTopProducts, DEFAULT_TOP_PRODUCTS, type TopProducts } from './products.ts';
import { prepareOverviewBase, type OverviewBase } from './base.ts';
import { prepareScope, type OverviewScope, type ScopeInfo } from './scope.ts';
import { computeNewVsReturning, computeTimeSeries, type NewReturningPoint, type TimeGrain, type TimePoint } from './series.ts';

export interface OverviewOptions extends OverviewScope {
  /** The KPI period (default: the last 30 days of the data) compared with the one before it. */
  kpiPeriod?: KpiPeriodOptions;
  /** Bucket of the revenue / orders / customers series; default month. */
  grain?: TimeGrain;
  /** How many top products per measure; default 10. */
  topProducts?: number;
  /** Days without a purchase after which a customer counts as churned; default 90. */
  churnDays?: number;
}

/** Every Overview figure for one scope (all kept lines, or one segment's or cluster's customers). */
export interface Overview {
  scope: ScopeInfo;
  kpis: OverviewKpis;
  grain: TimeGrain;
  series: TimePoint[];
  newVsReturning: NewReturningPoint[];
  weekdayHour: WeekdayHourHeatmap;
  countries: CountryRow[];
  topProducts: TopProducts;
  cohorts: CohortRow[];
  churnDays: number;
  churn: ChurnPoint[];
}

/**
 * Computes every Overview figure in DuckDB SQL over the kept lines (see the per-figure
 * functions for definitions): KPIs against the previous period, the time series, new versus
 * returning customers, the weekday × hour heatmap, countries, top products, the cohort matrix
 * and churn per month. Pass `customerIds` to restrict every figure to those customers, and the
 * `base` from prepareOverviewBase to reuse it (it must have been built since the last cleaning).
 * Deterministic. Without a `base` it first condenses the kept lines (prepareOverviewBase), O(lines);
 * the figures themselves read the condensed rows, O(base rows), churn O(customer-days × months).
 */
export async function computeOverview(sql: SqlPort, options: OverviewOptions = {}, base?: OverviewBase): Promise<Overview> {
  const condensed = base ?? (await prepareOverviewBase(sql));
  const scope = await prepareScope(sql, condensed, options.customerIds !== undefined ? { customerIds: options.customerIds } : {});
  const grain = options.grain ?? 'month';
  const churnDays = options.churnDays ?? DEFAULT_CHURN_DAYS;
  return {
    scope,
    kpis: await computeKpis(sql, scope, options.kpiPeriod ?? {}),
    grain,
    series: await computeTimeSeries(sql, grain),
    newVsReturning: await computeNewVsReturning(sql),
    weekdayHour: await computeWeekdayHour(sql),
    countries: await computeCountries(sql),
    topProducts: await computeTopProducts(sql, scope, options.topProducts ?? DEFAULT_TOP_PRODUCTS),
    cohorts: await computeCohorts(sql, scope),
    churnDays,
    churn: await computeChurn(sql, scope, churnDays),
  };
}
