/**
 * Number formats of the report, independent of the locale and the runtime (the CLI in Node and
 * the app in Chromium write the same bytes): "1,234,567", "1,234.50", "12.3%".
 */

/** HTML-escapes text for element content and quoted attribute values (product names are hostile input). */
export function esc(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function group(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** A whole number with thousands separators. */
export function int(n: number): string {
  if (!Number.isFinite(n)) return '—';
  const r = Math.round(n);
  return `${r < 0 ? '-' : ''}${group(String(Math.abs(r)))}`;
}

/** A number with `digits` decimals and thousands separators. */
export function dec(n: number, digits = 2): string {
  if (!Number.isFinite(n)) return '—';
  const [whole, frac] = Math.abs(n).toFixed(digits).split('.');
  const neg = n < 0 && Number(`${whole}.${frac ?? 0}`) !== 0;
  return `${neg ? '-' : ''}${group(whole!)}${frac !== undefined ? `.${frac}` : ''}`;
}

/** Money: two decimals, the currency code in front when one is known ("GBP 1,234.50"). */
export function money(n: number, currency: string | null): string {
  return currency ? `${currency} ${dec(n)}` : dec(n);
}

/** A share as a percentage with one decimal. */
export function pct(x: number, digits = 1): string {
  return Number.isFinite(x) ? `${(x * 100).toFixed(digits)}%` : '—';
}
