/**
 * Date formats we recognise, and how to parse them in DuckDB. Offsets in ISO timestamps are
 * dropped: RFM counts calendar days in the shop's local time, which is the wall time written.
 */
import { DE_WORD, hasOtherMonthName, OTHER_MONTH_PATTERN } from './month-names.ts';
import { timeWordsRead } from './time-words.ts';
export type DateOrder = 'iso' | 'dmy' | 'mdy' | 'ymd' | 'excel_serial' | 'compact' | 'dmy_text' | 'mdy_text' | 'epoch_s' | 'epoch_ms';

/** The day/month orders a user may choose for numeric dates ("03/04/2024"). */
export const DAY_MONTH_ORDERS = ['dmy', 'mdy'] as const;
export type DayMonthOrder = (typeof DAY_MONTH_ORDERS)[number];

/** A numeric day/month format ("03/04/2024"), whose order the values may leave open. */
export const isDayMonth = (f: DateFormat): f is DateFormat & { order: DayMonthOrder } => f.order === 'dmy' || f.order === 'mdy';

/** A numeric day/month format read in the order the user chose; other formats say which order they are. */
export function withDayMonthOrder(f: DateFormat, chosen: DayMonthOrder): DateFormat {
  if (!isDayMonth(f)) return f;
  const y = f.yearDigits === 4 ? 'yyyy' : 'yy';
  const s = f.separator;
  const parts = chosen === 'dmy' ? `dd${s}mm` : `mm${s}dd`;
  return { ...f, order: chosen, ambiguous: false, label: `${parts}${s}${y} [HH:MM[:SS]] (as chosen)` };
}

export interface DateFormat {
  order: DateOrder;
  /** Separator between day, month and year for dmy/mdy/ymd. */
  separator: string;
  /** Two- or four-digit year for dmy/mdy. */
  yearDigits: 2 | 4;
  /** True when every sampled value fits both dd/mm and mm/dd; `order` then holds the stated default. */
  ambiguous: boolean;
  /** Human description, e.g. "dd.mm.yyyy [HH:MM[:SS]]". */
  label: string;
  /** Month names of other languages than English among the values (month-names.ts): translated before parsing. */
  otherMonthNames?: boolean;
  /** Times written with words among the values ("às 16:10", "16:10 hs.", "1:10 p. m.", time-words.ts): read as plain times first. */
  timeWords?: boolean;
  /** The format of numeric day/month dates among the column's values of another format (otherDayMonthFormat). */
  also?: DateFormat;
}

/** A zone after an ISO time: an offset (PostgreSQL writes "+01" for whole hours), or a name ("UTC", "CET", "Europe/Berlin"); the wall time is kept. */
export const ZONE_SUFFIX = '(?:Z|[+-]\\d{2}(?::?\\d{2})?|[A-Z]{2,5}|[A-Za-z]+/[A-Za-z_]+(?:/[A-Za-z_]+)?)';
/** A 12-hour time after an ISO date ("2025-03-01 3:12 PM", "… 3:12:05 p.m."): its AM or PM is no zone. Groups: date, time, a or p. */
export const ISO_12_HOUR = '^(\\d{4}-\\d{1,2}-\\d{1,2})[T ](\\d{1,2}:\\d{2}(?::\\d{2})?)\\s?([AaPp])\\.?[Mm]\\.?$';
const ISO = new RegExp(`^\\d{4}-\\d{1,2}-\\d{1,2}(?:[T ]\\d{1,2}:\\d{2}(?::\\d{2}(?:\\.\\d+)?)?)?(?:\\s*${ZONE_SUFFIX})?$|${ISO_12_HOUR}`);
const YMD_SEP = /^(\d{4})([./])(\d{1,2})\2(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?$/;
/** dd/mm/yyyy or mm/dd/yyyy, with a 24-hour or an AM/PM time ("1/5/2023 10:15 AM"). */
const DAY_FIRST_OR_MONTH_FIRST = /^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})(?:[T ,]+\d{1,2}:\d{2}(?::\d{2})?(?:\s?[AaPp]\.?[Mm]\.?)?)?$/;
const SERIAL = /^\d{4,5}(?:\.\d+)?$/;
/** yyyymmdd, as databases and EDI files write it. */
const COMPACT = /^(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])$/;
/** A month's name: English (any form strptime reads), or another language's (month-names.ts). */
const MONTH = `(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|${OTHER_MONTH_PATTERN})\\.?`;
/** A weekday before a date written with a month name ("Sun, 01 Dec 2024", "Sunday, December 1, 2024"): dropped. */
const WEEKDAY_WORD = '(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\\.?,?\\s+';
export const WEEKDAY_PREFIX = `^${WEEKDAY_WORD}`;
/**
 * A zone after the time of such a date (RFC 2822's "08:26:00 GMT" or "+0000"): dropped, the wall
 * time kept, as for ISO. Names of three to five letters only, so an "AM" or "PM" is never taken for one.
 */
const TEXT_ZONE = '(?:Z|[+-]\\d{2}:?\\d{2}|[A-Z]{3,5})';
/**
 * The time and the zone after it, the zone dropped by replacing a match with its first group, in
 * SQL and here alike. Case-sensitive, while the month-name patterns are not: "10:15 foo" has no zone.
 */
export const TIME_THEN_TEXT_ZONE = `(\\d:\\d{2}(?::\\d{2})?(?:\\s?[AaPp]\\.?[Mm]\\.?)?)\\s*${TEXT_ZONE}$`;
const TIME_THEN_ZONE = new RegExp(TIME_THEN_TEXT_ZONE);
const TIME = `(?:[T ,]+\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s?[ap]\\.?m\\.?)?)?`;
const WEEKDAY = `(?:${WEEKDAY_WORD})?`;
interface Pattern {
  test(value: string): boolean;
}
/** A dot after a day, before the month's name, as German writes it ("3. März 2024"): dropped. */
export const DAY_DOT = '(\\d)\\.\\s+';
const DAY_DOT_RE = new RegExp(DAY_DOT, 'g');
/** A month-name pattern tried on the value with its zone, a day's dot and a "de" dropped, as the SQL parses it. */
const DE_RE = new RegExp(DE_WORD, 'gi');
const zoneDropped = (re: RegExp): Pattern => ({ test: (v) => re.test(v.replace(TIME_THEN_ZONE, '$1').replace(DAY_DOT_RE, '$1 ').replace(DE_RE, ' ')) });
/** "05-Jan-2023", "5 January 2023", "05.Jan.23", RFC 2822's "Sun, 01 Dec 2024 08:26:00 GMT". */
const DMY_TEXT = zoneDropped(new RegExp(`^${WEEKDAY}\\d{1,2}([- ./])${MONTH}\\1?(?:\\d{4}|\\d{2})${TIME}$`, 'iu'));
/** "Jan 5, 2023", "Sunday, January 05 2023", and eBay's "Mar-04-24" (hyphens, slashes or dots, a 2- or 4-digit year). */
const MDY_TEXT = zoneDropped(new RegExp(`^${WEEKDAY}${MONTH}(?: \\d{1,2},? \\d{4}|([-/.])\\d{1,2}\\1(?:\\d{4}|\\d{2}))${TIME}$`, 'iu'));
/** Unix time in seconds or milliseconds, 2001-09-09 to 2033-05-18. */
const EPOCH_S = /^1\d{9}$/;
const EPOCH_MS = /^1\d{12}$/;

/** Excel serials between 1927-05-18 and 2119-01-30: anything else is not a plausible transaction date. */
export function isPlausibleExcelSerial(v: number): boolean {
  return v >= 10000 && v <= 80000;
}

export function looksLikeDate(value: string): boolean {
  const v = value.trim();
  if (looksLikePlainDate(v)) return true;
  const read = timeWordsRead(v);
  return read !== v && looksLikePlainDate(read);
}

function looksLikePlainDate(v: string): boolean {
  return ISO.test(v) || YMD_SEP.test(v) || DAY_FIRST_OR_MONTH_FIRST.test(v) || COMPACT.test(v) || DMY_TEXT.test(v) || MDY_TEXT.test(v);
}

/** Formats that read one way only, tried for values the column's main format does not fit. */
export const UNAMBIGUOUS_FALLBACKS: readonly DateOrder[] = ['iso', 'compact', 'dmy_text', 'mdy_text'];

const TEXT_FORMATS: Partial<Record<DateOrder, { re: Pattern; label: string }>> = {
  compact: { re: COMPACT, label: 'yyyymmdd' },
  dmy_text: { re: DMY_TEXT, label: 'dd-Mon-yyyy [HH:MM[:SS]]' },
  mdy_text: { re: MDY_TEXT, label: 'Mon dd, yyyy or Mon-dd-yy [HH:MM[:SS]]' },
  epoch_s: { re: EPOCH_S, label: 'Unix time in seconds (UTC)' },
  epoch_ms: { re: EPOCH_MS, label: 'Unix time in milliseconds (UTC)' },
};

/** The formats of the text, compact and epoch kinds, with the regex that recognises each. */
function simpleFormat(order: DateOrder): DateFormat {
  return { order, separator: '', yearDigits: 4, ambiguous: false, label: TEXT_FORMATS[order]!.label };
}

/**
 * Decides the date format from sample values. dd/mm versus mm/dd is decided by values whose
 * first (or second) part exceeds 12; when none does the format is ambiguous and defaults to
 * day-first, which is what most non-US exports use. `maxParts` lets the caller supply the
 * maxima of the first two parts over the whole column (computed in SQL) to settle it.
 * Returns undefined when fewer than 60% of non-empty values fit one format.
 */
export function detectDateFormat(values: readonly string[], maxParts?: { first: number; second: number }): DateFormat | undefined {
  const vs = values.map((v) => v.trim()).filter((v) => v !== '');
  const read = vs.map(timeWordsRead);
  if (read.every((r, i) => r === vs[i])) return detectPlainDateFormat(vs, maxParts);
  const f = detectPlainDateFormat(read, maxParts);
  return f && { ...f, timeWords: true };
}

/** detectDateFormat of trimmed, non-empty values whose times are plain. */
function detectPlainDateFormat(vs: readonly string[], maxParts?: { first: number; second: number }): DateFormat | undefined {
  if (vs.length === 0) return undefined;
  const share = (re: Pattern) => vs.filter((v) => re.test(v)).length / vs.length;
  if (share(ISO) >= 0.6) {
    return { order: 'iso', separator: '-', yearDigits: 4, ambiguous: false, label: 'yyyy-mm-dd [HH:MM[:SS]] (ISO 8601)' };
  }
  if (share(YMD_SEP) >= 0.6) {
    const sep = YMD_SEP.exec(vs.find((v) => YMD_SEP.test(v))!)![2]!;
    return { order: 'ymd', separator: sep, yearDigits: 4, ambiguous: false, label: `yyyy${sep}mm${sep}dd [HH:MM[:SS]]` };
  }
  if (share(DAY_FIRST_OR_MONTH_FIRST) >= 0.6) {
    let first = maxParts?.first ?? 0;
    let second = maxParts?.second ?? 0;
    let sep = '/';
    let yearDigits: 2 | 4 = 4;
    for (const v of vs) {
      const m = DAY_FIRST_OR_MONTH_FIRST.exec(v);
      if (!m) continue;
      sep = m[2]!;
      yearDigits = m[4]!.length === 2 ? 2 : 4;
      first = Math.max(first, Number(m[1]));
      second = Math.max(second, Number(m[3]));
    }
    const y = yearDigits === 4 ? 'yyyy' : 'yy';
    if (second > 12 && first <= 12) {
      return { order: 'mdy', separator: sep, yearDigits, ambiguous: false, label: `mm${sep}dd${sep}${y} [HH:MM[:SS]]` };
    }
    return {
      order: 'dmy',
      separator: sep,
      yearDigits,
      ambiguous: first <= 12 && second <= 12,
      label: `dd${sep}mm${sep}${y} [HH:MM[:SS]]`,
    };
  }
  for (const order of ['compact', 'dmy_text', 'mdy_text', 'epoch_s', 'epoch_ms'] as const) {
    if (share(TEXT_FORMATS[order]!.re) >= 0.6)
      return order === 'dmy_text' || order === 'mdy_text' ? withMonthNames(simpleFormat(order), vs) : simpleFormat(order);
  }
  const serials = vs.filter((v) => SERIAL.test(v) && isPlausibleExcelSerial(Number(v)));
  if (serials.length / vs.length >= 0.6) {
    return { order: 'excel_serial', separator: '', yearDigits: 4, ambiguous: false, label: 'Excel serial day number' };
  }
  // A column mixing formats: the most common unambiguous one leads, the others are tried per value
  // (numeric day/month dates among them by otherDayMonthFormat).
  const fits = UNAMBIGUOUS_FALLBACKS.map((o) => ({ o, n: vs.filter((v) => (o === 'iso' ? ISO : TEXT_FORMATS[o]!.re).test(v)).length }));
  const known = vs.filter((v) => ISO.test(v) || COMPACT.test(v) || DMY_TEXT.test(v) || MDY_TEXT.test(v) || DAY_FIRST_OR_MONTH_FIRST.test(v)).length;
  if (fits.some((f) => f.n > 0) && known / vs.length >= 0.6) {
    const best = fits.reduce((a, b) => (b.n > a.n ? b : a));
    const f =
      best.o === 'iso'
        ? { order: 'iso' as const, separator: '-', yearDigits: 4 as const, ambiguous: false, label: 'yyyy-mm-dd [HH:MM[:SS]] (ISO 8601)' }
        : simpleFormat(best.o);
    return withMonthNames({ ...f, label: `${f.label}, other unambiguous formats per value` }, vs);
  }
  return undefined;
}

/** A format marked to translate month names, where some value names its month in another language than English. */
function withMonthNames(f: DateFormat, values: readonly string[]): DateFormat {
  return values.some(hasOtherMonthName) ? { ...f, otherMonthNames: true } : f;
}

/** Whether `value` is written in the shape of format `f` (either order, for a day/month format). */
export function fitsDateFormat(f: DateFormat, text: string): boolean {
  const value = f.timeWords ? timeWordsRead(text) : text;
  switch (f.order) {
    case 'iso':
      return ISO.test(value);
    case 'ymd':
      return YMD_SEP.test(value);
    case 'dmy':
    case 'mdy':
      return DAY_FIRST_OR_MONTH_FIRST.test(value);
    case 'excel_serial':
      return SERIAL.test(value);
    default:
      return TEXT_FORMATS[f.order]!.re.test(value);
  }
}

/**
 * The format of numeric day/month dates among values of the column's format `main`: a
 * spreadsheet's date column where some cells were typed as text ("05/01/2024 15:17" among date
 * cells, which arrive as ISO), an ISO export with rows edited by hand. Decided from those values
 * alone (`maxParts` as for detectDateFormat); undefined when they are not mostly of one such format.
 */
export function otherDayMonthFormat(values: readonly string[], main: DateFormat, maxParts?: { first: number; second: number }): DateFormat | undefined {
  if (isDayMonth(main)) return undefined;
  const rest = values.map((v) => v.trim()).filter((v) => v !== '' && !fitsDateFormat(main, v));
  const f = rest.length > 0 ? detectDateFormat(rest, maxParts) : undefined;
  return f && isDayMonth(f) ? f : undefined;
}

/** DuckDB strptime formats for a dmy/mdy/ymd date, with and without time. */
export function strptimeFormats(f: DateFormat): string[] {
  const y = f.yearDigits === 4 ? '%Y' : '%y';
  const s = f.separator;
  const date = f.order === 'dmy' ? `%d${s}%m${s}${y}` : f.order === 'mdy' ? `%m${s}%d${s}${y}` : `%Y${s}%m${s}%d`;
  // The common forms first (each value is tried in this order); then a comma before the time, as
  // JavaScript's toLocaleString writes ("5/8/2024, 12:13:00 PM"), and AM/PM without a space ("5:37PM").
  const times = [' %H:%M:%S', ' %H:%M', 'T%H:%M:%S', ', %H:%M', '', ' %I:%M %p', ' %I:%M:%S %p', ', %I:%M %p', ', %H:%M:%S', ', %I:%M:%S %p'];
  return [...times, ' %I:%M%p', ' %I:%M:%S%p'].map((t) => date + t);
}

/**
 * DuckDB strptime formats of the month-name and compact kinds (values are normalised first, see
 * canonical). Two-digit years first: %Y takes "24" for the year 24, while %y leaves the last two
 * digits of "2024" unread, so a four-digit year still falls through to %Y.
 */
export function textStrptimeFormats(order: 'compact' | 'dmy_text' | 'mdy_text'): string[] {
  // SQL Server's default style writes AM/PM without a space: "Jul 22 2024 6:14PM".
  const times = ['', ' %H:%M', ' %H:%M:%S', ' %I:%M %p', ' %I:%M:%S %p', ' %I:%M%p', ' %I:%M:%S%p'];
  switch (order) {
    case 'compact':
      return ['%Y%m%d'];
    case 'dmy_text':
      return ['%d %b %y', '%d %B %y', '%d %b %Y', '%d %B %Y'].flatMap((d) => times.map((t) => d + t));
    case 'mdy_text':
      return ['%b %d %y', '%B %d %y', '%b %d %Y', '%B %d %Y'].flatMap((d) => times.map((t) => d + t));
  }
}
