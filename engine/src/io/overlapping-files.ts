/**
 * Exports that overlap: "January.csv" beside "Q1.csv", or a day exported at noon and again at
 * closing. An order found in two files is one order read twice, not two: its lines in every file
 * but one are duplicates. Lines alike in both files are caught by the exact-duplicate rule
 * already, but not those that changed between the exports (a status paid since, a product
 * renamed), nor a till's, whose repeated lines are units sold.
 *
 * An order is its invoice and its time as read (written "05/01/2024" in one file and "2024-01-05"
 * in another, it is one), so that receipt numbers restarting every day never meet, and its
 * customer: a number and a day in two files with other customers are two shops' or two tills'
 * orders numbered alike (dated by day only, they meet), both read (shared-orders.ts says so). Per
 * order, the file holding most of its lines is kept (the fuller, later export), else the first.
 *
 * An export split into pages of so many rows cuts an order at a page's end: its first lines end
 * one file and the rest begin the next (and the next, on pages shorter than the order), no other
 * line between, and the parts share no product. That order is one order read whole. An order exported twice shares its products
 * (a January export's last order beside a quarter's first, the same order), so it stays an
 * overlap; so does an order whose lines name no product.
 */
import type { SqlPort } from '../ports.ts';
import { num, tableRows } from '../sql/rows.ts';

export interface OverlappingFiles {
  /** Orders whose lines are in more than one file. */
  orders: number;
  /** Their lines in the files not kept: duplicates. */
  lines: number;
  /** The first such order, and the files it is in (the kept one first). */
  example: { invoice: string; date: string; files: string[] };
}

/**
 * Adds to `dup_rows` (rid) the lines of `lines` of orders found in several files, but for one file
 * each; what was found, if any. Each file's lines are a run of rows, the files after the first
 * starting at `fileStarts`.
 */
export async function markOverlaps(sql: SqlPort, fileStarts: readonly number[]): Promise<OverlappingFiles | undefined> {
  // One order has one time: files whose times do not overlap (daily exports) share none.
  const ranges = tableRows(
    await sql.query(
      'SELECT epoch_ms(min(ts)) AS lo, epoch_ms(max(ts)) AS hi FROM lines WHERE invoice IS NOT NULL AND ts IS NOT NULL GROUP BY source_file ORDER BY lo',
      { parallel: true },
    ),
  );
  let latest = Number.NEGATIVE_INFINITY;
  let meet = false;
  for (const r of ranges) {
    meet ||= num(r.lo) <= latest;
    latest = Math.max(latest, num(r.hi));
  }
  if (!meet) return undefined;
  // An order is in several files when its rows span a file's start: grouped by a hash of the
  // order, rows as integers (grouping by the texts and the files' names cost twice as much); the
  // few spanning orders are then grouped exactly.
  await sql.exec(
    `CREATE OR REPLACE TEMP TABLE overlap_files AS
    WITH spans AS (
      SELECT hash(invoice, ts) AS h, min(row_id) AS lo, max(row_id) AS hi FROM lines WHERE invoice IS NOT NULL AND ts IS NOT NULL GROUP BY h
    ),
    spanning AS (SELECT DISTINCT h FROM spans JOIN (SELECT unnest([${fileStarts.join(', ')}]) AS s) ON s > lo AND s <= hi),
    per_file AS (
      SELECT invoice AS inv, ts AS day, source_file AS f, count(*) AS c, min(row_id) AS first, max(row_id) AS last,
        min(customer) AS c_lo, max(customer) AS c_hi
      FROM lines WHERE invoice IS NOT NULL AND ts IS NOT NULL AND hash(invoice, ts) IN (SELECT h FROM spanning) GROUP BY ALL
    ),
    several AS (SELECT inv, day FROM per_file GROUP BY ALL HAVING count(*) > 1 AND (min(c_lo) IS NULL OR min(c_lo) = max(c_hi))),
    steps AS (
      SELECT * FROM (SELECT inv, day, first, lag(last) OVER (PARTITION BY inv, day ORDER BY first) AS before FROM per_file SEMI JOIN several USING (inv, day))
      WHERE before IS NOT NULL
    ),
    gaps AS (SELECT DISTINCT s.inv, s.day FROM steps s JOIN lines x ON x.row_id > s.before AND x.row_id < s.first),
    cut AS (SELECT DISTINCT inv, day FROM steps ANTI JOIN gaps USING (inv, day)),
    items AS (SELECT c.inv, c.day, l.source_file AS f, coalesce(l.sku, l.description) AS item FROM cut c JOIN lines l ON l.invoice = c.inv AND l.ts = c.day),
    parts AS (SELECT inv, day, count(DISTINCT item) AS n, count(*) FILTER (WHERE item IS NULL) AS unnamed FROM items GROUP BY inv, day, f),
    whole AS (SELECT inv, day, count(DISTINCT item) AS n FROM items GROUP BY ALL),
    pages AS (SELECT inv, day FROM parts JOIN whole USING (inv, day) GROUP BY inv, day, whole.n HAVING sum(unnamed) = 0 AND sum(parts.n) = whole.n)
    SELECT inv, day, f, c, first, f = first_value(f) OVER (PARTITION BY inv, day ORDER BY c DESC, first) AS kept,
      min(first) OVER (PARTITION BY inv, day) AS order_first
    FROM per_file SEMI JOIN several USING (inv, day) ANTI JOIN pages USING (inv, day)`,
    { parallel: true },
  );
  const found = tableRows(await sql.query('SELECT count(*) FILTER (WHERE kept) AS orders, sum(c) FILTER (WHERE NOT kept) AS lines FROM overlap_files'))[0]!;
  let out: OverlappingFiles | undefined;
  if (num(found.orders) > 0) {
    // The first order read twice (order_first: its first line's row, one per order), the kept file first.
    const first = tableRows(
      await sql.query(
        `SELECT inv, strftime(day, '%Y-%m-%d %H:%M') AS day, f FROM overlap_files WHERE order_first = (SELECT min(order_first) FROM overlap_files) ORDER BY kept DESC, first`,
      ),
    );
    out = {
      orders: num(found.orders),
      lines: num(found.lines),
      example: { invoice: String(first[0]!.inv), date: String(first[0]!.day), files: first.map((r) => String(r.f)) },
    };
    await sql.exec(
      `INSERT INTO dup_rows SELECT l.row_id FROM lines l JOIN overlap_files o ON l.invoice = o.inv AND l.ts = o.day AND l.source_file = o.f WHERE NOT o.kept`,
    );
  }
  await sql.exec('DROP TABLE overlap_files');
  return out;
}

/** Orders found in several files, their lines left out but one file's. */
export function overlapWarnings(found: OverlappingFiles | undefined): string[] {
  if (!found) return [];
  const e = found.example;
  const orders = found.orders === 1 ? '1 order is' : `${found.orders.toLocaleString('en-US')} orders are`;
  return [
    `${orders} in more than one file (exports that overlap), e.g. ${e.invoice} of ${e.date} in ${e.files.join(' and ')}: ` +
      `each is read from one file (the one with most of its lines), its ${found.lines.toLocaleString('en-US')} ${found.lines === 1 ? 'line' : 'lines'} in the others left out as duplicates`,
  ];
}
