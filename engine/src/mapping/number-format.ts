import { CURRENCY_PATTERN } from './currency.ts';

export { CURRENCY_PATTERN };

/** How numbers are written in a column: "1,234.56", "1.234,56", "1 234,56", "1'234.56" or plain. */
export interface NumberFormat {
  decimal: '.' | ',';
  thousands: '' | ',' | '.' | ' ' | "'";
  /** True when values carry currency symbols or spaces that must be stripped first. */
  symbols: boolean;
  /** Quantities written with a unit after them ("2 pcs", "1,25 kg"): the unit is stripped (QUANTITY_UNIT). Set on the quantity by canonical.ts once its format is decided. */
  units?: true;
}

/** Currencies written without decimals, whose "80.000" is eighty thousand. */
const NO_DECIMALS = /\b(?:IDR|Rp|JPY|HUF|Ft|VND|KRW)\b|[¥￥₩￦₫]/;

/**
 * No-break, narrow no-break and thin spaces group thousands like a space; ’ like '. The
 * direction marks Intl.NumberFormat writes around amounts in Hebrew and Arabic (U+200E, U+200F,
 * U+061C) are invisible: spaces too, so they are stripped with the currency signs.
 */
const SPACES = /[\u00a0\u202f\u2009\u200e\u200f\u061c]/g;
/** The same characters for RE2 (numberSql), which turns them into spaces as normaliseNumberText does. */
export const ODD_SPACES_SQL = '[\\x{00A0}\\x{202F}\\x{2009}\\x{200E}\\x{200F}\\x{061C}]';

/**
 * The value with its group separators and sign made plain: odd spaces to ' ', typographic
 * apostrophes to ', the minus sign (U+2212, as Apple's Numbers and typeset reports write it) to -.
 * A leading ' is dropped: spreadsheets' mark for "keep as text", and what exports guarding against
 * formulas put before a value starting with - or + ("'-1", "'29.64"); no grouping starts with it.
 */
export function normaliseNumberText(v: string): string {
  return (v.startsWith("'") ? v.slice(1) : v)
    .replace(SPACES, ' ')
    .replace(/\u2019/g, "'")
    .replace(/\u2212/g, '-');
}

const CURRENCY = new RegExp(CURRENCY_PATTERN, 'g');

/**
 * Units tills and ERPs write after a quantity: pieces ("2 pcs", "3 Stk.", "2 db", "5 szt.",
 * "4 ks", "3 buc", "2 kom", "6 uds", "2 pz", "3 шт", "2x"), weights, volumes, lengths and packs
 * ("1,25 kg", "500 g", "2 lb", "0.75 l", "3 m", "2 pk"). None is a currency mark (currency.ts),
 * which is stripped before. Read without case.
 */
const UNIT_WORDS = [
  'pcs?',
  'pces?',
  'pieces?',
  'ea',
  'each',
  'units?',
  'u',
  'uds?',
  'un',
  'unid',
  'pz[as]?',
  'st',
  'stk',
  'stck',
  'stück',
  'szt',
  'sztuk',
  'ks',
  'kus',
  'db',
  'buc',
  'kom',
  'шт',
  'x',
  '×',
  'kgs?',
  'g',
  'grs?',
  'mg',
  'lbs?',
  'oz',
  'l',
  'lt',
  'ltr',
  'ml',
  'cl',
  'dl',
  'm',
  'cm',
  'mm',
  'pk',
  'pkg',
  'packs?',
  'box(?:es)?',
  'dz',
  'doz',
  'sets?',
  'pairs?',
];

/**
 * A unit ending a quantity, after its last digit (spaces between allowed): group 1 is that digit,
 * group 2 the unit. RE2 and JavaScript read it alike; the SQL passes 'i', JavaScript QUANTITY_UNIT_RE.
 */
export const QUANTITY_UNIT = `([0-9])\\s*(${UNIT_WORDS.join('|')})\\.?\\s*$`;
const QUANTITY_UNIT_RE = new RegExp(QUANTITY_UNIT, 'i');

/** The unit written after a quantity ("kg" of "1,25 kg", lower case), or undefined. */
export function quantityUnit(v: string): string | undefined {
  return QUANTITY_UNIT_RE.exec(v)?.[2]?.toLowerCase();
}

/** The value without a unit after it ("1,25" of "1,25 kg"). */
export const withoutQuantityUnit = (v: string) => v.replace(QUANTITY_UNIT_RE, '$1');

/** Strips currency symbols and surrounding spaces, keeps sign, digits, separators and exponent. */
export function stripCurrency(v: string): string {
  return normaliseNumberText(v).replace(CURRENCY, '').trim();
}

/**
 * Negatives as accounting and ERP exports write them: "(12.50)" and SAP's "12,50-". The pattern
 * rewrites either as "-12.50"; RE2 and JavaScript read it alike (an unmatched group is empty).
 * A sign inside ("(-12)", "-12-") stays and fails to parse.
 */
export const NEGATIVE_NOTATION = '^\\((.+)\\)$|^(.+)-$';
const NEGATIVE_NOTATION_RE = new RegExp(NEGATIVE_NOTATION);

/**
 * Whole amounts as Swiss, German, Dutch and Nordic prices write them: "2'466.–", "12,-", "12.--"
 * are 2466 and 12 (no cents), not a trailing minus. RE2 and JavaScript read it alike.
 */
export const DASH_CENTS = '([0-9])[.,](?:--?|–|—)$';
const DASH_CENTS_RE = new RegExp(DASH_CENTS);

/**
 * The value, currency stripped, with dashed cents dropped (DASH_CENTS) and a negative in
 * accounting or trailing-minus notation written with a leading "-".
 */
function leadingSign(v: string): string {
  return v.replace(DASH_CENTS_RE, '$1').replace(NEGATIVE_NOTATION_RE, '-$1$2');
}

interface Votes {
  commaDecimal: number;
  pointDecimal: number;
  commaThousands: number;
  pointThousands: number;
  spaceThousands: number;
  apostrophe: number;
}

/** What one value votes for; 'spaceComma' votes for both space thousands and a decimal comma. */
type Vote = keyof Votes | 'spaceComma' | null;

function voteOf(raw: string): Vote {
  // A unit says nothing of the marks: "1,25 kg" votes as "1,25".
  const v = leadingSign(withoutQuantityUnit(stripCurrency(raw)));
  if (v === '') return null;
  if (/^[-+]?\d{1,3}(\.\d{3})+,\d+$/.test(v) || /^[-+]?\d{1,3}(\.\d{3}){2,}$/.test(v)) return 'pointThousands';
  if (/^[-+]?\d{1,3}(\.\d{3})+$/.test(v) && NO_DECIMALS.test(raw)) return 'pointThousands';
  if (/^[-+]?\d{1,3}(,\d{3})+\.\d+$/.test(v) || /^[-+]?\d{1,3}(,\d{3}){2,}$/.test(v)) return 'commaThousands';
  if (/^[-+]?\d{1,3}(,\d{3})+$/.test(v) && NO_DECIMALS.test(raw)) return 'commaThousands';
  // Indian grouping (lakh, crore: "1,00,000.37", "12,34,567"): no other convention groups by two.
  if (/^[-+]?\d{1,2}(,\d{2})+,\d{3}(\.\d+)?$/.test(v)) return 'commaThousands';
  if (/^[-+]?\d{1,3}( \d{3})+(,\d+)?$/.test(v)) return v.includes(',') ? 'spaceComma' : 'spaceThousands';
  if (/^[-+]?\d{1,3}('\d{3})+(\.\d+)?$/.test(v)) return 'apostrophe';
  if (/^[-+]?\d*,\d+$/.test(v) && !/^[-+]?\d{1,3},\d{3}$/.test(v)) return 'commaDecimal';
  if (/^[-+]?\d*\.\d+$/.test(v) && !/^[-+]?\d{1,3}\.\d{3}$/.test(v)) return 'pointDecimal';
  return null;
}

/**
 * Texts already read, kept across calls: a sample repeats its prices and quantities, and 305 daily
 * files of one shop (three detections each) wrote 1,055 distinct texts 84,000 times; a reading
 * is a dozen regexes. voteOf is pure, so the memo changes no result; it is emptied when full.
 */
const votesRead = new Map<string, Vote>();
const VOTES_KEPT = 10_000;

function cachedVote(raw: string): Vote {
  let vote = votesRead.get(raw);
  if (vote === undefined) {
    if (votesRead.size >= VOTES_KEPT) votesRead.clear();
    votesRead.set(raw, (vote = voteOf(raw)));
  }
  return vote;
}

/** Votes of the values; `counts[i]`, when given, is how many times values[i] occurs. */
function countVotes(values: readonly string[], counts?: readonly number[]): Votes {
  const n: Votes = { commaDecimal: 0, pointDecimal: 0, commaThousands: 0, pointThousands: 0, spaceThousands: 0, apostrophe: 0 };
  for (let i = 0; i < values.length; i++) {
    const vote = cachedVote(values[i]!);
    if (vote === null) continue;
    const w = counts?.[i] ?? 1;
    if (vote === 'spaceComma') {
      n.spaceThousands += w;
      n.commaDecimal += w;
    } else n[vote] += w;
  }
  return n;
}

/**
 * True when some value shows how the column writes numbers (a decimal or grouping separator
 * only one reading fits); "12" or "1.200" alone do not, and then the file's other columns decide.
 */
export function hasNumberEvidence(values: readonly string[], counts?: readonly number[]): boolean {
  return Object.values(countVotes(values, counts)).some((n) => n > 0);
}

/**
 * Decides decimal and thousands separators from sample values of a numeric column. A mark
 * followed by exactly three digits is ambiguous ("1,234", "1.234"): once some value shows the
 * decimal mark ("2.50", "12,5", "1,234,567"), the other mark can only group thousands (a
 * quantity "1.200" beside prices "12,50" is twelve hundred). "Rp 80.000" is eighty thousand:
 * those currencies have no decimals. Decimal comma versus point is decided by the majority of
 * the values that show it; with none, the point, the common case, and "," groups ("2,829" as
 * Excel's #,##0 writes yen): the file is then scanned and told of (guessed-numbers.ts).
 * `counts[i]`, when given, is how many times values[i] occurs.
 */
export function detectNumberFormat(values: readonly string[], counts?: readonly number[]): NumberFormat {
  const { commaDecimal, pointDecimal, commaThousands, pointThousands, spaceThousands, apostrophe } = countVotes(values, counts);
  const symbols = values.some((v) => /[^-+\d.,eE']/.test(v));
  // Majority vote of the values only one reading fits: a stray "1.234,56" in a column of
  // "2.50" prices must not turn every other price into hundreds; it fails to parse instead.
  const commaVotes = pointThousands + commaDecimal;
  const pointVotes = commaThousands + pointDecimal + apostrophe;
  if (commaVotes > 0 && commaVotes >= pointVotes) {
    return { decimal: ',', thousands: spaceThousands > 0 && pointThousands === 0 ? ' ' : '.', symbols };
  }
  if (spaceThousands > 0) return { decimal: commaDecimal > 0 ? ',' : '.', thousands: ' ', symbols };
  if (apostrophe > 0) return { decimal: '.', thousands: "'", symbols };
  return { decimal: '.', thousands: ',', symbols };
}

/** The spaces stripped between digits: plain, no-break, narrow no-break and thin spaces, and RE2's other \s (tab, line breaks). */
const DIGIT_SPACES = [' ', '\t', '\n', '\f', '\r', '\u00a0', '\u202f', '\u2009'];
const DIGIT_SPACE = `[${DIGIT_SPACES.join('')}]`;

/**
 * Where spaces between digits do not group thousands. Where spaces are stripped (currency signs
 * about, or a space grouping) "12 50 €" would read 1250: only one space before exactly three
 * digits and the end of them groups, after a first group of 1-3 digits (not a lone 0), and not
 * past the decimal mark. Looked for in the value as written; the pattern holds the space
 * characters themselves (no escapes), so RE2 and JavaScript read it alike.
 */
const misgroupedSpace = (d: string) =>
  [
    `[0-9]${DIGIT_SPACE}+([0-9]{1,2}([^0-9]|$)|[0-9]{4,})`,
    `[0-9]${DIGIT_SPACE}${DIGIT_SPACE}+[0-9]`,
    `[0-9]{4,}${DIGIT_SPACE}+[0-9]`,
    `(^|[^0-9])0${DIGIT_SPACE}+[0-9]`,
    `[0-9]${d}[0-9]*${DIGIT_SPACE}+[0-9]`,
  ].join('|');
export const MISGROUPED_SPACE: Record<'.' | ',', string> = { '.': misgroupedSpace('\\.'), ',': misgroupedSpace(',') };
const MISGROUPED_SPACE_RE = { '.': new RegExp(MISGROUPED_SPACE['.']), ',': new RegExp(MISGROUPED_SPACE[',']) };

/** True when spaces are stripped from the format's values, so must be checked to group (MISGROUPED_SPACE). */
export const stripsSpaces = (f: NumberFormat) => f.symbols || f.thousands === ' ';

/** The thousands mark where it does not group digits (a currency's "kr." or "Rp." aside); see MISGROUPED. */
const misgrouped = (t: string, d: string) =>
  [
    // after neither a digit nor a letter (".5", "-.5"),
    `(^|[^0-9A-Za-z])${t}`,
    // after a digit, not before exactly three digits and the end of them ("1.5", "1.2345"), nor
    // before two and the mark again (Indian lakh grouping: "1,23,456.00"),
    `[0-9]${t}([0-9]?|[0-9]{4,})([^0-9]|$)`,
    `[0-9]${t}[0-9]{2}([^0-9${t}]|$)`,
    // after a first group of four digits or more, or of a lone 0 ("1234.567", "0.500"),
    `[0-9]{4,}${t}`,
    `(^|[^0-9])0${t}`,
    // or past the decimal mark ("1,5.000").
    `${d}[0-9]*${t}`,
  ].join('|');

/**
 * Where a '.' or ',' thousands mark does not group: only in well-formed groups ("1.234,5" with
 * '.', "12,345" with ',') is the mark read as grouping; a value holding it otherwise ("1.5" where
 * '.' groups) is no number in that convention, and fails to parse rather than read as 15.
 * Looked for in the value as written. RE2 and JavaScript read these patterns alike.
 */
export const MISGROUPED: Record<'.' | ',', string> = { '.': misgrouped('\\.', ','), ',': misgrouped(',', '\\.') };
const MISGROUPED_RE = { '.': new RegExp(MISGROUPED['.']), ',': new RegExp(MISGROUPED[',']) };

/**
 * The convention of a column without evidence of its own, taken from the file's other numeric
 * columns: in a file whose prices read "2.499,00", a quantity "1.200" is twelve hundred.
 */
export function inheritNumberFormat(own: NumberFormat, file: NumberFormat): NumberFormat {
  return { ...file, symbols: own.symbols || file.symbols };
}

/** The decimal marks a user may choose for every numeric column. */
export const DECIMAL_MARKS = ['.', ','] as const;
export type DecimalMark = (typeof DECIMAL_MARKS)[number];

/**
 * The format with the decimal mark the user chose: the other of "." and "," can then only group
 * thousands (in well-formed groups, MISGROUPED); a space or apostrophe grouping is kept.
 */
export function withDecimalMark(f: NumberFormat, mark: DecimalMark): NumberFormat {
  const thousands = f.thousands === ' ' || f.thousands === "'" ? f.thousands : mark === ',' ? '.' : ',';
  return { decimal: mark, thousands, symbols: f.symbols };
}

/** Parses one value in the given format; NaN when it is not a finite number. Mirrors the SQL. */
export function parseNumber(raw: string, f: NumberFormat): number {
  if ((f.thousands === '.' || f.thousands === ',') && MISGROUPED_RE[f.thousands].test(raw)) return NaN;
  if (stripsSpaces(f) && MISGROUPED_SPACE_RE[f.decimal].test(raw)) return NaN;
  // With currency signs about, the SQL strips every space (RE2's \s) with them: "$1 234.50", "- 12,50 €".
  let v = stripCurrency(raw);
  if (f.symbols) v = v.replace(/[\t\n\f\r ]/g, '');
  if (f.units) v = withoutQuantityUnit(v);
  v = leadingSign(v);
  if (f.thousands !== '') v = v.split(f.thousands).join('');
  // Under a decimal comma a '.' that does not group ("1.200" in a "1 234,56" file) is no number:
  // read as a decimal point it could be a thousand times off.
  if (f.decimal === ',') {
    if (v.includes('.')) return NaN;
    v = v.replace(',', '.');
  }
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) return NaN;
  const n = Number(v);
  return Number.isFinite(n) ? n : NaN;
}

/** Sampled values as numbers, in the format they show (NaN where one is empty or does not read). */
export function readSampledNumbers(values: readonly (string | null)[]): number[] {
  const written = values.filter((v): v is string => v !== null && v.trim() !== '');
  const format = detectNumberFormat(written);
  return values.map((v) => (v === null || v.trim() === '' ? Number.NaN : parseNumber(v.trim(), format)));
}
