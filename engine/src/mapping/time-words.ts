/**
 * Times of day written with words, as shops' exports and spreadsheets in many languages write
 * them: "21/08/2026 às 16:10", "21/08/2026 a las 16:10", "08/21/2026 at 4:10 PM",
 * "21.08.2026 um 16.10 Uhr", "21 de agosto de 2026 16:10 hs.", "21/08/2026 16h10",
 * "21/08/2026 - 16:10", "21/08/2026 01:10 p. m." (Spanish Windows). Each is read as the plain
 * form the date formats know ("21/08/2026 16:10", "21/08/2026 01:10 pm"). One list of rules, applied
 * alike to the sample in TypeScript (detection) and to every value in SQL (parsing): patterns in the
 * syntax both regular-expression engines share (no look-around), case-insensitive.
 */
import { literal } from '../sql/quote.ts';

/** A space, a no-break space or a narrow one (ICU writes "p. m." and "4:10 PM" with them). */
const SP = '[\\s\u00a0\u202f]';
/** A time's start after a connective word: "16:10", "16.10", "16h10", "16h". */
const TIME_START = '(\\d{1,2}(?:[:.h]\\d{2}|h))';
/** Words between the date and its time: Portuguese, Spanish, English, German, Italian, Dutch, Nordic, Polish; a dash or a bar. */
const CONNECTIVE = '(?:às|as|à|a las|a la|at|um|alle ore|alle|om|kl\\.?|klo|godz\\.?|-|–|—|\\||@)';

/** An hour after a date's space, or alone (a time column's value). */
const HOUR = `((?:^|${SP})\\d{1,2})`;

/** [pattern, replacement with $1-style groups], applied in order. */
const RULES: readonly (readonly [string, string])[] = [
  [`(\\d)${SP}+${CONNECTIVE}${SP}+${TIME_START}`, '$1 $2'],
  // "16.10 Uhr": German writes the time with a dot before its word.
  [`${HOUR}\\.(\\d{2})${SP}*uhr\\.?$`, '$1:$2'],
  // "16h10", "16h10min", "16h" (French, Portuguese).
  [`${HOUR}h(\\d{2})(?:${SP}?min)?\\.?$`, '$1:$2'],
  [`${HOUR}h\\.?$`, '$1:00'],
  // A word after the time: "16:10 hs.", "16:10 hrs", "16:10h", "16:10 Uhr", "16:10 horas".
  [`(\\d:\\d{2}(?::\\d{2})?)${SP}*(?:hs|hrs|hr|h|horas|hora|uhr|óra|godz)\\.?$`, '$1'],
  // "p. m.", "a.m": strptime's %p reads "pm" and "am".
  [`(\\d:\\d{2}(?::\\d{2})?)${SP}*([ap])\\.${SP}?m\\.?$`, '$1 $2m'],
];

const JS_RULES = RULES.map(([p, r]) => [new RegExp(p, 'i'), r] as const);
/** What every rule needs, a time's digits: values without it (most of a sample's columns) skip the rules. */
const HAS_TIME = /\d(?:[:.h]\d{2}|h)/i;

/** The value with its time's words read as the plain form; the value itself when it has none. */
export function timeWordsRead(value: string): string {
  if (!HAS_TIME.test(value)) return value;
  let v = value;
  for (const [re, r] of JS_RULES) v = v.replace(re, r);
  return v;
}

/** timeWordsRead as a DuckDB expression over `e`. */
export function timeWordsSql(e: string): string {
  return RULES.reduce((acc, [p, r]) => `regexp_replace(${acc}, ${literal(p)}, ${literal(r.replace(/\$(\d)/g, '\\$1'))}, 'i')`, e);
}
