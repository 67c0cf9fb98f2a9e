import type { SqlPort } from '../ports.ts';
import { num, tableRows } from '../sql/rows.ts';
import { SCOPE_CUSTOMERS, SCOPE_ORDER_DAYS, type ScopeInfo } from './scope.ts';

/** One first-purchase cohort; index k of each array is the k-th month after the first (0 = the first month). */
export interface CohortRow {
  /** Month of the customers' first kept line, YYYY-MM. */
  cohort: string;
  /** Customers whose first kept line is in that month. */
  size: number;
  /** Customers of the cohort with a kept line in month k. */
  active: number[];
  /** active[k] / size. */
  retention: number[];
  /** Revenue of the cohort's lines in month k. */
  revenue: number[];
  /** revenue[k] / revenue[0] (0 when revenue[0] is 0). */
  revenueRetention: number[];
}

/** Months between two YYYY-MM strings (b − a). */
function monthsBetween(a: string, b: string): number {
  return (Number(b.slice(0, 4)) - Number(a.slice(0, 4))) * 12 + Number(b.slice(5, 7)) - Number(a.slice(5, 7));
}

/**
 * The monthly cohort retention matrix in SQL over the prepared scope: customers grouped by
 * the month of their first kept line; for each later month up to the scope's last, the share
 * of the cohort active and the cohort's revenue. Oldest cohort first. O(base rows).
 */
export async function computeCohorts(sql: SqlPort, scope: ScopeInfo): Promise<CohortRow[]> {
  if (scope.lastDay === null) return [];
  const lastMonth = scope.lastDay.slice(0, 7);
  const rows = tableRows(
    await sql.query(`WITH c AS (
        SELECT customer, CAST(date_trunc('month', first_day) AS DATE) AS cohort FROM ${SCOPE_CUSTOMERS}),
      act AS (
        SELECT customer, CAST(date_trunc('month', day) AS DATE) AS month, sum(revenue) AS revenue
        FROM ${SCOPE_ORDER_DAYS} WHERE customer IS NOT NULL GROUP BY ALL),
      sizes AS (SELECT cohort, count(*) AS size FROM c GROUP BY cohort)
      SELECT strftime(c.cohort, '%Y-%m') AS cohort, any_value(s.size) AS size, date_diff('month', c.cohort, a.month) AS k,
        count(*) AS active, sum(a.revenue) AS revenue
      FROM act a JOIN c USING (customer) JOIN sizes s USING (cohort)
      GROUP BY c.cohort, k ORDER BY c.cohort, k`),
  );
  const byCohort = new Map<string, CohortRow>();
  for (const r of rows) {
    const name = String(r.cohort);
    let row = byCohort.get(name);
    if (!row) {
      const months = monthsBetween(name, lastMonth) + 1;
      row = {
        cohort: name,
        size: num(r.size),
        active: new Array<number>(months).fill(0),
        retention: new Array<number>(months).fill(0),
        revenue: new Array<number>(months).fill(0),
        revenueRetention: new Array<number>(months).fill(0),
      };
      byCohort.set(name, row);
    }
    const k = num(r.k);
    row.active[k] = num(r.active);
    row.revenue[k] = num(r.revenue);
  }
  for (const row of byCohort.values()) {
    for (let k = 0; k < row.active.length; k++) {
      row.retention[k] = row.size > 0 ? row.active[k]! / row.size : 0;
      row.revenueRetention[k] = row.revenue[0] !== 0 ? row.revenue[k]! / row.revenue[0]! : 0;
    }
  }
  return [...byCohort.values()];
}
