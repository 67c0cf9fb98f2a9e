import type { SqlPort } from '../ports.ts';
import { num, tableRows } from '../sql/rows.ts';
import { BASE_ORDER_DAYS, BASE_PRODUCT_CUSTOMERS, BASE_PRODUCT_NAMES } from './base.ts';
import { registerStringTable } from './register-table.ts';
import { checkWhole } from './scope.ts';
import { bucketSql, type TimeGrain } from './series.ts';

/** One group's (segment's or cluster's) revenue in one bucket. */
export interface GroupSpendPoint {
  group: string;
  /** First day of the bucket, YYYY-MM-DD. */
  period: string;
  revenue: number;
  /** Distinct non-cancellation invoices. */
  orders: number;
  /** Distinct customers with a kept line in the bucket. */
  customers: number;
}

/** One of a group's top products by revenue. */
export interface GroupProductRow {
  group: string;
  rank: number;
  product: string;
  description: string | null;
  revenue: number;
  /** revenue / the group's revenue. */
  revenueShare: number;
  /** Distinct customers of the group who bought it. */
  customers: number;
}

export interface GroupBreakdown {
  grain: TimeGrain;
  spend: GroupSpendPoint[];
  topProducts: GroupProductRow[];
}

/**
 * Spend over time and the top products of each group of customers side by side (the Overview's
 * "per segment" view): `customerIds[i]` belongs to `groupOf[i]`; customers in no group are left
 * out. In SQL over the Overview base (prepareOverviewBase must have run). Buckets where a group
 * bought nothing are absent. O(base rows).
 */
export async function computeGroupBreakdown(
  sql: SqlPort,
  customerIds: readonly string[],
  groupOf: readonly string[],
  grain: TimeGrain = 'month',
  top = 5,
): Promise<GroupBreakdown> {
  checkWhole(top, 'top products per group', 1, 1000);
  await registerStringTable(
    sql,
    'overview_groups',
    ['customer', 'grp'],
    customerIds.map((id, i) => [id, groupOf[i]!]),
  );
  const spend = tableRows(
    await sql.query(`SELECT g.grp, strftime(${bucketSql(grain, 'o.day')}, '%Y-%m-%d') AS period, sum(o.revenue) AS revenue,
        count(DISTINCT o.invoice) FILTER (WHERE NOT o.is_cancellation) AS orders, count(DISTINCT o.customer) AS customers
      FROM ${BASE_ORDER_DAYS} o JOIN overview_groups g USING (customer) GROUP BY ALL ORDER BY g.grp, period`),
  );
  const products = tableRows(
    await sql.query(`WITH p AS (
        SELECT g.grp, pc.product, sum(pc.revenue) AS revenue, count(*) AS customers
        FROM ${BASE_PRODUCT_CUSTOMERS} pc JOIN overview_groups g USING (customer) GROUP BY ALL),
      ranked AS (
        SELECT *, row_number() OVER (PARTITION BY grp ORDER BY revenue DESC, product) AS rank,
          sum(revenue) OVER (PARTITION BY grp) AS group_revenue FROM p)
      SELECT r.*, d.description FROM ranked r LEFT JOIN ${BASE_PRODUCT_NAMES} d USING (product)
      WHERE rank <= ${top} ORDER BY grp, rank`),
  );
  return {
    grain,
    spend: spend.map((r) => ({ group: String(r.grp), period: String(r.period), revenue: num(r.revenue), orders: num(r.orders), customers: num(r.customers) })),
    topProducts: products.map((r) => ({
      group: String(r.grp),
      rank: num(r.rank),
      product: String(r.product),
      description: r.description === null || r.description === undefined ? null : String(r.description),
      revenue: num(r.revenue),
      revenueShare: num(r.group_revenue) !== 0 ? num(r.revenue) / num(r.group_revenue) : 0,
      customers: num(r.customers),
    })),
  };
}
