import { EngineError } from '../errors.ts';
import type { SqlPort } from '../ports.ts';
import { firstRow, num } from '../sql/rows.ts';
import { BASE_ORDER_DAYS, BASE_PRODUCT_CUSTOMERS, type OverviewBase } from './base.ts';
import { registerStringTable } from './register-table.ts';

/** Which kept lines the Overview looks at: all of them, or those of a set of customers. */
export interface OverviewScope {
  /** Only these customers' lines (a segment or cluster); omitted: every kept line. */
  customerIds?: readonly string[];
}

/** What the prepared scope holds. Days are YYYY-MM-DD; null when the scope is empty. */
export interface ScopeInfo {
  lines: number;
  firstDay: string | null;
  lastDay: string | null;
  filtered: boolean;
}

/** The scope's rows of BASE_ORDER_DAYS: one per (invoice, customer, day, country). */
export const SCOPE_ORDER_DAYS = 'overview_order_days';
/** The scope's rows of BASE_PRODUCT_CUSTOMERS: one per (product, customer). */
export const SCOPE_PRODUCT_CUSTOMERS = 'overview_product_customers';
/** One row per customer in scope: first_day, last_day (days of their first and last kept line). */
export const SCOPE_CUSTOMERS = 'overview_customers';
/** The customer filter, when one is given. */
const FILTER_TABLE = 'overview_filter';

/**
 * Restricts the Overview base (see prepareOverviewBase) to the scope: views of it for all
 * lines, filtered copies for a set of customers (registered as a table through the port), and
 * the customers' first and last days. O(base rows).
 */
export async function prepareScope(sql: SqlPort, base: OverviewBase, scope: OverviewScope = {}): Promise<ScopeInfo> {
  let orderDays = BASE_ORDER_DAYS;
  let productCustomers = BASE_PRODUCT_CUSTOMERS;
  if (scope.customerIds !== undefined) {
    await registerStringTable(
      sql,
      FILTER_TABLE,
      ['customer'],
      scope.customerIds.map((id) => [id]),
    );
    const inFilter = `customer IN (SELECT customer FROM ${FILTER_TABLE})`;
    orderDays = 'overview_filtered_order_days';
    productCustomers = 'overview_filtered_product_customers';
    await sql.exec(`CREATE OR REPLACE TEMP TABLE ${orderDays} AS SELECT * FROM ${BASE_ORDER_DAYS} WHERE ${inFilter}`);
    await sql.exec(`CREATE OR REPLACE TEMP TABLE ${productCustomers} AS SELECT * FROM ${BASE_PRODUCT_CUSTOMERS} WHERE ${inFilter}`);
  }
  // Views, so that every figure reads the same names whether or not the scope is filtered.
  await sql.exec(`CREATE OR REPLACE TEMP VIEW ${SCOPE_ORDER_DAYS} AS SELECT * FROM ${orderDays}`);
  await sql.exec(`CREATE OR REPLACE TEMP VIEW ${SCOPE_PRODUCT_CUSTOMERS} AS SELECT * FROM ${productCustomers}`);
  await sql.exec(`CREATE OR REPLACE TEMP TABLE ${SCOPE_CUSTOMERS} AS
    SELECT customer, min(day) AS first_day, max(day) AS last_day FROM ${SCOPE_ORDER_DAYS} WHERE customer IS NOT NULL GROUP BY customer`);
  if (scope.customerIds === undefined) return { ...base, filtered: false };
  const r = firstRow(
    await sql.query(`SELECT COALESCE(sum(lines), 0) AS n, strftime(min(day), '%Y-%m-%d') AS d0, strftime(max(day), '%Y-%m-%d') AS d1 FROM ${SCOPE_ORDER_DAYS}`),
  );
  return { lines: num(r.n), firstDay: (r.d0 as string | null) ?? null, lastDay: (r.d1 as string | null) ?? null, filtered: true };
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Throws unless `value` is a date YYYY-MM-DD (it goes into SQL as a literal). */
export function checkDate(value: string, what: string): string {
  if (!DATE.test(value) || Number.isNaN(Date.parse(value))) throw new EngineError('invalid_argument', `${what} must be a date YYYY-MM-DD, got "${value}"`);
  return value;
}

/** Throws unless `value` is a whole number within [min, max]. */
export function checkWhole(value: number, what: string, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new EngineError('invalid_argument', `${what} must be a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}
