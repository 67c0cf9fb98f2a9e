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
  /** Churned at this month's end but not at the previous month's (all churned ones in the first month). */
  newlyChurned: number;
}

export const DEFAULT_CHURN_DAYS = 90;

/**
 * Churn per month in SQL over the prepared scope: at each month's end, the customers seen so
 * far whose last purchase is more than `churnDays` days (default 90) before that day. The last
 * month is measured on the scope's last day, not past the data. O(customer-days × months).
 */
export async function computeChurn(sql: SqlPort, scope: ScopeInfo, churnDays = DEFAULT_CHURN_DAYS): Promise<ChurnPoint[]> {
  checkWhole(churnDays, 'churn days', 1, 100_000);
  if (scope.firstDay === null || scope.lastDay === null) return [];
  const rows = tableRows(
    await sql.query(`WITH cd AS (SELECT DISTINCT customer, day FROM ${SCOPE_ORDER_DAYS} WHERE customer IS NOT NULL),
      months AS (
        SELECT month, d, lag(d) OVER (ORDER BY month) AS d_prev FROM (
          SELECT CAST(m AS DATE) AS month, least(CAST(m + INTERVAL 1 MONTH AS DATE) - 1, DATE ${literal(scope.lastDay)}) AS d
          FROM (SELECT unnest(generate_series(CAST(date_trunc('month', DATE ${literal(scope.firstDay)}) AS TIMESTAMP),
                CAST(DATE ${literal(scope.lastDay)} AS TIMESTAMP), INTERVAL 1 MONTH)) AS m))),
      last_seen AS (
        SELECT m.month, m.d, m.d_prev, cd.customer, max(cd.day) AS last
        FROM months m JOIN cd ON cd.day <= m.d GROUP BY m.month, m.d, m.d_prev, cd.customer)
      SELECT strftime(month, '%Y-%m') AS month, strftime(any_value(d), '%Y-%m-%d') AS as_of, count(*) AS customers,
        count(*) FILTER (WHERE date_diff('day', last, d) > ${churnDays}) AS churned,
        count(*) FILTER (WHERE date_diff('day', last, d) > ${churnDays}
          AND (d_prev IS NULL OR last > d_prev OR date_diff('day', last, d_prev) <= ${churnDays})) AS newly
      FROM last_seen GROUP BY month ORDER BY month`),
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
