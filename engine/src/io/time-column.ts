/**
 * A time of day in a column of its own, read with the date into a line's timestamp (the formats:
 * ../mapping/time-of-day.ts). SQL of DuckDB; dateAndTimeSql also of PostgreSQL (the SQL export).
 */
import { EXCEL_DAY_ZERO, MERIDIEM_SPELLINGS, TIME_FORMATS_12, TIME_FORMATS_24 } from '../mapping/time-of-day.ts';
import { timeWordsSql } from '../mapping/time-words.ts';
import { literal, literalList } from '../sql/quote.ts';
import { trimSql } from './text-sql.ts';

/**
 * A column's time of day as TIME, NULL where the text is none: in `format` first (the column's,
 * timeOfDayFormat), then in the others, several times slower (1M lines, one thread: ~170 ms
 * against ~1 s). A workbook's time cell loses Excel's day zero first; a 12-hour mark written
 * otherwise than "PM" ("p. m.", "P M") is rewritten only for the values no format read.
 */
export function timeOfDaySql(col: string, format: string | undefined): string {
  const t = trimSql(col);
  const time = `CASE WHEN ${EXCEL_DAY_ZERO.map((d) => `starts_with(${t}, ${literal(d)})`).join(' OR ')} THEN substr(${t}, 12) ELSE ${t} END`;
  const respelled = `regexp_replace(upper(${time}), ${literal(MERIDIEM_SPELLINGS)}, ' \\1M')`;
  const tries = [
    ...(format !== undefined ? [`try_strptime(${time}, ${literal(format)})`] : []),
    `try_strptime(${time}, ${literalList([...TIME_FORMATS_24, ...TIME_FORMATS_12])})`,
    `try_strptime(${respelled}, ${literalList([...TIME_FORMATS_12])})`,
    // With words (time-words.ts): "16:10 hs.", "16h10", "16.10 Uhr", and "4:10 p. m." with a no-break space, which RE2's \s is not.
    `try_strptime(${timeWordsSql(time)}, ${literalList([...TIME_FORMATS_24, ...TIME_FORMATS_12])})`,
  ];
  return `CAST(COALESCE(${tries.join(', ')}) AS TIME)`;
}

/**
 * A line's timestamp from its date and its time of day (TIME): the date's day at that time, at
 * midnight where there is none. The one definition the engine (`lines`) and the SQL export share.
 */
export function dateAndTimeSql(date: string, time: string): string {
  return `(CAST(${date} AS DATE) + COALESCE(${time}, TIME '00:00:00'))`;
}
