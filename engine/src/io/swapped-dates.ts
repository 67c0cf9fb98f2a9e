/**
 * The spreadsheet trap of day/month order: a day-first file opened by a month-first spreadsheet
 * (or the other way round) turns the dates it can read as its own order into date cells, days
 * and months swapped, and leaves the rest as text. What remains as text is then exactly the
 * dates whose day is past 12. Read as written, the text is right and the cells may be wrong, so
 * this is said with counts and an example, never mended by guess.
 */
import type { DateFormat } from '../mapping/date-format.ts';
import type { SqlPort } from '../ports.ts';
import { ident } from '../sql/quote.ts';
import { firstRow, num } from '../sql/rows.ts';
import { datePartSql } from './ambiguous-dates.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';
import { trimSql } from './text-sql.ts';

export interface SwappedDates {
  column: string;
  /** Dates written as day/month text, every one with a day past 12. */
  text: number;
  /** The format those are written in, e.g. "dd/mm/yyyy [HH:MM[:SS]]". */
  label: string;
  example: { file: string; row: number; value: string };
}

/** Fewer such dates than this, all past the 12th, may be chance (about 1 in 100 at ten). */
const LEAST = 10;

/** The trap's mark in `column`, whose values are mostly of another format and some of day/month format `also`. */
export async function findSwappedDates(sql: SqlPort, sources: readonly SourceInfo[], column: string, also: DateFormat): Promise<SwappedDates | undefined> {
  const v = trimSql(ident(column));
  const day = datePartSql(v, also.order === 'mdy' ? 'second' : 'first');
  const r = firstRow(
    await sql.query(
      `SELECT count(d) AS n, min(d) AS least, arg_min(v, id) AS v, min(id) AS id FROM (SELECT rowid AS id, ${v} AS v, ${day} AS d FROM raw) WHERE d IS NOT NULL`,
      {
        parallel: true,
      },
    ),
  );
  if (num(r.n) < LEAST || num(r.least) <= 12) return undefined;
  const where = locateRow(sources, num(r.id));
  return where ? { column, text: num(r.n), label: also.label, example: { ...where, value: String(r.v) } } : undefined;
}

export function swappedDateWarnings(s: SwappedDates | undefined): string[] {
  if (s === undefined) return [];
  const e = s.example;
  return [
    `the ${s.text.toLocaleString('en-US')} dates in ${s.column} written as text (${s.label}, such as "${e.value}" in ${e.file} row ${e.row}) all have a day past 12, as a spreadsheet leaves a file of the other day/month order: the dates it turned into date cells may have day and month swapped; check the file as exported`,
  ];
}
