/**
 * Dates whose day/month order the values leave open: no first or second part passes 12, so
 * "03/04/2024" is 3 April day-first and March 4 month-first. They are read day-first; the values
 * whose reading depends on it (day and month differ) are counted, with examples, so the recency
 * they give is never a silent guess.
 */
import type { SqlPort } from '../ports.ts';
import { ident, literal } from '../sql/quote.ts';
import { num, tableRows } from '../sql/rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';
import { trimSql } from './text-sql.ts';

export interface AmbiguousDates {
  column: string;
  /** Values that read differently day-first and month-first. */
  count: number;
  examples: { file: string; row: number; value: string }[];
  /** The files read so, where only some are (the others' dates show their order or another format). */
  files?: string[];
}

const EXAMPLES = 3;

/** The first or second number of a numeric date's text `v` ("03" or "04" of "03/04/2024"), as an integer; NULL for other texts. */
export function datePartSql(v: string, part: 'first' | 'second'): string {
  const re = part === 'first' ? '^(\\d{1,2})[./-]' : '^\\d{1,2}[./-](\\d{1,2})[./-]';
  return `TRY_CAST(regexp_extract(${v}, '${re}', 1) AS INTEGER)`;
}

/**
 * Such dates in `column`, of every file or of `files` only; where they are in some of the files
 * with lines only (a folder whose other files show their order, or write dates otherwise), those
 * files are named.
 */
export async function findAmbiguousDates(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  column: string,
  files?: readonly string[],
): Promise<AmbiguousDates | undefined> {
  const v = trimSql(ident(column));
  const where = files ? ` WHERE "__source" IN (${files.map(literal).join(', ')})` : '';
  const open = `SELECT * FROM (
      SELECT rowid AS id, "__source" AS f, ${v} AS v, ${datePartSql(v, 'first')} AS a, ${datePartSql(v, 'second')} AS b FROM raw${where})
    WHERE a <> b`;
  const rows = tableRows(await sql.query(`SELECT id, v, count(*) OVER () AS n FROM (${open}) ORDER BY id LIMIT ${EXAMPLES}`, { parallel: true }));
  if (rows.length === 0) return undefined;
  const examples = rows.flatMap((r) => {
    const where = locateRow(sources, num(r.id));
    return where ? [{ ...where, value: String(r.v) }] : [];
  });
  const withLines = sources.filter((s) => s.rows > 0);
  const held =
    withLines.length > 1 ? new Set(tableRows(await sql.query(`SELECT DISTINCT f FROM (${open})`, { parallel: true })).map((r) => String(r.f))) : undefined;
  const inFiles = withLines.filter((s) => held?.has(s.name)).map((s) => s.name);
  return { column, count: num(rows[0]!.n), examples, ...(held && inFiles.length < withLines.length ? { files: inFiles } : {}) };
}

/** The words for dates read day-first by assumption (the CLI's warnings, the Data screen's notice). */
export function ambiguousDateWarnings(a: AmbiguousDates | undefined): string[] {
  if (a === undefined) return [];
  const e = a.examples[0];
  const parts = e ? /^(\d{1,2})[./-](\d{1,2})/.exec(e.value.trim()) : null;
  const example = e ? ` such as "${e.value}" (${e.file} row ${e.row}${parts ? `: day ${parts[1]}, month ${parts[2]}` : ''})` : '';
  return [
    `${a.count} date${a.count === 1 ? '' : 's'} in ${a.column}${example} ${a.count === 1 ? 'was' : 'were'} read day-first: no date in ${a.files ? a.files.join(', ') : 'the files'} has a day past 12 to tell day-first from month-first; if they are written month-first, choose the date order mdy`,
  ];
}
