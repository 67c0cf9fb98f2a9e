/**
 * Columns headed as the lines' amounts whose sampled values are not.
 *
 * First, a total beside a quantity and a unit price: a running total, a target, a customer's spend
 * to date, last year's sales. Taken for the line total it would be every line's amount, silently.
 * Its sampled lines tell: a line's total is its quantity × price, after a discount (less), with a
 * tax (at most about a third more) or in another currency or unit (one steady ratio). Only a
 * column that is none of these, in no few steady ratios and well above quantity × price on many
 * lines, is set aside; the lines' amounts are then quantity × price, and that is said. A total
 * alike on every line of an order, or written on its first line only, is the order's, left to
 * order-totals.ts.
 *
 * Second, a "total" beside a price and no quantity that counts units (countAsTotal, below).
 */
import { readSampledNumbers } from './number-format.ts';
import type { ColumnMapping } from './roles.ts';

export interface UnrelatedTotal {
  column: string;
  /** Sampled lines with a quantity, a price and a total to compare. */
  lines: number;
  /** Of them, those whose total is quantity × price in one of its most common ratios (1 where a total is the line's). */
  steady: number;
  /** Of them, those whose total is above quantity × price by more than a tax. */
  above: number;
  example: { quantity: string; price: string; total: string };
}

/** Sampled lines needed before the column is judged. */
const MIN_LINES = 8;
/** A total above quantity × price by more than this factor is more than the line with its tax. */
const ABOVE_TAX = 1.35;
/** Ratios counted as steady: a tax rate or two and a currency's rate. */
const STEADY_RATIOS = 3;

/** The line total column set aside, when its sampled lines show it is not the lines' amounts; undefined otherwise. */
export function unrelatedTotal(mapping: ColumnMapping, sample: Readonly<Record<string, readonly (string | null)[]>>): UnrelatedTotal | undefined {
  const { line_total: column, quantity: q, unit_price: p, invoice } = mapping;
  if (column === undefined || q === undefined || p === undefined) return undefined;
  const [totals, quantities, prices] = [column, q, p].map((c) => readSampledNumbers(sample[c] ?? []));
  const orders = invoice === undefined ? undefined : sample[invoice];
  // Orders of several lines whose totals are one value, on every line or on the first only: an
  // order's total (order-totals.ts).
  const orderLevel = new Set<string>();
  if (orders) {
    const seen = new Map<string, { n: number; values: Set<number> }>();
    orders.forEach((o, i) => {
      if (o === null) return;
      const e = seen.get(o) ?? { n: 0, values: new Set() };
      e.n++;
      if (Number.isFinite(totals![i]!)) e.values.add(totals![i]!);
      seen.set(o, e);
    });
    for (const [o, e] of seen) if (e.n > 1 && e.values.size === 1) orderLevel.add(o);
  }
  const ratios = new Map<number, number>();
  const lines: number[] = [];
  totals!.forEach((t, i) => {
    const amount = quantities![i]! * prices![i]!;
    if (!Number.isFinite(t) || !Number.isFinite(amount) || amount <= 0 || t <= 0) return;
    if (orders && orderLevel.has(orders[i] ?? '')) return;
    lines.push(i);
    const r = Math.round((t / amount) * 100) / 100;
    ratios.set(r, (ratios.get(r) ?? 0) + 1);
  });
  if (lines.length < MIN_LINES) return undefined;
  const steady = [...ratios.values()]
    .sort((a, b) => b - a)
    .slice(0, STEADY_RATIOS)
    .reduce((a, b) => a + b, 0);
  const aboveAt = lines.filter((i) => totals![i]! > ABOVE_TAX * quantities![i]! * prices![i]!);
  if (steady >= 0.5 * lines.length || aboveAt.length < 0.25 * lines.length) return undefined;
  const i = aboveAt[0]!;
  const text = (c: string) => (sample[c]?.[i] ?? '').trim();
  return { column, lines: lines.length, steady, above: aboveAt.length, example: { quantity: text(q), price: text(p), total: text(column) } };
}

/** The words for a total set aside (the CLI's warnings, the Data screen's notice); none without. */
export function unrelatedTotalWarnings(u: UnrelatedTotal | undefined, quantity: string | undefined, price: string | undefined): string[] {
  if (u === undefined) return [];
  const e = u.example;
  return [
    `"${u.column}" is not read as the lines' amounts: on ${u.above} of ${u.lines} sampled lines it is well above quantity × price, in no steady ratio (e.g. ${e.quantity} × ${e.price} beside ${e.total}), as a running total, a target or a customer's spend would be; the lines' amounts are "${quantity}" × "${price}" (map line_total to "${u.column}" by hand to read it)`,
  ];
}

/**
 * A column headed as the lines' amount ("Amount", as exports translated from "Menge" or "Anzahl"
 * write the quantity) beside a unit price and no quantity, whose sampled values are whole numbers
 * below the price on half the lines or more: no line's total is below its unit price, so they
 * count units. It is read as the quantity, and that is said.
 */
export interface CountAsTotal {
  column: string;
  lines: number;
  /** Of them, those whose value is below the unit price. */
  below: number;
  example: { value: string; price: string };
}

/** Sampled lines needed before a total is read as a count. */
const MIN_COUNTED = 5;

/** The column read as the quantity instead of the line total, when its sampled lines show it counts; undefined otherwise. */
export function countAsTotal(mapping: ColumnMapping, sample: Readonly<Record<string, readonly (string | null)[]>>): CountAsTotal | undefined {
  const { line_total: column, unit_price: p } = mapping;
  if (column === undefined || p === undefined || mapping.quantity !== undefined) return undefined;
  const [values, prices] = [column, p].map((c) => readSampledNumbers(sample[c] ?? []));
  const lines = values!.flatMap((v, i) => (Number.isFinite(v) && Number.isFinite(prices![i]!) && prices![i]! > 0 ? [i] : []));
  if (lines.length < MIN_COUNTED || !lines.every((i) => Number.isInteger(values![i]!) && values![i]! > 0)) return undefined;
  const below = lines.filter((i) => values![i]! < prices![i]!);
  if (below.length < 0.5 * lines.length) return undefined;
  const i = below[0]!;
  return { column, lines: lines.length, below: below.length, example: { value: (sample[column]?.[i] ?? '').trim(), price: (sample[p]?.[i] ?? '').trim() } };
}

/** The words for a total read as the quantity (the CLI's warnings, the Data screen's notice); none without. */
export function countAsTotalWarnings(c: CountAsTotal | undefined): string[] {
  if (c === undefined) return [];
  return [
    `"${c.column}" is read as the quantity, not the lines' total: its sampled values are whole numbers, below the unit price on ${c.below} of ${c.lines} lines (e.g. ${c.example.value} beside ${c.example.price}), and no line's total is below its price; the lines' amounts are quantity × price (map line_total to "${c.column}" by hand to read it as a total)`,
  ];
}
