/**
 * Orders holding lines of several customers: two tills, or two shops whose exports share a
 * folder, numbering their receipts alike. "1001" of one and "1001" of the other, on one day, are
 * read as one order: the orders are undercounted, and mined by invoice their items make one
 * basket. Each customer's own figures are right (an order counts once per customer who has it).
 * Not split on a guess (an export may write a customer per line otherwise): said, with counts and
 * an example, and baskets by visit (a customer's day) keep them apart.
 *
 * An order whose lines fall on several days is restarting-numbers.ts' to tell of, not this.
 */
import type { SqlPort } from '../ports.ts';
import { literal } from '../sql/quote.ts';
import { firstRow, num, tableRows } from '../sql/rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';

export interface SharedOrders {
  /** Orders (as read) with lines of two customers or more, on one day. */
  orders: number;
  /** Their lines. */
  lines: number;
  /** The first such order, its day, and its first two customers with the file and row of each one's first line. */
  example: { invoice: string; date: string | null; customers: { customer: string; file: string; row: number }[] };
}

/** The orders of `lines` shared by several customers (see above); undefined when there is none. `daily`: invoices carry their day (DAILY_INVOICE_SQL). */
export async function findSharedOrders(sql: SqlPort, sources: readonly SourceInfo[], daily: boolean): Promise<SharedOrders | undefined> {
  const found = firstRow(
    await sql.query(
      `SELECT count(*) AS orders, sum(n) AS lines, arg_min(invoice, first) AS invoice FROM (
        SELECT invoice, count(*) AS n, min(row_id) AS first FROM lines WHERE invoice IS NOT NULL
        GROUP BY invoice HAVING count(DISTINCT customer) > 1 AND count(DISTINCT CAST(ts AS DATE)) <= 1)`,
      { parallel: true },
    ),
  );
  const orders = num(found.orders);
  if (orders === 0) return undefined;
  const invoice = String(found.invoice);
  const customers = tableRows(
    await sql.query(
      `SELECT customer, min(row_id) AS first, strftime(CAST(min(ts) AS DATE), '%Y-%m-%d') AS d FROM lines
      WHERE invoice = ${literal(invoice)} AND customer IS NOT NULL GROUP BY customer ORDER BY first LIMIT 2`,
    ),
  );
  return {
    orders,
    lines: num(found.lines),
    example: {
      // An order read per day is its number and its day: the number as the files write it.
      invoice: daily ? invoice.replace(/ \d{4}-\d{2}-\d{2}$/, '') : invoice,
      date: customers[0]?.d === null || customers[0]?.d === undefined ? null : String(customers[0].d),
      customers: customers.flatMap((r) => {
        const at = locateRow(sources, num(r.first));
        return at ? [{ customer: String(r.customer), ...at }] : [];
      }),
    },
  };
}

/** The words for them (the CLI's warnings, the Data screen's notice); none without. */
export function sharedOrderWarnings(s: SharedOrders | undefined): string[] {
  if (s === undefined) return [];
  const e = s.example;
  const who = e.customers.map((c) => `"${c.customer}" at ${c.file} row ${c.row}`).join(' and ');
  const several = s.orders === 1 ? 'order holds' : 'orders hold';
  return [
    `${s.orders.toLocaleString('en-US')} ${several} lines of several customers on one day (e.g. "${e.invoice}"${e.date ? ` on ${e.date}` : ''}: ${who}), on ${s.lines.toLocaleString('en-US')} lines: each is read as one order, as numbered (as when two tills or two shops number alike), so orders are undercounted and baskets by invoice join their customers' items; baskets by visit (a customer's day) keep them apart`,
  ];
}
