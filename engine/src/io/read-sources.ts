import { gunzipSync } from 'fflate';
import { expandArchives } from './archives.ts';
import { textsBesideTables } from './text-files.ts';
import { EngineError, throwIfCancelled } from '../errors.ts';
import { ALIGNED, alignedCopy, alignedFields } from './aligned-text.ts';
import { BASKET_COLUMNS, basketCopy, basketLine } from './basket-lines.ts';
import { type NotSplit, PACKED_COLUMN, productCopy, type TotalsDiffer } from './packed-products.ts';
import { matrixCopy } from './item-matrix.ts';
import type { DataSource, JobControl, SqlPort } from '../ports.ts';
import { ident, literal, literalList } from '../sql/quote.ts';
import { firstRow, num, tableRows } from '../sql/rows.ts';
import { csvError, culprit, loadError, sampleFacts, type SampleFacts } from './csv-error.ts';
import { readGzipHead, readHead, SNIFF_BYTES, type Head } from './head.ts';
import { checkColumnCount, checkInputSize } from './limits.ts';
import { decodeSample, looksLikeUtf16, sampleLines, sniffContainer, sniffCsvSample, type ChosenEncoding, type CsvFormat } from './sniff.ts';
import { hasStrayNuls, withoutNuls, type NulBytes } from './nul-bytes.ts';
import { isPlainText, PLAIN_CHECK_BYTES } from './plain-table.ts';
import { csvTableStart, firstRecord, type HeaderRecord } from './table-start.ts';
import { textLayout, TEXT_LAYOUT_NAMES, type TextLayout } from './text-layout.ts';
import { NEED_MORE, utf8Pieces, type SampleText } from './text-pieces.ts';
import { isUtf8WithStrays, repairUtf8, utf8Evidence } from './utf8-repair.ts';
import { eightBitToUtf8, isCodePage, type ByteEncoding } from './code-pages.ts';
import { guessEightBit, type EightBit, type EncodingDoubt } from './code-page-guess.ts';
import { type CarriageReturns, uniformLineBreaks } from './line-breaks.ts';
import { backslashEscapes, scanQuotes } from './quote-faults.ts';
import { sheetCsv } from './sheet-cells.ts';
import { sheetLayout, sheetRow } from './sheet-layout.ts';
import { countedLines, loadLineFacts, type LineFacts, type RecordShape } from './blank-lines.ts';
import { findMergedLines, MIN_COLUMNS, type MergedFile, type MergedLines } from './merged-lines.ts';
import { sheetArrowBatches, sheetArrowIpc, sheetColumns } from './sheet-columns.ts';
import { workbookTables, type SheetTable, type WorkbookFacts } from './workbook.ts';
import { columnNames } from './column-names.ts';
import { withoutCopies, type FileCopy } from './file-copies.ts';
import { absent, matchColumns, type RenamedColumn } from './differing-columns.ts';

/** What we learnt about one input file (or one sheet of a workbook). */
export interface SourceInfo {
  /** The file's name; "book.xlsx [Sheet]" when several sheets of one workbook are read. */
  name: string;
  kind: 'csv' | 'xlsx' | 'parquet';
  format: CsvFormat;
  /** The sheet read, for workbooks. */
  sheet?: string;
  sheets?: string[];
  /** For workbooks: every sheet and what was read from it. */
  workbook?: WorkbookFacts;
  rows: number;
  /** rowid of the file's first line in the `raw` table (to turn rowids back into line numbers). */
  firstRowId: number;
  /** 1-based line (CSV) or sheet row (workbook) of the header, when title rows or a `sep=` line come first. */
  headerLine?: number;
  /** The CSV starts with Excel's `sep=` line naming the delimiter. */
  sepLine?: boolean;
  /** The workbook counts dates from 1904 (Excel for Mac's old default). */
  date1904?: boolean;
  /**
   * Rows where the data jumps past empty rows (a workbook's) or blank lines (a CSV's): [data row
   * index, row].
   */
  rowRuns?: [number, number][];
  /**
   * A large CSV whose blank lines the load did not look for (its reads cost too much: see
   * blank-lines.ts LOAD_SCAN_BYTES): rows are named as if it had none until checkBlankLines looks.
   */
  blankLinesUnchecked?: true;
  /** One basket per line or an item matrix: [data row of a basket's first item, line] per basket (basket-lines.ts). */
  basketStarts?: [number, number][];
  /** Item matrix: rows that hold no item, so no basket (supports are relative to the rest), and the first of their lines. */
  emptyBaskets?: { count: number; lines: number[] };
  /** Orders read a row per product (packed-products.ts): [data row of an order's first product, line] per order. */
  productStarts?: [number, number][];
  /** Of those, orders whose products add up to neither of the order's subtotals. */
  productTotalsDiffer?: TotalsDiffer;
  /** Of those, orders whose products add up to the subtotal with tax only (prices entered with tax). */
  productTotalsWithTax?: TotalsDiffer;
  /** A file with a 'Product Details' column read a row per order: why its products were not split. */
  productsNotSplit?: NotSplit;
  /** Invalid bytes in a UTF-8 file, each read as U+FFFD: how many, and the first lines holding one. */
  replacedBytes?: { count: number; lines: number[] };
  /** NUL bytes left out (nul-bytes.ts). */
  nulBytes?: NulBytes;
  /** Read as Windows-1252, which other code pages read as well: they and an example (code-page-guess.ts). */
  encodingDoubt?: EncodingDoubt;
  /** Quotes escaped by a backslash in quoted fields, read so (quote-faults.ts): how many, and the first one's row. */
  backslashEscapes?: { count: number; row: number };
  /** Values holding a CR alone, read as a space (line-breaks.ts): how many, and the first one's row and column (when it is a data row's). */
  carriageReturns?: { count: number; row: number; column?: string };
  /** Values holding whole lines of the file, read as text in a quote opened and closed lines apart (merged-lines.ts). */
  mergedLines?: MergedLines;
  /** Not yet searched for those values: its host searches once its lines are counted (LaterChecks.checkedAfterLoad, checkMergedLines). */
  mergedLinesUnchecked?: true;
  /** Columns other files have and this one lacks (read as empty on its lines), as `columns` spells them. */
  missingColumns?: string[];
  /** Columns this file names otherwise, read under the other files' name (differing-columns.ts). */
  renamedColumns?: RenamedColumn[];
}

/** Column holding the source file's name in `raw` and in the canonical table. */
export const SOURCE_COLUMN = '__source';

export { MAX_SOURCE_BYTES } from './limits.ts';

interface Prepared {
  source: DataSource;
  alias: string;
  kind: 'csv' | 'xlsx' | 'parquet';
  format: CsvFormat;
  header: string[];
  /** Parquet: the file's own column names (`header` holds them trimmed, as for CSV). */
  parquetColumns?: string[];
  sheet?: string;
  sheets?: string[];
  workbook?: WorkbookFacts;
  /** Display name, when it is not the file's ("book.xlsx [Sheet]"). */
  displayName?: string;
  /** Lines before the header that DuckDB skips (title rows, a `sep=` line). */
  skip: number;
  headerLine?: number;
  sepLine?: boolean;
  date1904?: boolean;
  rowRuns?: [number, number][];
  blankLinesUnchecked?: true;
  /** The file's lines end in a CR alone (old Mac), as its first does. */
  crLines?: true;
  /** The file's non-blank lines from its first data record on, and the line breaks above (blank-lines.ts LineFacts), when counted. */
  dataLines?: number;
  breaksAbove?: number;
  basketStarts?: [number, number][];
  emptyBaskets?: { count: number; lines: number[] };
  productStarts?: [number, number][];
  productTotalsDiffer?: TotalsDiffer;
  productTotalsWithTax?: TotalsDiffer;
  productsNotSplit?: NotSplit;
  replacedBytes?: { count: number; lines: number[] };
  /** NUL bytes found in the sniffed sample: every one in the file left out of what DuckDB reads (counted as the copy is made). */
  nulBytes?: NulBytes;
  encodingDoubt?: EncodingDoubt;
  /** Read in the encoding the user chose (not re-guessed when DuckDB finds bytes it cannot read). */
  encodingChosen?: true;
  renamedColumns?: RenamedColumn[];
  /** What the sniffed sample showed, to explain DuckDB's errors and retry the encoding (factsOf: on error only). */
  facts?: SampleFacts;
  /** The file's own format, when DuckDB reads a transcoded copy (then `format` describes the copy). */
  original?: CsvFormat;
  /** The copy DuckDB reads differs from the file in its line breaks only (line-breaks.ts). */
  linesCopy?: true;
  /** Read with escape '\\' (quote-faults.ts): the escapes read. */
  backslashEscapes?: { count: number; row: number };
  /** The copy read has CRs alone inside values as spaces (line-breaks.ts). */
  carriageReturns?: CarriageReturns;
  /** Read without DuckDB's parallel scanner (needed for some quoted line breaks). */
  serial?: boolean;
  /** A plain table (plain-table.ts), or a sheet we wrote as CSV: DuckDB need not sniff it. */
  plain?: boolean;
  /** A workbook's sheet: its converted table (registered as CSV only when read that way). */
  table?: SheetTable;
  /** The line break DuckDB is told, when the header spans lines (HeaderRecord): in the bytes it reads, a copy's when it reads one. */
  lineBreak?: HeaderRecord['lineBreak'];
}

/** What the user chose about reading: a workbook's sheet (or 'all'), a text file's layout and encoding (absent: detected). */
export interface ReadOptions {
  sheet?: string;
  layout?: TextLayout;
  encoding?: ChosenEncoding;
}

/** What the host looks at itself after a load. */
export interface LaterChecks {
  /**
   * Sources the host looks through after the load where the load leaves them unchecked (the app in
   * a browser: checkBlankLines, then checkMergedLines). The load does not search such a one for
   * merged lines, a statement over all its rows (1M lines in DuckDB-WASM: 0.16-0.19 s) needed only
   * where its lines outnumber its rows, which the look counts. Absent (the CLI): searched during the load.
   */
  checkedAfterLoad?: readonly DataSource[];
}

/**
 * One input file, ready for DuckDB: a workbook gives one entry per sheet read (see
 * workbookTables), converted to CSV; a CSV is sniffed, title rows and a `sep=` line skipped.
 */
async function prepare(sql: SqlPort, source: DataSource, index: number, several: boolean, options: ReadOptions, control?: JobControl): Promise<Prepared[]> {
  if (source.size === 0) throw new EngineError('empty_file', 'the file is empty', { file: source.name });
  // One read gives the magic bytes and a plain CSV's sniffed head.
  const opening = await source.read(0, Math.min(source.size, SNIFF_BYTES));
  const first = opening.subarray(0, 8);
  const alias = `src_${index}`;
  const sheet = options.sheet;
  const parquet = PARQUET.every((b, i) => first[i] === b);
  const container = parquet ? 'parquet' : sniffContainer(source.name, opening.subarray(0, 512));
  // A sheet may hold baskets (sheet-layout.ts); a Parquet file is a table.
  if (parquet && options.layout !== undefined && options.layout !== 'table')
    throw new EngineError('invalid_argument', `${TEXT_LAYOUT_NAMES[options.layout]} is not read from Parquet files: save this file as CSV`, {
      file: source.name,
    });
  if (parquet) return [await prepareParquet(sql, source, `${alias}.parquet`, control)];
  if (container === 'xlsx') {
    const bytes = await source.read(0, source.size);
    // The streaming reader gives SheetJS's CSV at a fraction of the memory; SheetJS stays for what
    // it leaves aside (.xlsb/.ods packages, t="d" cells, rows out of order, damaged zips). A host
    // may convert elsewhere (the app: in its analytics worker), the same function there.
    const { tables, facts } = sql.workbookTables
      ? await sql.workbookTables(source.name, bytes, sheet, control)
      : await workbookTables(source.name, bytes, sheet, control, sql.insertArrow !== undefined);
    const format: CsvFormat = { kind: 'csv', encoding: 'utf-8', bom: false, compression: 'none', delimiter: ',', quote: '"', header: true };
    const sheets = facts.sheets.map((s) => s.name);
    const out: Prepared[] = [];
    for (const [k, t] of tables.entries()) {
      checkColumnCount(source.name, t.header.length);
      const displayName = tables.length > 1 ? `${source.name} [${t.sheet}]` : source.name;
      const baskets = sheetLayout(t, source.name, options.layout, (row) => (several || tables.length > 1 ? `${displayName}:${row}` : String(row)));
      if (baskets) {
        const longAlias = `${alias}_${k}.baskets.csv`;
        await sql.registerBuffer(longAlias, baskets.copy.bytes);
        out.push({
          source,
          alias: longAlias,
          kind: 'xlsx',
          // DuckDB reads the long copy, a plain CSV; the sheet's own layout is what is shown.
          format,
          original: baskets.format,
          header: [...BASKET_COLUMNS],
          sheet: t.sheet,
          sheets,
          workbook: facts,
          ...(tables.length > 1 ? { displayName } : {}),
          skip: 0,
          basketStarts: baskets.copy.starts,
          ...(baskets.copy.empty ? { emptyBaskets: baskets.copy.empty } : {}),
        });
        continue;
      }
      const sheetAlias = `${alias}_${k}.csv`;
      // A host taking Arrow gets the sheet's columns instead (insertSheets), unless that falls back to the CSV.
      if (!sql.insertArrow) await sql.registerBuffer(sheetAlias, sheetCsv(t));
      out.push({
        source,
        alias: sheetAlias,
        kind: 'xlsx',
        format,
        header: t.header,
        sheet: t.sheet,
        sheets,
        workbook: facts,
        ...(tables.length > 1 ? { displayName } : {}),
        skip: t.skip,
        ...(t.headerRow !== 1 ? { headerLine: t.headerRow } : {}),
        ...(t.date1904 ? { date1904: true } : {}),
        rowRuns: t.rowRuns,
        plain: true,
        table: t,
      });
    }
    return out;
  }
  const gz = container === 'gzip';
  let head: Head = gz ? await gunzipHead(source) : { bytes: opening, partial: source.size > SNIFF_BYTES };
  // A few NUL bytes among the text are none of it (nul-bytes.ts): sniffed, and read, without them.
  const nuls = !looksLikeUtf16(head.bytes) && hasStrayNuls(head.bytes);
  if (nuls) head = { ...head, bytes: withoutNuls(head.bytes).bytes };
  const sniffed = sniffCsvSample(source.name, head.bytes, head.partial, gz ? 'gzip' : 'none', options.encoding);
  let format = sniffed.format;
  // The sniffers read the sample's first piece when that settles it (text-pieces.ts).
  const text = sniffed.text;
  if (head.partial && !text.read((t, prefix) => /[\r\n]/.test(t) || (prefix ? more() : false))) {
    throw new EngineError('parse', `the first line is longer than ${SNIFF_BYTES / 1024} KB: this is not a CSV or TSV export`, { file: source.name, row: 1 });
  }
  const long = textLayout(sniffed.lines, format, source.name, options.layout);
  if (long) format = long;
  const aligned = !long && format.delimiter === ALIGNED;
  const start = aligned || long ? null : text.read((t, prefix) => csvTableStart(t, head.partial, format.quote, prefix));
  if (start) format = { ...format, delimiter: start.delimiter, header: start.header };
  const skip = start?.skip ?? 0;
  // A header's quoted cells may hold line breaks (Excel's wrapped text): its record, not its first line.
  const headerRecord = aligned
    ? undefined
    : text.read((t, prefix) => firstRecord(afterLines(t, skip, prefix), format.delimiter, format.quote, head.partial, prefix));
  const first0 = aligned
    ? alignedFields(text.read((t, prefix) => sampleLines(afterLines(t, skip, prefix), head.partial, 1, prefix)[0]) ?? '')
    : (headerRecord?.fields ?? ['']);
  if (!long) checkColumnCount(source.name, first0.length);
  const header = long ? [...BASKET_COLUMNS] : format.header ? columnNames(first0) : first0.map((_, i) => `column${i}`);
  const fileAlias = gz ? `${alias}.csv.gz` : `${alias}.csv`;
  if (!aligned && !long) await sql.registerFile(fileAlias, source);
  const p: Prepared = {
    source,
    alias: fileAlias,
    kind: 'csv',
    format,
    header,
    skip,
    ...(skip > 0 ? { headerLine: skip + 1 } : {}),
    ...(start?.sepLine ? { sepLine: true } : {}),
    ...(headerRecord?.lineBreak && format.header ? { lineBreak: headerRecord.lineBreak } : {}),
    ...(sniffed.doubt ? { encodingDoubt: sniffed.doubt } : {}),
    ...(options.encoding === format.encoding ? { encodingChosen: true as const } : {}),
    ...(nuls ? { nulBytes: { count: 0, lines: [], moreLines: 0 } } : {}),
    ...(text.read(firstBreakIsCr) ? { crLines: true as const } : {}),
  };
  if (aligned) await readAligned(sql, p);
  else if (long) await readBaskets(sql, p, several ? (line) => `${source.name}:${line}` : String);
  // An orders export with its products packed in one field: a copy with a row per product is read.
  else if (skip === 0 && format.header && format.encoding !== 'utf-16' && header.includes(PACKED_COLUMN) && (await readProducts(sql, p))) return [p];
  // A code page DuckDB does not read: a UTF-8 copy is read instead.
  else if (isCodePage(format.encoding)) await transcode(sql, p, format.encoding, undefined);
  // UTF-8 with a stray invalid byte already in the sample: repaired before DuckDB reads it.
  else if (format.encoding === 'utf-8' && sniffed.invalidUtf8) await repair(sql, p, await fileBytes(p), undefined);
  else if (nuls) await readCopy(sql, p, 'nonul', withUniformLineBreaks(await fileBytes(p), p), {}, undefined);
  else p.plain = await isPlainFile(source, head, text, format, skip, header.length);
  return [p];
}

/** The sample's first line break is a CR alone (SampleText.read: NEED_MORE when the first piece does not tell). */
function firstBreakIsCr(text: string, prefix: boolean): boolean {
  const at = text.search(/[\r\n]/);
  if (at < 0 || (prefix && at === text.length - 1)) return prefix ? more() : false;
  return text[at] === '\r' && text[at + 1] !== '\n';
}

/** Thrown to SampleText.read: the first piece does not settle it. */
const more = (): never => {
  throw NEED_MORE;
};

/**
 * `text` after its first `n` lines (line breaks as text.split(/\r\n|\n|\r/) finds them); '' when it
 * has no more. With `prefix`, `text` is the sample's start: NEED_MORE when it holds fewer lines.
 */
function afterLines(text: string, n: number, prefix = false): string {
  let at = 0;
  for (let k = 0; k < n; k++) {
    const lf = text.indexOf('\n', at);
    const cr = text.indexOf('\r', at);
    const end = cr >= 0 && (lf < 0 || cr < lf) ? cr : lf;
    if (end < 0) return prefix ? more() : '';
    at = end + (text[end] === '\r' && text[end + 1] === '\n' ? 2 : 1);
  }
  return text.slice(at);
}

/**
 * What the sample showed (SampleFacts), worked out when an error needs explaining: from the
 * file's head, decoded as it was sniffed. Workbooks and Parquet files have none.
 */
async function factsOf(p: Prepared): Promise<SampleFacts | undefined> {
  if (p.kind !== 'csv') return undefined;
  if (!p.facts) {
    const f = p.original ?? p.format;
    const head = f.compression === 'gzip' ? await gunzipHead(p.source) : await readHead(p.source);
    p.facts = sampleFacts(head.bytes, decodeSample(head.bytes, f.encoding, f.bom), head.partial, f.delimiter, f.quote);
  }
  return p.facts;
}

/**
 * The file is a plain table (plain-table.ts), checked on the whole text, piece by piece: the
 * sample when it is the whole file, else the file read again when it is small (a gzip'd file
 * keeps DuckDB's sniffer).
 */
async function isPlainFile(source: DataSource, head: Head, sample: SampleText, format: CsvFormat, skip: number, width: number): Promise<boolean> {
  if (!head.partial) return isPlainText(sample.pieces, skip, width, format.delimiter, format.quote);
  if (format.compression !== 'none' || source.size > PLAIN_CHECK_BYTES) return false;
  const bytes = await source.read(0, source.size);
  try {
    // Invalid UTF-8 past the sample is for DuckDB's reader to report, with its sniffer on.
    const pieces = format.encoding === 'utf-8' ? utf8Pieces(format.bom ? bytes.subarray(3) : bytes) : [decodeSample(bytes, format.encoding, format.bom)];
    return isPlainText(pieces, skip, width, format.delimiter, format.quote);
  } catch {
    return false;
  }
}

/** The whole file, decompressed: for the rare reads DuckDB cannot do from the file itself. */
async function fileBytes(p: Prepared): Promise<Uint8Array> {
  const raw = await p.source.read(0, p.source.size);
  try {
    const text = (p.original ?? p.format).compression === 'gzip' ? gunzipSync(raw) : raw;
    if (!p.nulBytes) return text;
    const { bytes, nuls } = withoutNuls(text);
    p.nulBytes = nuls;
    return bytes;
  } catch (e) {
    throw new EngineError('parse', `not a readable gzip file (${e instanceof Error ? e.message : String(e)})`, { file: p.source.name });
  }
}

/** Registers a UTF-8 copy with each invalid byte replaced by U+FFFD, noted by line, and reads that instead. */
async function repair(sql: SqlPort, p: Prepared, bytes: Uint8Array, nameOf: Map<string, string> | undefined): Promise<void> {
  const fixed = repairUtf8(bytes);
  await readCopy(sql, p, 'fixed', withUniformLineBreaks(fixed.bytes, p), {}, nameOf);
  p.replacedBytes = { count: fixed.count, lines: fixed.lines };
}

/** A copy made for the encoding gets its line breaks made one kind too (a pass over bytes already in memory): it may fail on them next. */
function withUniformLineBreaks(bytes: Uint8Array, p: Prepared): Uint8Array {
  const copy = uniformLineBreaks(bytes, p.format.delimiter, p.format.quote);
  if (copy?.carriageReturns) p.carriageReturns = copy.carriageReturns;
  return copy?.bytes ?? bytes;
}

/**
 * A file DuckDB could not read (a parse error) whose line breaks are of several kinds: registers
 * a copy with LF throughout (line-breaks.ts) and reads that instead. False for any other file;
 * only a failed read pays for the look.
 */
async function readLinesCopy(sql: SqlPort, p: Prepared, nameOf: Map<string, string>): Promise<boolean> {
  const f = p.format;
  if (p.kind !== 'csv' || p.original !== undefined) return false;
  // UTF-16 (two bytes a line break) is copied as UTF-8, a transcoded copy.
  const utf16 = f.encoding === 'utf-16';
  const bytes = utf16 ? new TextEncoder().encode(decodeSample(await fileBytes(p), 'utf-16', f.bom)) : await fileBytes(p);
  const uniform = uniformLineBreaks(bytes, f.delimiter, f.quote);
  if (!uniform) return false;
  await readCopy(sql, p, 'lines', uniform.bytes, utf16 ? UTF8_COPY : {}, nameOf);
  if (!utf16) p.linesCopy = true;
  if (uniform.carriageReturns) p.carriageReturns = uniform.carriageReturns;
  return true;
}

/** Registers the copy of aligned text that DuckDB reads (one space between fields, UTF-8: aligned-text.ts) and reads that instead. */
async function readAligned(sql: SqlPort, p: Prepared): Promise<void> {
  const copy = alignedCopy(await fileBytes(p), byteEncoding(p.format), p.format.bom);
  await readCopy(sql, p, 'aligned', copy.bytes, UTF8_COPY);
  if (copy.replaced) p.replacedBytes = copy.replaced;
}

/**
 * Registers the long copy of a basket file or an item matrix (a row per item: basket-lines.ts,
 * item-matrix.ts) and reads that instead; `basketOf` names a line's basket (its number, and the
 * file's name when several are read).
 */
async function readBaskets(sql: SqlPort, p: Prepared, basketOf: (line: number) => string): Promise<void> {
  const f = p.format;
  const encoding = byteEncoding(f);
  const bytes = await fileBytes(p);
  const copy = f.matrix
    ? matrixCopy(bytes, p.source.name, { ...f, encoding, matrixId: f.matrixId === true, counts: f.matrixCounts === true }, basketOf)
    : basketCopy(bytes, { ...f, encoding }, basketOf);
  await readCopy(sql, p, 'baskets', copy.bytes, { ...UTF8_COPY, delimiter: ',', quote: '"', header: true });
  p.basketStarts = copy.starts;
  if (copy.empty) p.emptyBaskets = copy.empty;
  if (copy.replaced) p.replacedBytes = copy.replaced;
}

/** Reads the copy of an orders export with a row per product (packed-products.ts); false when the file is not one. */
async function readProducts(sql: SqlPort, p: Prepared): Promise<boolean> {
  const f = p.format;
  const copy = productCopy(await fileBytes(p), p.header, {
    encoding: byteEncoding(f),
    bom: f.bom,
    delimiter: f.delimiter,
    quote: f.quote,
  });
  if (!copy) return false;
  if (!('bytes' in copy)) {
    p.productsNotSplit = copy;
    return false;
  }
  await readCopy(sql, p, 'products', copy.bytes, { ...UTF8_COPY, delimiter: ',', quote: '"', header: true });
  p.header = copy.columns;
  p.productStarts = copy.starts;
  if (copy.totalsDiffer) p.productTotalsDiffer = copy.totalsDiffer;
  if (copy.totalsWithTax) p.productTotalsWithTax = copy.totalsWithTax;
  if (copy.replaced) p.replacedBytes = copy.replaced;
  return true;
}

/** The encoding a copy made line by line is decoded from (UTF-16 files are tables, read by DuckDB: text-layout.ts). */
const byteEncoding = (f: CsvFormat): ByteEncoding => (f.encoding === 'utf-16' ? 'utf-8' : f.encoding);

/** A UTF-8 copy's format: no byte-order mark, not compressed (every copy is). */
const UTF8_COPY = { encoding: 'utf-8', bom: false } as const;

/**
 * Registers `bytes`, a decompressed copy of the file made for DuckDB, as `<alias>.<suffix>.csv`
 * and reads that instead; the sniffed format stays the file's (SourceInfo.format, messages).
 */
async function readCopy(sql: SqlPort, p: Prepared, suffix: string, bytes: Uint8Array, format: Partial<CsvFormat>, nameOf?: Map<string, string>): Promise<void> {
  const alias = `${p.alias.replace(/\.csv(\.gz)?$/, '')}.${suffix}.csv`;
  await sql.registerBuffer(alias, bytes);
  if (nameOf) nameOf.set(alias, nameOf.get(p.alias)!);
  // A copy made after the line-breaks copy (linesCopy) is made from the file again.
  p.original ??= p.format;
  p.format = { ...p.format, ...format, compression: 'none' };
  p.alias = alias;
  delete p.linesCopy;
  // The copy's header may end otherwise (a copy with LF throughout); a UTF-8 copy's start is enough to tell.
  if (p.lineBreak) {
    const start = new TextDecoder().decode(bytes.subarray(0, SNIFF_BYTES));
    const lineBreak = firstRecord(afterLines(start, p.skip), p.format.delimiter, p.format.quote, bytes.length > SNIFF_BYTES)?.lineBreak;
    if (lineBreak) p.lineBreak = lineBreak;
    else delete p.lineBreak;
  }
}

/** "PAR1", the magic number a Parquet file starts with. */
const PARQUET = [0x50, 0x41, 0x52, 0x31];

/**
 * A Parquet file: read by DuckDB's read_parquet, every column as text like a CSV's. Native DuckDB
 * (the CLI) has it built in; a host without it (DuckDB-WASM offline) decodes the file to a CSV of
 * the same text (SqlPort.parquetToCsv), read like any CSV.
 */
async function prepareParquet(sql: SqlPort, source: DataSource, alias: string, control?: JobControl): Promise<Prepared> {
  const format: CsvFormat = { kind: 'csv', encoding: 'utf-8', bom: false, compression: 'none', delimiter: ',', quote: '"', header: true };
  if (sql.parquetToCsv) {
    const csvAlias = `${alias}.csv`;
    const decoded = await sql.parquetToCsv(csvAlias, source, control);
    checkColumnCount(source.name, decoded.length);
    return { source, alias: csvAlias, kind: 'parquet', format, header: columnNames(decoded), skip: 0 };
  }
  await sql.registerFile(alias, source);
  let columns: string[];
  try {
    columns = tableRows(await sql.query(`SELECT column_name AS c FROM (DESCRIBE SELECT * FROM read_parquet(${literal(alias)}))`)).map((r) => String(r.c));
  } catch (e) {
    const msg = e instanceof Error ? e.message : String(e);
    if (/read_parquet.*(not in the catalog|extension)/i.test(msg)) {
      throw new EngineError('binary_file', 'Parquet files are read by the command line (segment-studio) only for now; save it as CSV to open it here', {
        file: source.name,
      });
    }
    throw new EngineError('parse', `not a readable Parquet file (${msg.split('\n')[0]!.split(alias).join(source.name)})`, { file: source.name });
  }
  checkColumnCount(source.name, columns.length);
  return { source, alias, kind: 'parquet', format, header: columnNames(columns), parquetColumns: columns, skip: 0 };
}

/** The start of a gzip stream; a corrupt stream is the file's fault, named as such. */
async function gunzipHead(source: DataSource): Promise<Head> {
  try {
    return await readGzipHead(source);
  } catch (e) {
    throw new EngineError('parse', `not a readable gzip file (${e instanceof Error ? e.message : String(e)})`, { file: source.name });
  }
}

/** Files read by one read_csv: same format and same column order (their names are passed). */
function groupKey(p: Prepared): string {
  const f = p.format;
  return [
    p.kind === 'parquet' ? 'parquet' : 'csv',
    f.encoding,
    f.delimiter,
    f.quote,
    escapeOf(p),
    f.header,
    f.compression,
    p.skip,
    p.lineBreak,
    ...p.header,
  ].join('\u0000');
}

/** The escape character in quoted fields: the quote doubled, or a backslash where the file reads so. */
const escapeOf = (p: Prepared) => (p.backslashEscapes ? '\\' : p.format.quote);

/** The longest line read (csv-error.ts names it in MB when one is longer). */
const MAX_LINE_BYTES = 20_000_000;

/**
 * One read_csv over `files`; `plain` files (plain-table.ts) are read with DuckDB's sniffer off
 * and every column typed. The result is the same; a read that fails that way is retried with the
 * sniffer on, whose errors the messages are written for.
 */
function readCsvSql(files: Prepared[], serial: boolean, plain: boolean): string {
  const f = files[0]!.format;
  const header = files[0]!.header;
  const opts = [
    `header = ${f.header}`,
    `delim = ${literal(f.delimiter)}`,
    `quote = ${literal(f.quote)}`,
    `escape = ${literal(escapeOf(files[0]!))}`,
    `encoding = ${literal(f.encoding)}`,
    `compression = ${literal(f.compression === 'gzip' ? 'gzip' : 'none')}`,
    `filename = true`,
    'null_padding = true',
    `max_line_size = ${MAX_LINE_BYTES}`,
    // DuckDB's buffers are 16 × max_line_size by default (320 MB): a whole file in one buffer,
    // scanned by one thread. Buffers of one line's size keep long lines readable and split a
    // large file between threads (1M lines: 750 → 470 ms on the busiest of 2 threads).
    `buffer_size = ${MAX_LINE_BYTES}`,
  ];
  // Our names, always: DuckDB's own cleaning of header cells (BOMs, tabs, non-breaking spaces)
  // differs from ours, and every later query names columns as we read them.
  if (plain) opts.push('auto_detect = false', `columns = {${header.map((h) => `${literal(h)}: 'VARCHAR'`).join(', ')}}`);
  // No comment character: DuckDB's sniffer would otherwise take lines starting with '#' (an #N/A
  // invoice, a '#12' order number) for comments and leave them out without a word.
  else opts.push('all_varchar = true', `names = ${literalList(header)}`, `comment = ''`);
  if (files[0]!.skip > 0) opts.push(`skip = ${files[0]!.skip}`);
  const lineBreak = files[0]!.lineBreak;
  if (lineBreak) opts.push(`new_line = ${literal(lineBreak.replace('\r', '\\r').replace('\n', '\\n'))}`);
  if (serial) opts.push('parallel = false');
  return `SELECT * FROM read_csv(${literalList(files.map((p) => p.alias))}, ${opts.join(', ')})`;
}

/**
 * Every file of a run is a plain table read as it is (not a repaired or transcoded copy), or a sheet
 * we wrote as CSV: DuckDB need not sniff them (its sniffer would take a sheet's lines starting
 * with '#', an #N/A in the first column, for comments and leave them out).
 */
const allPlain = (files: readonly Prepared[]) => files.every((p) => p.kind !== 'parquet' && p.original === undefined && p.plain === true);

/**
 * Reads all sources into the DuckDB table `raw` (every column VARCHAR, plus `__source`), one
 * read_csv per group of files that share a format. Columns are matched by name (or a later name
 * for one column); a file without a column others have reads it as empty (differing-columns.ts;
 * whether the mapping can do without it is decided once roles are known). Spreadsheets are
 * converted to CSV first. Returns what was detected for each file. A file whose bytes are an
 * earlier file's is not read (`copies`, file-copies.ts). Inputs too large for memory are refused
 * up front; whatever DuckDB throws comes out as an EngineError.
 */
export async function readSources(
  sql: SqlPort,
  sources: readonly DataSource[],
  options: ReadOptions & LaterChecks & { control?: JobControl } = {},
): Promise<{ sources: SourceInfo[]; columns: string[]; copies?: FileCopy[]; textFiles?: string[] }> {
  if (sources.length === 0) throw new EngineError('invalid_argument', 'no input files');
  const files = await expandArchives(sources, { boundedMemory: !sql.spillsToDisk, control: options.control });
  const { kept, copies } = await withoutCopies(files, options.control?.signal);
  if (!sql.spillsToDisk) await checkInputSize(kept);
  try {
    const read = await readAll(sql, kept, options);
    return copies.length > 0 ? { ...read, copies } : read;
  } catch (e) {
    throw loadError(
      e,
      kept.map((s) => s.name),
    );
  }
}

async function readAll(
  sql: SqlPort,
  sources: readonly DataSource[],
  options: ReadOptions & LaterChecks & { control?: JobControl },
): Promise<{ sources: SourceInfo[]; columns: string[]; textFiles?: string[] }> {
  let prepared: Prepared[] = [];
  const n = sources.length;
  let next = 0;
  const prepareNext = async (): Promise<Prepared[]> => {
    const i = next++;
    const out = await prepare(sql, sources[i]!, i, n > 1, options, share(options.control, i / n / 2, 1 / n / 2));
    prepared.push(...out);
    return out;
  };
  const loaded = await loadWhileSniffing(sql, sources, prepareNext, options.control);
  while (next < n) await prepareNext();
  // Loaded while sniffing, every file had the first's header: no text among them.
  const texts = new Set(
    loaded
      ? []
      : textsBesideTables(prepared.map((p) => ({ name: p.source.name, header: p.header, text: p.kind === 'csv', delimiter: p.format.delimiter }))).map(
          (i) => prepared[i]!,
        ),
  );
  for (const p of texts) await sql.dropFile(p.alias);
  prepared = prepared.filter((p) => !texts.has(p));
  const unsplit = prepared.find((p) => p.productsNotSplit);
  const split = prepared.find((p) => p.productStarts);
  if (unsplit && split) {
    // One file's products split, another's not: say why, rather than read their columns side by side.
    throw new EngineError(
      'shape_mismatch',
      `its '${PACKED_COLUMN}' cannot be split into products as ${split.source.name}'s are: ${unsplit.productsNotSplit!.reason}`,
      { file: unsplit.source.name, row: unsplit.productsNotSplit!.row, column: PACKED_COLUMN },
    );
  }
  const matched = matchColumns(prepared.map((p) => p.header));
  const columns = matched.columns;
  prepared.forEach((p, i) => {
    p.header = matched.headers[i]!;
    if (matched.renamed[i]!.length) p.renamedColumns = matched.renamed[i];
  });
  const names = uniqueNames(prepared.map((p) => p.displayName ?? p.source.name));
  const nameOf = new Map(prepared.map((p, i) => [p.alias, names[i]!]));
  // Workbooks and decoded Parquet files were converted first: that took the first half of the progress.
  const converted = prepared.some((p) => p.kind === 'xlsx' || (p.kind === 'parquet' && p.parquetColumns === undefined));
  const control = converted ? share(options.control, 0.5, 0.5) : options.control;
  const counts = loaded
    ? await rawCounts(sql, columns, prepared, nameOf)
    : ((await insertSheets(sql, prepared, columns, nameOf, control)) ?? (await readRaw(sql, prepared, columns, nameOf, control)));
  if (counts.length === 0) {
    const what = prepared.length === 1 ? 'the file has no data lines' : `none of the ${prepared.length} files has any data lines`;
    throw new EngineError('empty_file', `${what} below the header`, prepared.length === 1 ? { file: prepared[0]!.source.name } : {});
  }
  const byName = new Map(counts.map((r) => [String(r.f), r]));
  const infos: SourceInfo[] = prepared.map((p) => {
    const name = nameOf.get(p.alias)!;
    const missing = absent(p.header, columns);
    const c = byName.get(name);
    return {
      name,
      kind: p.kind,
      format: p.original ?? p.format,
      ...(p.sheet !== undefined ? { sheet: p.sheet, sheets: p.sheets ?? [] } : {}),
      ...(p.workbook ? { workbook: p.workbook } : {}),
      rows: c ? Number(c.n) : 0,
      firstRowId: c ? Number(c.first) : 0,
      ...(p.headerLine !== undefined ? { headerLine: p.headerLine } : {}),
      ...(p.sepLine ? { sepLine: true } : {}),
      ...(p.date1904 ? { date1904: true } : {}),
      ...(p.replacedBytes ? { replacedBytes: p.replacedBytes } : {}),
      ...(p.nulBytes ? { nulBytes: p.nulBytes } : {}),
      ...(p.encodingDoubt ? { encodingDoubt: p.encodingDoubt } : {}),
      ...(p.backslashEscapes ? { backslashEscapes: p.backslashEscapes } : {}),
      ...(p.carriageReturns ? { carriageReturns: carriageReturnsOf(p, p.carriageReturns) } : {}),
      ...(p.basketStarts ? { basketStarts: p.basketStarts } : {}),
      ...(p.emptyBaskets ? { emptyBaskets: p.emptyBaskets } : {}),
      ...(p.productStarts ? { productStarts: p.productStarts } : {}),
      ...(p.productTotalsDiffer ? { productTotalsDiffer: p.productTotalsDiffer } : {}),
      ...(p.productTotalsWithTax ? { productTotalsWithTax: p.productTotalsWithTax } : {}),
      ...(p.productsNotSplit ? { productsNotSplit: p.productsNotSplit } : {}),
      ...(p.rowRuns && (p.rowRuns.length !== 1 || p.rowRuns[0]![1] !== (p.headerLine ?? 1) + 1) ? { rowRuns: p.rowRuns } : {}),
      ...(p.blankLinesUnchecked ? { blankLinesUnchecked: true as const } : {}),
      ...(missing.length ? { missingColumns: missing } : {}),
      ...(p.renamedColumns ? { renamedColumns: p.renamedColumns } : {}),
    };
  });
  await lookForMergedLines(sql, prepared, infos, options.checkedAfterLoad);
  return texts.size ? { sources: infos, columns, textFiles: [...texts].map((p) => p.displayName ?? p.source.name) } : { sources: infos, columns };
}

/**
 * Values holding whole lines of their file (merged-lines.ts), looked for in the CSV files whose
 * records are the file's own, with a quoted line break possible (not a plain table), where the
 * lines counted outnumber the rows read, or were not counted (a file read from a copy or not
 * looked through: one statement over its rows). A file not looked through that its host looks
 * through after the load (`checkedAfterLoad`) is left to checkMergedLines.
 */
async function lookForMergedLines(
  sql: SqlPort,
  prepared: readonly Prepared[],
  infos: SourceInfo[],
  checkedAfterLoad: readonly DataSource[] | undefined,
): Promise<void> {
  const looks: MergedLook[] = [];
  prepared.forEach((p, i) => {
    const candidate = mergedCandidate(p, infos[i]!.name);
    searchLater.delete(p.source);
    if (!candidate) return;
    if (p.blankLinesUnchecked && checkedAfterLoad?.includes(p.source)) {
      searchLater.set(p.source, candidate);
      infos[i]!.mergedLinesUnchecked = true;
    } else looks.push({ index: i, candidate, lines: { dataLines: p.dataLines, breaksAbove: p.breaksAbove } });
  });
  for (const [i, m] of await searchMergedLines(sql, infos, looks)) infos[i]!.mergedLines = m;
}

/** A file the search may be for: how it is found in `raw`, and the records above its data (its lines are counted against them). */
interface MergedCandidate {
  file: MergedFile;
  shape: RecordShape;
}

/** Left by a load to its host (checkedAfterLoad): what the search needs of each source. */
const searchLater = new WeakMap<DataSource, MergedCandidate>();

/** `p` is a CSV read from its own records (not a plain table), of at least MIN_COLUMNS columns; `name` is its name in `raw`. */
function mergedCandidate(p: Prepared, name: string): MergedCandidate | undefined {
  const f = p.original ?? p.format;
  const own = p.kind === 'csv' && !p.table && !p.plain && !p.basketStarts && !p.productStarts && f.delimiter !== ALIGNED && p.header.length >= MIN_COLUMNS;
  if (!own) return undefined;
  return { file: { name, columns: p.header, delimiter: p.format.delimiter, crLines: p.crLines === true }, shape: recordShape(p) };
}

/** A file to search: its index among the load's sources, and its lines as counted (undefined: not counted). */
interface MergedLook {
  index: number;
  candidate: MergedCandidate;
  lines: Pick<LineFacts, 'dataLines' | 'breaksAbove'> | undefined;
}

/**
 * The search, for the load and for checkMergedLines: of `looks`, the files with rows whose lines
 * as counted are not their rows, searched in one statement per shape; their merged lines by index
 * in `infos` (the load's sources, for the rows of `raw`).
 */
async function searchMergedLines(sql: SqlPort, infos: readonly SourceInfo[], looks: readonly MergedLook[]): Promise<Map<number, MergedLines>> {
  const out = new Map<number, MergedLines>();
  const looked = looks.filter((l) => infos[l.index]!.rows > 0 && l.lines?.dataLines !== infos[l.index]!.rows);
  if (looked.length === 0) return out;
  const found = await findMergedLines(
    sql,
    looked.map((l) => l.candidate.file),
    infos.length > 1,
  );
  for (const l of looked) {
    const m = found.get(l.candidate.file.name);
    if (!m) continue;
    // The file's line: the row (blank lines counted) and the line breaks in values above it, the header's among them.
    const aboveQuoted = Math.max(0, (l.lines?.breaksAbove ?? 0) - l.candidate.shape.linesAbove);
    out.set(l.index, {
      count: m.count,
      lines: m.lines,
      examples: m.first.map((v) => {
        const row = locateRow(infos, v.id)!.row;
        return { row, line: row + v.before + aboveQuoted, column: v.column, lines: v.lines };
      }),
    });
  }
  return out;
}

/**
 * After a load that left sources to its host (checkedAfterLoad; their SourceInfo has
 * mergedLinesUnchecked), once checkBlankLines has counted their lines: those sources searched as
 * the load searches the rest, on the `raw` it read (`infos`: its sources, no blank line found
 * among their rows). Their merged lines by name (sources without any left out); each source is
 * searched once. A clean file, its lines its rows, runs no statement.
 */
export async function checkMergedLines(sql: SqlPort, sources: readonly DataSource[], infos: readonly SourceInfo[]): Promise<Map<string, MergedLines>> {
  const looks = sources.flatMap((source): MergedLook[] => {
    const candidate = searchLater.get(source);
    const index = candidate ? infos.findIndex((s) => s.mergedLinesUnchecked && s.name === candidate.file.name) : -1;
    if (!candidate || index < 0) return [];
    searchLater.delete(source);
    return [{ index, candidate, lines: countedLines(source, candidate.shape) }];
  });
  const found = await searchMergedLines(sql, infos, looks);
  return new Map([...found].map(([i, m]) => [infos[i]!.name, m]));
}

/** Where the first CR read in a value is: its row, and its column when the row is a data row of the header's width. */
function carriageReturnsOf(p: Prepared, cr: CarriageReturns): { count: number; row: number; column?: string } {
  const data = cr.row > p.skip + (p.format.header ? 1 : 0) && cr.field < p.header.length;
  return { count: cr.count, row: cr.row, ...(data ? { column: p.header[cr.field]! } : {}) };
}

/** Per source in `raw` with rows: its name, row count and first rowid (f, n, first). */
type SourceCounts = Record<string, unknown>[];

/** Reads the sources' files (a workbook's sheets as their CSV) into `raw` with read_csv. */
async function readRaw(sql: SqlPort, prepared: Prepared[], columns: string[], nameOf: Map<string, string>, control?: JobControl): Promise<SourceCounts> {
  for (const p of prepared) if (p.table && sql.insertArrow) await sql.registerBuffer(p.alias, sheetCsv(p.table));
  // Blank lines are looked for while DuckDB reads on its own threads; the outcome is held (an
  // error too) until the read is done, so a failed read's error is the one reported.
  const blanks = Promise.all(prepared.map((p) => (readsOwnLines(p) ? loadLineFacts(p.source, recordShape(p), control) : undefined))).then(
    (runs) => ({ runs }),
    (error: unknown) => ({ error }),
  );
  await loadRaw(sql, prepared, columns, nameOf, control);
  const found = await blanks;
  if ('error' in found) throw found.error;
  found.runs.forEach((facts, i) => {
    const p = prepared[i]!;
    if (facts === 'unchecked') p.blankLinesUnchecked = true;
    else if (facts) {
      if (facts.runs) p.rowRuns = facts.runs;
      if (facts.dataLines !== undefined) p.dataLines = facts.dataLines;
      if (facts.breaksAbove !== undefined) p.breaksAbove = facts.breaksAbove;
    }
  });
  return rawCounts(sql, columns, prepared, nameOf);
}

/** What `p`'s lines are counted against (blank-lines.ts): its delimiter, quote and the records above its data. */
const recordShape = (p: Prepared): RecordShape => ({ ...p.format, linesAbove: p.skip + (p.format.header ? 1 : 0) });

/**
 * DuckDB reads the file's own lines (not a copy made line by line or a sheet; a gzip'd file's
 * text as decompressed), in an encoding where a line break is one byte, and skips its blank lines
 * (with one column it reads them as empty rows): they are found in the file (blank-lines.ts).
 */
const readsOwnLines = (p: Prepared) => p.kind === 'csv' && !p.table && p.original === undefined && p.format.encoding !== 'utf-16' && p.header.length > 1;

/** Once `raw` is read: its rows checked for extra fields (refuseLongRows), then counted per source. */
async function rawCounts(sql: SqlPort, columns: string[], prepared: Prepared[], nameOf: Map<string, string>): Promise<SourceCounts> {
  await refuseLongRows(sql, columns, prepared);
  if (prepared.length === 1) {
    // One source: the new table's rows, from rowid 0, counted without reading them (1M lines: 35 → 1 ms).
    const n = num(firstRow(await sql.query('SELECT count(*) AS n FROM raw')).n);
    return n > 0 ? [{ f: nameOf.get(prepared[0]!.alias)!, n, first: 0 }] : [];
  }
  return tableRows(await sql.query(`SELECT ${ident(SOURCE_COLUMN)} AS f, count(*) AS n, min(rowid) AS first FROM raw GROUP BY 1`, { parallel: true }));
}

/**
 * Workbook sheets into `raw` through Arrow, when the host takes it (SqlPort.insertArrow) and every
 * source is a sheet: the text read_csv would give for the sheet's CSV, without DuckDB parsing it
 * (see sheet-columns.ts), each sheet's rows after the previous one's as read_csv adds them.
 * Undefined when a sheet's CSV needs read_csv's own reading (readRaw then).
 */
async function insertSheets(
  sql: SqlPort,
  prepared: readonly Prepared[],
  columns: readonly string[],
  nameOf: Map<string, string>,
  control?: JobControl,
): Promise<SourceCounts | undefined> {
  if (!sql.insertArrow || !prepared.every((p) => p.table !== undefined)) return undefined;
  // read_csv may name columns its own way when names clash with its filename column or differ only in case.
  const lower = columns.map((c) => c.toLowerCase());
  if (lower.some((c, i) => c === 'filename' || c === SOURCE_COLUMN || lower.indexOf(c) !== i)) return undefined;
  // Sheets whose columns come in another order are read after the first order's by read_csv (one read per order).
  if (prepared.some((p) => p.header.join('\u0000') !== columns.join('\u0000'))) return undefined;
  const sheets = [];
  for (const p of prepared) {
    const t = p.table!;
    const cols = t.arrowBatches === undefined ? sheetColumns(t) : undefined;
    if (t.arrowBatches === undefined && cols === undefined) return undefined;
    sheets.push({ p, t, cols });
  }
  await sql.exec('DROP TABLE IF EXISTS raw');
  const fileCount = new Set(prepared.map((p) => p.source)).size;
  const totalBytes = prepared.reduce((a, p) => a + bytesOf(p, prepared), 0);
  const counts: SourceCounts = [];
  let bytesRead = 0;
  let firstRowId = 0;
  for (const { p, t, cols } of sheets) {
    throwIfCancelled(control?.signal);
    const name = nameOf.get(p.alias)!;
    if (t.rows > 0) {
      // The record batches as the worker built them (the app) or made here; only the names are written in front (the
      // stream shares the batches' buffer, which the host may transfer: a sheet's batches are inserted once).
      const ipc = sheetArrowIpc(t.arrowBatches ?? sheetArrowBatches(cols!), columns, SOURCE_COLUMN, name);
      await sql.insertArrow('raw', ipc, { create: counts.length === 0 });
      counts.push({ f: name, n: t.rows, first: firstRowId });
      firstRowId += t.rows;
    }
    bytesRead += bytesOf(p, prepared);
    const what =
      fileCount === 1 ? `read ${p.source.name}` : `read ${new Set(prepared.slice(0, prepared.indexOf(p) + 1).map((q) => q.source)).size} of ${fileCount} files`;
    control?.onProgress?.(totalBytes > 0 ? bytesRead / totalBytes : 1, `${what} (${mb(bytesRead)} of ${mb(totalBytes)} MB)`);
  }
  return counts;
}

/** `control` with its progress mapped to [from, from + width]: one step's part of the whole. */
function share(control: JobControl | undefined, from: number, width: number): JobControl | undefined {
  const onProgress = control?.onProgress;
  if (!onProgress) return control;
  return { ...control, onProgress: (f, m) => onProgress(from + width * f, m) };
}

/**
 * Loads `raw`, repairing the encoding surprises that only show past the sniffed sample:
 * - invalid bytes in a file that is otherwise UTF-8 (more valid multi-byte sequences than
 *   invalid bytes): each is replaced by U+FFFD and reported by line (utf8-repair.ts);
 * - a sample of plain ASCII, then bytes that are not UTF-8 (a Windows-1252 export whose first
 *   accented letter comes late): re-read in the 8-bit code page the file's bytes show
 *   (code-page-guess.ts; the file is read whole here anyway). Safe, because the sample proved
 *   nothing about UTF-8; a sample that already held UTF-8 (mixed encodings) stays an error naming the line;
 * - Windows-1252 bytes 0x80-0x9F (€, curly quotes, dashes), which DuckDB's Latin-1 reader
 *   refuses: the file is transcoded to UTF-8 in memory and DuckDB reads the copy.
 */
async function loadRaw(sql: SqlPort, prepared: Prepared[], columns: readonly string[], nameOf: Map<string, string>, control?: JobControl): Promise<void> {
  for (;;) {
    try {
      return await loadOnce(sql, prepared, columns, nameOf, control);
    } catch (e) {
      const failed = e instanceof EngineError ? failedFile.get(e) : undefined;
      if (failed && e instanceof EngineError && e.code === 'parse') {
        if (await readLinesCopy(sql, failed, nameOf)) continue;
        const quotes = await quotesOf(failed, e);
        if (quotes === true) continue;
        if (quotes) throw quotes;
      }
      const p = e instanceof EngineError && e.code === 'encoding' ? failed : undefined;
      // The file's own text: the file, or its copy with other line breaks.
      const own = p !== undefined && (p.original === undefined || p.linesCopy === true);
      const bytes = own && p.format.encoding === 'utf-8' ? await fileBytes(p) : undefined;
      if (p !== undefined && bytes !== undefined && (p.encodingChosen || isUtf8WithStrays(utf8Evidence(bytes, true)))) {
        await repair(sql, p, bytes, nameOf);
      } else if (own && p.format.encoding === 'utf-8' && (await factsOf(p))?.ascii) {
        const { encoding, doubt } = guessEightBit(await fileBytes(p));
        p.format = { ...p.format, encoding };
        if (p.original) p.original = { ...p.original, encoding };
        p.facts = { ...p.facts!, ascii: false };
        if (doubt) p.encodingDoubt = doubt;
        if (encoding !== 'latin-1') await transcode(sql, p, encoding, nameOf);
      } else if (own && p.format.encoding === 'latin-1') {
        await transcode(sql, p, 'latin-1', nameOf);
      } else throw e;
    }
  }
}

/**
 * A file DuckDB refused, scanned for where its quotes go wrong (quote-faults.ts; only a failed
 * read pays for it): true when backslash escapes are the reading that makes it whole (set, to
 * be read again); else an error naming the row where they go wrong, when DuckDB named none or a
 * later one; else undefined (`e` stands).
 */
async function quotesOf(p: Prepared, e: EngineError): Promise<true | EngineError | undefined> {
  const f = p.original ?? p.format;
  // The file's own records, in an encoding whose quotes are bytes: not a copy rebuilt line by line.
  if (p.kind !== 'csv' || f.encoding === 'utf-16' || f.encoding === 'shift_jis' || f.delimiter === ALIGNED || f.baskets || f.matrix || p.productStarts)
    return undefined;
  const bytes = await fileBytes(p);
  const fault = scanQuotes(bytes, p.format.delimiter, p.format.quote).fault;
  if (!fault || (e.location.row !== undefined && e.location.row < fault.row)) return undefined;
  const escapes = p.backslashEscapes ? undefined : backslashEscapes(bytes, p.format.delimiter, p.format.quote);
  if (escapes) {
    p.backslashEscapes = escapes;
    return true;
  }
  // The column, when the row is a data row of the header's width.
  const column = fault.row > p.skip + (p.format.header ? 1 : 0) && fault.field < p.header.length ? { column: p.header[fault.field]! } : {};
  const where = { ...(e.location.file !== undefined ? { file: e.location.file } : {}), row: fault.row, ...column };
  return fault.unclosed
    ? new EngineError('parse', 'a quoted field opened on this line is never closed', where)
    : new EngineError('parse', 'a quoted field goes on after its closing quote (a quote inside a quoted field is written twice: "")', where);
}

/** Registers a UTF-8 copy of a Windows-1252 or code page file (decompressed first) and reads that instead. */
async function transcode(sql: SqlPort, p: Prepared, encoding: EightBit, nameOf: Map<string, string> | undefined): Promise<void> {
  await readCopy(sql, p, 'utf8', withUniformLineBreaks(eightBitToUtf8(await fileBytes(p), encoding), p), UTF8_COPY, nameOf);
}

/** Parquet files of one group: every column as VARCHAR under the names a CSV would get. */
function readParquetSql(files: Prepared[]): string {
  const p = files[0]!;
  const cols = p.parquetColumns!.map((c, i) => `CAST(${ident(c)} AS VARCHAR) AS ${ident(p.header[i]!)}`);
  return `SELECT ${cols.join(', ')}, filename FROM read_parquet(${literalList(files.map((f) => f.alias))}, filename = true)`;
}

/**
 * Statements a load is split into (plus one per format), for progress and cancellation: one per
 * RUN_BYTES, at least MIN_LOAD_STEPS and at most MAX_LOAD_STEPS. Each statement costs DuckDB a
 * start of its own (measured on Online Retail's 305 files: 20 statements took half as long
 * again as 5, and wall time grew more under load), so small loads take few.
 */
const MIN_LOAD_STEPS = 8;
const MAX_LOAD_STEPS = 20;
const RUN_BYTES = 32 * 1024 * 1024;
const loadSteps = (totalBytes: number) => Math.min(MAX_LOAD_STEPS, Math.max(MIN_LOAD_STEPS, Math.ceil(totalBytes / RUN_BYTES)));

/** A source's share of its file's bytes (a workbook's sheets share the file). */
function bytesOf(p: Prepared, prepared: readonly Prepared[]): number {
  return p.source.size / prepared.filter((q) => q.source === p.source).length;
}

/**
 * Consecutive runs of `files` of about `target` bytes each: one read_csv each, so the load
 * reports files and bytes read as it goes and can stop between them. File order is kept.
 */
function batches<T>(files: readonly T[], size: (file: T) => number, target: number): T[][] {
  const out: T[][] = [];
  let run: T[] = [];
  let bytes = 0;
  for (const p of files) {
    run.push(p);
    bytes += size(p);
    if (bytes >= target) {
      out.push(run);
      run = [];
      bytes = 0;
    }
  }
  if (run.length) out.push(run);
  return out;
}

const mb = (bytes: number) => (bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0);

/** One read_csv per run of files sharing a format, into `raw`; progress in files and bytes read. */
async function loadOnce(sql: SqlPort, prepared: Prepared[], columns: readonly string[], nameOf: Map<string, string>, control?: JobControl): Promise<void> {
  const groups = new Map<string, Prepared[]>();
  for (const p of prepared) groups.set(groupKey(p), [...(groups.get(groupKey(p)) ?? []), p]);
  const totalBytes = prepared.reduce((a, p) => a + bytesOf(p, prepared), 0);
  const runs = [...groups.values()].flatMap((g) => batches(g, (p) => bytesOf(p, prepared), totalBytes / loadSteps(totalBytes)));
  await sql.exec('DROP TABLE IF EXISTS raw');
  // Runs read on one thread go into `raw` in one transaction, to which the table is new: each run's
  // rows join it as they are, where a committed INSERT at times copied the table's rows again
  // (Online Retail's 8 runs: 960-1330 → 545-690 ms of CPU). Runs on several threads stay out of
  // it: the native adapter sets the thread count around them, which an aborted transaction refuses.
  const oneTransaction = runs.length > 1 && runs.every(smallFiles);
  if (oneTransaction) await sql.exec('BEGIN TRANSACTION');
  try {
    await loadRuns(sql, runs, prepared, columns, nameOf, oneTransaction, control);
    if (oneTransaction) await sql.exec('COMMIT');
  } catch (e) {
    if (oneTransaction) await sql.exec('ROLLBACK');
    if (e === RETRY) return loadOnce(sql, prepared, columns, nameOf, control);
    throw e;
  }
}

/** Thrown by loadRuns when the load is to start again with files' read options changed. */
const RETRY = new Error('read again');

async function loadRuns(
  sql: SqlPort,
  runs: readonly Prepared[][],
  prepared: readonly Prepared[],
  columns: readonly string[],
  nameOf: Map<string, string>,
  inTransaction: boolean,
  control?: JobControl,
): Promise<void> {
  const progress = runProgress(
    new Set(prepared.map((p) => p.source)).size,
    prepared.reduce((a, p) => a + bytesOf(p, prepared), 0),
    (p) => bytesOf(p, prepared),
    control,
  );
  for (const [i, files] of runs.entries()) {
    throwIfCancelled(control?.signal);
    const serial = files.some((p) => p.serial);
    // The first run's statement creates `raw` with every file's columns (later runs insert by name).
    const statement = (select: string) => runSql(i, files, (p) => nameOf.get(p.alias)!, select, i === 0 ? absent(files[0]!.header, columns) : []);
    // Reading and splitting lines is the same on any number of cores; rowids keep the file order.
    const threads = { parallel: !smallFiles(files) };
    try {
      if (files[0]!.parquetColumns) await sql.exec(statement(readParquetSql(files)), threads);
      else if (!allPlain(files)) await sql.exec(statement(readCsvSql(files, serial, false)), threads);
      else {
        try {
          await sql.exec(statement(readCsvSql(files, serial, true)), threads);
        } catch {
          // A failed statement leaves `raw` as it was; DuckDB's sniffer gives the error we explain.
          // In a transaction, which the failure ended, the load starts again with the sniffer on.
          if (!inTransaction) await sql.exec(statement(readCsvSql(files, serial, false)), threads);
          else {
            for (const p of files) p.plain = false;
            throw RETRY;
          }
        }
      }
    } catch (e) {
      // DuckDB's parallel scanner cannot pad short rows around quoted line breaks; the serial one can.
      if (e === RETRY) throw e;
      if (/parallel scanner does not support/i.test(e instanceof Error ? e.message : '') && !serial) {
        for (const p of files) p.serial = true;
        throw RETRY;
      }
      const file = culprit(e, files);
      if (file) await factsOf(file);
      const error = csvError(e, files);
      if (file) failedFile.set(error, file);
      throw error;
    }
    progress(files);
  }
}

/**
 * Run `i`'s statement: its rows into `raw` (created by the first, with `empty` columns other files
 * have), each labelled with its source's name.
 */
function runSql(i: number, files: readonly Prepared[], nameOf: (p: Prepared) => string, select: string, empty: readonly string[] = []): string {
  const sourceName = `CASE filename ${files.map((p) => `WHEN ${literal(p.alias)} THEN ${literal(nameOf(p))}`).join(' ')} END`;
  const nulls = empty.map((c) => `CAST(NULL AS VARCHAR) AS ${ident(c)}, `).join('');
  // All columns: with null_padding, fields past the header arrive as extra columns.
  const body = `SELECT * EXCLUDE (filename), ${nulls}${sourceName} AS ${ident(SOURCE_COLUMN)} FROM (${select})`;
  return i === 0 ? `CREATE TABLE raw AS ${body}` : `INSERT INTO raw BY NAME ${body}`;
}

/** Reports each run read: files read of `fileCount`, bytes read (`bytes` of each source read) of `totalBytes`. */
function runProgress(
  fileCount: number,
  totalBytes: number,
  bytes: (p: Prepared) => number,
  control: JobControl | undefined,
): (files: readonly Prepared[]) => void {
  let bytesRead = 0;
  const filesRead = new Set<DataSource>();
  return (files) => {
    for (const p of files) {
      bytesRead += bytes(p);
      filesRead.add(p.source);
    }
    const what = fileCount === 1 ? `read ${files[0]!.source.name}` : `read ${filesRead.size} of ${fileCount} files`;
    control?.onProgress?.(totalBytes > 0 ? bytesRead / totalBytes : 1, `${what} (${mb(bytesRead)} of ${mb(totalBytes)} MB)`);
  };
}

/**
 * A folder of small CSV files (daily exports) read into `raw` while its later files are still
 * being sniffed: DuckDB reads each run of files on its own thread meanwhile. Only when loadOnce
 * would read every file in runs of several small files in one transaction (smallFiles), as the
 * file sizes alone tell; then each file must turn out a plain or sniffed CSV, uncompressed, of
 * the first file's format and columns (one group, so the same runs and statements as loadOnce).
 * Anything else, or any statement failing, rolls back and returns false: the files sniffed so
 * far are kept, and the usual load (after every file is sniffed) reads them and reports what
 * went wrong as it always did. A file that cannot be sniffed throws, as it would have.
 */
async function loadWhileSniffing(
  sql: SqlPort,
  sources: readonly DataSource[],
  prepareNext: () => Promise<Prepared[]>,
  control: JobControl | undefined,
): Promise<boolean> {
  const totalBytes = sources.reduce((a, s) => a + s.size, 0);
  const runs = batches(
    sources.map((_, i) => i),
    (i) => sources[i]!.size,
    totalBytes / loadSteps(totalBytes),
  );
  if (runs.length < 2 || !runs.every((r) => r.length > 1 && r.every((i) => sources[i]!.size <= MAX_LINE_BYTES))) return false;
  const names = uniqueNames(sources.map((s) => s.name));
  const nameOf = new Map<Prepared, string>();
  const progress = runProgress(sources.length, totalBytes, (p) => p.source.size, control);
  let key: string | undefined;
  const fits = (ps: Prepared[]): boolean => {
    const p = ps[0]!;
    if (ps.length !== 1 || p.kind !== 'csv' || p.format.compression !== 'none') return false;
    key ??= groupKey(p);
    return groupKey(p) === key;
  };
  // Statements one after the other, as the files of each run are sniffed; a failure or a
  // cancellation skips the rest.
  let failed = false;
  let chain: Promise<void> = Promise.resolve();
  const then = (step: () => Promise<void>) => {
    chain = chain.then(async () => {
      if (failed) return;
      try {
        throwIfCancelled(control?.signal);
        await step();
      } catch {
        failed = true;
      }
    });
  };
  let fitting = true;
  let open = false;
  try {
    for (const [i, run] of runs.entries()) {
      throwIfCancelled(control?.signal);
      const files: Prepared[] = [];
      for (const k of run) {
        const ps = await prepareNext();
        fitting = fits(ps);
        if (!fitting) break;
        nameOf.set(ps[0]!, names[k]!);
        files.push(ps[0]!);
      }
      if (!fitting || failed) break;
      if (i === 0) {
        then(() => sql.exec('DROP TABLE IF EXISTS raw'));
        then(async () => {
          await sql.exec('BEGIN TRANSACTION');
          open = true;
        });
      }
      const statement = runSql(i, files, (p) => nameOf.get(p)!, readCsvSql(files, false, allPlain(files)));
      then(async () => {
        await sql.exec(statement);
        progress(files);
      });
    }
    await chain;
  } catch (e) {
    await chain;
    if (open) await sql.exec('ROLLBACK');
    throw e;
  }
  if (fitting && !failed) {
    await sql.exec('COMMIT');
    return true;
  }
  if (open) await sql.exec('ROLLBACK');
  throwIfCancelled(control?.signal);
  return false;
}

/**
 * Several uncompressed CSV files of at most one buffer each: read on one thread. DuckDB splits a file
 * between threads by buffer, so such files gain nothing from more, and the threads' separate
 * inserts cost more than they save (55 Online Retail days on 2 threads: wall 66 → 101 ms, CPU
 * 66 → 170 ms; ten 8.5 MB files: wall the same, CPU +60%). One file over a buffer reads faster.
 */
function smallFiles(files: readonly Prepared[]): boolean {
  return files.length > 1 && files.every((p) => p.kind === 'csv' && p.format.compression === 'none' && p.source.size <= MAX_LINE_BYTES);
}

/** Which file a load error came from (display names need not be unique). */
const failedFile = new WeakMap<EngineError, Prepared>();

/**
 * Rows with more fields than the header cannot be repaired (which field is extra?), so they
 * are refused, naming the first one. Short rows are padded with empty values: exports often
 * omit trailing empty fields.
 */
async function refuseLongRows(sql: SqlPort, header: readonly string[], files: Prepared[]): Promise<void> {
  // The result's columns, without a row (the catalog's duckdb_columns() took 10 ms on its first call).
  const present = (await sql.query('SELECT * FROM raw LIMIT 0')).schema.fields.map((f) => f.name);
  const extra = present.filter((c) => c !== SOURCE_COLUMN && !header.includes(c));
  if (extra.length === 0) return;
  const row = firstRow(
    await sql.query(`SELECT ${ident(SOURCE_COLUMN)} AS f, rowid AS id FROM raw
      WHERE ${extra.map((c) => `${ident(c)} IS NOT NULL`).join(' OR ')} ORDER BY rowid LIMIT 1`),
  );
  if (row.id === undefined) {
    // Trailing delimiters on every line: empty fields past the header, safe to drop.
    for (const c of extra) await sql.exec(`ALTER TABLE raw DROP COLUMN ${ident(c)}`);
    return;
  }
  const first = firstRow(await sql.query(`SELECT min(rowid) AS id FROM raw WHERE ${ident(SOURCE_COLUMN)} = ${literal(String(row.f))}`));
  const file = files.find((p) => (p.displayName ?? p.source.name) === row.f) ?? files[0]!;
  const index = num(row.id) - num(first.id);
  throw new EngineError('parse', `a row has more fields than the ${header.length} columns of the header (ragged row)`, {
    file: String(row.f),
    row: file.rowRuns ? sheetRow(file.rowRuns, file.skip + 1, index) : index + (file.format.header ? 2 : 1) + file.skip,
  });
}

/** Display names made unique ("a.csv", "a.csv (2)") so per-file counts never merge. */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n} (${k})`;
  });
}

/**
 * File and 1-based line number (header and title rows counted) of a rowid in `raw`; for a
 * workbook, the sheet row (empty rows counted).
 */
export function locateRow(sources: readonly SourceInfo[], rowId: number): { file: string; row: number } | undefined {
  let best: SourceInfo | undefined;
  for (const s of sources) if (s.rows > 0 && s.firstRowId <= rowId && (!best || s.firstRowId > best.firstRowId)) best = s;
  if (!best) return undefined;
  const index = rowId - best.firstRowId;
  const starts = best.basketStarts ?? best.productStarts;
  if (starts?.length) return { file: best.name, row: basketLine(starts, index) };
  if (best.rowRuns?.length) return { file: best.name, row: sheetRow(best.rowRuns, best.headerLine ?? 1, index) };
  return { file: best.name, row: index + (best.format.header ? 2 : 1) + (best.headerLine ?? 1) - 1 };
}
