/**
 * The header row again below the data's first rows: exports joined one after another (monthly
 * files put end to end, a report pasted under another) carry each part's header. As a line it
 * failed to parse (a date "InvoiceDate") and was counted among the invalid values, its other
 * fields among the empty values. Such rows are left out of `lines` (left-out-rows.ts) and
 * reported with examples.
 */
import type { SqlPort } from '../ports.ts';
import { ident, literal } from '../sql/quote.ts';
import { leaveOutRows, type LeftOutRows } from './left-out-rows.ts';
import type { SourceInfo } from './read-sources.ts';

/** The name read_sources gives a column whose header cell is empty (column-names.ts). */
const POSITIONAL = /^column\d+$/;

export type RepeatedHeaders = LeftOutRows;

/**
 * Finds the rows whose every field is its column's name (trimmed: the names are), not left out
 * already; undefined when there are none. Files without a header row (columns named by position)
 * are not looked at.
 */
export async function findRepeatedHeaders(sql: SqlPort, columns: readonly string[], sources: readonly SourceInfo[]): Promise<RepeatedHeaders | undefined> {
  if (columns.length < 2 || !sources.some((s) => s.format.header)) return undefined;
  // Column by column: most rows leave at the first comparison, a `contains` (1M lines: 18-25 ms
  // on native DuckDB, where trimming every value first took 51-63). A column named by its
  // position had an empty header cell (pandas' index column): blank in its repeats too.
  const same = columns
    .map((c) =>
      POSITIONAL.test(c)
        ? `COALESCE(trim(${ident(c)}) IN ('', ${literal(c)}), true)`
        : `(contains(${ident(c)}, ${literal(c)}) AND trim(${ident(c)}) = ${literal(c)})`,
    )
    .join(' AND ');
  return leaveOutRows(sql, same, sources);
}

/**
 * Which of the sampled rows (column → values, row by row) are header repeats, as the SQL above
 * finds them: detection leaves them out, or a small file's repeats could outvote its dates.
 */
export function repeatedHeaderRows(columns: readonly string[], sample: Record<string, readonly (string | null)[]>): Set<number> {
  const rows = new Set<number>();
  if (columns.length < 2) return rows;
  const n = sample[columns[0]!]?.length ?? 0;
  for (let i = 0; i < n; i++) {
    const repeat = columns.every((c) => {
      // Spaces only, as DuckDB's trim() above.
      const v = sample[c]?.[i]?.replace(/^ +| +$/g, '') ?? null;
      return POSITIONAL.test(c) ? v === null || v === '' || v === c : v === c;
    });
    if (repeat) rows.add(i);
  }
  return rows;
}

/** The words for them (inspect, the Data screen). */
export function repeatedHeadersNote(h: RepeatedHeaders): string {
  const rows = h.count === 1 ? '1 repeat of the header row' : `${h.count} repeats of the header row`;
  const at = h.examples.map((x) => `${x.file} row ${x.row}`).join(', ');
  return `${rows} left out (exports joined one after another)${at ? `, e.g. ${at}` : ''}`;
}
