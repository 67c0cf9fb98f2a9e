/**
 * A discount column of its own in an export of no known layout ("Discount" beside "Gross Amount"
 * and "Net Amount", or beside a quantity and a unit price): which lines' amounts the figures read,
 * before or after it, is told by the sampled lines, never by the header alone. Only where the
 * amounts read are shown to be before the discounts (the line total equals quantity × price, or a
 * "net" column equals it less the discount) is the column returned, to be said with its total as
 * a layout's is (discounts.ts); a "net" column so confirmed is named as the one to read instead.
 * A discount already taken off, a rate ("Discount %") or a reading the lines do not settle says nothing.
 */
import type { DiscountColumn } from '../mapping/layouts.ts';
import { readSampledNumbers } from '../mapping/number-format.ts';
import { type ColumnMapping, DISCOUNT_HEADER, normaliseHeader } from '../mapping/roles.ts';

/**
 * A discount's rate, its code, name or reason, a discount per unit, or an order's discount written
 * on its lines ("Total Discount", "Order Discount": summed per line it would count once per line):
 * not the amount off the line.
 */
const NOT_LINE_AMOUNT =
  /percent|pct|rate|satz|taux|porcentaje|percentuale|procent|prozent|code|name|type|reason|description|coupon|unit|each|peritem|perpiece|stuck|stueck|order|invoice|receipt|cart|basket|total|gesamt|bestell|commande|pedido/;
/** A column of the lines' amounts after discounts, as headers name it: "Net Amount", "Net Sales", "Netto". */
const NET = /^(net|netto|neto)(amount|value|sales|total|price|line|linetotal|betrag|wert|umsatz)?$/;

/** Share of the discounted sampled lines that must agree on the reading. */
const AGREE = 0.9;

const near = (a: number, b: number) => Math.abs(a - b) <= 0.005 + 1e-9 * Math.abs(b);

/**
 * The discount column the sampled lines show the figures are before, with the column of the
 * lines after it when one is shown to be; undefined without.
 */
export function lineDiscountColumn(
  columns: readonly string[],
  mapping: ColumnMapping,
  sample: Readonly<Record<string, readonly (string | null)[]>>,
): DiscountColumn | undefined {
  const used = new Set(Object.values(mapping));
  const free = columns.filter((c) => !used.has(c));
  const column = free.find((c) => !c.includes('%') && DISCOUNT_HEADER.test(normaliseHeader(c)) && !NOT_LINE_AMOUNT.test(normaliseHeader(c)));
  if (column === undefined) return undefined;
  const values = (c: string | undefined) => (c === undefined ? undefined : readSampledNumbers(sample[c] ?? []));
  const discount = values(column)!;
  const total = values(mapping.line_total);
  const quantity = values(mapping.quantity);
  const price = values(mapping.unit_price);
  // The line's amount as the figures read it: its total, else quantity × price.
  const amount = (i: number) => (total ? total[i]! : quantity && price ? quantity[i]! * price[i]! : Number.NaN);
  const lines = discount.flatMap((d, i) => (Number.isFinite(d) && d !== 0 && Number.isFinite(amount(i)) ? [i] : []));
  if (lines.length === 0) return undefined;
  const agree = (fits: (i: number) => boolean) => lines.filter(fits).length >= AGREE * lines.length;
  const off = (i: number) => amount(i) - Math.abs(discount[i]!);
  // A column of the lines after the discount: confirmed where it is the amount less the discount.
  const net = free.find((c) => {
    if (c === column || !NET.test(normaliseHeader(c))) return false;
    const after = values(c)!;
    return agree((i) => near(after[i]!, off(i)));
  });
  if (net !== undefined) return { column, per: 'line', net };
  // Without one, the total is before the discount where it is quantity × price on the discounted lines.
  if (total && quantity && price && agree((i) => near(total[i]!, quantity[i]! * price[i]!) && !near(total[i]!, off(i)))) return { column, per: 'line' };
  return undefined;
}
