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
  // DuckDB's sniffer may take "#" for a comment character, even within a line: never plain.
  if (text.includes('#')) return false;
  const n = text.length;
  let nextLf = -1;
  let nextCr = -1;
  let nextQuote = -1;
  let line = 1;
  for (let at = 0; at < n; line++) {
    if (nextLf < at) nextLf = indexOrEnd(text, '\n', at);
    if (nextCr < at) nextCr = indexOrEnd(text, '\r', at);
    if (nextQuote < at) nextQuote = indexOrEnd(text, quote, at);
    const end = Math.min(nextLf, nextCr);
    if (end > at) {
      const fields = nextQuote < end ? quotedFields(text, at, end, delimiter, quote) : delimitedFields(text, at, end, delimiter);
      if (fields < 0 || (line > skip && fields !== width)) return false;
    }
    at = end + (text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? 2 : 1);
  }
  return true;
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
