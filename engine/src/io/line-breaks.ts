/**
 * Mixed line endings: a CRLF export with one LF line appended, files joined from Windows and Unix
 * parts, "\r\r\n" from converting twice. DuckDB's reader takes one kind of line break per file
 * and refuses the rest (its sniffer finds no dialect, or its state machine stops mid-file), so
 * such a file is read from a copy whose line breaks are all LF (read-sources.ts, on that failure
 * only, and in the copies made for the encoding). Line breaks inside quoted fields are values and
 * stay as they are; the copy has the file's lines, so the rows messages name are the file's.
 */

const LF = 0x0a;
const CR = 0x0d;

/**
 * `bytes` (an ASCII-compatible encoding: UTF-8, Windows-1252) with every line break outside
 * quoted fields as one LF, or undefined when they are all of one kind already (LF, CRLF or CR
 * alone). CRs right before a LF belong to its line break ("\r\r\n" is one); other CRs end a line
 * each. Quotes as RFC 4180 has them: one opens a field at its start only, doubled inside it is one.
 */
export function uniformLineBreaks(bytes: Uint8Array, delimiter: string, quote: string): Uint8Array | undefined {
  // Most files that get here have no CR: nothing to scan.
  if (bytes.indexOf(CR) < 0) return undefined;
  const d = delimiter.charCodeAt(0);
  const q = quote ? quote.charCodeAt(0) : -1;
  const out = new Uint8Array(bytes.length);
  let n = 0;
  // The kinds of line break seen: 1 LF, 2 CRLF, 4 CR alone, 8 several CRs before a LF.
  let kinds = 0;
  let quoted = false;
  // A quote here opens a quoted field: at a field's start, or right after a closing quote (a doubled one).
  let opens = true;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (quoted) {
      // A doubled quote reads as closing the field and opening it again.
      if (c === q) {
        quoted = false;
        opens = true;
      }
      out[n++] = c;
      continue;
    }
    if (c === LF) {
      kinds |= 1;
      out[n++] = LF;
      opens = true;
    } else if (c === CR) {
      let j = i;
      while (bytes[j + 1] === CR) j++;
      if (bytes[j + 1] === LF) {
        kinds |= j === i ? 2 : 8;
        out[n++] = LF;
        i = j + 1;
      } else {
        kinds |= 4;
        // Each CR alone ends a line (a blank one after the first), as DuckDB reads a CR file.
        for (let k = i; k <= j; k++) out[n++] = LF;
        i = j;
      }
      opens = true;
    } else {
      if (c === q && opens) quoted = true;
      opens = c === d;
      out[n++] = c;
    }
  }
  return kinds === 0 || kinds === 1 || kinds === 2 || kinds === 4 ? undefined : out.subarray(0, n);
}
