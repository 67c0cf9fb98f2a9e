/**
 * Where a file's quotes go wrong, for the load that DuckDB refused (read-sources.ts, on a parse
 * error only): DuckDB's reader says so without a line past its sniffed sample, or names the end
 * of the file for a quote opened early. The file is scanned as its strict reader reads it: a
 * quote opens a field at its start only (elsewhere it is text), a doubled quote inside is one
 * quote, and the closing quote must end the field. A quote escaped by a backslash (MySQL's
 * exports: `"12\" TRAY"`) breaks the last rule; when reading backslashes as escapes makes the
 * whole file read, and changes nothing else, the file is read that way.
 */

const LF = 0x0a;
const CR = 0x0d;
const BACKSLASH = 0x5c;

/** The first place the quotes go wrong: the row (a record, as blank-lines.ts numbers them) and how. */
export interface QuoteFault {
  row: number;
  /** The field's place in its row, 0-based. */
  field: number;
  /** The field's quote is never closed (`row` is where it opened); else text follows its closing quote. */
  unclosed: boolean;
}

/** What a scan found; `escaped`: backslash escapes read (with escape '\\'), and the first one's row. */
export interface QuoteScan {
  fault?: QuoteFault;
  escaped?: { count: number; row: number };
  /** With escape '\\': a backslash in a quoted field before another character, which DuckDB would drop. */
  bareEscape?: true;
}

/**
 * Scans `bytes` (an ASCII-compatible encoding) as DuckDB reads them with this delimiter, quote
 * and escape (the quote itself, or '\\'). Line breaks are LF, CRLF or CR alone, as line-breaks.ts
 * makes them; a quoted one is in its field, and starts no row.
 */
export function scanQuotes(bytes: Uint8Array, delimiter: string, quote: string, escapeChar = quote): QuoteScan {
  const d = delimiter.charCodeAt(0);
  const q = quote.charCodeAt(0);
  const backslash = escapeChar === '\\';
  let row = 1;
  let openRow = 1;
  let field = 0;
  let openField = 0;
  let state: 'start' | 'plain' | 'quoted' | 'closed' = 'start';
  let count = 0;
  let firstEscaped = 0;
  let bareEscape = false;
  for (let i = 0; i < bytes.length; i++) {
    const c = bytes[i]!;
    if (state === 'quoted') {
      if (backslash && c === BACKSLASH) {
        const next = bytes[i + 1];
        if (next === q || next === BACKSLASH) {
          if (count++ === 0) firstEscaped = row;
          i++;
        } else bareEscape = true;
      } else if (c === q) {
        if (!backslash && bytes[i + 1] === q) i++;
        else state = 'closed';
      }
      continue;
    }
    if (c === d) {
      state = 'start';
      field++;
    } else if (c === LF || c === CR) {
      if (c === CR && bytes[i + 1] === LF) i++;
      row++;
      field = 0;
      state = 'start';
    } else if (state === 'closed') return { fault: { row, field, unclosed: false } };
    else if (state === 'start' && c === q) {
      state = 'quoted';
      openRow = row;
      openField = field;
    } else state = 'plain';
  }
  const out: QuoteScan = state === 'quoted' ? { fault: { row: openRow, field: openField, unclosed: true } } : {};
  if (count > 0) out.escaped = { count, row: firstEscaped };
  if (bareEscape) out.bareEscape = true;
  return out;
}

/**
 * The backslash escapes of a file whose quotes go wrong as RFC 4180 has them (scanQuotes found a
 * fault), when they are the one reading
 * that makes it whole: read with escape '\\', no quote goes wrong and no backslash is dropped
 * (DuckDB drops one before any character but a quote or a backslash). Undefined otherwise.
 */
export function backslashEscapes(bytes: Uint8Array, delimiter: string, quote: string): { count: number; row: number } | undefined {
  const read = scanQuotes(bytes, delimiter, quote, '\\');
  return read.fault || read.bareEscape ? undefined : read.escaped;
}

/** The words for files read with backslash escapes (inspect, the Data screen), one per file. */
export function backslashEscapeNotes(sources: readonly { name: string; backslashEscapes?: { count: number; row: number } }[]): string[] {
  return sources.flatMap((s) =>
    s.backslashEscapes
      ? [
          `${s.name}: its quoted fields escape quotes with a backslash (\\", as MySQL writes them), read so: ${s.backslashEscapes.count.toLocaleString('en-US')} escaped, the first on row ${s.backslashEscapes.row}`,
        ]
      : [],
  );
}
