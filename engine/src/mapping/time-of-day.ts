/**
 * Times of day written in a column of their own beside the date, as tills and many shop exports
 * write a sale ("Date","Time"; "Datum","Uhrzeit"; "Fecha","Hora"): "14:05", "14:05:33",
 * "14:05:33.250", "2:05 PM", "2:05:33pm", "2:05 p. m.", with words ("14:05 hs.", "14h05", "14.05 Uhr"); a workbook's time cells arrive as
 * Excel's day zero and the time ("1899-12-30 14:05:00", "1904-01-01 14:05:00" in the 1904 date
 * system). The SQL that reads them is ../io/time-column.ts, with these formats.
 */

import { timeWordsRead } from './time-words.ts';

/** Excel's day zero in either date system, written before a time cell's time. */
export const EXCEL_DAY_ZERO = ['1899-12-30', '1904-01-01'] as const;

/** strptime formats of a time of day, 24-hour and 12-hour. */
export const TIME_FORMATS_24 = ['%H:%M', '%H:%M:%S', '%H:%M:%S.%f'] as const;
export const TIME_FORMATS_12 = ['%I:%M %p', '%I:%M:%S %p', '%I:%M%p', '%I:%M:%S%p'] as const;

/** A 12-hour mark in upper-cased text, however written ("P.M.", "A. M.", "P M"): group 1 its letter, to be written " AM" or " PM". */
export const MERIDIEM_SPELLINGS = '\\s*([AP])\\.?\\s?M\\.?$';

/** Hour, minute, second, fraction; then the space before a 12-hour mark, its letter, and what is written between that and the M and after. */
const TIME = new RegExp(`^(?:(?:${EXCEL_DAY_ZERO.join('|')})[ T])?(\\d{1,2}):(\\d{2})(?::(\\d{2})(\\.\\d{1,6})?)?(?:(\\s*)([AaPp])(\\.?\\s?)[Mm](\\.?))?$`);

/** A value read as a time of day: seconds since midnight, and its strptime format when written as one of TIME_FORMATS (else only respelled). */
interface TimeOfDay {
  seconds: number;
  format: string | undefined;
}

function readTime(value: string): TimeOfDay | undefined {
  const v = value.trim();
  // With words ("16:10 hs.", "16h10", "16.10 Uhr": time-words.ts), read as the plain form.
  const plain = timeWordsRead(v);
  const t = readPlainTime(plain);
  // Written with words, the time is read by the SQL's clean-up (timeOfDaySql), not in a format.
  return t && plain !== v ? { seconds: t.seconds, format: undefined } : t;
}

function readPlainTime(value: string): TimeOfDay | undefined {
  const m = TIME.exec(value);
  if (!m) return undefined;
  const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
  if (min > 59 || s > 59) return undefined;
  const hm = m[6] === undefined ? '%H:%M' : '%I:%M';
  const withSeconds = m[3] === undefined ? hm : m[4] === undefined ? `${hm}:%S` : `${hm}:%S.%f`;
  if (m[6] === undefined) return h <= 23 ? { seconds: h * 3600 + min * 60 + s, format: withSeconds } : undefined;
  // A 12-hour time: no fraction of a second (no export writes one, nor do the formats).
  if (h < 1 || h > 12 || m[4] !== undefined) return undefined;
  const plain = m[7] === '' && m[8] === '' && (m[5] === '' || m[5] === ' ');
  const seconds = ((h % 12) + (m[6].toUpperCase() === 'P' ? 12 : 0)) * 3600 + min * 60 + s;
  return { seconds, format: plain ? `${withSeconds}${m[5]}%p` : undefined };
}

/** Seconds since midnight of a value written as a time of day only, or undefined. */
export function timeOfDaySeconds(value: string): number | undefined {
  return readTime(value)?.seconds;
}

/** The format most sampled values are written in (the SQL tries it first, then the others), or undefined. */
export function timeOfDayFormat(values: readonly (string | null)[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) {
    const f = v === null ? undefined : readTime(v)?.format;
    if (f !== undefined) counts.set(f, (counts.get(f) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
}

/** A time inside a date's text ("2024-01-05 14:05", "5/8/2024, 12:13:00 PM"). */
const TIME_IN_DATE = /(\d{1,2}):(\d{2})(?::(\d{2}))?(?:[.,]\d+)?(?:\s*([AaPp])\.?\s?[Mm]\.?)?/;

/**
 * Whether a date value says a time of day other than midnight: a time in its text, an Excel
 * serial with a fraction of a day, a Unix time not on a day's start.
 */
export function carriesTimeOfDay(value: string): boolean {
  const v = timeWordsRead(value.trim());
  const m = TIME_IN_DATE.exec(v);
  if (m) {
    const [h, min, s] = [Number(m[1]), Number(m[2]), Number(m[3] ?? 0)];
    return min !== 0 || s !== 0 || h !== (m[4]?.toUpperCase() === 'A' ? 12 : 0);
  }
  if (/^\d{5}\.\d*[1-9]/.test(v)) return true;
  if (/^1\d{9}$/.test(v)) return Number(v) % 86_400 !== 0;
  if (/^1\d{12}$/.test(v)) return Number(v) % 86_400_000 !== 0;
  return false;
}

/** Share of the non-empty values that are times of day (0 when there are none). */
export function timeOfDayShare(values: readonly (string | null)[]): number {
  const vs = values.filter((v): v is string => v !== null && v.trim() !== '');
  return vs.length ? vs.filter((v) => readTime(v) !== undefined).length / vs.length : 0;
}
