/** A CSV cell value: text, a number, or empty. */
export type Cell = string | number | null | undefined;

/**
 * Characters that make a spreadsheet treat a text cell as a formula (or inject one through
 * DDE): = + - @ at the start, and tab or carriage return, which some programs strip first.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Neutralises a text cell that a spreadsheet would run as a formula by prefixing an
 * apostrophe (OWASP's advice): "=HYPERLINK(...)" becomes "'=HYPERLINK(...)". Numbers are never
 * text cells, so negative amounts stay numbers.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** A quote or line break anywhere, or white space at either end. */
const NEEDS_QUOTES = /["\r\n]|^\s|\s$/;

/** One cell, quoted when needed; numbers as plain decimals, infinities as "inf". */
export function csvCell(value: Cell, delimiter = ','): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') {
    if (Number.isNaN(value)) return '';
    if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
    return String(value);
  }
  const text = neutraliseFormula(value);
  return text.includes(delimiter) || NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRow(cells: readonly Cell[], delimiter = ','): string {
  return cells.map((c) => csvCell(c, delimiter)).join(delimiter);
}

export interface CsvOptions {
  /** Start with a UTF-8 byte-order mark so Excel opens the file as UTF-8. */
  bom?: boolean;
  delimiter?: string;
}

/** Whole CSV text: header, rows, CRLF-free "\n" line ends. O(cells). */
export function toCsv(header: readonly string[], rows: Iterable<readonly Cell[]>, options: CsvOptions = {}): string {
  const d = options.delimiter ?? ',';
  const parts = [csvRow(header, d)];
  for (const r of rows) parts.push(csvRow(r, d));
  return `${(options.bom ? '\ufeff' : '') + parts.join('\n')}\n`;
}

/** Rounds money and shares for export without float noise ("12.300000000000001"). */
export function round(value: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
