/**
 * An item matrix: a column per item, a row per basket, each cell saying whether the basket holds
 * the item. It is the "one-hot" table mlxtend's TransactionEncoder makes and pandas writes (an
 * unnamed index column first), the layout many market-basket sets are published in. Like one
 * basket per line (basket-lines.ts), it is read from a long copy, one row per item held:
 * (basket, item), the basket named by the first column when that is an id, else by its line.
 */
import { EngineError } from '../errors.ts';
import { HEADER_SYNONYMS, normaliseHeader, type Role } from '../mapping/roles.ts';
import { BASKET_COLUMNS, csvValue, decodedLines, lineFields, type BasketCopy } from './basket-lines.ts';
import type { ByteEncoding } from './code-pages.ts';

const YES = new Set(['1', '1.0', 'true', 't', 'yes', 'y', 'x']);
const NO = new Set(['0', '0.0', 'false', 'f', 'no', 'n', '']);

/** A count of units: pandas' pivot of quantities per basket and item ("6.0"), which only a chosen matrix may hold. */
const COUNT = /^\d+(\.\d+)?$/;

/** What a cell may hold, for messages. */
const values = (counts: boolean) => (counts ? '1/0, true/false, yes/no, x and empty, or a count' : '1/0, true/false, yes/no, or x and empty');

/** Detection wants at least this many item columns: fewer yes/no columns are flags of a table. */
const MIN_ITEMS = 3;

/** Roles no item is named after: a yes/no column headed so is a table's flag (a refund, a paid order), not an item. */
const TABLE_ROLES: readonly Role[] = ['invoice', 'customer', 'date', 'quantity', 'unit_price', 'line_total', 'email'];
const namesTableRole = (header: string) => TABLE_ROLES.some((role) => HEADER_SYNONYMS[role].includes(normaliseHeader(header)));

const yesNo = (cell: string) => {
  const v = cell.trim().toLowerCase();
  return YES.has(v) ? true : NO.has(v) ? false : undefined;
};

/** Whether a cell says the basket holds the item: yes/no, or with `counts` a count above 0; undefined when it says neither. */
const holds = (cell: string, counts: boolean) => {
  const v = yesNo(cell);
  if (v !== undefined || !counts || !COUNT.test(cell.trim())) return v;
  return Number(cell.trim()) > 0;
};

/**
 * Whether sampled lines (non-blank, split by the sniffed delimiter) are an item matrix: a header
 * of names, then rows as wide as it whose cells are all yes/no values, some of them yes, except
 * perhaps the first column's, the basket's id (it is taken as one when its header is empty, as
 * pandas writes an index, or when its values are not yes/no). A file's first data line turns a
 * table away. `chosen`: the user said it is one; fewer item columns then do, cells may be counts
 * (`counts`: some are), and what contradicts the layout is explained instead of detection giving up.
 */
export function looksLikeMatrix(
  lines: readonly string[],
  delimiter: string,
  quote: string,
  chosen = false,
  file = '',
): { matrixId: boolean; counts: boolean } | null {
  const refuse = (message: string, row?: number, column?: string): null => {
    if (!chosen) return null;
    throw new EngineError('parse', `not an item matrix: ${message}`, {
      file,
      ...(row !== undefined ? { row } : {}),
      ...(column !== undefined ? { column } : {}),
    });
  };
  const header = lineFields(lines[0] ?? '', delimiter, quote).map((h) => h.trim());
  if (lines.length < 2) return refuse('it needs a header of item names and at least one row');
  let id = header[0] === '';
  let yes = false;
  let counts = false;
  // Line by line: a table shows itself in its first data line (its first number or text not yes/no).
  for (let k = 0; k < lines.length - 1; k++) {
    const r = lineFields(lines[k + 1]!, delimiter, quote);
    if (r.length !== header.length) return refuse(`the row has ${r.length} fields where the header has ${header.length}`, k + 2);
    for (let i = 0; i < r.length; i++) {
      // A first column of numbers is pandas' index or an invoice number, never counts.
      const v = i === 0 ? yesNo(r[i]!) : holds(r[i]!, chosen);
      if (v === undefined) {
        if (i === 0) id = true;
        else return refuse(`"${r[i]}" is not a yes/no value (${values(chosen)})`, k + 2, header[i]);
      } else {
        if (v && (i > 0 || !id)) yes = true;
        if (i > 0 && yesNo(r[i]!) === undefined) counts = true;
      }
    }
  }
  const items = header.length - (id ? 1 : 0);
  if (items < (chosen ? 1 : MIN_ITEMS)) return refuse('no item columns');
  if (!yes) return refuse('no cell says yes');
  // Detected only when the item names are names: a header of numbers is a table's first line, and
  // one naming an invoice, a date or an amount is a table whose first rows happen to be yes/no.
  if (!chosen && header.slice(id ? 1 : 0).some((h) => h === '' || yesNo(h) !== undefined || namesTableRole(h))) return null;
  return { matrixId: id, counts };
}

/**
 * The long copy DuckDB reads: a header (BASKET_COLUMNS), then a row per yes cell, in order, the
 * item named by its column. The basket is the first column's value when it is an id (`matrixId`),
 * else `basketOf(line)`. Rows holding no item are counted (`empty`): they are no basket in the
 * copy, so supports are relative to the rest, which the reader is told. With `counts`, a count
 * above 0 is held. A cell that says neither, or a row of another width, is an error naming its line and column.
 */
export function matrixCopy(
  bytes: Uint8Array,
  file: string,
  format: { encoding: ByteEncoding; bom: boolean; delimiter: string; quote: string; matrixId: boolean; counts: boolean },
  basketOf: (line: number) => string,
): BasketCopy {
  const text = decodedLines(bytes, format.encoding, format.bom);
  const out: string[] = [`${BASKET_COLUMNS.join(',')}\n`];
  const starts: [number, number][] = [];
  const empty = { count: 0, lines: [] as number[] };
  let header: string[] | undefined;
  let names: string[] = [];
  let row = 0;
  for (const [line, content] of text.lines) {
    if (content.trim() === '') continue;
    const fields = lineFields(content, format.delimiter, format.quote);
    if (!header) {
      header = fields.map((h, i) => h.trim() || `column${i}`);
      names = header.map(csvValue);
      continue;
    }
    if (fields.length !== header.length)
      throw new EngineError('parse', `the row has ${fields.length} fields where the header has ${header.length}`, { file, row: line });
    const basket = csvValue(format.matrixId && fields[0]!.trim() !== '' ? fields[0]!.trim() : basketOf(line));
    let held = 0;
    for (let i = format.matrixId ? 1 : 0; i < fields.length; i++) {
      const v = holds(fields[i]!, format.counts);
      if (v === undefined)
        throw new EngineError('parse', `"${fields[i]}" is not a yes/no value (${values(format.counts)})`, { file, row: line, column: header[i]! });
      if (!v) continue;
      if (held === 0) starts.push([row, line]);
      out.push(`${basket},${names[i]}\n`);
      held++;
    }
    row += held;
    if (held === 0) {
      empty.count++;
      if (empty.lines.length < 5) empty.lines.push(line);
    }
  }
  return {
    bytes: new TextEncoder().encode(out.join('')),
    starts,
    ...(empty.count > 0 ? { empty } : {}),
    ...(text.replaced ? { replaced: text.replaced } : {}),
  };
}

/**
 * Item matrices with rows that hold no item: no basket is made of them, so supports are relative
 * to the baskets with items (mlxtend counts every row), one line per file, with examples.
 */
export function emptyBasketWarnings(
  sources: readonly { name: string; emptyBaskets?: { count: number; lines: number[] }; basketStarts?: unknown[] }[],
): string[] {
  return sources.flatMap((s) =>
    s.emptyBaskets
      ? [
          `${s.name}: ${s.emptyBaskets.count.toLocaleString('en-US')} row${s.emptyBaskets.count > 1 ? 's hold' : ' holds'} no item (line ${s.emptyBaskets.lines.join(', ')}${s.emptyBaskets.count > s.emptyBaskets.lines.length ? ', ...' : ''}): ` +
            `no basket is made of ${s.emptyBaskets.count > 1 ? 'them' : 'it'}, so supports are shares of the ${(s.basketStarts?.length ?? 0).toLocaleString('en-US')} baskets with items`,
        ]
      : [],
  );
}
