import { normaliseHeader } from './roles.ts';

/** What the money in a dataset is, as far as the file says. */
export interface CurrencyInfo {
  /** Currencies seen, most lines first: ISO codes, or a symbol where it names several ("$", "kr", "¥"). */
  codes: string[];
  /** Where they were read: a currency column, or the symbols written in the prices. */
  source: 'column' | 'symbol';
  column?: string;
  /** With several currencies: each one's lines, most first, and where the first stands. */
  lines?: CurrencyLines[];
}

export interface CurrencyLines {
  code: string;
  lines: number;
  first: { file: string; row: number } | undefined;
}

/**
 * The marks written around amounts other than ISO codes, and the currency each names: symbols,
 * local abbreviations, and the prefixed dollars Intl.NumberFormat writes ("CA$", "A$", "MX$").
 * "$", "kr", "Rs" and "¥" (yen and yuan) name several currencies and stay as written. Sources RE2 and JavaScript read
 * alike; a longer mark comes before a shorter one it holds ("R$" before "R", "CA$" before "$"),
 * so a value is named by the first that matches.
 */
const LOCAL_MARKS: readonly (readonly [string, string])[] = [
  ['US\\$|\\$ ?US\\b', 'USD'],
  ['\\bCA?\\$|\\$ ?CA\\b', 'CAD'],
  ['\\bAU?\\$|\\$ ?AU\\b', 'AUD'],
  ['\\bMX\\$|\\$ ?MX\\b', 'MXN'],
  ['\\bHK\\$|\\$ ?HK\\b', 'HKD'],
  ['\\bNZ\\$|\\$ ?NZ\\b', 'NZD'],
  ['\\bS\\$|\\$ ?SG\\b', 'SGD'],
  ['\\bNT\\$', 'TWD'],
  ['R\\$|\\bBR\\$', 'BRL'],
  ['£GB|UK£|£', 'GBP'],
  ['€', 'EUR'],
  ['\\bRp\\b\\.?', 'IDR'],
  ['\\bFr\\b\\.?', 'CHF'],
  ['₹', 'INR'],
  ['\\bCN¥|\\bRMB\\b|元', 'CNY'],
  ['\\bJP¥', 'JPY'],
  ['zł', 'PLN'],
  ['₺|\\bTL\\b\\.?', 'TRY'],
  ['Kč', 'CZK'],
  ['\\blei\\b', 'RON'],
  ['\\bFt\\b\\.?', 'HUF'],
  ['\\bRM\\b\\.?', 'MYR'],
  ['\\bKsh\\b|\\bKSh\\b', 'KES'],
  ['د\\.إ\\.?', 'AED'],
  ['\\bR\\b', 'ZAR'],
  ['฿', 'THB'],
  ['₦', 'NGN'],
  ['[₩￦]', 'KRW'],
  ['₽', 'RUB'],
  ['₪|\\bNIS\\b', 'ILS'],
  ['₱', 'PHP'],
  ['₫', 'VND'],
  ['₴', 'UAH'],
  ['₵', 'GHS'],
  ['₸', 'KZT'],
  ['₡', 'CRC'],
  ['₲', 'PYG'],
  ['₾', 'GEL'],
  ['₼', 'AZN'],
  ['৳', 'BDT'],
  ['₭', 'LAK'],
  ['₮', 'MNT'],
  ['\\bDkr\\b\\.?', 'DKK'],
  ['\\bNkr\\b\\.?', 'NOK'],
  ['\\bSkr\\b\\.?', 'SEK'],
  ['\\bkr\\b\\.?', 'kr'],
  ['[¥￥]', '¥'],
  ['\\bRs\\b\\.?', 'Rs'],
  ['\\$', '$'],
];

/** ISO 4217 codes written beside amounts ("12.50 EUR", "CHF 1'200.00"): each names itself. */
export const ISO_CURRENCIES: readonly string[] = (
  'EUR USD GBP IDR SEK NOK DKK ISK CHF JPY CNY INR AUD CAD NZD SGD HKD TWD MYR PHP THB ZAR PLN CZK ' +
  'HUF RON BGN RSD UAH RUB BRL MXN ARS CLP COP PEN TRY AED SAR QAR KWD BHD OMR ILS EGP MAD NGN KES ' +
  'GHS VND KRW PKR BDT LKR'
).split(' ');

/**
 * Every currency mark, before or after the amount ("£5", "5 €", "Rp 80.000", "kr 12,50",
 * "CHF 1'200.00", "R 1 082,28"). RE2 and JavaScript read this pattern alike, so the SQL strips
 * the same text.
 */
export const CURRENCY_PATTERN = `${LOCAL_MARKS.map(([m]) => m).join('|')}|\\b(?:${ISO_CURRENCIES.join('|')})\\b\\.?`;

/** Each mark and the currency it names, in the order a value is named by: a code first, then the marks above. */
export const CURRENCY_MARKS: readonly [RegExp, string][] = [
  ...ISO_CURRENCIES.map((c): [RegExp, string] => [new RegExp(`\\b${c}\\b`), c]),
  ...LOCAL_MARKS.map(([m, c]): [RegExp, string] => [new RegExp(m), c]),
];

const ANY_MARK = new RegExp(CURRENCY_PATTERN);

/** The currencies the sampled price texts are written in, most frequent first; empty when none shows. */
export function currenciesFromSymbols(values: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) {
    // One test for the usual plain amount; the marks one by one only where some mark is.
    const hit = ANY_MARK.test(v) ? CURRENCY_MARKS.find(([re]) => re.test(v)) : undefined;
    if (hit) counts.set(hit[1], (counts.get(hit[1]) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
}

/**
 * Headers of a column naming each line's currency, as normaliseHeader writes them: "Currency",
 * "currency_code", "Order Currency", "Währung", "Devise", "Moneda", "Valuta", "Divisa", "Moeda",
 * "Waluta", "Měna", "Para Birimi", "Mata Uang", "CCY".
 */
const CURRENCY_HEADER =
  /^(?:[a-z]*currency(?:code|iso|isocode)?|ccy|curr?|wahrung(?:scode)?|devise|moneda|valuta|divisa|moeda|waluta|mena|valuuta|parabirimi|matauang)$/;

/** One currency named alone: an ISO code ("EUR", "usd") or a mark ("€", "R$"). */
const CURRENCY_VALUE = new RegExp(`^(?:[A-Za-z]{3}|${CURRENCY_MARKS.map(([re]) => re.source).join('|')})$`);

/**
 * The column, outside a known layout, that names each line's currency: a header saying so and
 * sampled values that are all currency codes or marks. Its values are counted as a layout's
 * currency column is (canonical.ts detectCurrency).
 */
export function findCurrencyColumn(columns: readonly string[], sample: Readonly<Record<string, readonly (string | null)[]>>): string | undefined {
  return columns.find((c) => {
    if (!CURRENCY_HEADER.test(normaliseHeader(c))) return false;
    const values = (sample[c] ?? []).flatMap((v) => (v === null || v.trim() === '' ? [] : [v.trim()]));
    return values.length > 0 && values.every((v) => CURRENCY_VALUE.test(v));
  });
}
