/**
 * An export of no known layout that writes an order's own fields (its number, date, customer) on
 * its first line only, the lines below blank there: a report grouped by order, a spreadsheet whose
 * merged cells keep their value in the first. Read as written, every line but an order's first
 * has no order, date or customer, and is dropped as without a customer (its revenue lost). Told
 * from the sample: lines with a product but neither an order number nor a date, each below an
 * order's first line. The order's fields are then filled down to its lines, within each file, as
 * known layouts that write so are read (canonical.ts sourceSql); said with the lines filled.
 */
import { CONTACT_ROLES, type ColumnMapping } from '../mapping/roles.ts';
import type { SqlPort } from '../ports.ts';
import { ident } from '../sql/quote.ts';
import { firstRow, num } from '../sql/rows.ts';
import { NOT_LEFT_OUT } from './left-out-rows.ts';
import { locateRow, type SourceInfo } from './read-sources.ts';
import { nonBlankSql } from './text-sql.ts';

/** Roles of a line's own item: never an order's field, never filled down. */
const ITEM_ROLES = ['sku', 'description', 'quantity', 'unit_price', 'line_total'] as const;
/** The order's fields a line below its first leaves blank, filled down: the number, date and customer at least. */
const ORDER_ROLES = ['invoice', 'date', 'time', 'customer', 'email', 'country', ...CONTACT_ROLES] as const;
/** Share of the sample's lines without an order number that must be an order's later lines (no date either). */
const SHARE = 0.9;

export interface FirstLineOrders {
  /** The columns filled down: the order's mapped fields blank on its later lines. */
  columns: string[];
  /** The columns naming a line's product: only a line naming one takes its order's fields. */
  products: string[];
  /** Lines that took their order's fields from the line above, and the first of them. */
  lines: number;
  first: { file: string; row: number } | undefined;
}

/**
 * The order's columns to fill down, where the sample's lines naming a product but no order number
 * are, nearly all of them, an order's later lines (no date either; two at least); undefined else.
 */
export function firstLineOrderColumns(
  mapping: ColumnMapping,
  sample: Record<string, readonly (string | null)[]>,
): Pick<FirstLineOrders, 'columns' | 'products'> | undefined {
  const { invoice, date } = mapping;
  const items = ITEM_ROLES.flatMap((r) => (mapping[r] === undefined ? [] : [mapping[r]!]));
  // A later line names its product: a row of a number alone may be the order's subtotal.
  const products = [mapping.sku, mapping.description].filter((c): c is string => c !== undefined);
  if (invoice === undefined || date === undefined || products.length === 0) return undefined;
  const blank = (c: string, i: number) => {
    const v = sample[c]?.[i];
    return v === null || v === undefined || v.trim() === '';
  };
  const later: number[] = [];
  let loose = 0;
  (sample[invoice] ?? []).forEach((_, i) => {
    if (!blank(invoice, i) || products.every((c) => blank(c, i))) return;
    if (blank(date, i)) later.push(i);
    else loose++;
  });
  if (later.length < 2 || loose > (1 - SHARE) * (later.length + loose)) return undefined;
  const columns = ORDER_ROLES.flatMap((r) => (mapping[r] === undefined || items.includes(mapping[r]!) ? [] : [mapping[r]!]));
  return { columns: [...new Set(columns)].filter((c) => later.filter((i) => blank(c, i)).length >= SHARE * later.length), products };
}

/** Whether a line names a product (any of `products` not blank), in SQL over `raw`'s columns. */
export function namesProductSql(f: Pick<FirstLineOrders, 'products'>): string {
  return `(${f.products.map((c) => `COALESCE(${nonBlankSql(ident(c))}, false)`).join(' OR ')})`;
}

/** The lines filled (naming a product, without an order number or a date, over every line), for the warning; undefined for none. */
export async function countFirstLineOrders(
  sql: SqlPort,
  sources: readonly SourceInfo[],
  found: Pick<FirstLineOrders, 'columns' | 'products'>,
  mapping: ColumnMapping,
): Promise<FirstLineOrders | undefined> {
  const r = firstRow(
    await sql.query(
      `SELECT count(*) AS n, min(rowid) AS first FROM raw
      WHERE ${NOT_LEFT_OUT} AND NOT COALESCE(${nonBlankSql(ident(mapping.invoice!))}, false) AND NOT COALESCE(${nonBlankSql(ident(mapping.date!))}, false) AND ${namesProductSql(found)}`,
      { parallel: true },
    ),
  );
  const lines = num(r.n);
  if (lines === 0) return undefined;
  return { ...found, lines, first: r.first === null || r.first === undefined ? undefined : locateRow(sources, num(r.first)) };
}

/** The words for the fields filled down (the CLI's warnings, the Data screen's notice); none without. */
export function firstLineOrderWarnings(f: FirstLineOrders | undefined): string[] {
  if (f === undefined) return [];
  const named = f.columns.map((c) => `"${c}"`);
  const list = named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named.at(-1)}` : named[0]!;
  const n = f.lines.toLocaleString('en-US');
  return [
    `${list} ${named.length > 1 ? 'are' : 'is'} written on each order's first line only: ${n} line${f.lines === 1 ? '' : 's'} below ${
      f.lines === 1 ? 'one' : 'them'
    }${f.first ? ` (e.g. ${f.first.file} row ${f.first.row})` : ''} took ${named.length > 1 ? 'them' : 'it'} from their order's first line`,
  ];
}
