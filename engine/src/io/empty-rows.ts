/**
 * Rows with every field blank: a spreadsheet saved as CSV keeps the rows whose cells were
 * cleared (",,,,,,,"), often many below the data. They are no lines of a sale: counted, they would
 * swell the lines read and the lines removed for a missing customer. They are left out of
 * `lines` (left-out-rows.ts) and reported with examples. So is a row holding only DOS's
 * end-of-file mark (Ctrl-Z), or only NUL bytes: the padding a till or a copy cut short leaves
 * after the last line (sniff.ts reads a file ending so as text).
 */
import type { SqlPort } from '../ports.ts';
import { ident } from '../sql/quote.ts';
import { leaveOutRows, type LeftOutRows } from './left-out-rows.ts';
import type { SourceInfo } from './read-sources.ts';
import { nonBlankSql } from './text-sql.ts';

export type EmptyRows = LeftOutRows;

/** Finds the empty rows not left out already (total lines, an order report's rows); undefined when there are none. */
export async function findEmptyRows(sql: SqlPort, columns: readonly string[], sources: readonly SourceInfo[]): Promise<EmptyRows | undefined> {
  // Column by column, each test on the rows still blank: most rows leave at the first column,
  // where DOS's end-of-file mark (Ctrl-Z, chr(26)), which old tills still write after the last
  // line, and NUL padding count as blank; only values not starting with printable ASCII are looked at for them.
  const blank = columns
    .map((c, i) =>
      i === 0
        ? `(CASE WHEN ${ident(c)} IS NULL THEN true WHEN ${ident(c)} >= '!' AND ${ident(c)} < chr(127) THEN false ELSE trim(replace(${ident(c)}, chr(0), '')) IN ('', chr(26)) END)`
        : `(CASE WHEN ${ident(c)} IS NULL THEN true ELSE NOT ${nonBlankSql(ident(c))} END)`,
    )
    .join(' AND ');
  return leaveOutRows(sql, blank, sources);
}

/** The words for them (inspect, the Data screen). */
export function emptyRowsNote(e: EmptyRows): string {
  const rows = e.count === 1 ? '1 row' : `${e.count} rows`;
  const at = e.examples.map((x) => `${x.file} row ${x.row}`).join(', ');
  return `${rows} with every field blank left out (no line of a sale)${at ? `, e.g. ${at}` : ''}`;
}
