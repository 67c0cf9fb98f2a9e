/** The Overview screen's figures and the as-of back-test, in SQL over `kept`. */
export { computeOverview, type Overview, type OverviewOptions } from './overview.ts';
export { prepareOverviewBase, BASE_ORDER_DAYS, BASE_PRODUCT_CUSTOMERS, BASE_PRODUCT_NAMES, BASE_PRODUCTS, type OverviewBase } from './base.ts';
export { prepareScope, SCOPE_ORDER_DAYS, SCOPE_PRODUCT_CUSTOMERS, SCOPE_CUSTOMERS, type OverviewScope, type ScopeInfo } from './scope.ts';
export {
  computeKpis,
  kpiPeriods,
  countsCustomers,
  countedFigures,
  NO_PREVIOUS_PERIOD,
  kpiChangeText,
  shownKpis,
  DEFAULT_KPI_DAYS,
  type KpiValues,
  type KpiFigure,
  type DayRange,
  type OverviewKpis,
  type KpiPeriodOptions,
} from './kpis.ts';
export { computeTimeSeries, computeNewVsReturning, TIME_GRAINS, type TimeGrain, type TimePoint, type NewReturningPoint } from './series.ts';
export { computeWeekdayHour, computeCountries, WEEKDAYS, type WeekdayHourHeatmap, type CountryRow } from './breakdowns.ts';
export { computeTopProducts, DEFAULT_TOP_PRODUCTS, type ProductRow, type TopProducts } from './products.ts';
export { computeCohorts, type CohortRow } from './cohorts.ts';
export { computeChurn, DEFAULT_CHURN_DAYS, type ChurnPoint } from './churn.ts';
export { computeGroupBreakdown, type GroupBreakdown, type GroupSpendPoint, type GroupProductRow } from './groups.ts';
export { registerStringTable } from './register-table.ts';
export {
  computeRfmAsOf,
  measureOutcomes,
  runBacktest,
  DEFAULT_WINDOW_DAYS,
  type OutcomeWindow,
  type OutcomeRow,
  type WindowOutcomes,
  type BacktestResult,
  type BacktestOptions,
} from './backtest.ts';
export { addDays, defaultBacktestAsOf, defaultMigrationFrom } from './default-dates.ts';
export { migrateAsOf, defaultMigrationDates, cellCustomers, cellLabel, type AsOfMigration, type MigrationOptions } from './migration.ts';
