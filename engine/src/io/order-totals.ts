/**
 * A total column that holds each order's total, not its line's: written alike on every line of an
 * order, or on its first line only, in a file of no known layout ("Order,...,Qty,Price,Order Total"
 * or a bare "Total"). Taken for the line's amount it would count an order's total once per line
 * (or its first line's total beside the others' quantity × price). Where the file has quantity and
 * unit price too, they give each line's amount and the column is set aside, said with counts and
 * an example; mapped by hand, it is used as chosen.
 */
import type { SqlPort } from '../ports.ts';
import { num, tableRows } from '../sql/rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';

export interface OrderTotals {
  column: string;
  /** Orders of several lines, their products' amounts differing, whose total is alike on every line or on one only. */
  orders: number;
  /** Orders of several lines whose products' amounts differ: those that can tell. */
  of: number;
  example: { invoice: string; file: string; row: number } | undefined;
}

/** Lines looked at: the export's shape shows in its first orders. */
const LOOKED_AT = 200_000;
/** Share of the telling orders that must show an order's total. */
const SHARE = 0.9;

/**
 * The total column's parsed values (`total`) against quantity × unit price (`quantity`,
 * `price`) per order (`invoice`), all SQL over `raw`; undefined unless it holds orders' totals.
 */
export async function findOrderTotals(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  column: string,
  parsed: { invoice: string; quantity: string; price: string; total: string },
): Promise<OrderTotals | undefined> {
  const r = tableRows(
    await sql.query(
      `SELECT count(*) AS telling, count(*) FILTER (WHERE order_level) AS orders,
        arg_min(invoice, first) FILTER (WHERE order_level) AS invoice, min(first) FILTER (WHERE order_level) AS first
      FROM (
        SELECT invoice, min(rid) AS first, count(DISTINCT amount) > 1 AS differ,
          count(total) >= 1 AND count(DISTINCT total) = 1 AND (count(total) = count(*) OR count(total) = 1) AS order_level
        FROM (SELECT rowid AS rid, ${parsed.invoice} AS invoice, ${parsed.total} AS total, ${parsed.quantity} * ${parsed.price} AS amount FROM raw WHERE rowid < ${LOOKED_AT})
        WHERE invoice IS NOT NULL AND amount IS NOT NULL
        GROUP BY invoice HAVING count(*) > 1
      ) WHERE differ`,
      { parallel: true },
    ),
  )[0]!;
  const telling = num(r.telling);
  const orders = num(r.orders);
  if (telling < 2 || orders < SHARE * telling) return undefined;
  const at = locateRow(sources, num(r.first));
  return { column, orders, of: telling, example: at ? { invoice: String(r.invoice), ...at } : undefined };
}

/** What was done, for every command's warnings and the Data screen. */
export function orderTotalWarnings(found: OrderTotals | undefined): string[] {
  if (!found) return [];
  const e = found.example;
  return [
    `"${found.column}" holds each order's total, not its line's: alike on every line (or on the first only) of ${found.orders.toLocaleString('en-US')} of ${found.of.toLocaleString('en-US')} orders with several products${
      e ? `, e.g. order ${e.invoice} at ${e.file} row ${e.row}` : ''
    }; each line's amount is its quantity × unit price instead (map line_total to "${found.column}" to use it)`,
  ];
}
