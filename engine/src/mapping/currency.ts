/** What the money in a dataset is, as far as the file says. */
export interface CurrencyInfo {
  /** Currencies seen, most lines first: ISO codes, or a symbol where it names several ("$", "kr"). */
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

/** Symbols and local codes that name one currency. "$" and "kr" name several and stay as written. */
export const CURRENCY_MARKS: readonly [RegExp, string][] = [
  [/£|\bGBP\b/, 'GBP'],
  [/€|\bEUR\b/, 'EUR'],
  [/\bRp\b|\bIDR\b/, 'IDR'],
  [/\bCHF\b|\bFr\b\.?/, 'CHF'],
  [/₹|\bINR\b/, 'INR'],
  [/¥|\bJPY\b/, 'JPY'],
  [/\bUSD\b|US\$/, 'USD'],
  [/\bSEK\b/, 'SEK'],
  [/\bNOK\b/, 'NOK'],
  [/\bDKK\b/, 'DKK'],
  [/\bkr\b/, 'kr'],
  [/R\$|\bBRL\b/, 'BRL'],
  [/zł|\bPLN\b/, 'PLN'],
  [/₺|\bTRY\b|\bTL\b/, 'TRY'],
  [/\bRs\b/, 'Rs'],
  [/\bAED\b/, 'AED'],
  [/\$/, '$'],
];

/** The currencies the sampled price texts are written in, most frequent first; empty when none shows. */
export function currenciesFromSymbols(values: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const v of values) {
    const hit = CURRENCY_MARKS.find(([re]) => re.test(v));
    if (hit) counts.set(hit[1], (counts.get(hit[1]) ?? 0) + 1);
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([c]) => c);
}
