import type { SqlPort } from '../ports.ts';
import { literal } from '../sql/quote.ts';
import { num, tableRows } from '../sql/rows.ts';
import { SCOPE_ORDER_DAYS, checkWhole, type ScopeInfo } from './scope.ts';

/** Churn at the end of one month. */
export interface ChurnPoint {
  /** YYYY-MM. */
  month: string;
  /** The day churn is measured on: the month's last day, or the scope's last day in its last month. */
  asOf: string;
  /** Customers with a kept line on or before `asOf`. */
  customers: number;
  /** Of those, customers whose last purchase on or before `asOf` is more than N days before it. */
  churned: number;
  /** churned / customers. */
  churnRate: number;
  /** Churned at this month's end and, since their last purchase, not yet at the previous month's end. */
  newlyChurned: number;
}

export const DEFAULT_CHURN_DAYS = 90;

/**
 * Churn per month in SQL over the prepared scope: at each month's end, the customers seen so
 * far whose last purchase is more than `churnDays` days (default 90) before that day. The last
 * month is measured on the scope's last day, not past the data.
 *
 * How: each purchase day d of a customer, followed by their next purchase day n (or none),
 * makes them churned on the days [d + N + 1, n). So churned(D) = spans begun by D − spans ended
 * by D, and newly churned = spans begun this month and not ended by its end: counts per month
 * and running sums, no join of months with days. O(customer-days log customer-days).
 */
export async function computeChurn(sql: SqlPort, scope: ScopeInfo, churnDays = DEFAULT_CHURN_DAYS): Promise<ChurnPoint[]> {
  checkWhole(churnDays, 'churn days', 1, 100_000);
  if (scope.firstDay === null || scope.lastDay === null) return [];
  const last = `DATE ${literal(scope.lastDay)}`;
  const month = (e: string) => `CAST(date_trunc('month', ${e}) AS DATE)`;
  const rows = tableRows(
    await sql.query(`WITH cd AS (SELECT DISTINCT customer, day FROM ${SCOPE_ORDER_DAYS} WHERE customer IS NOT NULL),
      spans AS (
        SELECT day, day + ${churnDays + 1} AS s, lead(day) OVER w AS n, lag(day) OVER w IS NULL AS is_first
        FROM cd WINDOW w AS (PARTITION BY customer ORDER BY day)),
      marks AS MATERIALIZED (
        SELECT CASE WHEN is_first THEN ${month('day')} END AS first_m,
          CASE WHEN s <= ${last} AND (n IS NULL OR n > s) THEN ${month('s')} END AS start_m,
          CASE WHEN n > s AND n <= ${last} THEN ${month('n')} END AS end_m
        FROM spans),
      per_month AS (
        SELECT m, sum(firsts) AS firsts, sum(starts) AS starts, sum(ends) AS ends, sum(same) AS same FROM (
          SELECT first_m AS m, 1 AS firsts, 0 AS starts, 0 AS ends, 0 AS same FROM marks WHERE first_m IS NOT NULL
          UNION ALL SELECT start_m, 0, 1, 0, CASE WHEN end_m = start_m THEN 1 ELSE 0 END FROM marks WHERE start_m IS NOT NULL
          UNION ALL SELECT end_m, 0, 0, 1, 0 FROM marks WHERE end_m IS NOT NULL)
        GROUP BY m),
      months AS (
        SELECT CAST(m AS DATE) AS m FROM (SELECT unnest(generate_series(CAST(${month(`DATE ${literal(scope.firstDay)}`)} AS TIMESTAMP),
          CAST(${last} AS TIMESTAMP), INTERVAL 1 MONTH)) AS m))
      SELECT strftime(months.m, '%Y-%m') AS month,
        strftime(least(CAST(months.m + INTERVAL 1 MONTH AS DATE) - 1, ${last}), '%Y-%m-%d') AS as_of,
        sum(COALESCE(firsts, 0)) OVER w AS customers,
        sum(COALESCE(starts, 0)) OVER w - sum(COALESCE(ends, 0)) OVER w AS churned,
        COALESCE(starts, 0) - COALESCE(same, 0) AS newly
      FROM months LEFT JOIN per_month USING (m)
      WINDOW w AS (ORDER BY months.m ROWS UNBOUNDED PRECEDING)
      ORDER BY months.m`),
  );
  return rows.map((r) => ({
    month: String(r.month),
    asOf: String(r.as_of),
    customers: num(r.customers),
    churned: num(r.churned),
    churnRate: num(r.customers) > 0 ? num(r.churned) / num(r.customers) : 0,
    newlyChurned: num(r.newly),
  }));
}
