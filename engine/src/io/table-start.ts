/**
 * Where the table starts in a sheet or a CSV: exports often put a title, a date range or a
 * blank line above the header ("Sales report", "Exported 2023-02-01"), and Excel's CSV may
 * start with a `sep=;` line naming the delimiter. Both are found here from a sample, so the
 * reader can skip those lines and say so.
 */
import { countFields } from './sniff.ts';
import { NEED_MORE } from './text-pieces.ts';

/** Lines looked at for title rows above the header. */
const PREAMBLE_SCAN = 30;
/** Records sampled to learn the table's width. */
const WIDTH_SAMPLE = 200;

export interface SampleRecord {
  fields: string[];
  /** 0-based physical line the record starts on. */
  line: number;
}

/**
 * Splits a text sample into CSV records honouring quotes (a quoted field may span lines); a
 * record cut off by the end of a partial sample is dropped. Stops after `limit` records.
 * With `prefix`, `text` is the sample's start (SampleText.read): NEED_MORE when it holds fewer.
 */
export function sampleRecords(
  text: string,
  delimiter: string,
  quote: string,
  partial: boolean,
  limit = WIDTH_SAMPLE + PREAMBLE_SCAN,
  prefix = false,
): SampleRecord[] {
  const out: SampleRecord[] = [];
  walkRecords(text, delimiter, quote, partial, limit, prefix, (line, start, end, fields) => {
    out.push({ fields: fields ?? text.slice(start, end).split(delimiter), line });
  });
  return out;
}

/**
 * Walks the records sampleRecords splits, giving each one's 0-based first line, the physical
 * lines it spans, and either its fields (a record holding a quote, read character by character)
 * or, for a line without quotes, its span text[start, end), to be split at each delimiter. The
 * start of a sample (`prefix`) is walked as a partial one: its records are the sample's when
 * `limit` are found.
 */
function walkRecords(
  text: string,
  delimiter: string,
  quote: string,
  sampleIsPartial: boolean,
  limit: number,
  prefix: boolean,
  visit: (line: number, start: number, end: number, fields: string[] | undefined, lines: number) => void,
): void {
  const partial = sampleIsPartial || prefix;
  let records = 0;
  let line = 0;
  let at = 0;
  let lf = -1;
  let cr = -1;
  let q = -1;
  while (at < text.length && records < limit) {
    if (lf < at) lf = indexOrEnd(text, '\n', at);
    if (cr < at) cr = indexOrEnd(text, '\r', at);
    if (q < at) q = indexOrEnd(text, quote, at);
    const end = Math.min(lf, cr);
    if (q < end) {
      const r = quotedRecord(text, at, delimiter, quote, partial);
      if (r.fields) {
        // r.lines counts the record's own line break, which the text's last record lacks.
        visit(line, at, r.next, r.fields, r.lines + (r.atEnd ? 1 : 0));
        records++;
      }
      line += r.lines;
      at = r.next;
      continue;
    }
    // An unterminated last line of a partial sample may be cut: dropped.
    if (end === text.length && partial) break;
    if (end > at) {
      visit(line, at, end, undefined, 1);
      records++;
    }
    line++;
    at = end + (text.charCodeAt(end) === CR && text.charCodeAt(end + 1) === LF ? 2 : 1);
  }
  if (prefix && records < limit) throw NEED_MORE;
}

const LF = 10;
const CR = 13;

function indexOrEnd(text: string, s: string, from: number): number {
  const i = text.indexOf(s, from);
  return i < 0 ? text.length : i;
}

/**
 * The record starting at `at`, character by character: its fields (undefined for a blank line,
 * or a record cut off by the end of a partial sample), the line breaks it spans (its own
 * included), where the next record starts, and whether the text ended it rather than a line break.
 */
export function quotedRecord(
  text: string,
  at: number,
  delimiter: string,
  quote: string,
  partial: boolean,
): { fields?: string[]; lines: number; next: number; atEnd?: true } {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  let any = false;
  let lines = 0;
  for (let i = at; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === quote) {
        if (text[i + 1] === quote) {
          field += quote;
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) lines++;
        field += ch;
      }
    } else if (ch === quote && field === '') {
      quoted = true;
      any = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
      any = true;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      fields.push(field);
      return { ...(any || fields.length > 1 || field !== '' ? { fields } : {}), lines: lines + 1, next: i + 1 };
    } else field += ch;
  }
  fields.push(field);
  return { ...(!partial && (any || field !== '') ? { fields } : {}), lines, next: text.length, atEnd: true };
}

const filled = (fields: readonly string[]) => fields.filter((f) => f.trim() !== '').length;

/** White space as String.prototype.trim removes it (the same set as \s). */
const SPACE = /\s/;

/** filled(text.slice(start, end).split(delimiter)), without splitting: most cells start with a letter or digit. */
function filledBetween(text: string, start: number, end: number, delimiter: string): number {
  let count = 0;
  for (let from = start; from <= end; ) {
    let to = text.indexOf(delimiter, from);
    if (to < 0 || to > end) to = end;
    if (!blankBetween(text, from, to)) count++;
    from = to + 1;
  }
  return count;
}

function blankBetween(text: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80 ? c !== 32 && (c < 9 || c > 13) : !SPACE.test(text[i]!)) return false;
  }
  return true;
}

const NUMERIC_OR_DATE = /^\s*[-+]?[\d.,:/\s-]+\s*$/;

/** A header names its columns: no cell is a number or a date. */
function looksLikeHeader(fields: readonly string[]): boolean {
  return fields.every((f) => f.trim() === '' || !NUMERIC_OR_DATE.test(f));
}

/**
 * Index of the header record below title rows: the first record filling more than half of the
 * table's width (the most cells any sampled record fills), provided it reads as a header.
 * 0 when the first record is the header, or when what follows the sparse rows is data (a file
 * without a header keeps every line).
 */
export function headerRecord(records: readonly SampleRecord[]): number {
  return headerIndex(
    records.map((r) => filled(r.fields)),
    (i) => records[i]!.fields,
  );
}

/** headerRecord from the records' filled cells, with a record's fields fetched when needed. */
function headerIndex(filledCells: readonly number[], fieldsOf: (i: number) => readonly string[]): number {
  let width = 0;
  for (let i = 0; i < Math.min(filledCells.length, WIDTH_SAMPLE + PREAMBLE_SCAN); i++) width = Math.max(width, filledCells[i]!);
  if (width < 2) return 0;
  for (let i = 0; i < Math.min(filledCells.length, PREAMBLE_SCAN); i++) {
    if (filledCells[i]! * 2 > width) return i > 0 && looksLikeHeader(fieldsOf(i)) ? i : 0;
  }
  return 0;
}

/**
 * headerRecord(sampleRecords(...)), that record's first line and whether it reads as a header,
 * counting cells without splitting lines.
 */
function headerOfSample(text: string, delimiter: string, quote: string, partial: boolean, prefix: boolean): { index: number; line: number; named: boolean } {
  const cells: number[] = [];
  const lines: number[] = [];
  const spans: [number, number, string[] | undefined][] = [];
  walkRecords(text, delimiter, quote, partial, WIDTH_SAMPLE + PREAMBLE_SCAN, prefix, (line, start, end, fields) => {
    cells.push(fields ? filled(fields) : filledBetween(text, start, end, delimiter));
    lines.push(line);
    if (spans.length < PREAMBLE_SCAN) spans.push([start, end, fields]);
  });
  const fieldsOf = (i: number) => {
    const [start, end, fields] = spans[i]!;
    return fields ?? text.slice(start, end).split(delimiter);
  };
  const index = headerIndex(cells, fieldsOf);
  return { index, line: lines[index] ?? 0, named: index < spans.length && looksLikeHeader(fieldsOf(index)) };
}

/** Excel's `sep=;` first line (optionally quoted): the delimiter it names. */
export function sepLine(text: string): string | undefined {
  const first = /^[^\r\n]*/.exec(text)![0].trim();
  const m = /^"?sep=(.)"?$/i.exec(first);
  return m?.[1];
}

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * The delimiter most of the sample agrees on: for each candidate, the field count most records
 * share, weighed by the lines those records span (title rows above the table, which it does not
 * split, do not count against it), the most consistent winning. Records, not lines: a quoted
 * field spanning lines (an order's message) would otherwise cut its record into pieces of other
 * widths, and a delimiter inside quoted fields (BigCommerce's "|" between packed products) win.
 */
function modalDelimiter(text: string, quote: string, partial: boolean, prefix: boolean): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = new Map<number, number>();
    let lines = 0;
    walkRecords(text, d, quote, partial, WIDTH_SAMPLE + PREAMBLE_SCAN, prefix, (_line, start, end, fields, span) => {
      lines += span;
      const n = fields ? fields.length : countFields(text.slice(start, end), d, quote);
      // A record this delimiter does not split (a title) is no evidence for a width.
      if (n >= 2) counts.set(n, (counts.get(n) ?? 0) + span);
    });
    let mode = 0;
    let freq = 0;
    for (const [n, f] of counts) if (f > freq || (f === freq && n > mode)) [mode, freq] = [n, f];
    if (mode < 2) continue;
    const score = (freq / lines) * 1000 + mode;
    if (score > bestScore) [best, bestScore] = [d, score];
  }
  return best;
}

export interface CsvTableStart {
  delimiter: string;
  header: boolean;
  /** Physical lines before the header (title rows, the `sep=` line). */
  skip: number;
  /** The file starts with Excel's `sep=` line. */
  sepLine: boolean;
}

/**
 * The start of the table in a CSV sample, when it is not the first line: a `sep=` line, or
 * title rows above the header. Undefined when the first line is the header (or data).
 * With `prefix`, `text` is the sample's start (SampleText.read): NEED_MORE when that is not enough.
 */
export function csvTableStart(text: string, partial: boolean, quote: string, prefix = false): CsvTableStart | undefined {
  if (prefix && !/[\r\n]/.test(text)) throw NEED_MORE;
  const sep = sepLine(text);
  if (sep !== undefined) {
    const records = sampleRecords(text, sep, quote, partial, WIDTH_SAMPLE + PREAMBLE_SCAN, prefix).slice(1);
    const h = headerRecord(records);
    const header = records[h];
    return { delimiter: sep, header: header === undefined || looksLikeHeader(header.fields), skip: header?.line ?? 1, sepLine: true };
  }
  const delimiter = modalDelimiter(text, quote, partial, prefix);
  if (delimiter === undefined) return undefined;
  const h = headerOfSample(text, delimiter, quote, partial, prefix);
  // Blank lines alone above a header (eBay's orders report starts with one) are skipped too.
  return h.index > 0 || (h.line > 0 && h.named) ? { delimiter, header: true, skip: h.line, sepLine: false } : undefined;
}

/** A CSV's header record: its cells, and the line break ending it when its quoted cells hold line breaks. */
export interface HeaderRecord {
  fields: string[];
  /** Set when the record spans several lines (Excel's wrapped header text): DuckDB is told the line break, its sniffer guessing the one inside the cell. */
  lineBreak?: '\r\n' | '\n' | '\r';
}

/**
 * The first record of `text` that is not a blank line, quoted line breaks and all (sampleLines
 * gives its first line only). Undefined when there is none, or it is cut off by the end of a
 * partial sample. With `prefix`, `text` is the sample's start (SampleText.read): NEED_MORE when it may be cut.
 */
export function firstRecord(text: string, delimiter: string, quote: string, partial: boolean, prefix = false): HeaderRecord | undefined {
  for (let at = 0; at < text.length; ) {
    const r = quotedRecord(text, at, delimiter, quote, partial || prefix);
    if (r.atEnd && prefix) throw NEED_MORE;
    if (r.fields && text.slice(at, r.next).trim() !== '') {
      // r.lines counts the record's own line break: more than one, and the record spans lines.
      if (r.lines < 2 || r.atEnd) return { fields: r.fields };
      const end = r.next - 1;
      return { fields: r.fields, lineBreak: text[end] === '\r' ? '\r' : text[end - 1] === '\r' ? '\r\n' : '\n' };
    }
    at = r.next;
  }
  if (prefix) throw NEED_MORE;
  return undefined;
}
