/**
 * Date formats we recognise, and how to parse them in DuckDB. Offsets in ISO timestamps are
 * dropped: RFM counts calendar days in the shop's local time, which is the wall time written.
 */
export type DateOrder = 'iso' | 'dmy' | 'mdy' | 'ymd' | 'excel_serial';

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
}

const ISO = /^\d{4}-\d{1,2}-\d{1,2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$/;
const YMD_SEP = /^(\d{4})([./])(\d{1,2})\2(\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2})?)?$/;
const DAY_FIRST_OR_MONTH_FIRST = /^(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})(?:[T ,]+\d{1,2}:\d{2}(?::\d{2})?)?$/;
const SERIAL = /^\d{4,5}(?:\.\d+)?$/;

/** Excel serials between 1927-05-18 and 2119-01-30: anything else is not a plausible transaction date. */
export function isPlausibleExcelSerial(v: number): boolean {
  return v >= 10000 && v <= 80000;
}

export function looksLikeDate(value: string): boolean {
  const v = value.trim();
  return ISO.test(v) || YMD_SEP.test(v) || DAY_FIRST_OR_MONTH_FIRST.test(v);
}

/**
 * Decides the date format from sample values. dd/mm versus mm/dd is decided by values whose
 * first (or second) part exceeds 12; when none does the format is ambiguous and defaults to
 * day-first, which is what most non-US exports use. `maxParts` lets the caller supply the
 * maxima of the first two parts over the whole column (computed in SQL) to settle it.
 * Returns undefined when fewer than 60% of non-empty values fit one format.
 */
export function detectDateFormat(
  values: readonly string[],
  maxParts?: { first: number; second: number },
): DateFormat | undefined {
  const vs = values.map((v) => v.trim()).filter((v) => v !== '');
  if (vs.length === 0) return undefined;
  const share = (re: RegExp) => vs.filter((v) => re.test(v)).length / vs.length;
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
  const serials = vs.filter((v) => SERIAL.test(v) && isPlausibleExcelSerial(Number(v)));
  if (serials.length / vs.length >= 0.6) {
    return { order: 'excel_serial', separator: '', yearDigits: 4, ambiguous: false, label: 'Excel serial day number' };
  }
  return undefined;
}

/** DuckDB strptime formats for a dmy/mdy/ymd date, with and without time. */
export function strptimeFormats(f: DateFormat): string[] {
  const y = f.yearDigits === 4 ? '%Y' : '%y';
  const s = f.separator;
  const date =
    f.order === 'dmy' ? `%d${s}%m${s}${y}` : f.order === 'mdy' ? `%m${s}%d${s}${y}` : `%Y${s}%m${s}%d`;
  return [`${date} %H:%M:%S`, `${date} %H:%M`, `${date}T%H:%M:%S`, `${date}, %H:%M`, date];
}
