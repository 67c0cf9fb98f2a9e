import type { SqlPort } from '../ports.ts';
import { num, tableRows } from '../sql/rows.ts';
import { BASE_PRODUCT_NAMES, BASE_PRODUCTS } from './base.ts';
import { SCOPE_ORDER_DAYS, SCOPE_PRODUCT_CUSTOMERS, checkWhole, type ScopeInfo } from './scope.ts';

/** One product with its totals and its shares of the scope's totals. */
export interface ProductRow {
  /** The SKU, or the description where there is no SKU. */
  product: string;
  /** The product's most frequent description over all kept lines (ties: the alphabetically first); null without one. */
  description: string | null;
  revenue: number;
  revenueShare: number;
  /** Units: sum of quantities. */
  quantity: number;
  quantityShare: number;
  /** Distinct customers who bought it. */
  customers: number;
  /** customers / all customers in scope. */
  customerShare: number;
}

/** The top products by each measure. */
export interface TopProducts {
  byRevenue: ProductRow[];
  byQuantity: ProductRow[];
  byCustomers: ProductRow[];
}

export const DEFAULT_TOP_PRODUCTS = 10;

/**
 * Per product (SKU, else description) revenue, units and distinct customers with shares, and
 * the top `limit` by each (ties by product key), in SQL over the prepared scope. O(product × customer pairs).
 */
export async function computeTopProducts(sql: SqlPort, scope: ScopeInfo, limit = DEFAULT_TOP_PRODUCTS): Promise<TopProducts> {
  checkWhole(limit, 'top products', 1, 100_000);
  // All lines: the per-product totals the base already holds; a filtered scope sums its own pairs.
  const perProduct = scope.filtered
    ? `SELECT product, sum(revenue) AS revenue, sum(quantity) AS quantity, count(customer) AS customers
       FROM ${SCOPE_PRODUCT_CUSTOMERS} GROUP BY product`
    : `SELECT * FROM ${BASE_PRODUCTS}`;
  await sql.exec(`CREATE OR REPLACE TEMP TABLE overview_products AS
    WITH t AS (SELECT sum(revenue) AS revenue, sum(items) AS quantity, count(DISTINCT customer) AS customers FROM ${SCOPE_ORDER_DAYS}),
    p AS (${perProduct})
    SELECT p.*, d.description,
      CASE WHEN t.revenue <> 0 THEN p.revenue / t.revenue ELSE 0 END AS revenue_share,
      CASE WHEN t.quantity <> 0 THEN p.quantity / t.quantity ELSE 0 END AS quantity_share,
      CASE WHEN t.customers > 0 THEN p.customers / t.customers ELSE 0 END AS customer_share
    FROM p LEFT JOIN ${BASE_PRODUCT_NAMES} d USING (product), t`);
  const top = async (measure: string): Promise<ProductRow[]> =>
    tableRows(await sql.query(`SELECT * FROM overview_products ORDER BY ${measure} DESC, product LIMIT ${limit}`)).map((r) => ({
      product: String(r.product),
      description: r.description === null || r.description === undefined ? null : String(r.description),
      revenue: num(r.revenue),
      revenueShare: num(r.revenue_share),
      quantity: num(r.quantity),
      quantityShare: num(r.quantity_share),
      customers: num(r.customers),
      customerShare: num(r.customer_share),
    }));
  return { byRevenue: await top('revenue'), byQuantity: await top('quantity'), byCustomers: await top('customers') };
}
