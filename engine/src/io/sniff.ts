import { EngineError } from '../errors.ts';
import { ALIGNED, alignedFields, looksAligned } from './aligned-text.ts';
import { NEED_MORE, PIECE_BYTES, SampleText, utf8Pieces } from './text-pieces.ts';
import { guessEightBit, type EncodingDoubt } from './code-page-guess.ts';
import { CODE_PAGES, decodeCodePage, isCodePage, type CodePage } from './code-pages.ts';
import { isUtf8WithStrays, utf8Evidence } from './utf8-repair.ts';

/** Text encodings: those DuckDB reads without extensions, and the code pages transcoded to UTF-8 for it (code-pages.ts). */
export type TextEncoding = 'utf-8' | 'utf-16' | 'latin-1' | CodePage;

/**
 * An encoding as the user is told it. "latin-1" files are read as Windows-1252, its superset
 * (bytes 0x80-0x9F as € – ’ and the like), which is what such exports really are; the
 * identifier stays as documents and JSON output store it.
 */
export const ENCODING_NAMES: Readonly<Record<TextEncoding, string>> = {
  'utf-8': 'UTF-8',
  'utf-16': 'UTF-16',
  'latin-1': 'Windows-1252 (Latin-1)',
  'windows-1250': 'Windows-1250 (Central European)',
  'windows-1251': 'Windows-1251 (Cyrillic)',
  macintosh: 'Mac Roman',
  cp850: 'DOS code page 850 (Western European)',
  cp437: 'DOS code page 437',
  shift_jis: 'Shift-JIS',
};

/**
 * The encodings a user may choose for text files, where detection reads one wrong (Hungarian
 * Windows-1250 text reads as Windows-1252 too). UTF-16 is never chosen: its zero bytes tell it.
 */
export type ChosenEncoding = Exclude<TextEncoding, 'utf-16'>;
export const CHOSEN_ENCODINGS: readonly ChosenEncoding[] = ['utf-8', 'latin-1', ...CODE_PAGES];

export type FileKind = 'csv' | 'xlsx';

export interface CsvFormat {
  kind: 'csv';
  encoding: TextEncoding;
  /** True when the file starts with a byte-order mark. */
  bom: boolean;
  compression: 'none' | 'gzip';
  /** One character; ALIGNED (" ") for columns aligned by runs of spaces or tabs (aligned-text.ts). */
  delimiter: string;
  quote: string;
  header: boolean;
  /** One basket per line, every field an item (basket-lines.ts); read from a long copy. */
  baskets?: true;
  /** Baskets: each line starts with its number of items, left out. */
  itemCounts?: true;
  /** Baskets: each line starts with its basket's id, which names the basket. */
  basketIds?: true;
  /** Baskets: the items are listed in each line's last field, separated by this. */
  itemList?: string;
  /** A column per item, a row per basket, each cell yes/no (item-matrix.ts); read from a long copy. */
  matrix?: true;
  /** Item matrix: the first column names the basket (an id, or pandas' index). */
  matrixId?: true;
  /** Item matrix: its cells are counts of units (a chosen matrix only), held when above 0. */
  matrixCounts?: true;
}

const PNG = [0x89, 0x50, 0x4e, 0x47];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
const GZIP = [0x1f, 0x8b];
const PDF = [0x25, 0x50, 0x44, 0x46];
/** An OLE compound file: Excel 97-2003's .xls. */
const OLE = [0xd0, 0xcf, 0x11, 0xe0];
/** Markup opening a file (after a BOM or blanks): an HTML table or an XML Spreadsheet 2003 saved as ".xls". */
const MARKUP = /^\uFEFF?\s*<(?:!DOCTYPE|html|\?xml|table|meta|head|body)\b/i;

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

/** Decides from the first bytes (and a .xls name) whether a file is a spreadsheet, gzip'd text, or plain text. */
export function sniffContainer(name: string, head: Uint8Array): FileKind | 'gzip' {
  if (head.length === 0) throw new EngineError('empty_file', 'the file is empty', { file: name });
  if (startsWith(head, ZIP)) {
    if (/\.(xlsx|xlsm)$/i.test(name) || !/\.(csv|tsv|txt)$/i.test(name)) return 'xlsx';
    throw new EngineError('binary_file', 'this is a zip archive, not a CSV file', { file: name });
  }
  if (startsWith(head, GZIP)) return 'gzip';
  if (startsWith(head, PNG)) throw new EngineError('binary_file', 'this is a PNG image, not a data file', { file: name });
  if (startsWith(head, PDF)) throw new EngineError('binary_file', 'this is a PDF document, not a data file', { file: name });
  // Legacy workbooks, read by SheetJS: Excel 97-2003's binary file, and what back offices save as
  // ".xls" for Excel to open, an HTML table or an XML Spreadsheet 2003. A ".xls" of plain text
  // (tab-separated, as many such exports are) is read as text.
  if (startsWith(head, OLE)) return 'xlsx';
  if (/\.xls$/i.test(name) && MARKUP.test(new TextDecoder().decode(head.subarray(0, 512)))) return 'xlsx';
  return 'csv';
}

/** Detects encoding from a BOM, then by validating UTF-8; bytes that are not UTF-8 are Windows-1252 or another 8-bit code page (code-page-guess.ts). */
export function detectEncoding(name: string, bytes: Uint8Array): { encoding: TextEncoding; bom: boolean } {
  const { encoding, bom } = decodeDetected(name, bytes);
  return { encoding, bom };
}

/** A sample decoded in its detected encoding. */
export interface DecodedSample {
  encoding: TextEncoding;
  bom: boolean;
  text: string;
  /** A UTF-8 sample holds invalid bytes (strays, repaired before DuckDB reads the file). */
  invalidUtf8: boolean;
  /** Text read as Windows-1252 that other code pages read as well (code-page-guess.ts). */
  doubt?: EncodingDoubt;
}

/** detectEncoding and decodeSample in one (decodePieces, joined). */
export function decodeDetected(name: string, bytes: Uint8Array): DecodedSample {
  const { pieces, ...rest } = decodePieces(name, bytes);
  return { ...rest, text: pieces.join('') };
}

/**
 * detectEncoding and decodeSample in one: a UTF-8 sample (most files) is validated and decoded
 * by native decodes of `pieceBytes` each (text-pieces.ts), and looked at for binary bytes in the
 * decoded text. Other encodings, and invalid UTF-8, come in one piece. A `chosen` encoding is
 * taken instead of the guess, except where the bytes leave none (a byte-order mark, UTF-16):
 * chosen UTF-8 keeps its invalid bytes to be repaired (each read as U+FFFD, and said).
 */
export function decodePieces(
  name: string,
  bytes: Uint8Array,
  pieceBytes = PIECE_BYTES,
  chosen?: ChosenEncoding,
): Omit<DecodedSample, 'text'> & { pieces: string[] } {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', bom: true, ...decodeUtf8(bytes.subarray(3), pieceBytes) };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16', bom: true, pieces: [decodeSample(bytes, 'utf-16', true)], invalidUtf8: false };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    throw new EngineError('encoding', 'UTF-16 big-endian is not supported: save the file as UTF-8', { file: name });
  }
  if (looksLikeUtf16LeWithoutBom(bytes)) return { encoding: 'utf-16', bom: false, pieces: [decodeSample(bytes, 'utf-16', false)], invalidUtf8: false };
  const utf8 = decodeUtf8(bytes, pieceBytes);
  // ASCII bytes decode to themselves whatever surrounds them: no control character among the
  // characters the bytes counted decode to means none among those bytes; else they are counted.
  if (hasControlChars(utf8.pieces, BINARY_CHECK_BYTES) && hasBinaryControlBytes(bytes)) {
    throw new EngineError('binary_file', 'the file contains binary data, not text', { file: name });
  }
  if (chosen !== undefined && chosen !== 'utf-8') return { encoding: chosen, bom: false, pieces: [decodeSample(bytes, chosen, false)], invalidUtf8: false };
  // A stray invalid byte among valid UTF-8 text is repaired on reading (utf8-repair.ts), not a reason for Windows-1252.
  if (chosen === 'utf-8' || !utf8.invalidUtf8 || isUtf8WithStrays(utf8Evidence(bytes))) return { encoding: 'utf-8', bom: false, ...utf8 };
  // Not UTF-8: the bytes are looked at for the 8-bit code page they are in (only such files pay for it).
  const { encoding, doubt } = guessEightBit(bytes);
  return { encoding, bom: false, pieces: [decodeSample(bytes, encoding, false)], invalidUtf8: false, ...(doubt ? { doubt } : {}) };
}

/** A control character (CONTROL_CHARS) among the first `chars` characters of the pieces joined. */
function hasControlChars(pieces: readonly string[], chars: number): boolean {
  let left = chars;
  for (const p of pieces) {
    if (left <= 0) break;
    const head = p.length > left ? p.slice(0, left) : p;
    if (CONTROL_CHARS.some((c) => head.includes(c))) return true;
    left -= p.length;
  }
  return false;
}

/** The bytes hasBinaryControlBytes counts, as characters (one native scan each is faster than a RegExp's class). */
const CONTROL_CHARS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 28, 29, 30, 31].map((c) => String.fromCharCode(c));

/** UTF-16 text, by its byte-order mark or its zero bytes (every other byte of Latin text). */
export const looksLikeUtf16 = (bytes: Uint8Array): boolean =>
  (bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || looksLikeUtf16LeWithoutBom(bytes);

function looksLikeUtf16LeWithoutBom(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 2000) & ~1;
  if (n < 8) return false;
  let zeroOdd = 0;
  for (let i = 1; i < n; i += 2) if (bytes[i] === 0 && bytes[i - 1] !== 0) zeroOdd++;
  return zeroOdd > (n / 2) * 0.9;
}

/** Bytes looked at for binary data. */
const BINARY_CHECK_BYTES = 65536;

function hasBinaryControlBytes(bytes: Uint8Array): boolean {
  // NUL bytes padding the end (a till's file, or a copy, cut short) are no binary data (empty-rows.ts
  // leaves them out); a few among the text are left out before (nul-bytes.ts).
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0) end--;
  if (end === 0) return true;
  const n = Math.min(end, BINARY_CHECK_BYTES);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return true;
    if (b < 9 || (b > 13 && b < 32 && b !== 26 && b !== 27)) control++;
  }
  return control > n * 0.01;
}

/** Validates UTF-8; a multi-byte sequence cut off by the end of the sample is accepted. */
export function isValidUtf8Prefix(bytes: Uint8Array): boolean {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let extra: number;
    if (b >= 0xc2 && b <= 0xdf) extra = 1;
    else if (b >= 0xe0 && b <= 0xef) extra = 2;
    else if (b >= 0xf0 && b <= 0xf4) extra = 3;
    else return false;
    for (let k = 1; k <= extra; k++) {
      if (i + k >= n) return true;
      if ((bytes[i + k]! & 0xc0) !== 0x80) return false;
    }
    i += extra + 1;
  }
  return true;
}

const UTF8 = new TextDecoder('utf-8');
const UTF8_KEEP_BOM = new TextDecoder('utf-8', { ignoreBOM: true });

/** Bytes at the end of `bytes` that start a multi-byte sequence the end cuts off (0 when none). */
function cutSequenceLength(bytes: Uint8Array): number {
  const n = bytes.length;
  for (let k = 1; k <= Math.min(3, n); k++) {
    const b = bytes[n - k]!;
    if ((b & 0xc0) === 0x80) continue;
    const length = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return length > k ? k : 0;
  }
  return 0;
}

/**
 * UTF-8 text (as decodeSample gives it, in pieces) and whether the bytes are invalid by
 * isValidUtf8Prefix. Strictly valid bytes, up to a sequence cut off by the end, are validated by
 * native decodes; anything else (invalid bytes, or sequences only isValidUtf8Prefix accepts) by that loop.
 */
function decodeUtf8(bytes: Uint8Array, pieceBytes: number): { pieces: string[]; invalidUtf8: boolean } {
  const cut = cutSequenceLength(bytes);
  const valid = cut > 0 ? bytes.subarray(0, bytes.length - cut) : bytes;
  let pieces: string[];
  try {
    pieces = [...utf8Pieces(valid, pieceBytes)];
  } catch {
    return { pieces: [UTF8.decode(bytes)], invalidUtf8: !isValidUtf8Prefix(bytes) };
  }
  if (cut === 0) return { pieces, invalidUtf8: false };
  // A valid start up to the cut sequence, whose lead byte decides; the cut sequence decodes on its own as within the whole.
  const lead = bytes[bytes.length - cut]!;
  const tail = (valid.length > 0 ? UTF8_KEEP_BOM : UTF8).decode(bytes.subarray(valid.length));
  return { pieces: [...pieces, tail], invalidUtf8: lead < 0xc2 || lead > 0xf4 };
}

/** Decodes a sample for sniffing; the engine never decodes whole files itself (DuckDB does). */
export function decodeSample(bytes: Uint8Array, encoding: TextEncoding, bom: boolean): string {
  if (encoding === 'utf-16') {
    const body = bom ? bytes.subarray(2) : bytes;
    let out = '';
    for (let i = 0; i + 1 < body.length; i += 2) out += String.fromCharCode(body[i]! | (body[i + 1]! << 8));
    return out;
  }
  // "latin-1" is read as Windows-1252, which is what such exports really are (see windows-1252.ts).
  if (encoding === 'latin-1' || isCodePage(encoding)) return decodeCodePage(bytes, encoding);
  return UTF8.decode(bom ? bytes.subarray(3) : bytes);
}

const DELIMITERS = [',', ';', '\t', '|'];

/** Lines the delimiter is decided on. */
const DELIMITER_LINES = 200;

/** Splits one CSV record honouring quotes; good enough for sniffing a sample. */
export function splitRecord(line: string, delimiter: string, quote = '"'): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch === quote) {
        if (line[i + 1] === quote) {
          field += quote;
          i++;
        } else quoted = false;
      } else field += ch;
    } else if (ch === quote && field === '') quoted = true;
    else if (ch === delimiter) {
      fields.push(field);
      field = '';
    } else field += ch;
  }
  fields.push(field);
  return fields;
}

/**
 * The first `limit` lines of `text`, as text.split(/\r\n|\n|\r/) gives them, without splitting
 * the rest; `more` tells whether further lines follow.
 */
export function firstLines(text: string, limit: number): { lines: string[]; more: boolean } {
  const lines: string[] = [];
  let start = 0;
  // Line breaks found by indexOf (native scans), the nearer of LF and CR ending each line.
  let lf = text.indexOf('\n');
  let cr = text.indexOf('\r');
  while (lines.length < limit && (lf >= 0 || cr >= 0)) {
    const end = cr < 0 || (lf >= 0 && lf < cr) ? lf : cr;
    lines.push(text.slice(start, end));
    start = end + (end === cr && lf === end + 1 ? 2 : 1);
    if (lf >= 0 && lf < start) lf = text.indexOf('\n', start);
    if (cr >= 0 && cr < start) cr = text.indexOf('\r', start);
  }
  if (lines.length === limit) return { lines, more: true };
  lines.push(text.slice(start));
  return { lines, more: false };
}

/**
 * Complete lines of a sample that are not blank (the last, possibly cut, line is dropped when
 * the sample is partial); the first `want` of them, splitting no more of the sample than needed.
 * With `prefix`, `text` is the sample's start (SampleText.read): NEED_MORE when it has too few lines.
 */
export function sampleLines(text: string, partial: boolean, want = Number.POSITIVE_INFINITY, prefix = false): string[] {
  const nonBlank = (l: string) => l.trim() !== '';
  for (let limit = Math.min(want, 1024); ; limit *= 2) {
    const { lines, more } = firstLines(text, limit);
    if (!more) {
      // The start of a sample (SampleText.read): the lines found so far may be cut, and more may follow.
      if (prefix) throw NEED_MORE;
      if (partial && lines.length > 1) lines.pop();
      return lines.filter(nonBlank).slice(0, want);
    }
    // The sample's last line is not among these, so dropping it changes nothing here.
    const kept = lines.filter(nonBlank);
    if (kept.length >= want) return kept.slice(0, want);
  }
}

/** splitRecord(line, delimiter, quote).length, without building the fields. */
export function countFields(line: string, delimiter: string, quote = '"'): number {
  if (!line.includes(quote)) {
    let n = 1;
    for (let i = line.indexOf(delimiter); i >= 0; i = line.indexOf(delimiter, i + 1)) n++;
    return n;
  }
  const d = delimiter.charCodeAt(0);
  const q = quote.charCodeAt(0);
  let n = 1;
  let empty = true;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line.charCodeAt(i);
    if (quoted) {
      if (ch === q) {
        if (line.charCodeAt(i + 1) === q) {
          empty = false;
          i++;
        } else quoted = false;
      } else empty = false;
    } else if (ch === q && empty) quoted = true;
    else if (ch === d) {
      n++;
      empty = true;
    } else empty = false;
  }
  return n;
}

/**
 * Picks the delimiter whose field count is most consistent across sampled lines (and > 1).
 * Quoted delimiters are ignored because records are split properly.
 */
export function detectDelimiter(lines: string[]): string {
  let best = ',';
  let bestScore = -1;
  for (const d of DELIMITERS) {
    const counts = lines.slice(0, DELIMITER_LINES).map((l) => countFields(l, d));
    if (counts.length === 0) continue;
    const first = counts[0]!;
    if (first < 2) continue;
    const consistent = counts.filter((c) => c === first).length / counts.length;
    const score = consistent * 1000 + first;
    if (score > bestScore) {
      bestScore = score;
      best = d;
    }
  }
  return best;
}

/**
 * Whether `line` ends inside a quoted field, given whether it starts inside one. Before the
 * delimiter is known, a quote opens a field at the line's start or after any candidate delimiter.
 */
function endsQuoted(line: string, quote: string, quoted: boolean): boolean {
  let fieldStart = !quoted;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted) {
      if (ch !== quote) continue;
      if (line[i + 1] === quote) i++;
      else quoted = false;
    } else if (ch === quote && fieldStart) quoted = true;
    else fieldStart = DELIMITERS.includes(ch);
  }
  return quoted;
}

/**
 * The sample's lines with the first record's joined into one (by "\n") when its quoted cells
 * hold line breaks, as a header with wrapped text has them (Excel's `"Unit Price\n(GBP)"`): the
 * delimiter and the header are judged on the record, not on its first piece. The lines as they
 * are when the first closes its quotes (a header without a quote costs one indexOf) or when the
 * sample never closes them (the reader's messages name that).
 */
export function firstRecordJoined(lines: string[], quote: string): string[] {
  if (lines.length < 2 || !lines[0]!.includes(quote) || !endsQuoted(lines[0]!, quote, false)) return lines;
  let k = 1;
  let quoted = true;
  while (quoted && k < lines.length) quoted = endsQuoted(lines[k++]!, quote, true);
  return quoted ? lines : [lines.slice(0, k).join('\n'), ...lines.slice(k)];
}

const NUMERIC_OR_DATE = /^\s*[-+]?[\d.,:/\s-]+\s*$/;

/** A header row has no purely numeric/date cells where the data rows below do. */
export function detectHeader(lines: string[], delimiter: string): boolean {
  if (lines.length < 2) return true;
  const first = splitRecord(lines[0]!, delimiter);
  const numericInFirst = first.filter((c) => c.trim() !== '' && NUMERIC_OR_DATE.test(c)).length;
  return numericInFirst === 0;
}

/** Full CSV format detection from a (possibly partial) sample of the decompressed bytes. */
export function sniffCsv(name: string, sample: Uint8Array, partial: boolean, compression: 'none' | 'gzip'): CsvFormat {
  return sniffCsvSample(name, sample, partial, compression).format;
}

/** sniffCsv, with the sample decoded in the detected encoding. */
export function sniffCsvSample(
  name: string,
  sample: Uint8Array,
  partial: boolean,
  compression: 'none' | 'gzip',
  chosen?: ChosenEncoding,
): { format: CsvFormat; text: SampleText; invalidUtf8: boolean; lines: string[]; doubt?: EncodingDoubt } {
  const { encoding, bom, pieces, invalidUtf8, doubt } = decodePieces(name, sample, PIECE_BYTES, chosen);
  const text = new SampleText(pieces);
  const lines = firstRecordJoined(
    text.read((t, prefix) => sampleLines(t, partial, DELIMITER_LINES, prefix)),
    '"',
  );
  if (lines.length === 0) throw new EngineError('empty_file', 'the file has no data lines', { file: name });
  const found = detectDelimiter(lines);
  // No delimiter splits the lines, runs of spaces do: aligned columns (aligned-text.ts).
  if (countFields(lines[0]!, found) === 1 && encoding !== 'utf-16' && looksAligned(lines)) {
    const header = detectHeader(
      lines.map((l) => alignedFields(l).join(ALIGNED)),
      ALIGNED,
    );
    return {
      format: { kind: 'csv', encoding, bom, compression, delimiter: ALIGNED, quote: '"', header },
      text,
      invalidUtf8,
      lines,
      ...(doubt ? { doubt } : {}),
    };
  }
  const format: CsvFormat = { kind: 'csv', encoding, bom, compression, delimiter: found, quote: '"', header: detectHeader(lines, found) };
  return { format, text, invalidUtf8, lines, ...(doubt ? { doubt } : {}) };
}
