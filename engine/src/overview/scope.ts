import { EngineError } from '../errors.ts';
import type { SqlPort } from '../ports.ts';
import { firstRow, num } from '../sql/rows.ts';
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

/** The kept lines in scope: customer, invoice, ts, day, amount, quantity, product, description, country, is_cancellation. */
export const SCOPE_LINES = 'overview_lines';
/** One row per (invoice, customer) in scope: first ts and day, revenue, items, is_cancellation. */
export const SCOPE_ORDERS = 'overview_orders';
/** One row per customer in scope: first_day, last_day (dates of the first and last kept line). */
export const SCOPE_CUSTOMERS = 'overview_customers';
/** The customer filter, when one is given. */
const FILTER_TABLE = 'overview_filter';

/**
 * Materialises the Overview's working tables from `kept` (lines with a timestamp; optionally
 * only the given customers' lines): the lines, one row per order and one per customer.
 * Every Overview figure reads these, so the lines are scanned from `kept` once. O(lines).
 */
export async function prepareScope(sql: SqlPort, scope: OverviewScope = {}): Promise<ScopeInfo> {
  const filtered = scope.customerIds !== undefined;
  if (filtered) await registerStringTable(sql, FILTER_TABLE, ['customer'], scope.customerIds!.map((id) => [id]));
  const where = ['ts IS NOT NULL'];
  if (filtered) where.push(`customer IN (SELECT customer FROM ${FILTER_TABLE})`);
  await sql.exec(`CREATE OR REPLACE TEMP TABLE ${SCOPE_LINES} AS
    SELECT customer, invoice, ts, CAST(ts AS DATE) AS day, COALESCE(amount, 0) AS amount, COALESCE(quantity, 0) AS quantity,
      COALESCE(sku, description) AS product, description, country, COALESCE("f_cancellation", false) AS is_cancellation
    FROM kept WHERE ${where.join(' AND ')}`);
  await sql.exec(`CREATE OR REPLACE TEMP TABLE ${SCOPE_ORDERS} AS
    SELECT invoice, customer, min(ts) AS ts, min(day) AS day, sum(amount) AS revenue, sum(quantity) AS items,
      bool_or(is_cancellation) AS is_cancellation
    FROM ${SCOPE_LINES} GROUP BY invoice, customer`);
  await sql.exec(`CREATE OR REPLACE TEMP TABLE ${SCOPE_CUSTOMERS} AS
    SELECT customer, min(day) AS first_day, max(day) AS last_day
    FROM ${SCOPE_LINES} WHERE customer IS NOT NULL GROUP BY customer`);
  const r = firstRow(await sql.query(`SELECT count(*) AS n, strftime(min(day), '%Y-%m-%d') AS d0, strftime(max(day), '%Y-%m-%d') AS d1 FROM ${SCOPE_LINES}`));
  return { lines: num(r.n), firstDay: (r.d0 as string | null) ?? null, lastDay: (r.d1 as string | null) ?? null, filtered };
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
