/**
 * A column's values summed where each distinct value is read once: the discounts a column holds,
 * the units returned in another (few distinct values, so read and parsed here, in the column's
 * own number format).
 */
import { detectNumberFormat, parseNumber } from '../mapping/number-format.ts';
import type { SqlPort } from '../ports.ts';
import { num, tableRows } from '../sql/rows.ts';

export interface SummedValues {
  /** Rows holding a value other than 0, and their values' total, each taken as positive (some exports write them negative). */
  count: number;
  total: number;
  /** Rows whose value does not read as a number. */
  unread: number;
  /** The first row holding a value other than 0 (a `raw` rowid), with its value as written. */
  first: { row: number; value: string } | undefined;
}

/** Sums `rows`, a query giving each row's value `v` and its `raw` rowid `first`. */
export async function sumValues(sql: SqlPort, rows: string): Promise<SummedValues> {
  const values = tableRows(await sql.query(`SELECT v, count(*) AS n, min(first) AS first FROM (${rows}) WHERE v IS NOT NULL GROUP BY v`, { parallel: true }));
  const format = detectNumberFormat(
    values.map((r) => String(r.v)),
    values.map((r) => num(r.n)),
  );
  const out: SummedValues = { count: 0, total: 0, unread: 0, first: undefined };
  for (const r of values) {
    const n = parseNumber(String(r.v), format);
    if (Number.isNaN(n)) out.unread += num(r.n);
    else if (n !== 0) {
      out.count += num(r.n);
      out.total += Math.abs(n) * num(r.n);
      if (out.first === undefined || num(r.first) < out.first.row) out.first = { row: num(r.first), value: String(r.v) };
    }
  }
  return out;
}
