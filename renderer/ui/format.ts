const int = new Intl.NumberFormat('en', { maximumFractionDigits: 0 });
const dec1 = new Intl.NumberFormat('en', { maximumFractionDigits: 1 });
const dec2 = new Intl.NumberFormat('en', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });

export const fmtInt = (n: number) => int.format(n);
export const fmt1 = (n: number) => dec1.format(n);
export const fmt2 = (n: number) => dec2.format(n);
export const fmtCompact = (n: number) => compact.format(n);
export const fmtPct = (x: number, digits = 1) => `${(x * 100).toFixed(digits)}%`;
const plainMoney = (n: number) => (Math.abs(n) >= 100_000 ? compact.format(n) : dec2.format(n));
/**
 * Money in the dataset's currency: "£1,234.50", "IDR 80,000.00"; the plain figure when the file states
 * none. A mix shows its main code with a "+" ("EUR+ 1,234.50"): the sum is unconverted, and says so.
 */
export function moneyFormat(codes: readonly string[] | undefined): (n: number) => string {
  if (!codes?.length) return plainMoney;
  const unit = codes.length > 1 ? `${codes[0]}+` : codes[0]!;
  const symbol = MONEY_SYMBOL[unit];
  return symbol ? (n) => (n < 0 ? `-${symbol}${plainMoney(-n)}` : `${symbol}${plainMoney(n)}`) : (n) => `${unit} ${plainMoney(n)}`;
}
const MONEY_SYMBOL: Record<string, string> = { GBP: '£', EUR: '€', USD: '$', $: '$', JPY: '¥', INR: '₹' };
export function fmtBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 ** 2) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 ** 2).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}
export const fmtDate = (s: string | null) => (s ? s.slice(0, 10) : '–');
