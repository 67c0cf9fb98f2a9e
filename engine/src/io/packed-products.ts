/**
 * BigCommerce's default orders export writes a row per order and packs the order's products into
 * one 'Product Details' field: "Product ID: 7, Product Qty: 2, Product SKU: MUG-BL, Product Name:
 * Ceramic Mug, Product Weight: 0.5000, Product Variation Details: , Product Unit Price: 24.00,
 * Product Total Price: 48.00|Product ID: 9, ...". No column mapping can split that, so DuckDB reads
 * a copy with a row per product instead: the order's fields repeated, 'Product Details' replaced by
 * a column per product field (named by its label). Items, quantities and amounts are then lines as
 * in any shop's export (baskets, rules, next-best products). A row of the copy is named in messages
 * by its order's line (`starts`, as basket-lines.ts basketLine).
 */
import { csvValue } from './basket-lines.ts';
import { quotedRecord } from './table-start.ts';
import type { ByteEncoding } from './code-pages.ts';
import { asUtf8 } from './utf8-copy.ts';

export const PACKED_COLUMN = 'Product Details';

/** A product's label: "Product" and capitalised words ("Product Variation Details"), at a piece's start or after ", ". */
const LABEL = /(?:^|, )(Product(?: [A-Z][A-Za-z]*)+): /g;
/** Products are joined by "|"; a "|" inside a value is not followed by the first label. */
const PRODUCT_BREAK = /\s*\|\s*(?=Product(?: [A-Z][A-Za-z]*)+: )/;

/** A product's fields as [label, value], in order; undefined when `text` does not start with a label. */
export function productFields(text: string): [string, string][] | undefined {
  const found = [...text.matchAll(LABEL)];
  if (found.length === 0 || found[0]!.index !== 0) return undefined;
  return found.map((m, k) => {
    const next = found[k + 1];
    return [m[1]!, text.slice(m.index + m[0].length, next ? next.index : text.length)];
  });
}

/** The products packed in one field: each one's fields; [] for an empty field; undefined when a piece is not a product. */
export function packedProducts(field: string): [string, string][][] | undefined {
  if (field.trim() === '') return [];
  const products: [string, string][][] = [];
  for (const piece of field.trim().split(PRODUCT_BREAK)) {
    const fields = productFields(piece);
    if (!fields) return undefined;
    products.push(fields);
  }
  return products;
}

/** Records of delimited text (RFC 4180 quotes, line breaks within quotes kept), each with its first line; blank lines are none. */
export function* csvRecords(text: string, delimiter: string, quote: string): Generator<[line: number, fields: string[]]> {
  let line = 1;
  for (let at = 0; at < text.length; ) {
    const r = quotedRecord(text, at, delimiter, quote, false);
    if (r.fields) yield [line, r.fields];
    line += r.lines;
    at = r.next;
  }
}

/** The copy DuckDB reads: CSV bytes (UTF-8, comma, double quotes, a header), each order's first row and line. */
export interface ProductCopy {
  bytes: Uint8Array;
  /** The copy's header: the file's, PACKED_COLUMN replaced by the products' labels in order of appearance. */
  columns: string[];
  /** [data row of an order's first product, the order's line]; an order without products has one row. */
  starts: [number, number][];
  /** Orders whose products add up to neither of their subtotals (checkSubtotals). */
  totalsDiffer?: TotalsDiffer;
  /** Orders whose products add up to the subtotal with tax and not to the one without (checkSubtotals). */
  totalsWithTax?: TotalsDiffer;
  replaced?: { count: number; lines: number[] };
}

/** Orders whose products' totals are off an order's subtotal: how many, and the first (row, both sums). */
export interface TotalsDiffer {
  count: number;
  examples: { row: number; products: number; subtotal: number }[];
}

/** The product label whose value is the line's amount (the layout's line_total). */
const TOTAL_LABEL = 'Product Total Price';
/** The order's columns its products' totals are checked against: without tax, then with it (prices entered with tax). */
const SUBTOTALS = ['Subtotal (ex tax)', 'Subtotal (inc tax)'];
const EXAMPLES = 3;

/** An amount as the export writes it ("1,234.50"); NaN when empty or not one. */
const amount = (v: string | undefined) => (v === undefined || v.trim() === '' ? Number.NaN : Number(v.replace(/[^\d.-]/g, '')));

/**
 * How an order's products add up against its subtotals, without and with tax (to the cent, as they
 * do when the export is read right): 'neither', or 'withTax' when only the subtotal with tax
 * matches (a store entering prices with tax: its lines' amounts include tax), each with the
 * products' sum and the subtotal without tax (else the one given); undefined when the sum matches
 * the subtotal without tax, or there are no amounts to compare.
 */
function checkSubtotals(
  products: readonly [string, string][][],
  exTax: number,
  incTax: number,
): { off: 'neither' | 'withTax'; products: number; subtotal: number } | undefined {
  const totals = products.map((p) => amount(p.find(([label]) => label === TOTAL_LABEL)?.[1]));
  const known = [exTax, incTax].filter(Number.isFinite);
  if (products.length === 0 || known.length === 0 || !totals.every(Number.isFinite)) return undefined;
  const sum = Math.round(totals.reduce((a, t) => a + t, 0) * 100) / 100;
  const matches = (t: number) => Number.isFinite(t) && Math.abs(t - sum) < 0.005;
  if (matches(exTax) || (matches(incTax) && !Number.isFinite(exTax))) return undefined;
  return { off: matches(incTax) ? 'withTax' : 'neither', products: sum, subtotal: known[0]! };
}

/** Why a file with PACKED_COLUMN is read as written, a row per order: the first row (line) in the way, and what is there. */
export interface NotSplit {
  row: number;
  reason: string;
}

/** A value quoted in a message, cut to a readable length. */
const excerpt = (v: string) => JSON.stringify(v.length > 60 ? `${v.slice(0, 57)}...` : v);

/**
 * The copy with a row per product of each order, when the file is such an export: a header
 * holding PACKED_COLUMN and none of the product labels, every record as wide as the header and
 * every packed piece a product. Else why not (the file is then read as written, a row per order);
 * undefined when the header has no PACKED_COLUMN.
 */
export function productCopy(
  bytes: Uint8Array,
  header: readonly string[],
  format: { encoding: ByteEncoding; bom: boolean; delimiter: string; quote: string },
): ProductCopy | NotSplit | undefined {
  const packed = header.indexOf(PACKED_COLUMN);
  if (packed < 0) return undefined;
  const utf8 = asUtf8(bytes, format.encoding, format.bom);
  const records = csvRecords(new TextDecoder().decode(utf8.bytes), format.delimiter, format.quote);
  records.next(); // the header
  const orders: [line: number, fields: string[], products: [string, string][][]][] = [];
  const labels: string[] = [];
  for (const [line, fields] of records) {
    if (fields.length !== header.length) return { row: line, reason: `it has ${fields.length} fields, the header ${header.length}` };
    const products = packedProducts(fields[packed]!);
    if (!products)
      return { row: line, reason: `'${PACKED_COLUMN}' holds ${excerpt(fields[packed]!.trim())}, not labelled products ("Product ID: ..., Product Qty: ...")` };
    for (const p of products) for (const [label] of p) if (!labels.includes(label)) labels.push(label);
    orders.push([line, fields, products]);
  }
  const taken = labels.find((l) => header.includes(l));
  if (taken !== undefined) return { row: 1, reason: `the header already has a column '${taken}'` };
  if (labels.length === 0) return { row: 1, reason: `no order has products in '${PACKED_COLUMN}'` };
  const columns = [...header.slice(0, packed), ...labels, ...header.slice(packed + 1)];
  const out: string[] = [`${columns.map(csvValue).join(',')}\n`];
  const starts: [number, number][] = [];
  const [exTaxAt, incTaxAt] = SUBTOTALS.map((c) => header.indexOf(c));
  const off = { neither: { count: 0, examples: [] } as TotalsDiffer, withTax: { count: 0, examples: [] } as TotalsDiffer };
  let row = 0;
  for (const [line, fields, products] of orders) {
    starts.push([row, line]);
    const check = checkSubtotals(products, amount(fields[exTaxAt!]), amount(fields[incTaxAt!]));
    if (check && off[check.off].count++ < EXAMPLES) off[check.off].examples.push({ row: line, products: check.products, subtotal: check.subtotal });
    const before = fields.slice(0, packed);
    const after = fields.slice(packed + 1);
    for (const p of products.length ? products : [[]]) {
      const values = new Map(p);
      out.push(`${[...before, ...labels.map((l) => values.get(l) ?? ''), ...after].map(csvValue).join(',')}\n`);
      row++;
    }
  }
  return {
    bytes: new TextEncoder().encode(out.join('')),
    columns,
    starts,
    ...(off.neither.count ? { totalsDiffer: off.neither } : {}),
    ...(off.withTax.count ? { totalsWithTax: off.withTax } : {}),
    ...(utf8.replaced ? { replaced: utf8.replaced } : {}),
  };
}

/** The words for files read a row per product (inspect, the Data screen); undefined when none was. */
export function productSplitNote(sources: readonly { name: string; rows: number; productStarts?: readonly unknown[] }[]): string | undefined {
  const split = sources.filter((s) => s.productStarts);
  if (split.length === 0) return undefined;
  const orders = split.reduce((n, s) => n + s.productStarts!.length, 0);
  const lines = split.reduce((n, s) => n + s.rows, 0);
  const files = sources.length > 1 ? ` (${split.map((s) => s.name).join(', ')})` : '';
  return `products split out of '${PACKED_COLUMN}': ${orders.toLocaleString('en-US')} orders read as ${lines.toLocaleString('en-US')} lines, one per product${files}`;
}

/** The words for a file holding PACKED_COLUMN read a row per order, and why (inspect, the Data screen). */
export function productsNotSplitNotes(sources: readonly { name: string; productsNotSplit?: NotSplit }[]): string[] {
  return sources.flatMap((s) =>
    s.productsNotSplit
      ? [
          `'${PACKED_COLUMN}' not split into products in ${s.name}: row ${s.productsNotSplit.row}: ${s.productsNotSplit.reason}; the file is read a row per order, without items (no baskets, rules or next-best products)`,
        ]
      : [],
  );
}

/**
 * Warnings for orders whose products do not add up to their subtotal without tax (inspect, the
 * Data screen): to neither subtotal, or to the one with tax only.
 */
export function productTotalWarnings(sources: readonly { name: string; productTotalsDiffer?: TotalsDiffer; productTotalsWithTax?: TotalsDiffer }[]): string[] {
  const orders = (d: TotalsDiffer) => (d.count === 1 ? '1 order' : `${d.count.toLocaleString('en-US')} orders`);
  const examples = (d: TotalsDiffer, against: string) =>
    d.examples.map((x) => `row ${x.row}: ${x.products.toFixed(2)} against ${x.subtotal.toFixed(2)}${against}`).join('; ');
  return sources.flatMap((s) => {
    const out: string[] = [];
    const d = s.productTotalsDiffer;
    if (d) {
      out.push(
        `${orders(d)} in ${s.name} whose products' ${TOTAL_LABEL} add up to neither of the order's subtotals (e.g. ${examples(d, '')}); their lines count the products' totals, so discounts, fees or taxes between the two are not in the figures`,
      );
    }
    const t = s.productTotalsWithTax;
    if (t) {
      out.push(
        `${orders(t)} in ${s.name} whose products' ${TOTAL_LABEL} add up to the order's ${SUBTOTALS[1]}, not its ${SUBTOTALS[0]} (e.g. ${examples(t, ' without tax')}): the store's prices include tax, so these lines' amounts and the monetary values include tax`,
      );
    }
    return out;
  });
}
