/** A CSV cell value: text, a number, or empty. */
export type Cell = string | number | null | undefined;

/**
 * Characters that make a spreadsheet treat a text cell as a formula (or inject one through
 * DDE): = + - @ at the start, and tab or carriage return, which some programs strip first.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * What a column holds, for the formula guard: any text, or a contact value whose plain form is
 * written bare (see SAFE_SHAPE). Campaign lists say it per column; every other file is all text.
 */
export type ColumnKind = 'text' | 'phone' | 'email';

/**
 * Values that start like a formula but cannot run anything, so are written as they are: the
 * apostrophe would break them for the mailing tools and CRMs these columns are for ("'+44 7700
 * 900123" is no E.164 number, "'-dash@example.com" no address). A formula runs something only
 * through a function call (a name then "("), a DDE link ("|"), an external reference ("!", "[")
 * or a string; these shapes have none of them.
 * - phone: an optional "+", a digit, then digits and separators: at most arithmetic on numbers.
 * - email: letters, digits and . _ + - before the "@", letters, digits, "." and "-" after: at most
 *   names and operators (Excel shows #NAME? or keeps the text). An address may lawfully hold
 *   | ' ! = and more before its "@" ("-cmd|'/Ccalc'!A0@example.com" is a valid address and a
 *   DDE payload), so only this narrow form is exempt and any other address keeps its apostrophe.
 */
const SAFE_SHAPE: Readonly<Record<Exclude<ColumnKind, 'text'>, RegExp>> = {
  phone: /^\+?[0-9][0-9 ()./-]*$/,
  email: /^[A-Za-z0-9._+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$/,
};

/**
 * Neutralises a text cell that a spreadsheet would run as a formula by prefixing an
 * apostrophe (OWASP's advice): "=HYPERLINK(...)" becomes "'=HYPERLINK(...)", unless the column's
 * kind says the value cannot run (SAFE_SHAPE). Numbers are never text cells, so negative amounts
 * stay numbers.
 */
export function neutraliseFormula(text: string, kind: ColumnKind = 'text'): string {
  if (!FORMULA_START.test(text)) return text;
  return kind !== 'text' && SAFE_SHAPE[kind].test(text) ? text : `'${text}`;
}

/** A quote or line break anywhere, or white space at either end. */
const NEEDS_QUOTES = /["\r\n]|^\s|\s$/;

/** One cell, quoted when needed; numbers as plain decimals, infinities as "inf". */
export function csvCell(value: Cell, delimiter = ',', kind: ColumnKind = 'text'): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return String(value);
  }
  const text = neutraliseFormula(value, kind);
  return text.includes(delimiter) || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One line; `kinds[j]` is column j's kind (default text). */
export function csvRow(cells: readonly Cell[], delimiter = ',', kinds: readonly ColumnKind[] = []): string {
  return cells.map((c, j) => csvCell(c, delimiter, kinds[j])).join(delimiter);
}

export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark so Excel opens the file as UTF-8. */
  bom?: boolean;
  delimiter?: string;
  /** Kind per column position, for the formula guard of the rows (not the header); default text. */
  kinds?: readonly ColumnKind[];
}

/** Whole CSV text: header, rows, CRLF-free "\n" line ends. O(cells). */
export function toCsv(header: readonly string[], rows: Iterable<readonly Cell[]>, options: CsvOptions = {}): string {
  const d = options.delimiter ?? ',';
  const parts = [csvRow(header, d)];
  for (const r of rows) parts.push(csvRow(r, d, options.kinds));
  return `${(options.bom ? '\ufeff' : '') + parts.join('\n')}\n`;
}

/** Rounds money and shares for export without float noise ("12.300000000000001"). */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
