/**
 * A total column that holds each order's total, not its line's: written alike on every line of an
 * order, or on its first line only, in a file of no known layout ("Order,...,Qty,Price,Order Total"
 * or a bare "Total"). Taken for the line's amount it would count an order's total once per line
 * (or its first line's total beside the others' quantity × price). Where the file has quantity and
 * unit price too, they give each line's amount and the column is set aside; without them, an
 * order's total alike on its every line is split evenly over them, so it counts once. Said with
 * counts and an example; mapped by hand, the column is used as chosen.
 */
import { normaliseHeader } from '../mapping/roles.ts';
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
  /** Without quantity × unit price: each such order's total split evenly over its lines. */
  split?: true;
  /** Its header names the order's amount: every order of several lines told, none needed. */
  named?: true;
}

/** Lines looked at: the export's shape shows in its first orders. */
const LOOKED_AT = 200_000;
/** Share of the telling orders that must show an order's total. */
const SHARE = 0.9;
/** Headers naming an order's, invoice's or receipt's amount (normaliseHeader), in the languages shops write. */
const ORDER_WORD =
  /order|invoice|receipt|transaction|bestell|auftrag|rechnung|beleg|commande|facture|pedido|factura|ordine|fattura|bestelling|factuur|zamowien|objednav/;
/** Headers naming the order's amount itself, not a line's: "Order Total", "invoice_amount", "Bestellsumme". */
const ORDER_AMOUNT = new RegExp(`^(?:${ORDER_WORD.source})s?(?:total|amount|value|sum|summe|betrag|gesamt|montant|importe|totale)`);

/**
 * The total column's parsed values (`total`) against quantity × unit price (`quantity`,
 * `price`) per order (`invoice`), all SQL over `raw`; undefined unless it holds orders' totals.
 * Orders whose lines' amounts differ tell, two at least, or one whose total covers its lines'
 * amounts summed (a short file's one order of several products: "Subtotal" 35.00 or, with its
 * delivery, "Total" 36.50 on both lines of 2 × 10.00 and 1 × 15.00; no line's own amount is all
 * its order's); under a header naming the order's amount ("Order Total", "invoice_amount") every
 * order of several lines tells (its lines alike in amount too), and with none to tell, the header
 * is taken at its word.
 */
export async function findOrderTotals(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  column: string,
  parsed: { invoice: string; quantity: string; price: string; total: string },
): Promise<OrderTotals | undefined> {
  const named = ORDER_AMOUNT.test(normaliseHeader(column));
  const r = tableRows(
    await sql.query(
      `SELECT count(*) AS telling, count(*) FILTER (WHERE order_level) AS orders, count(*) FILTER (WHERE order_level AND covers) AS covers,
        arg_min(invoice, first) FILTER (WHERE order_level) AS invoice, min(first) FILTER (WHERE order_level) AS first
      FROM (
        SELECT invoice, min(rid) AS first, count(DISTINCT amount) > 1 AS differ,
          count(total) >= 1 AND count(DISTINCT total) = 1 AND (count(total) = count(*) OR count(total) = 1) AS order_level,
          max(total) > sum(amount) - 0.005 AS covers
        FROM (SELECT rowid AS rid, ${parsed.invoice} AS invoice, ${parsed.total} AS total, ${parsed.quantity} * ${parsed.price} AS amount FROM raw WHERE rowid < ${LOOKED_AT})
        WHERE invoice IS NOT NULL AND amount IS NOT NULL
        GROUP BY invoice HAVING count(*) > 1
      )${named ? '' : ' WHERE differ'}`,
      { parallel: true },
    ),
  )[0]!;
  const telling = num(r.telling);
  const orders = num(r.orders);
  const oneCovers = telling === 1 && num(r.covers) === 1;
  if ((!named && telling < 2 && !oneCovers) || orders < SHARE * telling) return undefined;
  const at = telling > 0 ? locateRow(sources, num(r.first)) : undefined;
  return { column, orders, of: telling, example: at ? { invoice: String(r.invoice), ...at } : undefined, ...(named ? { named: true as const } : {}) };
}

/** Orders of several products needed to tell: fewer under a header naming the order's amount ("Order Total") than under a bare "Total". */
const NEEDED = { named: 2, bare: 5 };

/**
 * Without quantity × unit price to compare with: the total column's parsed values (`total`) per
 * order (`invoice`) over orders of several products (`item`), all SQL over
 * `raw`; undefined unless it is alike on every line of most of them, and differs between orders
 * (one price for everything a shop sells would be alike too).
 */
export async function findRepeatedOrderTotals(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  column: string,
  parsed: { invoice: string; total: string; item: string },
): Promise<OrderTotals | undefined> {
  const r = tableRows(
    await sql.query(
      `SELECT count(*) AS telling, count(*) FILTER (WHERE order_level) AS orders, count(DISTINCT total) FILTER (WHERE order_level) AS totals,
        arg_min(invoice, first) FILTER (WHERE order_level) AS invoice, min(first) FILTER (WHERE order_level) AS first
      FROM (
        SELECT invoice, min(rid) AS first, min(total) AS total, count(total) = count(*) AND count(DISTINCT total) = 1 AS order_level
        FROM (SELECT rowid AS rid, ${parsed.invoice} AS invoice, ${parsed.total} AS total, ${parsed.item} AS item FROM raw WHERE rowid < ${LOOKED_AT})
        WHERE invoice IS NOT NULL
        GROUP BY invoice HAVING count(DISTINCT item) > 1
      )`,
      { parallel: true },
    ),
  )[0]!;
  const telling = num(r.telling);
  const orders = num(r.orders);
  const needed = ORDER_WORD.test(normaliseHeader(column)) ? NEEDED.named : NEEDED.bare;
  if (telling < needed || orders < SHARE * telling || num(r.totals) < 2) return undefined;
  const at = locateRow(sources, num(r.first));
  return { column, orders, of: telling, example: at ? { invoice: String(r.invoice), ...at } : undefined, split: true };
}

/** What was done, for every command's warnings and the Data screen. */
export function orderTotalWarnings(found: OrderTotals | undefined): string[] {
  if (!found) return [];
  const e = found.example;
  const instead = `each line's amount is its quantity × unit price instead (map line_total to "${found.column}" to use it)`;
  if (found.of === 0) return [`"${found.column}" names each order's total, not its line's, and no order of several lines tells otherwise; ${instead}`];
  const where = `of ${found.orders.toLocaleString('en-US')} of ${found.of.toLocaleString('en-US')} orders with several ${found.named ? 'lines' : 'products'}${
    e ? `, e.g. order ${e.invoice} at ${e.file} row ${e.row}` : ''
  }`;
  return [
    found.split
      ? `"${found.column}" holds each order's total, not its line's: alike on every line ${where}; each order counts it once, split evenly over its lines (a product's revenue is its share); map line_total to "${found.column}" by hand to count it on every line`
      : `"${found.column}" holds each order's total, not its line's: alike on every line (or on the first only) ${where}; ${instead}`,
  ];
}

/**
 * Each order's total, alike on its every line, split evenly over them in `lines` (the line total,
 * the amount, and the unit price where it is derived from the total): the order then counts it
 * once. Its duplicates (marked before) are not counted among them: left out, they take no share.
 * An order whose total differs between its lines is left as read.
 */
export async function splitOrderTotals(sql: SqlPort, derivedPrice: boolean): Promise<void> {
  await sql.exec(
    `UPDATE lines SET line_total = line_total / o.n, amount = amount / o.n${derivedPrice ? ', unit_price = unit_price / o.n' : ''}
    FROM (
      SELECT invoice, count(*) FILTER (WHERE NOT is_duplicate) AS n FROM lines GROUP BY invoice
      HAVING n > 1 AND count(line_total) = count(*) AND count(DISTINCT line_total) = 1
    ) o
    WHERE lines.invoice = o.invoice`,
  );
}
