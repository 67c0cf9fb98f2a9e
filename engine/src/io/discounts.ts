/**
 * Discounts a platform's export writes beside lines priced before them (Shopify's and
 * Squarespace's order-level `Discount Amount`, WooCommerce's `discount_total`, Square's
 * per-line `Discounts`): revenue and monetary values come from the lines' prices, so they are
 * before those discounts, and a figure a shop's own report gives after them differs by as much.
 * The export does not say how an order's discount splits over its lines, so it is not taken off:
 * it is said, with its total, the orders or lines it is on and an example, over the orders that
 * were sales (not cancelled or refunded in full).
 */
import type { DetectedLayout, DiscountColumn } from '../mapping/layouts.ts';
import type { SqlPort } from '../ports.ts';
import { ident } from '../sql/quote.ts';
import { NOT_LEFT_OUT } from './left-out-rows.ts';
import { notSaleSql } from './order-status.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';
import { sumValues } from './summed-values.ts';
import { textSql, trimSql } from './text-sql.ts';

export interface Discounts {
  column: string;
  per: 'order' | 'line';
  /** The column of the lines' amounts after discounts, when the export has one. */
  net?: string;
  /** Orders (or lines) with a discount other than 0, and the discounts' total (a positive amount). */
  count: number;
  total: number;
  /** Values that do not read as an amount: left out of the total. */
  unread: number;
  example: { file: string; row: number; value: string } | undefined;
}

/**
 * The discounts the column (a layout's, or one line-discounts.ts found) holds on sales, as the
 * layout or status column tells them; undefined without such a column or without a discount.
 */
export async function findDiscounts(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  d: DiscountColumn | undefined,
  status: Pick<DetectedLayout, 'cancelledColumn' | 'notSaleStatus'> | undefined,
  mapping: { invoice?: string; line_total?: string },
): Promise<Discounts | undefined> {
  const { invoice, line_total: lineTotal } = mapping;
  if (d === undefined || (d.per === 'order' && invoice === undefined)) return undefined;
  // The lines' amounts read from the column after discounts (mapped by the user): nothing to say.
  if (d.net !== undefined && lineTotal === d.net) return undefined;
  const value = textSql(ident(d.column), trimSql);
  // Sales, and no total row (a "Totals" row sums the discounts).
  const sale = `NOT ${notSaleSql(status) ?? 'false'} AND ${NOT_LEFT_OUT}`;
  // Per order: the order's value, written on its first line or on each (taken once).
  const rows =
    d.per === 'order'
      ? `SELECT max(${value}) AS v, min(rowid) AS first FROM raw WHERE ${sale} GROUP BY ${textSql(ident(invoice!), trimSql)}`
      : `SELECT ${value} AS v, rowid AS first FROM raw WHERE ${sale}`;
  // Square writes discounts negative, the others positive: either way an amount off.
  const { count, total, unread, first } = await sumValues(sql, rows);
  if (count === 0) return undefined;
  const where = first ? locateRow(sources, first.row) : undefined;
  return {
    column: d.column,
    per: d.per,
    ...(d.net !== undefined ? { net: d.net } : {}),
    count,
    total: Math.round(total * 100) / 100,
    unread,
    example: where && first ? { ...where, value: first.value } : undefined,
  };
}

/** The words for discounts not taken off (the CLI's warnings, the Data screen's notice); none without. */
export function discountWarnings(d: Discounts | undefined): string[] {
  if (d === undefined) return [];
  const what = `${d.count.toLocaleString('en-US')} ${d.per}${d.count === 1 ? '' : 's'}`;
  const total = d.total.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const example = d.example ? `; e.g. "${d.example.value}" at ${d.example.file} row ${d.example.row}` : '';
  const unread = d.unread ? `; ${d.unread.toLocaleString('en-US')} more ${d.per === 'order' ? 'orders’' : 'lines’'} values do not read as amounts` : '';
  const why =
    d.net !== undefined
      ? `; map the line total to "${d.net}" to read the lines after them (--map line_total="${d.net}")`
      : d.per === 'order'
        ? ", the export not saying how an order's discount splits over its lines"
        : '';
  return [`discounts of ${total} on ${what} ("${d.column}") are not taken off: revenue and monetary values are before discounts${why}${example}${unread}`];
}
