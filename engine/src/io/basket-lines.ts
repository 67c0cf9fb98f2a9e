/**
 * One basket per line, every field an item: the "basket" format of R's arules and of Orange, in
 * which the Groceries set of the association-rule literature is published ("citrus fruit,
 * margarine,ready soups"). Lines have any number of fields and no column means anything by its
 * position, so DuckDB reads a long copy instead, one row per item: (basket, item), the basket
 * being the line's number. An item's row is named in messages by that line (basketLine). As
 * shops and spreadsheets write them, a line may start with its item count or its basket's id,
 * and its items may be listed in one field.
 */
import { HEADER_SYNONYMS, normaliseHeader } from '../mapping/roles.ts';
import { ALIGNED, alignedFields } from './aligned-text.ts';
import { countFields, splitRecord, type CsvFormat } from './sniff.ts';
import type { ByteEncoding } from './code-pages.ts';
import { asUtf8 } from './utf8-copy.ts';

/** The copy's columns (mapped as invoice and description by their names). */
export const BASKET_COLUMNS: readonly string[] = ['basket', 'item'];

/** Fewer sampled lines than this decide nothing: the file is read as a table. */
const MIN_LINES = 10;
/** Lines after the first that are looked at before the rest. */
const PROBE_LINES = 3;
/** A table's lines nearly all have one length; baskets' do not (Groceries: the commonest, 1 item, is 21%). */
const MAX_COMMON_LENGTH = 0.6;
/** Items are labels: at most this share of them reads as a number or a date. */
const MAX_NUMERIC = 0.05;
/** Items recur at other positions of other lines: a table's values stay in their column. */
const MIN_MOVING = 0.5;
/** Items repeat across baskets: at most this many distinct labels per item read. */
const MAX_DISTINCT = 0.5;

/**
 * Basket lines below the first that make a first line of labels seen nowhere else a header: in
 * fewer, a first basket's items may simply not recur (ten lines under "bread"), and only a
 * header's words tell it from one (isHeaderWord).
 */
const HEADER_EVIDENCE = 50;

/** The mapping's words for an order or a product: a basket file's header names its columns with them. */
const HEADER_ROLES = ['invoice', 'sku', 'description'] as const;

/** A header's field: one of those words, plural or numbered ("Items", "Item 1", "Item(s)", "Transaction", "Productos", "Artikel 2"). */
function isHeaderWord(field: string): boolean {
  const h = normaliseHeader(field).replace(/\d+$/, '');
  const singular = h.endsWith('s') ? h.slice(0, -1) : h;
  return HEADER_ROLES.some((r) => HEADER_SYNONYMS[r].includes(h) || HEADER_SYNONYMS[r].includes(singular));
}

const NUMERIC_OR_DATE = /^[-+]?[\d.,:/\s-]+$/;
/** An item code: the FIMI repository's baskets (Belgian retail, `retail.dat`) are lines of numbers. */
const CODE = /^\d+$/;

/**
 * A line that starts with its number of items: the Groceries set as Kaggle ships it ("Item(s),
 * Item 1, ..., Item 32" above "4,citrus fruit,semi-finished bread,margarine,ready soups,,,...").
 */
const counted = (r: readonly string[]) => /^\d+$/.test(r[0] ?? '') && Number(r[0]) === r.slice(1).filter((f) => f !== '').length;

/**
 * Lines that start with their basket's id: "1001,tropical fruit,yogurt,coffee" under "Transaction,
 * Item 1, Item 2, ...", as a till or a spreadsheet keeps them. An id holds a digit, no two lines
 * after the first share one, and none is an item of any line: items recur, ids do not. Lines of
 * item codes have none: their first code is an item like the others.
 */
function leadingIds(rows: readonly string[][]): boolean {
  const body = rows.slice(1);
  if (allCodes(body)) return false;
  const ids = new Set<string>();
  for (const r of body) {
    const id = r[0] ?? '';
    if (r.length < 2 || !/\d/.test(id) || ids.has(id)) return false;
    ids.add(id);
  }
  return body.length > 0 && rows.every((r) => r.slice(1).every((f) => !ids.has(f)));
}

/** Detected lists: at least this share of lines list two items or more (Groceries: 79%). */
const MIN_LISTED = 0.2;
/** What may separate the items listed in one field: "milk, bread; eggs" is read with the commonest. */
const LIST_SEPARATORS = [',', ';', '|'];

/**
 * The separator of items listed in one field, when each line after the first holds a list, perhaps
 * after its basket's id: `T1,"milk, bread, eggs"`, as tutorials and spreadsheets write a basket
 * to a cell. Detection wants `share` of the lists to hold it (one-item baskets hold none; a
 * chosen layout takes any); a line of more than two fields is a table's or a basket of fields.
 */
function listSeparator(rows: readonly string[][], share = MIN_LISTED): string | undefined {
  const body = rows.slice(1);
  if (body.length === 0 || body.some((r) => r.length > 2)) return undefined;
  let best: string | undefined;
  let most = 0;
  for (const sep of LIST_SEPARATORS) {
    const n = body.filter((r) => (r[r.length - 1] ?? '').includes(sep)).length;
    if (n > most) [best, most] = [sep, n];
  }
  return most > 0 && most >= body.length * share ? best : undefined;
}

/** A line's fields with the items listed in its last non-empty one split out (`sep`), trimmed, empty ones left out. */
function listed(fields: readonly string[], sep: string | undefined): string[] {
  if (sep === undefined) return [...fields];
  let last = fields.length - 1;
  while (last >= 0 && fields[last]!.trim() === '') last--;
  if (last < 0) return [];
  const list = fields[last]!.split(sep).map((f) => f.trim());
  return [...fields.slice(0, last), ...list.filter((f) => f !== '')];
}

/** A line's fields: split by the delimiter, or by runs of spaces and tabs (ALIGNED). */
export function lineFields(line: string, delimiter: string, quote: string): string[] {
  return delimiter === ALIGNED ? alignedFields(line) : splitRecord(line, delimiter, quote);
}

/** A line's items: its fields, trimmed for comparison, up to the last non-empty one. */
function items(line: string, delimiter: string, quote: string): string[] {
  const fields = lineFields(line, delimiter, quote).map((f) => f.trim());
  while (fields.length > 0 && fields[fields.length - 1] === '') fields.pop();
  return fields;
}

export interface BasketShape {
  header: boolean;
  itemCounts: boolean;
  /** Each line after the header starts with its basket's id (leadingIds), which names the basket. */
  basketIds: boolean;
  /** The items are listed in each line's last field, separated by this (listSeparator). */
  itemList?: string;
  /** Items split by runs of spaces and tabs (lines of item codes), not by the sniffed delimiter. */
  delimiter: string;
}

/** What a basket line holds besides its items (its item count or its basket's id first), and how its items are listed. */
export function basketLineFormat(b: BasketShape): Pick<CsvFormat, 'itemCounts' | 'basketIds' | 'itemList'> {
  return {
    ...(b.itemCounts ? { itemCounts: true as const } : b.basketIds ? { basketIds: true as const } : {}),
    ...(b.itemList !== undefined ? { itemList: b.itemList } : {}),
  };
}

/**
 * Whether sampled lines (non-blank, as split by the sniffed delimiter) are baskets: their lengths
 * vary, their fields are labels rather than numbers or dates, and the labels move between
 * positions and repeat, where a table's values keep to their columns. A malformed table (a line
 * with an unquoted delimiter) fails every test but the first. `header`: the first line is a
 * header, when none of its fields appears in the other lines, and those are many (HEADER_EVIDENCE)
 * or its fields are a header's words. `itemCounts`: every line after the
 * first starts with its number of items, a field that is not an item; `basketIds`: with the
 * basket's id (leadingIds), which is not an item either. Lines of item codes (every
 * field a whole number, no header) are baskets too, split by spaces when the delimiter splits
 * none of the lines (see itemDelimiter).
 */
export function looksLikeBaskets(lines: readonly string[], delimiter: string, quote: string): BasketShape | null {
  if (lines.length < MIN_LINES) return null;
  const d = itemDelimiter(lines, delimiter, quote);
  const head = lines.slice(0, PROBE_LINES + 1).map((l) => items(l, d, quote));
  // Lists in one field: the lines' fields are their items once split.
  const sep = listSeparator(head);
  const probe = head.map((r) => listed(r, sep));
  const itemCounts = probe.slice(1).every(counted);
  const probeIds = !itemCounts && leadingIds(probe);
  // Every file opened comes here: a table's numbers and dates turn it away in its first lines,
  // unless they are all whole numbers, which only lines of item codes have.
  const probed = probe.slice(1).map((r) => (itemCounts || probeIds ? r.slice(1) : r));
  if (!allCodes(probed) && numericShare(probed) > MAX_NUMERIC) return null;
  const fields = lines.map((l) => items(l, d, quote));
  // The whole sample confirms the head's lists, or finds them where the first baskets hold one
  // item each (no separator in the head: its lines are the same split or not).
  const sampleSep = listSeparator(fields);
  if (sep !== undefined && sampleSep !== sep) return null;
  const all = fields.map((r) => listed(r, sampleSep));
  if (itemCounts && !all.slice(1).every(counted)) return null;
  // Ids only if the whole sample says so: first items that recur further down are items ("P12").
  const basketIds = probeIds && leadingIds(all);
  const rows = all.map((r) => (itemCounts || basketIds ? r.slice(1) : r));
  const body = rows.slice(1);
  const codes = allCodes(body);
  const lengths = new Map<number, number>();
  for (const r of body) lengths.set(r.length, (lengths.get(r.length) ?? 0) + 1);
  if (Math.max(...lengths.values()) > body.length * MAX_COMMON_LENGTH || (!codes && numericShare(body) > MAX_NUMERIC)) return null;
  const positions = new Map<string, Set<number>>();
  let read = 0;
  for (const r of body) {
    r.forEach((item, i) => {
      if (item === '') return;
      read++;
      const at = positions.get(item) ?? new Set<number>();
      at.add(i);
      positions.set(item, at);
    });
  }
  if (positions.size > read * MAX_DISTINCT) return null;
  let moving = 0;
  for (const r of body) for (const item of r) if (item !== '' && positions.get(item)!.size > 1) moving++;
  if (moving < read * MIN_MOVING) return null;
  // Codes come without a header: numbers under names are a table's (with empty fields at its end).
  const list = sampleSep !== undefined ? { itemList: sampleSep } : {};
  if (codes) return allCodes(rows.slice(0, 1)) ? { header: false, itemCounts, basketIds, ...list, delimiter: d } : null;
  const unseen = rows[0]!.every((f) => f === '' || !positions.has(f));
  const named = rows[0]!.some((f) => f !== '') && rows[0]!.every((f) => f === '' || isHeaderWord(f));
  return { header: unseen && (body.length >= HEADER_EVIDENCE || named), itemCounts, basketIds, ...list, delimiter: d };
}

/**
 * The shape of a file the user says is one basket per line: as detected, or where detection
 * cannot tell (fewer lines than it needs, labels that do not repeat yet), no header unless the
 * lines below the first start with their item count or their basket's id.
 */
export function basketShape(lines: readonly string[], delimiter: string, quote: string): BasketShape {
  const detected = looksLikeBaskets(lines, delimiter, quote);
  if (detected) return detected;
  const d = itemDelimiter(lines, delimiter, quote);
  const fields = lines.map((l) => items(l, d, quote));
  const sep = listSeparator(fields, 0);
  const rows = fields.map((r) => listed(r, sep));
  const itemCounts = rows.length > 1 && rows.slice(1).every(counted);
  const basketIds = !itemCounts && rows.length > 1 && leadingIds(rows);
  // A header names the first column ("Item(s)", "Transaction"): its first field is no count or id.
  const header = itemCounts ? !counted(rows[0] ?? []) : basketIds && !/\d/.test(rows[0]![0] ?? '');
  return { header, itemCounts, basketIds, ...(sep !== undefined ? { itemList: sep } : {}), delimiter: d };
}

/**
 * ALIGNED when the delimiter splits no sampled line and runs of spaces split them into item codes
 * (FIMI's `.dat` files), else the delimiter: labels are never split by spaces ("kidney beans").
 */
function itemDelimiter(lines: readonly string[], delimiter: string, quote: string): string {
  if (delimiter === ALIGNED || !lines.every((l) => countFields(l, delimiter, quote) === 1)) return delimiter;
  return allCodes(lines.map((l) => items(l, ALIGNED, quote))) ? ALIGNED : delimiter;
}

/** Every non-empty field is a whole number (and there is one). */
function allCodes(rows: readonly string[][]): boolean {
  let any = false;
  for (const r of rows)
    for (const f of r) {
      if (f === '') continue;
      if (!CODE.test(f)) return false;
      any = true;
    }
  return any;
}

/** The share of non-empty fields that read as a number or a date (1 when there are none). */
function numericShare(rows: readonly string[][]): number {
  let read = 0;
  let numeric = 0;
  for (const r of rows)
    for (const item of r) {
      if (item === '') continue;
      read++;
      if (NUMERIC_OR_DATE.test(item)) numeric++;
    }
  return read === 0 ? 1 : numeric / read;
}

/** A field as a CSV value: quoted when it holds a quote, a comma or a line break, or has spaces at its ends. */
export function csvValue(v: string): string {
  return /[",\r\n]|^\s|\s$/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
}

/**
 * The long copy DuckDB reads: a header (BASKET_COLUMNS), then a row per non-empty field of each
 * line after the header, in order, the field as written (arules keeps "cream cheese " with its
 * space; cleaning trims what it compares; items listed in one field are split out by `itemList`),
 * a leading item count left out (`itemCounts`). The basket
 * is the line's leading id (`basketIds`: lines of one id make one basket), else `basketOf(line)`.
 * `starts`: per basket, the copy's data row of its first item and the line (see basketLine).
 * Text that is not UTF-8 is decided as for any copy (utf8-copy.ts).
 */
export function basketCopy(
  bytes: Uint8Array,
  format: {
    encoding: ByteEncoding;
    bom: boolean;
    delimiter: string;
    quote: string;
    header: boolean;
    itemCounts?: boolean;
    basketIds?: boolean;
    itemList?: string | undefined;
  },
  basketOf: (line: number) => string,
): BasketCopy {
  const text = decodedLines(bytes, format.encoding, format.bom);
  const out: string[] = [`${BASKET_COLUMNS.join(',')}\n`];
  const starts: [number, number][] = [];
  let row = 0;
  for (const [line, content] of text.lines) {
    if (line === 1 && format.header) continue;
    const all = listed(lineFields(content, format.delimiter, format.quote), format.itemList);
    const fields = all.slice(format.itemCounts || format.basketIds ? 1 : 0).filter((f) => f.trim() !== '');
    if (fields.length === 0) continue;
    starts.push([row, line]);
    const id = format.basketIds ? all[0]!.trim() : '';
    const basket = csvValue(id !== '' ? id : basketOf(line));
    for (const f of fields) out.push(`${basket},${csvValue(f)}\n`);
    row += fields.length;
  }
  return { bytes: new TextEncoder().encode(out.join('')), starts, ...(text.replaced ? { replaced: text.replaced } : {}) };
}

/**
 * A file's lines as text, numbered from 1 (line breaks as text.split(/\r\n|\n|\r/) finds them),
 * decoded from UTF-8 made as for any copy (asUtf8), with the bytes replaced to make it so.
 */
export function decodedLines(
  bytes: Uint8Array,
  encoding: ByteEncoding,
  bom: boolean,
): { lines: Iterable<[number, string]>; replaced?: { count: number; lines: number[] } } {
  const text = asUtf8(bytes, encoding, bom);
  const decoded = new TextDecoder().decode(text.bytes);
  function* lines(): Generator<[number, string]> {
    let line = 0;
    for (const m of decoded.matchAll(/([^\r\n]*)(\r\n|\n|\r|$)/g)) {
      if (m[0] === '') break;
      yield [++line, m[1]!];
    }
  }
  return { lines: lines(), ...(text.replaced ? { replaced: text.replaced } : {}) };
}

/** A long copy of baskets: its CSV bytes, each basket's first row and line (see basketLine), the bytes replaced to make it UTF-8. */
export interface BasketCopy {
  bytes: Uint8Array;
  starts: [number, number][];
  replaced?: { count: number; lines: number[] };
  /** Rows that hold no item, so no basket: how many, and their first lines (an item matrix's). */
  empty?: { count: number; lines: number[] };
}

/** The line of a basket file's data row `index` (starts from basketCopy: sorted by row). */
export function basketLine(starts: readonly [number, number][], index: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid]![0] <= index) lo = mid;
    else hi = mid - 1;
  }
  return starts[lo]![1];
}
