/**
 * A money column without a telling header (a file without one, as CDNOW's): is it each unit's
 * price or the line's total? A total grows in proportion to the quantity (twice the units, about
 * twice the money); a unit price does not grow with it (and often falls: larger quantities are of
 * cheaper things). On the log scale, the slope of the money against the quantity is about 1 for a
 * total and about 0 (or below) for a price; a column is judged a total above halfway, 0.5. A shop
 * whose prices fall steeply with the quantity puts its totals' slope near halfway: such a guess
 * may still be a price, and every guess is named in the warnings.
 */
import { stripCurrency } from './number-format.ts';

/** Lines with a quantity above 1 needed before the columns' relation is judged. */
const MIN_MULTIPLES = 20;
/** The slope between a price's (0) and a total's (1). */
const HALFWAY = 0.5;

const PLAIN = /^\d+([.,]\d+)?$/;
const positive = (v: string | null): number | undefined => {
  if (v === null) return undefined;
  const t = stripCurrency(v);
  if (!PLAIN.test(t)) return undefined;
  const x = Number(t.replace(',', '.'));
  return x > 0 && Number.isFinite(x) ? x : undefined;
};

/** True when `money` (sampled row by row with `quantity`) reads as the line's total rather than a unit price. */
export function isLineTotal(quantity: readonly (string | null)[], money: readonly (string | null)[]): boolean {
  const xs: number[] = [];
  const ys: number[] = [];
  let multiples = 0;
  for (let i = 0; i < Math.min(quantity.length, money.length); i++) {
    const q = positive(quantity[i]!);
    const m = positive(money[i]!);
    if (q === undefined || m === undefined) continue;
    if (q > 1) multiples++;
    xs.push(Math.log(q));
    ys.push(Math.log(m));
  }
  if (multiples < MIN_MULTIPLES) return false;
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < xs.length; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
  }
  return sxx > 0 && sxy / sxx > HALFWAY;
}

/** How a money column reads per product (moneyPerProduct). */
export interface MoneyPerProduct {
  reads: 'price' | 'total';
  /** Products sold in several quantities whose money reads so, of those that tell. */
  products: number;
  of: number;
  /** A product that tells, with two of its lines' quantities and money as written. */
  example: { item: string; lines: [first: [quantity: string, money: string], second: [quantity: string, money: string]] };
}

/** Products sold in several quantities needed before the money column is judged per product. */
const MIN_PRODUCTS = 3;
/** Share of the telling products that must agree. */
const AGREE = 0.9;

/**
 * What a money column (sampled row by row with `quantity` and the product, `item`) holds, told by
 * the products sold in several quantities: the same money whatever the quantity is a unit price;
 * the same money per unit, a line's total. Undefined unless at least 3 products tell and 90% agree
 * (prices that change over time, or discounts, tell neither).
 */
export function moneyPerProduct(
  quantity: readonly (string | null)[],
  money: readonly (string | null)[],
  item: readonly (string | null)[],
): MoneyPerProduct | undefined {
  const byItem = new Map<string, { q: number; m: number; written: [string, string] }[]>();
  for (let i = 0; i < Math.min(quantity.length, money.length, item.length); i++) {
    const q = positive(quantity[i]!);
    const m = positive(money[i]!);
    const it = item[i]?.trim();
    if (q === undefined || m === undefined || !it) continue;
    const lines = byItem.get(it) ?? [];
    lines.push({ q, m, written: [quantity[i]!.trim(), money[i]!.trim()] });
    byItem.set(it, lines);
  }
  const cents = (x: number) => Math.round(x * 100);
  const told = { price: [] as MoneyPerProduct['example'][], total: [] as MoneyPerProduct['example'][] };
  let telling = 0;
  for (const [it, lines] of byItem) {
    const a = lines[0]!;
    const b = lines.find((l) => l.q !== a.q);
    if (b === undefined) continue;
    telling++;
    // A total: the same money per unit, give or take a cent of rounding.
    if (lines.every((l) => Math.abs(l.m / l.q - a.m / a.q) <= 0.01)) told.total.push({ item: it, lines: [a.written, b.written] });
    else if (lines.every((l) => cents(l.m) === cents(a.m))) told.price.push({ item: it, lines: [a.written, b.written] });
  }
  if (telling < MIN_PRODUCTS) return undefined;
  for (const reads of ['price', 'total'] as const) {
    const n = told[reads].length;
    if (n >= AGREE * telling) return { reads, products: n, of: telling, example: told[reads][0]! };
  }
  return undefined;
}
