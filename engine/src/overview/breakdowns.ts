import type { SqlPort } from '../ports.ts';
import { num, tableRows } from '../sql/rows.ts';
import { SCOPE_ORDER_DAYS } from './scope.ts';

/** Orders by weekday and hour of their first line. */
export interface WeekdayHourHeatmap {
  /** Monday first, as in ISO 8601. */
  weekdays: readonly string[];
  /** counts[w][h]: orders placed on weekday w (0 = Monday) in hour h (0–23). */
  counts: number[][];
  /**
   * Whether any order's first line has a time of day. False for dates alone (CDNOW's, a daily
   * export's): every order then falls at midnight, so only the weekdays carry information.
   */
  timed: boolean;
}

/** Revenue and customers of one country. */
export interface CountryRow {
  /** null for lines without a country. */
  country: string | null;
  revenue: number;
  revenueShare: number;
  orders: number;
  /** Distinct customers with a line in this country (a customer may count in several). */
  customers: number;
  customerShare: number;
}

export const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'] as const;

/**
 * Non-cancellation orders counted by the weekday and hour of their first line, in SQL over
 * the prepared scope. A 7 × 24 matrix, Monday first, and whether the data has times of day at
 * all. O(orders).
 */
export async function computeWeekdayHour(sql: SqlPort): Promise<WeekdayHourHeatmap> {
  const counts = WEEKDAYS.map(() => new Array<number>(24).fill(0));
  const rows = tableRows(
    await sql.query(`SELECT isodow(ts) AS w, hour(ts) AS h, count(DISTINCT invoice) AS n, bool_or(ts <> date_trunc('day', ts)) AS timed FROM (
        SELECT invoice, customer, min(first_ts) AS ts FROM ${SCOPE_ORDER_DAYS}
        WHERE NOT is_cancellation AND invoice IS NOT NULL GROUP BY invoice, customer)
      GROUP BY ALL`),
  );
  for (const r of rows) counts[num(r.w) - 1]![num(r.h)] = num(r.n);
  return { weekdays: WEEKDAYS, counts, timed: rows.some((r) => r.timed === true) };
}

/**
 * Revenue, orders and customers per country with their shares of the scope's totals, largest
 * revenue first (ties by name). O(base rows).
 */
export async function computeCountries(sql: SqlPort): Promise<CountryRow[]> {
  const rows = tableRows(
    await sql.query(`WITH t AS (SELECT sum(revenue) AS all_revenue, count(DISTINCT customer) AS all_customers FROM ${SCOPE_ORDER_DAYS})
      SELECT country, sum(revenue) AS revenue, count(DISTINCT invoice) FILTER (WHERE NOT is_cancellation) AS orders,
        count(DISTINCT customer) AS customers, any_value(t.all_revenue) AS total_revenue, any_value(t.all_customers) AS total_customers
      FROM ${SCOPE_ORDER_DAYS}, t GROUP BY country ORDER BY revenue DESC, country NULLS LAST`),
  );
  return rows.map((r) => {
    const totalRevenue = num(r.total_revenue);
    const totalCustomers = num(r.total_customers);
    return {
      country: r.country === null || r.country === undefined ? null : String(r.country),
      revenue: num(r.revenue),
      revenueShare: totalRevenue !== 0 ? num(r.revenue) / totalRevenue : 0,
      orders: num(r.orders),
      customers: num(r.customers),
      customerShare: totalCustomers > 0 ? num(r.customers) / totalCustomers : 0,
    };
  });
}
