/**
 * Where the table starts in a sheet or a CSV: exports often put a title, a date range or a
 * blank line above the header ("Sales report", "Exported 2023-02-01"), and Excel's CSV may
 * start with a `sep=;` line naming the delimiter. Both are found here from a sample, so the
 * reader can skip those lines and say so.
 */
import { countFields, firstLines } from './sniff.ts';

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
 */
export function sampleRecords(text: string, delimiter: string, quote: string, partial: boolean, limit = WIDTH_SAMPLE + PREAMBLE_SCAN): SampleRecord[] {
  const out: SampleRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 0;
  let start = 0;
  let any = false;
  const end = () => {
    fields.push(field);
    if (any || fields.length > 1 || field !== '') out.push({ fields, line: start });
    fields = [];
    field = '';
    any = false;
  };
  for (let i = 0; i < text.length && out.length < limit; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === quote) {
        if (text[i + 1] === quote) {
          field += quote;
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n' || (ch === '\r' && text[i + 1] !== '\n')) line++;
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
      end();
      line++;
      start = line;
    } else field += ch;
  }
  if (!partial && out.length < limit && (any || field !== '')) end();
  return out;
}

const filled = (fields: readonly string[]) => fields.filter((f) => f.trim() !== '').length;

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
  const width = Math.max(0, ...records.slice(0, WIDTH_SAMPLE + PREAMBLE_SCAN).map((r) => filled(r.fields)));
  if (width < 2) return 0;
  for (let i = 0; i < Math.min(records.length, PREAMBLE_SCAN); i++) {
    if (filled(records[i]!.fields) * 2 > width) return i > 0 && looksLikeHeader(records[i]!.fields) ? i : 0;
  }
  return 0;
}

/** Excel's `sep=;` first line (optionally quoted): the delimiter it names. */
export function sepLine(text: string): string | undefined {
  const first = /^[^\r\n]*/.exec(text)![0].trim();
  const m = /^"?sep=(.)"?$/i.exec(first);
  return m?.[1];
}

const DELIMITERS = [',', ';', '\t', '|'];

/**
 * The delimiter most lines agree on: for each candidate, the field count most lines share
 * (title rows above the table do not count against it), the most consistent winning.
 */
function modalDelimiter(lines: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = new Map<number, number>();
    for (const l of lines) {
      const n = countFields(l, d);
      // A line this delimiter does not split (a title) is no evidence for a width.
      if (n >= 2) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    let mode = 0;
    let freq = 0;
    for (const [n, f] of counts) if (f > freq || (f === freq && n > mode)) [mode, freq] = [n, f];
    if (mode < 2) continue;
    const score = (freq / lines.length) * 1000 + mode;
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
 */
export function csvTableStart(text: string, partial: boolean, quote: string): CsvTableStart | undefined {
  const sep = sepLine(text);
  if (sep !== undefined) {
    const records = sampleRecords(text, sep, quote, partial).slice(1);
    const h = headerRecord(records);
    const header = records[h];
    return { delimiter: sep, header: header === undefined || looksLikeHeader(header.fields), skip: header?.line ?? 1, sepLine: true };
  }
  const lines = firstLines(text, WIDTH_SAMPLE + PREAMBLE_SCAN).lines.filter((l) => l.trim() !== '');
  if (partial && lines.length > 1) lines.pop();
  const delimiter = modalDelimiter(lines);
  if (delimiter === undefined) return undefined;
  const records = sampleRecords(text, delimiter, quote, partial);
  const h = headerRecord(records);
  return h > 0 ? { delimiter, header: true, skip: records[h]!.line, sepLine: false } : undefined;
}
