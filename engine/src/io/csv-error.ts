import { EngineError } from '../errors.ts';
import { MEMORY_LIMIT_TEXT } from './limits.ts';

/** What the reader learnt about a file's first bytes, used to explain DuckDB's errors. */
export interface SampleFacts {
  /** No byte above 0x7f: UTF-8 and Latin-1 cannot be told apart from the sample. */
  ascii: boolean;
  /** Line on which a quoted field opens and is still open at the end of a complete sample. */
  openQuoteLine?: number;
  /** Line on which a line longer than LONG_LINE starts and runs past the end of the sample. */
  longLine?: number;
}

/** A line this long at the end of the sample is the likely culprit of a line-size error. */
const LONG_LINE = 64 * 1024;

/** A file as csvError needs it: DuckDB's alias, our display name and what the sample showed. */
export interface CsvFileRef {
  alias: string;
  source: { name: string };
  facts?: SampleFacts;
  format?: { delimiter: string };
}

const LF = 10;
const CR = 13;

/** Scans a decoded sample once for the facts above (quote state across lines, line starts). */
export function sampleFacts(bytes: Uint8Array, text: string, partial: boolean, delimiter: string, quote: string): SampleFacts {
  let ascii = true;
  for (let i = 0; i < bytes.length && ascii; i++) if (bytes[i]! > 0x7f) ascii = false;
  const q = quote.charCodeAt(0);
  const d = delimiter.charCodeAt(0);
  let line = 1;
  let lineStart = 0;
  let quoted = false;
  let quoteLine = 0;
  let fieldStart = true;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (quoted) {
      if (ch === q) {
        if (text.charCodeAt(i + 1) === q) i++;
        else quoted = false;
      } else if (ch === LF || (ch === CR && text.charCodeAt(i + 1) !== LF)) line++;
      continue;
    }
    if (ch === q && fieldStart) {
      quoted = true;
      quoteLine = line;
    } else if (ch === LF || (ch === CR && text.charCodeAt(i + 1) !== LF)) {
      line++;
      lineStart = i + 1;
    }
    fieldStart = ch === d || ch === LF || ch === CR;
  }
  const facts: SampleFacts = { ascii };
  if (quoted && !partial) facts.openQuoteLine = quoteLine;
  if (partial && !quoted && text.length - lineStart > LONG_LINE) facts.longLine = line;
  return facts;
}

/** DuckDB and the wasm runtime report exhausted memory in several ways. */
export function isOutOfMemory(e: unknown): boolean {
  const msg = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  return /Out of Memory|Allocation failure|could not allocate|Array buffer allocation failed|Cannot enlarge memory|out of memory/i.test(msg);
}

/** DuckDB's errors read "<Kind> Error: ..." (Invalid Input, Conversion, Binder, Out of Memory...). */
const DUCKDB_KIND = /^[A-Z][A-Za-z ]* Error: /;

function isDuckDbError(e: unknown): e is Error {
  return e instanceof Error && DUCKDB_KIND.test(e.message);
}

/** The first line of a DuckDB message with our aliases (src_0.csv) replaced by the file name. */
function firstLine(msg: string, files: readonly CsvFileRef[]): string {
  let line = msg.split('\n')[0]!;
  for (const f of files) line = line.split(f.alias).join(f.source.name);
  return line.length > 300 ? `${line.slice(0, 300)}...` : line;
}

/** The file a DuckDB error is about: by the alias it names, or the only file read. */
export function culprit<T extends CsvFileRef>(e: unknown, files: readonly T[]): T | undefined {
  const msg = e instanceof Error ? e.message : String(e);
  const named = /^\s*file = (\S+)/m.exec(msg)?.[1];
  // Longest alias first: "src_1.csv" is part of "src_11.csv".
  const mentioned = [...files].sort((a, b) => b.alias.length - a.alias.length).find((p) => msg.includes(p.alias));
  return files.find((p) => p.alias === named) ?? mentioned ?? (files.length === 1 ? files[0] : undefined);
}

/** Turns a DuckDB CSV error into our error, naming the file and line where they are known. */
export function csvError(e: unknown, files: readonly CsvFileRef[]): EngineError {
  if (e instanceof EngineError) return e;
  const msg = e instanceof Error ? e.message : String(e);
  const file = culprit(e, files);
  const where = file ? { file: file.source.name } : {};
  // Only "CSV Error on Line: N" is a line of the file; "LINE 1:" in DuckDB's message is the SQL's.
  const duckLine = /CSV Error on Line:\s*(\d+)/.exec(msg);
  const row = duckLine ? { row: Number(duckLine[1]) } : {};
  if (isOutOfMemory(e)) return new EngineError('too_large', `ran out of memory reading the file; ${MEMORY_LIMIT_TEXT}`, where);
  const ragged = /Expected Number of Columns: (\d+) Found: (\d+)/i.exec(msg);
  if (ragged) return new EngineError('parse', `expected ${ragged[1]} columns, found ${ragged[2]} (ragged row)`, { ...where, ...row });
  const notEncoded = /File is not (latin-1|utf-16) encoded/i.exec(msg);
  if (notEncoded) {
    const name = notEncoded[1]!.toLowerCase() === 'utf-16' ? 'UTF-16' : 'Latin-1 (Windows-1252)';
    return new EngineError('encoding', `the file is not valid ${name} throughout: save it as UTF-8`, { ...where, ...row });
  }
  if (/Invalid unicode|not utf-8 encoded/i.test(msg)) {
    return new EngineError('encoding', 'this line is not valid UTF-8 although the start of the file is (mixed encodings): save the whole file as UTF-8', {
      ...where,
      ...row,
    });
  }
  const tooLong = /Maximum line size of (\d+) bytes exceeded/i.exec(msg);
  if (tooLong) {
    // DuckDB numbers a long line within its first buffer as line 1; the sample knows better.
    const at = file?.facts?.longLine !== undefined ? { row: file.facts.longLine } : row;
    return new EngineError('parse', `a line is longer than ${Math.round(Number(tooLong[1]) / 1e6)} MB, the most one line may hold`, { ...where, ...at });
  }
  if (/unterminated quote/i.test(msg)) return new EngineError('parse', 'a quoted field is never closed', { ...where, ...row });
  // The sniffer finding no dialect, or the reader past the sniffed sample stopping (no line given).
  if (/not possible to automatically detect the CSV parsing dialect|CSV Parser state machine reached an invalid state/i.test(msg)) {
    const open = file?.facts?.openQuoteLine;
    return open !== undefined
      ? new EngineError('parse', 'a quoted field opened on this line is never closed', { ...where, row: open })
      : new EngineError(
          'parse',
          `the lines do not read as CSV with the delimiter ${JSON.stringify(file?.format?.delimiter ?? ',')} (stray quotes or mixed line endings?)`,
          where,
        );
  }
  // Anything else DuckDB says, without its kind of error ("Invalid Input Error: "), which means nothing to the user.
  return new EngineError('parse', `the file could not be read: ${firstLine(msg, files).replace(DUCKDB_KIND, '')}`, { ...where, ...row });
}

/**
 * Wraps what DuckDB or the wasm runtime throws while loading into an EngineError naming the
 * file (when there is one); anything else (a bug of ours) is rethrown as it is.
 */
export function loadError(e: unknown, files: readonly string[]): unknown {
  if (e instanceof EngineError) return e;
  const where = files.length === 1 ? { file: files[0]! } : {};
  if (isOutOfMemory(e)) return new EngineError('too_large', `ran out of memory; ${MEMORY_LIMIT_TEXT}`, where);
  if (isDuckDbError(e)) return new EngineError('parse', `the data could not be processed (${e.message.split('\n')[0]!.slice(0, 300)})`, where);
  return e;
}
