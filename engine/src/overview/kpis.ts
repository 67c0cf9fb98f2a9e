import { EngineError } from '../errors.ts';
import { hasAmount, orderKey } from '../mapping/detect-mapping.ts';
import type { ColumnMapping } from '../mapping/roles.ts';
import type { SqlPort } from '../ports.ts';
import { literal } from '../sql/quote.ts';
import { num, tableRows } from '../sql/rows.ts';
import { SCOPE_ORDER_DAYS, checkDate, checkWhole, type ScopeInfo } from './scope.ts';

/** The six headline figures of a period. */
export interface KpiValues {
  /** Sum of amounts of the kept lines. */
  revenue: number;
  /** Distinct invoices (cancellation invoices, kept only when returns are netted, never count). */
  orders: number;
  /** Distinct customers with a kept line. */
  customers: number;
  /** revenue / orders (0 without orders). */
  averageOrderValue: number;
  /** Units (sum of quantities) per order (0 without orders). */
  itemsPerOrder: number;
  /** Share of the period's customers with two or more orders in the period. */
  repeatCustomerRate: number;
}

/** One KPI now and in the previous period of the same length. */
export interface KpiFigure {
  current: number;
  previous: number;
  /** (current − previous) / |previous|; null when the previous value is 0. */
  change: number | null;
}

/** An inclusive range of days, YYYY-MM-DD. */
export interface DayRange {
  from: string;
  to: string;
}

export interface OverviewKpis {
  period: DayRange;
  previousPeriod: DayRange;
  days: number;
  figures: Record<keyof KpiValues, KpiFigure>;
}

/** The KPI period: explicit days, or the last `days` days of the scope. */
export interface KpiPeriodOptions {
  from?: string;
  to?: string;
  /** Length of the default period ending on the scope's last day; default 30. */
  days?: number;
}

export const DEFAULT_KPI_DAYS = 30;

const KEYS: readonly (keyof KpiValues)[] = ['revenue', 'orders', 'customers', 'averageOrderValue', 'itemsPerOrder', 'repeatCustomerRate'];

/** Whether figures that count customers have a value: without a customer column they have none (not 0). */
export function countsCustomers(mapping: Pick<ColumnMapping, 'customer'>): boolean {
  return mapping.customer !== undefined;
}

/**
 * The cleaning report's counts that have a value for data mapped so (the Data screen's KPIs,
 * `inspect`): customers need a customer column; orders an invoice, else a customer (a line or a
 * visit is then an order: orderKey); products a sku or a description; revenue a price or a line
 * total; countries (the Overview's) a country column.
 */
export function countedFigures(mapping: ColumnMapping): { customers: boolean; orders: boolean; products: boolean; revenue: boolean; countries: boolean } {
  return {
    customers: countsCustomers(mapping),
    orders: orderKey(mapping) !== null,
    products: mapping.sku !== undefined || mapping.description !== undefined,
    revenue: hasAmount(mapping),
    countries: mapping.country !== undefined,
  };
}

/** A KPI's change against a previous period without any (the change is null): said, not "+∞%" nor "vs 0". */
export const NO_PREVIOUS_PERIOD = 'none in the previous period';

/**
 * A KPI's change as shown (the app, the CLI, the report): a rate's in percentage points ("+0.9 pp":
 * a relative "+4.1%" beside 23.2% against 22.3% reads as points), the others' relative ("-8.3%");
 * null without a previous value (NO_PREVIOUS_PERIOD).
 */
export function kpiChangeText(key: keyof KpiValues, f: KpiFigure): string | null {
  if (f.change === null) return null;
  const signed = (x: number, unit: string) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}${unit}`;
  return key === 'repeatCustomerRate' ? signed((f.current - f.previous) * 100, ' pp') : signed(f.change * 100, '%');
}

/** The KPIs that count customers. */
const CUSTOMER_KPIS: readonly (keyof KpiValues)[] = ['customers', 'repeatCustomerRate'];

/**
 * The KPIs shown for data mapped so: items per order adds quantities, so without a quantity
 * column it has no value (not 0); customers and the repeat-customer rate need a customer column.
 */
export function shownKpis(mapping: Pick<ColumnMapping, 'quantity' | 'customer'>): (keyof KpiValues)[] {
  return KEYS.filter((k) => (k !== 'itemsPerOrder' || mapping.quantity !== undefined) && (!CUSTOMER_KPIS.includes(k) || countsCustomers(mapping)));
}

function dayNumber(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / 86_400_000);
}

function isoDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

/** Resolves the current and previous periods (same length, adjacent). */
export function kpiPeriods(scope: ScopeInfo, options: KpiPeriodOptions = {}): { period: DayRange; previousPeriod: DayRange; days: number } {
  let from: number;
  let to: number;
  if (options.from !== undefined || options.to !== undefined) {
    if (options.from === undefined || options.to === undefined) throw new EngineError('invalid_argument', 'a KPI period needs both from and to');
    from = dayNumber(checkDate(options.from, 'from'));
    to = dayNumber(checkDate(options.to, 'to'));
    if (to < from) throw new EngineError('invalid_argument', `the KPI period ends (${options.to}) before it starts (${options.from})`);
  } else {
    const days = checkWhole(options.days ?? DEFAULT_KPI_DAYS, 'KPI period days', 1, 100_000);
    to = scope.lastDay !== null ? dayNumber(scope.lastDay) : 0;
    from = to - days + 1;
  }
  const days = to - from + 1;
  return {
    period: { from: isoDay(from), to: isoDay(to) },
    previousPeriod: { from: isoDay(from - days), to: isoDay(from - 1) },
    days,
  };
}

function values(row: Record<string, unknown> | undefined): KpiValues {
  const revenue = num(row?.revenue);
  const orders = num(row?.orders);
  const customers = num(row?.customers);
  return {
    revenue,
    orders,
    customers,
    averageOrderValue: orders > 0 ? revenue / orders : 0,
    itemsPerOrder: orders > 0 ? num(row?.items) / orders : 0,
    repeatCustomerRate: customers > 0 ? num(row?.repeaters) / customers : 0,
  };
}

/**
 * Headline KPIs of a period against the previous period of the same length, in SQL over the
 * prepared scope (see prepareScope). Lines count in the period of their own day. O(base rows).
 */
export async function computeKpis(sql: SqlPort, scope: ScopeInfo, options: KpiPeriodOptions = {}): Promise<OverviewKpis> {
  const periods = kpiPeriods(scope, options);
  const rows = tableRows(
    await sql.query(`WITH p AS (
        SELECT CASE WHEN day >= DATE ${literal(periods.period.from)} THEN 'current' ELSE 'previous' END AS period, *
        FROM ${SCOPE_ORDER_DAYS}
        WHERE day BETWEEN DATE ${literal(periods.previousPeriod.from)} AND DATE ${literal(periods.period.to)}),
      per_customer AS (
        SELECT period, customer, count(DISTINCT invoice) FILTER (WHERE NOT is_cancellation) AS n
        FROM p WHERE customer IS NOT NULL GROUP BY period, customer),
      rep AS (SELECT period, count(*) FILTER (WHERE n >= 2) AS repeaters FROM per_customer GROUP BY period),
      totals AS (
        SELECT period, sum(revenue) AS revenue, count(DISTINCT invoice) FILTER (WHERE NOT is_cancellation) AS orders,
          count(DISTINCT customer) AS customers, sum(items) AS items
        FROM p GROUP BY period)
      SELECT t.*, COALESCE(r.repeaters, 0) AS repeaters FROM totals t LEFT JOIN rep r USING (period)`),
  );
  const current = values(rows.find((r) => r.period === 'current'));
  const previous = values(rows.find((r) => r.period === 'previous'));
  const figures = {} as Record<keyof KpiValues, KpiFigure>;
  for (const k of KEYS) {
    const c = current[k];
    const p = previous[k];
    figures[k] = { current: c, previous: p, change: p !== 0 ? (c - p) / Math.abs(p) : null };
  }
  return { ...periods, figures };
}
