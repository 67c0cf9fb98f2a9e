/**
 * Whether DuckDB needs to sniff a CSV file at all. DuckDB's read_csv sniffs every file it is
 * handed (a few milliseconds each: most of the read on a folder of small daily files) unless
 * auto_detect is off. Its sniffer can learn three things the reader does not tell it: a comment
 * character ("#", whole lines or the rest of one), rows to skip at the top, and more columns than
 * the header names. None of them exists in a plain table, so such a file reads the same with the
 * sniffer off (test/engine/io/plain-table.test.ts compares both on random files).
 */

const LF = 10;
const CR = 13;

/** Files up to this size are checked whole (read a second time); larger ones keep DuckDB's sniffer. */
export const PLAIN_CHECK_BYTES = 4 * 1024 * 1024;

/**
 * True when `text` (a whole file, decoded) is a plain table below its first `skip` lines: every
 * non-blank line is one record of exactly `width` fields; quotes only enclose whole fields and
 * never a line break; no "#" anywhere. Lines without a quote are checked by counting
 * delimiters (indexOf), the rest character by character.
 */
export function isPlainTable(text: string, skip: number, width: number, delimiter: string, quote: string): boolean {
  return isPlainText([text], skip, width, delimiter, quote);
}

/**
 * isPlainTable of the pieces joined, one piece at a time (text-pieces.ts): a piece's last line,
 * which the next piece may continue, is checked with the next.
 */
export function isPlainText(pieces: Iterable<string>, skip: number, width: number, delimiter: string, quote: string): boolean {
  const state = { line: 1, skip, width, delimiter, quote };
  let rest = '';
  for (const piece of pieces) {
    // DuckDB's sniffer may take "#" for a comment character, even within a line: never plain.
    if (piece.includes('#')) return false;
    const text = rest + piece;
    const at = checkLines(text, false, state);
    if (at < 0) return false;
    rest = text.slice(at);
  }
  return checkLines(rest, true, state) >= 0;
}

/**
 * Checks the lines of `text` (the line count going on from `state.line`): all of them when it ends
 * the file (`last`), else those whose line break it holds whole (a CR ending it may start a CRLF).
 * Returns where the unchecked rest starts, or -1 when a line is not a plain record.
 */
function checkLines(text: string, last: boolean, state: { line: number; skip: number; width: number; delimiter: string; quote: string }): number {
  const { skip, width, delimiter, quote } = state;
  const n = text.length;
  let nextLf = -1;
  let nextCr = -1;
  let nextQuote = -1;
  let line = state.line;
  let at = 0;
  for (; at < n; line++) {
    if (nextLf < at) nextLf = indexOrEnd(text, '\n', at);
    if (nextCr < at) nextCr = indexOrEnd(text, '\r', at);
    if (nextQuote < at) nextQuote = indexOrEnd(text, quote, at);
    const end = Math.min(nextLf, nextCr);
    if (!last && (end === n || (end === n - 1 && text.charCodeAt(end) === CR))) break;
    if (end > at) {
      const fields = nextQuote < end ? quotedFields(text, at, end, delimiter, quote) : delimitedFields(text, at, end, delimiter);
      if (fields < 0 || (line > skip && fields !== width)) return -1;
    }
    at = end + (text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? 2 : 1);
  }
  state.line = line;
  return at;
}

function indexOrEnd(text: string, s: string, from: number): number {
  const i = text.indexOf(s, from);
  return i < 0 ? text.length : i;
}

/** Fields of a line without quotes. */
function delimitedFields(text: string, start: number, end: number, delimiter: string): number {
  let fields = 1;
  for (let i = text.indexOf(delimiter, start); i >= 0 && i < end; i = text.indexOf(delimiter, i + 1)) fields++;
  return fields;
}

/** Fields of a line holding quotes; -1 when a quote does not enclose a whole field or is not closed on the line. */
function quotedFields(text: string, start: number, end: number, delimiter: string, quote: string): number {
  const d = delimiter.charCodeAt(0);
  const q = quote.charCodeAt(0);
  let fields = 1;
  let fieldStart = true;
  for (let i = start; i < end; i++) {
    const ch = text.charCodeAt(i);
    if (ch === q) {
      if (!fieldStart) return -1;
      // A quoted field: to its closing quote, which must end the field.
      for (i++; ; i++) {
        if (i >= end) return -1;
        if (text.charCodeAt(i) === q) {
          if (text.charCodeAt(i + 1) === q) i++;
          else break;
        }
      }
      if (i + 1 < end && text.charCodeAt(i + 1) !== d) return -1;
      fieldStart = false;
    } else if (ch === d) {
      fields++;
      fieldStart = true;
    } else fieldStart = false;
  }
  return fields;
}
