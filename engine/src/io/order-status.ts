import type { DetectedLayout, OrderStatus } from '../mapping/layouts.ts';
import type { SqlPort } from '../ports.ts';
import { ident, literal } from '../sql/quote.ts';
import { num, tableRows } from '../sql/rows.ts';
import { NOT_LEFT_OUT } from './left-out-rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';
import { textSql, trimSql } from './text-sql.ts';

/**
 * A status value as compared: lower case, runs of '_', '-' and spaces as one space ("Partially
 * Refunded" = "partially_refunded"). Turkish "İ" is "i", as DuckDB's lower() writes it (statusKeySql),
 * not "i" with a dot above, as JavaScript's does.
 */
export const statusKey = (v: string) =>
  v
    .replace(/\u0130/g, 'i')
    .toLowerCase()
    .replace(/[\s_-]+/g, ' ');

/** statusKey of a column's trimmed value, in SQL (NULL when empty). */
export function statusKeySql(column: string): string {
  return `lower(regexp_replace(${textSql(ident(column), trimSql)}, '[\\s_-]+', ' ', 'g'))`;
}

/** Whether a line's status column holds one of the values (false when empty). */
export function statusSql(status: OrderStatus): string {
  const holds = (s: { column: string; values: readonly string[] }) =>
    `COALESCE(${statusKeySql(s.column)} IN (${s.values.map((v) => literal(statusKey(v))).join(', ')}), false)`;
  return status.unless ? `(${holds(status)} AND NOT ${holds(status.unless)})` : holds(status);
}

/** A value found by firstColumnHolding: one spelling of it as written, its statusKey, its lines and its first line's row in `raw`. */
export interface HeldValue {
  value: string;
  key: string;
  lines: number;
  first: number;
}

/**
 * The first of `candidates` (columns, in the file's order) that holds any of `values` (compared
 * as statusKey), over every row that is a line, and each of them it holds; undefined without one.
 */
export async function firstColumnHolding(
  sql: SqlPort,
  candidates: readonly string[],
  values: readonly string[],
): Promise<{ column: string; held: HeldValue[] } | undefined> {
  if (candidates.length === 0) return undefined;
  const known = values.map((v) => literal(statusKey(v))).join(', ');
  const counts = tableRows(
    await sql.query(
      candidates
        .map(
          (c, i) => `SELECT ${i} AS c, k, min(v) AS v, count(*) AS n, min(rowid) AS first FROM (
            SELECT rowid, ${textSql(ident(c), trimSql)} AS v, ${statusKeySql(c)} AS k FROM raw WHERE ${NOT_LEFT_OUT})
          WHERE k IN (${known}) GROUP BY k`,
        )
        .join(' UNION ALL '),
      { parallel: true },
    ),
  );
  if (counts.length === 0) return undefined;
  const index = Math.min(...counts.map((r) => num(r.c)));
  const held = counts.filter((r) => num(r.c) === index).map((r) => ({ value: String(r.v), key: String(r.k), lines: num(r.n), first: num(r.first) }));
  return { column: candidates[index]!, held };
}

/**
 * Whether a line's order was no sale as its layout tells (cancelled_order): a cancellation column
 * filled, or a status meaning voided or refunded in full, both read after the order's fields
 * are filled down. Undefined for layouts that tell neither.
 */
export function notSaleSql(layout: Pick<DetectedLayout, 'cancelledColumn' | 'notSaleStatus'> | undefined): string | undefined {
  const parts: string[] = [];
  if (layout?.cancelledColumn !== undefined) parts.push(`${textSql(ident(layout.cancelledColumn), trimSql)} IS NOT NULL`);
  for (const status of layout?.notSaleStatus ?? []) parts.push(statusSql(status));
  return parts.length ? `(${parts.join(' OR ')})` : undefined;
}

/** Whether the statuses name orders that were no sale: the cancelled_order check has something to look for. */
export function namesNoSale(layout: Pick<DetectedLayout, 'cancelledColumn' | 'notSaleStatus'> | undefined): boolean {
  return notSaleSql(layout) !== undefined;
}

/** Orders the export marks refunded in part: still sales, counted in full. */
export interface PartialRefunds {
  /** The status column and its value(s) that say so; without, a refunded amount above 0 does. */
  status?: OrderStatus;
  orders: number;
  /** The refunds on those orders, from the layout's refunded-amount column, or its total less its total after refunds (undefined without one, or when one does not read as a number). */
  amountColumn?: string;
  amount?: number;
  examples: { file: string; row: number; order: string }[];
}

/**
 * The orders an export marks refunded in part (Shopify's partially_refunded; a WooCommerce order
 * still a sale with a refunded_total): their lines stay sales at their full amounts, since the
 * export does not say which lines the refund was for, so the figure is flagged with the orders,
 * the refunded total and examples. Read from the file's own rows, where an order's status and
 * refunded amount stand on its first line (or on each of its lines: an order counts once, its
 * amount taken once).
 */
export async function findPartialRefunds(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  layout: Pick<DetectedLayout, 'cancelledColumn' | 'notSaleStatus' | 'partlyRefunded'> | undefined,
  invoice: string | undefined,
): Promise<PartialRefunds | undefined> {
  const mark = layout?.partlyRefunded;
  if (mark === undefined || invoice === undefined) return undefined;
  const number = (column: string) => `TRY_CAST(${textSql(ident(column), trimSql)} AS DOUBLE)`;
  const amount =
    mark.amount === undefined ? 'CAST(NULL AS DOUBLE)' : mark.after !== undefined ? `(${number(mark.amount)} - ${number(mark.after)})` : number(mark.amount);
  const where = mark.status !== undefined ? statusSql(mark.status) : `COALESCE(${amount} > 0, false) AND NOT ${notSaleSql(layout) ?? 'false'}`;
  const orders = tableRows(
    await sql.query(
      `SELECT ${textSql(ident(invoice), trimSql)} AS o, min(rowid) AS first, max(${amount}) AS refunded
       FROM raw WHERE ${where} AND ${NOT_LEFT_OUT} GROUP BY 1 ORDER BY first`,
      { parallel: true },
    ),
  );
  if (orders.length === 0) return undefined;
  const examples = orders.slice(0, 3).flatMap((r) => {
    const where = locateRow(sources, num(r.first));
    return where ? [{ ...where, order: String(r.o ?? '') }] : [];
  });
  // A total only when every such order's refund reads as a plain number (not "€5,00").
  const known = mark.amount !== undefined && orders.every((r) => r.refunded !== null);
  const refunded = orders.reduce((a, r) => a + num(r.refunded), 0);
  return {
    ...(mark.status !== undefined ? { status: { column: mark.status.column, values: [...mark.status.values] } } : {}),
    orders: orders.length,
    ...(known ? { amountColumn: mark.after !== undefined ? `${mark.amount} less ${mark.after}` : mark.amount, amount: Math.round(refunded * 100) / 100 } : {}),
    examples,
  };
}

/** The words for orders refunded in part (the CLI's warnings, the Data screen's notice); none without. */
export function partialRefundWarnings(p: PartialRefunds | undefined): string[] {
  if (p === undefined) return [];
  const orders = `${p.orders} order${p.orders === 1 ? '' : 's'}`;
  const refunded =
    p.amount !== undefined ? `; the ${p.amount.toFixed(2)} refunded on ${p.orders === 1 ? 'it' : 'them'} (${p.amountColumn}) is not taken off` : '';
  const examples = p.examples.length ? `; e.g. ${p.examples.map((e) => `${e.order} (${e.file} row ${e.row})`).join(', ')}` : '';
  const mark = p.status !== undefined ? `${p.status.column} ${p.status.values.join(' or ')}` : `${p.amountColumn} above 0`;
  return [
    `${orders} refunded in part (${mark}) count${p.orders === 1 ? 's' : ''} in full as sales, the export not saying for which lines${refunded}${examples}`,
  ];
}
