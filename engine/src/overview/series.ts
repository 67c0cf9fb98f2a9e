import { EngineError } from '../errors.ts';
import type { SqlPort } from '../ports.ts';
import { num, tableRows } from '../sql/rows.ts';
import { SCOPE_CUSTOMERS, SCOPE_ORDER_DAYS } from './scope.ts';

/** Bucket size of a time series. Weeks start on Monday. */
export type TimeGrain = 'month' | 'week' | 'day';
export const TIME_GRAINS: readonly TimeGrain[] = ['month', 'week', 'day'];

/** One bucket of the revenue / orders / active customers series. */
export interface TimePoint {
  /** First day of the bucket, YYYY-MM-DD. */
  period: string;
  revenue: number;
  /** Distinct non-cancellation invoices with a line in the bucket. */
  orders: number;
  /** Distinct customers with a kept line in the bucket. */
  customers: number;
}

/** New versus returning customers of one month. */
export interface NewReturningPoint {
  /** YYYY-MM. */
  month: string;
  /** Active customers whose first kept line (in scope) falls in this month. */
  newCustomers: number;
  /** Active customers who had bought in an earlier month. */
  returningCustomers: number;
  newRevenue: number;
  returningRevenue: number;
}

/** SQL for the first day of `day`'s bucket. */
export function bucketSql(grain: TimeGrain, day = 'day'): string {
  if (!TIME_GRAINS.includes(grain)) throw new EngineError('invalid_argument', `time grain must be month, week or day, got "${grain}"`);
  return grain === 'day' ? day : `CAST(date_trunc('${grain}', ${day}) AS DATE)`;
}

/**
 * Revenue, orders and active customers per month, week or day over the prepared scope; every
 * bucket from the first to the last is present (empty ones as zeros). O(base rows).
 */
export async function computeTimeSeries(sql: SqlPort, grain: TimeGrain = 'month'): Promise<TimePoint[]> {
  const bucket = bucketSql(grain);
  const rows = tableRows(
    await sql.query(`WITH b AS (
        SELECT ${bucket} AS bucket, sum(revenue) AS revenue,
          count(DISTINCT invoice) FILTER (WHERE NOT is_cancellation) AS orders, count(DISTINCT customer) AS customers
        FROM ${SCOPE_ORDER_DAYS} GROUP BY bucket),
      all_buckets AS (
        SELECT CAST(unnest(generate_series(min(bucket), max(bucket), INTERVAL 1 ${grain})) AS DATE) AS bucket FROM b)
      SELECT strftime(a.bucket, '%Y-%m-%d') AS period, COALESCE(b.revenue, 0) AS revenue, COALESCE(b.orders, 0) AS orders,
        COALESCE(b.customers, 0) AS customers
      FROM all_buckets a LEFT JOIN b USING (bucket) ORDER BY a.bucket`),
  );
  return rows.map((r) => ({ period: String(r.period), revenue: num(r.revenue), orders: num(r.orders), customers: num(r.customers) }));
}

/**
 * Per month: active customers split into new (first kept line in scope that month) and
 * returning (bought in an earlier month), with their revenue. Every month from the first to
 * the last is present. O(base rows).
 */
export async function computeNewVsReturning(sql: SqlPort): Promise<NewReturningPoint[]> {
  const rows = tableRows(
    await sql.query(`WITH active AS (
        SELECT l.customer, CAST(date_trunc('month', l.day) AS DATE) AS month, sum(l.revenue) AS revenue
        FROM ${SCOPE_ORDER_DAYS} l WHERE l.customer IS NOT NULL GROUP BY ALL),
      tagged AS (
        SELECT a.*, a.month = CAST(date_trunc('month', c.first_day) AS DATE) AS is_new
        FROM active a JOIN ${SCOPE_CUSTOMERS} c USING (customer)),
      m AS (
        SELECT month, count(*) FILTER (WHERE is_new) AS new_customers, count(*) FILTER (WHERE NOT is_new) AS returning_customers,
          COALESCE(sum(revenue) FILTER (WHERE is_new), 0) AS new_revenue, COALESCE(sum(revenue) FILTER (WHERE NOT is_new), 0) AS returning_revenue
        FROM tagged GROUP BY month),
      all_months AS (SELECT CAST(unnest(generate_series(min(month), max(month), INTERVAL 1 MONTH)) AS DATE) AS month FROM m)
      SELECT strftime(a.month, '%Y-%m') AS month, COALESCE(new_customers, 0) AS nc, COALESCE(returning_customers, 0) AS rc,
        COALESCE(new_revenue, 0) AS nr, COALESCE(returning_revenue, 0) AS rr
      FROM all_months a LEFT JOIN m USING (month) ORDER BY a.month`),
  );
  return rows.map((r) => ({
    month: String(r.month),
    newCustomers: num(r.nc),
    returningCustomers: num(r.rc),
    newRevenue: num(r.nr),
    returningRevenue: num(r.rr),
  }));
}
