import type { SqlPort } from '../ports.ts';
import { firstRow, num } from '../sql/rows.ts';

/**
 * The kept lines condensed once for every Overview and back-test that follows: one row per
 * (invoice, customer, day, country) and one per (product, customer). Every figure is defined on
 * lines, and these rows keep what the definitions need (a line's day, country and customer),
 * so figures over them equal figures over `kept` while reading 5–10 times fewer rows.
 */
export interface OverviewBase {
  /** Kept lines with a timestamp that the base condenses. */
  lines: number;
  /** YYYY-MM-DD; null when there are no such lines. */
  firstDay: string | null;
  lastDay: string | null;
}

/**
 * One row per (invoice, customer, day, country): first_ts, revenue (sum of amounts), items (sum
 * of quantities), lines, is_cancellation (every line of the row is a cancellation, kept only when
 * returns are netted; so an invoice counts as an order exactly when one of its lines is not).
 */
export const BASE_ORDER_DAYS = 'overview_base_order_days';
/** One row per (product, customer): revenue, quantity. Product = SKU, else description. */
export const BASE_PRODUCT_CUSTOMERS = 'overview_base_product_customers';
/** One row per product: its most frequent description (ties: the alphabetically first). */
export const BASE_PRODUCT_NAMES = 'overview_base_product_names';
/** One row per product: revenue, quantity, customers (distinct) over all kept lines. */
export const BASE_PRODUCTS = 'overview_base_products';

/**
 * Builds the Overview base from `kept` (lines with a timestamp). Run it after loading and after
 * every change of cleaning (the base does not follow `kept` by itself), then pass the result to
 * computeOverview and runBacktest, which otherwise build it themselves. O(lines): the one pass
 * over the lines; everything afterwards reads the condensed rows.
 */
export async function prepareOverviewBase(sql: SqlPort): Promise<OverviewBase> {
  await sql.exec(`CREATE OR REPLACE TEMP TABLE ${BASE_ORDER_DAYS} AS
    SELECT invoice, customer, CAST(ts AS DATE) AS day, country, min(ts) AS first_ts, COALESCE(sum(amount), 0) AS revenue,
      COALESCE(sum(quantity), 0) AS items, count(*) AS lines, bool_and(COALESCE("f_cancellation", false)) AS is_cancellation
    FROM kept WHERE ts IS NOT NULL GROUP BY invoice, customer, day, country`);
  await sql.exec(`CREATE OR REPLACE TEMP TABLE overview_base_product_lines AS
    SELECT COALESCE(sku, description) AS product, customer, description, COALESCE(sum(amount), 0) AS revenue,
      COALESCE(sum(quantity), 0) AS quantity, count(*) AS lines
    FROM kept WHERE ts IS NOT NULL AND COALESCE(sku, description) IS NOT NULL GROUP BY ALL`);
  await sql.exec(`CREATE OR REPLACE TEMP TABLE ${BASE_PRODUCT_CUSTOMERS} AS
    SELECT product, customer, sum(revenue) AS revenue, sum(quantity) AS quantity
    FROM overview_base_product_lines GROUP BY product, customer`);
  await sql.exec(`CREATE OR REPLACE TEMP TABLE ${BASE_PRODUCT_NAMES} AS
    SELECT product, first(description ORDER BY n DESC, description) AS description FROM (
      SELECT product, description, sum(lines) AS n FROM overview_base_product_lines WHERE description IS NOT NULL GROUP BY ALL)
    GROUP BY product`);
  await sql.exec('DROP TABLE overview_base_product_lines');
  await sql.exec(`CREATE OR REPLACE TEMP TABLE ${BASE_PRODUCTS} AS
    SELECT product, sum(revenue) AS revenue, sum(quantity) AS quantity, count(customer) AS customers
    FROM ${BASE_PRODUCT_CUSTOMERS} GROUP BY product`);
  const r = firstRow(
    await sql.query(`SELECT COALESCE(sum(lines), 0) AS n, strftime(min(day), '%Y-%m-%d') AS d0, strftime(max(day), '%Y-%m-%d') AS d1 FROM ${BASE_ORDER_DAYS}`),
  );
  return { lines: num(r.n), firstDay: (r.d0 as string | null) ?? null, lastDay: (r.d1 as string | null) ?? null };
}
