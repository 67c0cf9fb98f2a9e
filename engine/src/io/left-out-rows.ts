/**
 * Rows of `raw` that are no lines (empty rows, header repeats), put into `total_rows` (made by
 * findTotalRows) so they are left out of `lines`, and counted with their first rows as examples.
 */
import type { SqlPort } from '../ports.ts';
import { num, tableRows } from '../sql/rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';

export interface LeftOutRows {
  count: number;
  examples: { file: string; row: number }[];
}

/** A row of `raw` not left out (no total, footer, heading, empty row...): for checks read from `raw` after the rows were found. */
export const NOT_LEFT_OUT = 'rowid NOT IN (SELECT rid FROM total_rows)';

/** Leaves out the rows of `raw` matching `where` that are not left out already; undefined when there are none. */
export async function leaveOutRows(sql: SqlPort, where: string, sources: readonly SourceInfo[]): Promise<LeftOutRows | undefined> {
  const fresh = `${where} AND ${NOT_LEFT_OUT}`;
  const first = tableRows(await sql.query(`SELECT rowid AS rid, count(*) OVER () AS n FROM raw WHERE ${fresh} ORDER BY rowid LIMIT 3`, { parallel: true }));
  if (first.length === 0) return undefined;
  await sql.exec(`INSERT INTO total_rows SELECT rowid FROM raw WHERE ${fresh}`, { parallel: true });
  return {
    count: num(first[0]!.n),
    examples: first.flatMap((r) => {
      const at = locateRow(sources, num(r.rid));
      return at ? [at] : [];
    }),
  };
}
