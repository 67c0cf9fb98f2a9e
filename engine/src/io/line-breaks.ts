/**
 * Mixed line endings: a CRLF export with one LF line appended, files joined from Windows and Unix
 * parts, "\r\r\n" from converting twice. DuckDB's reader takes one kind of line break per file
 * and refuses the rest (its sniffer finds no dialect, or its state machine stops mid-file), so
 * such a file is read from a copy whose line breaks are all LF (read-sources.ts, on that failure
 * only, and in the copies made for the encoding). Line breaks inside quoted fields are values and
 * stay as they are; the copy has the file's lines, so the rows messages name are the file's.
 *
 * A CR alone inside an unquoted field of a file whose lines end in LF or CRLF ("Mug\rBig", text
 * pasted from an old Mac program) is no line break: read as one, it splits its row in two short
 * ones and the second's values land in the wrong columns. It is read as a space in its value.
 */

const LF = 0x0a;
const CR = 0x0d;
const SPACE = 0x20;

/** CRs alone read inside their values: how many, and the first one's record (1-based, as blank-lines.ts numbers rows) and field (0-based). */
export interface CarriageReturns {
  count: number;
  row: number;
  field: number;
}

/** The copy DuckDB reads: the file's bytes with one kind of line break, and the CRs read inside values. */
export interface LinesCopy {
  bytes: Uint8Array;
  carriageReturns?: CarriageReturns;
}

/**
 * `bytes` (an ASCII-compatible encoding: UTF-8, Windows-1252) with every line break outside
 * quoted fields as one LF, or undefined when they are all of one kind already (LF, CRLF or CR
 * alone) and no CR is read inside a value. CRs right before a LF belong to its line break
 * ("\r\r\n" is one); other CRs end a line each, unless the file's first line ends in LF or
 * CRLF and the CR's record read on past it fits the widest record so far, of 2 fields or more
 * (then each is a space in its value: a whole record ending at the CR and the next one never
 * fit, and a row with more fields than the header would be refused anyway). Quotes as RFC 4180 has them: one opens a field at its start only,
 * doubled inside it is one.
 */
export function uniformLineBreaks(bytes: Uint8Array, delimiter: string, quote: string): LinesCopy | undefined {
  // Most files that get here have no CR: nothing to scan.
  if (bytes.indexOf(CR) < 0) return undefined;
  const d = delimiter.charCodeAt(0);
  const q = quote ? quote.charCodeAt(0) : -1;
  // In a file of CRs alone (old Mac: its first line ends in one) a CR ends a line, short rows and all.
  const crLines = firstLineBreak(bytes, q) === CR;
  const out = new Uint8Array(bytes.length);
  let n = 0;
  // The kinds of line break seen: 1 LF, 2 CRLF, 4 CR alone, 8 several CRs before a LF.
  let kinds = 0;
  let quoted = false;
  // A quote here opens a quoted field: at a field's start, or right after a closing quote (a doubled one).
  let opens = true;
  let row = 1;
  let field = 0;
  let width = 0;
  let inValues: CarriageReturns | undefined;
  let lastRow = 0;
  let lastField = 0;
  const lineEnd = () => {
    width = Math.max(width, field + 1);
    row++;
    field = 0;
    opens = true;
  };
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
      lineEnd();
    } else if (c === CR) {
      let j = i;
      while (bytes[j + 1] === CR) j++;
      if (bytes[j + 1] === LF) {
        kinds |= j === i ? 2 : 8;
        out[n++] = LF;
        i = j + 1;
        lineEnd();
      } else if (!crLines && width > 1 && j + 1 < bytes.length && field + fieldsAhead(bytes, j + 1, d, q) <= width) {
        // A value counted once, however many CRs it holds.
        if (!inValues) inValues = { count: 1, row, field };
        else if (row !== lastRow || field !== lastField) inValues.count++;
        lastRow = row;
        lastField = field;
        for (let k = i; k <= j; k++) out[n++] = SPACE;
        i = j;
        opens = false;
      } else {
        kinds |= 4;
        // Each CR alone ends a line (a blank one after the first), as DuckDB reads a CR file.
        for (let k = i; k <= j; k++) {
          out[n++] = LF;
          lineEnd();
        }
        i = j;
      }
    } else {
      if (c === q && opens) quoted = true;
      if (c === d) field++;
      opens = c === d;
      out[n++] = c;
    }
  }
  if (inValues) return { bytes: out.subarray(0, n), carriageReturns: inValues };
  return kinds === 0 || kinds === 1 || kinds === 2 || kinds === 4 ? undefined : { bytes: out.subarray(0, n) };
}

/** The byte that ends the first line outside quotes (CR for CR alone, LF for LF or CRLF); undefined for one line. */
function firstLineBreak(bytes: Uint8Array, q: number): number | undefined {
  let quoted = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (c === q) quoted = !quoted;
    else if (!quoted && (c === LF || c === CR)) return c === CR && bytes[i + 1] !== LF ? CR : LF;
  }
  return undefined;
}

/** Fields from `from` to the next line break outside quotes (a LF or a CR), quotes as uniformLineBreaks reads them. */
function fieldsAhead(bytes: Uint8Array, from: number, d: number, q: number): number {
  let fields = 1;
  let quoted = false;
  let opens = true;
  for (let i = from; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (quoted) {
      if (c === q) {
        quoted = false;
        opens = true;
      }
    } else if (c === LF || c === CR) return fields;
    else {
      if (c === q && opens) quoted = true;
      if (c === d) fields++;
      opens = c === d;
    }
  }
  return fields;
}

/** The words for files whose values hold a CR alone (inspect, the Data screen), one per file. */
export function carriageReturnNotes(sources: readonly { name: string; carriageReturns?: { count: number; row: number; column?: string } }[]): string[] {
  return sources.flatMap((s) => {
    const cr = s.carriageReturns;
    if (!cr) return [];
    const one = cr.count === 1;
    const where = `${cr.column !== undefined ? `"${cr.column}" on ` : ''}row ${cr.row}`;
    return [
      `${s.name}: ${cr.count.toLocaleString('en-US')} ${one ? 'value holds' : 'values hold'} a carriage return (a CR alone, not a line end in this file) inside, read as a space in the value: ${one ? '' : 'the first '}${where}`,
    ];
  });
}
