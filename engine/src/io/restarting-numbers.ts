/**
 * Order numbers that restart: a till numbering its receipts from 1 every day (or every year).
 * Taken as they are, receipt "17" of Monday and receipt "17" of Tuesday are one
 * order: a customer's two visits count as one purchase, and two strangers' baskets are mined as
 * one. An order is then its number on one day.
 *
 * Unless the user chose, it is decided on the data: a number is used again when its lines fall on
 * several days and are not all one known customer's (an order whose lines carry later dates, such
 * as a shipping date per line, stays one customer's). Numbers used again are looked for over every
 * line only when the detection sample shows one number with several dates or customers, which a
 * file of unique numbers almost never does; they restart when at least two numbers are used again
 * and they are most of the numbers found on several days. Either way it is said, with counts and an
 * example, so a wrong reading can be seen and turned.
 */
import type { SqlPort } from '../ports.ts';
import { firstRow, num, tableRows } from '../sql/rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';

/** How order numbers are read: each one order ('unique'), or an order per number and day ('daily'). */
export const ORDER_NUMBERINGS = ['unique', 'daily'] as const;
export type OrderNumbering = (typeof ORDER_NUMBERINGS)[number];

/** `lines.invoice` of an order read as its number on one day: the number, a space, the day (SQL of DuckDB and PostgreSQL). */
export const DAILY_INVOICE_SQL = `invoice || ' ' || CAST(CAST(ts AS DATE) AS VARCHAR)`;

export interface ReusedNumbers {
  /** Numbers used on several days, not all by one known customer. */
  numbers: number;
  /** Their lines. */
  lines: number;
  /** Whether orders were read as a number on one day (decided on the data, or chosen). */
  daily: boolean;
  /** Whether the user chose the reading (else it was decided on the data). */
  chosen: boolean;
  /** The first such number, on its first two days, each with the file and row of its first line there. */
  example: { invoice: string; days: { date: string; file: string; row: number }[] } | undefined;
}

/** A date's text without its time of day (an order's lines a minute apart are one day's). */
const TIME_OF_DAY = /(?:T|\s+)\d{1,2}:\d{2}(?::\d{2}(?:[.,]\d+)?)?(?:\s*[AaPp]\.?[Mm]\.?)?.*$/;

/**
 * Whether the sampled rows show a number with several days or several customers (texts as read,
 * times of day set aside): the only case worth a look over every line.
 */
export function sampleShowsReuse(
  invoices: readonly (string | null)[],
  dates: readonly (string | null)[],
  customers: readonly (string | null)[] | undefined,
): boolean {
  const seen = new Map<string, { date: string | null; customer: string | null }>();
  for (let i = 0; i < invoices.length; i++) {
    const inv = invoices[i]?.trim();
    if (!inv) continue;
    const date = dates[i]?.trim().replace(TIME_OF_DAY, '') || null;
    const customer = customers?.[i]?.trim() || null;
    const first = seen.get(inv);
    if (!first) seen.set(inv, { date, customer });
    else if ((date !== null && first.date !== null && date !== first.date) || (customer !== null && first.customer !== null && customer !== first.customer))
      return true;
  }
  return false;
}

/**
 * Finds the numbers of `lines` used again (see above) and, when orders are to be read per day
 * (chosen, or decided on the data), rewrites `lines.invoice` as the number and the day.
 * `chosen` undefined: decided on the data. Undefined when no number is used again and none was rewritten.
 */
export async function readRestartingNumbers(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  chosen: OrderNumbering | undefined,
): Promise<ReusedNumbers | undefined> {
  await sql.exec(
    `CREATE OR REPLACE TEMP TABLE order_days AS
    SELECT invoice, count(DISTINCT CAST(ts AS DATE)) AS days,
      count(DISTINCT customer) = 1 AND count(customer) = count(*) AS one_customer, count(*) AS n, min(row_id) AS first
    FROM lines WHERE invoice IS NOT NULL AND ts IS NOT NULL GROUP BY invoice HAVING days > 1`,
    { parallel: true },
  );
  const found = firstRow(
    await sql.query(
      'SELECT count(*) FILTER (WHERE NOT one_customer) AS numbers, sum(n) FILTER (WHERE NOT one_customer) AS lines, count(*) AS several FROM order_days',
    ),
  );
  const numbers = num(found.numbers);
  const daily = chosen !== undefined ? chosen === 'daily' : numbers >= 2 && numbers * 2 >= num(found.several);
  let example: ReusedNumbers['example'];
  if (numbers > 0) {
    const days = tableRows(
      await sql.query(
        `SELECT invoice, strftime(CAST(ts AS DATE), '%Y-%m-%d') AS d, min(row_id) AS first FROM lines
        WHERE invoice = (SELECT invoice FROM order_days WHERE NOT one_customer ORDER BY first LIMIT 1) AND ts IS NOT NULL
        GROUP BY ALL ORDER BY first LIMIT 2`,
      ),
    );
    example = {
      invoice: String(days[0]!.invoice),
      days: days.flatMap((r) => {
        const at = locateRow(sources, num(r.first));
        return at ? [{ date: String(r.d), ...at }] : [];
      }),
    };
  }
  await sql.exec('DROP TABLE order_days');
  if (daily) await sql.exec(`UPDATE lines SET invoice = ${DAILY_INVOICE_SQL} WHERE invoice IS NOT NULL AND ts IS NOT NULL`);
  if (numbers === 0 && !daily) return undefined;
  return { numbers, lines: num(found.lines ?? 0), daily, chosen: chosen !== undefined, example };
}

/** What was found and how orders were read. */
export function reusedNumberWarnings(r: ReusedNumbers | undefined): string[] {
  if (r === undefined) return [];
  if (r.numbers === 0) return r.daily ? ['order numbers are read as restarting, as chosen: an order is a number on one day'] : [];
  const e = r.example;
  const example = e?.days.length ? ` (e.g. "${e.invoice}" on ${e.days.map((d) => `${d.date} at ${d.file} row ${d.row}`).join(' and on ')})` : '';
  const used = `${r.numbers.toLocaleString('en-US')} order ${r.numbers === 1 ? 'number is' : 'numbers are'} used on several days, not by one customer${example}, on ${r.lines.toLocaleString('en-US')} lines`;
  if (r.daily)
    return [
      `${used}: the numbers restart, so an order is read as a number on one day${r.chosen ? ' (as chosen)' : '; if each number is one order, choose the order numbers unique'}`,
    ];
  return [
    `${used}: each number is read as one order${r.chosen ? ' (as chosen)' : ''}, its lines on different days together; if the numbers restart (a till's receipts), choose the order numbers daily`,
  ];
}
