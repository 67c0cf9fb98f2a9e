/**
 * Blank lines between a CSV's rows. DuckDB's reader skips them without a row, so without this
 * every row after one would be named a line too early in messages ("row 5" for the sixth line).
 * The result is where the numbering jumps, as a workbook's empty rows give it (sheet-layout.ts
 * sheetRow): [data row index, its row]. Rows are records, as a spreadsheet opening the file
 * numbers them: a blank line is a row, a quoted line break is not.
 */
import { Gunzip } from 'fflate';
import { CancelledError, throwIfCancelled } from '../errors.ts';
import type { DataSource, JobControl } from '../ports.ts';

const CHUNK = 4 * 1024 * 1024;
/** A gzip'd file is read in smaller steps: each step's text (about 5x) is decompressed at once, and the app's page waits between steps. */
const GZIP_CHUNK = 256 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/**
 * Files up to this size are looked at during the load whatever their reads cost. A larger one
 * only when its host reads into one buffer (DataSource.readInto: the CLI) or holds it in memory
 * (the desktop app, up to 128 MiB); else the host looks after the load (checkBlankLines), as the
 * app does for a large file in the browser, where each
 * read is a Blob read through the browser process (85 MB: 0.5-0.8 s alone, and under DuckDB's
 * own read of the file an open of 1M lines took 1.8 s longer).
 */
export const LOAD_SCAN_BYTES = 16 * 1024 * 1024;

/**
 * A gzip'd file is looked at during the load up to this size, unless its host reads cheaply and
 * inflates natively (the CLI, Node's zlib: CLI `segment`, 3 runs each, 30k / 120k / 1M lines
 * gzip'd 0.99 / 1.32 / 3.48 -> 1.01 / 1.38 / 3.65 s). Decompressed in JavaScript (fflate) the
 * cost was 0.25 s even at 0.5 MB (cold code; 1M lines 5.7-5.9 s); the app's page reads a file
 * again through the browser beside DuckDB-WASM's own read. Past it the load says the file was not
 * looked through, and the app looks after the load.
 */
export const LOAD_GZIP_BYTES = 2 * 1024 * 1024;

/** What a file's blank lines are counted against: its delimiter, quote and the records above its first data row; gzip'd or not. */
export interface RecordShape {
  delimiter: string;
  quote: string;
  linesAbove: number;
  compression?: 'none' | 'gzip';
}

type Runs = [number, number][];

/**
 * What a look through a file found: its runs (undefined: no blank line between rows), and the
 * lines that hold its data records (merged-lines.ts: more of them than rows read, and a quoted
 * value holds line breaks), with the line breaks above them; these two are undefined when the
 * first read does not hold every record above the data.
 */
export interface LineFacts {
  runs?: Runs;
  /** Non-blank lines from the first data record on; a record's quoted line breaks make more of them. */
  dataLines?: number;
  /** Line breaks above the first data record (a header's quoted ones among them). */
  breaksAbove?: number;
}

/** What was found so far, by file and shape; a load that finds its file here does not look again. */
const found = new WeakMap<DataSource, Map<string, LineFacts>>();
/** Files a load left unchecked (their reads are costly), with the shape to check them against. */
const unchecked = new WeakMap<DataSource, RecordShape>();
const shapeKey = (s: RecordShape) => `${s.delimiter}\u0000${s.quote}\u0000${s.linesAbove}\u0000${s.compression ?? 'none'}`;

/**
 * A load's view of `source`'s lines: what they are when known or cheap to find now; 'unchecked'
 * when looking would cost the load too much (left to checkBlankLines).
 */
export async function loadLineFacts(source: DataSource, shape: RecordShape, control?: JobControl): Promise<LineFacts | 'unchecked'> {
  const known = countedLines(source, shape);
  if (known !== undefined) return known;
  const costly =
    shape.compression === 'gzip'
      ? source.size > (source.readInto && source.gunzipped ? Number.POSITIVE_INFINITY : LOAD_GZIP_BYTES)
      : !source.readInto && !source.inMemory && source.size > LOAD_SCAN_BYTES;
  if (costly) {
    unchecked.set(source, shape);
    return 'unchecked';
  }
  try {
    return remember(source, shape, await lineFacts(source, shape, control));
  } catch (e) {
    // A gzip stream its inflater cannot read through is DuckDB's to report (or read): left unchecked, said so.
    if (shape.compression !== 'gzip' || e instanceof CancelledError) throw e;
    unchecked.set(source, shape);
    return 'unchecked';
  }
}

/**
 * Looks at the files a load left unchecked; true when one has blank lines between its rows (a
 * load of the same files then names rows past them right, finding the runs here). `pace` is
 * awaited before each read (the app: until no view is computing).
 */
export async function checkBlankLines(sources: readonly DataSource[], control?: JobControl, pace?: () => Promise<void>): Promise<boolean> {
  let any = false;
  for (const source of sources) {
    const shape = unchecked.get(source);
    if (shape === undefined) continue;
    const facts = remember(source, shape, await lineFacts(source, shape, control, pace));
    unchecked.delete(source);
    any ||= facts.runs !== undefined;
  }
  return any;
}

/** What a look through `source` found (the load's or checkBlankLines'); undefined when it was not looked through. */
export function countedLines(source: DataSource, shape: RecordShape): LineFacts | undefined {
  return found.get(source)?.get(shapeKey(shape));
}

function remember(source: DataSource, shape: RecordShape, facts: LineFacts): LineFacts {
  const byShape = found.get(source) ?? new Map<string, LineFacts>();
  byShape.set(shapeKey(shape), facts);
  found.set(source, byShape);
  return facts;
}

/** Where `source`'s data rows jump past blank lines (LF, CRLF or CR endings; a gzip'd file's text); undefined when none do. */
export async function blankLineRuns(source: DataSource, shape: RecordShape, control?: JobControl, pace?: () => Promise<void>): Promise<Runs | undefined> {
  return (await lineFacts(source, shape, control, pace)).runs;
}

/** `source`'s runs and line counts (LineFacts). */
async function lineFacts(source: DataSource, shape: RecordShape, control?: JobControl, pace?: () => Promise<void>): Promise<LineFacts> {
  const chunks = (look: Look) =>
    shape.compression === 'gzip' ? gunzipChunks(source, control, crLinesAsLf(look), pace) : someChunk(source, control, crLinesAsLf(look), pace);
  const newScan = () => new RecordScan(shape.delimiter.charCodeAt(0), shape.quote ? shape.quote.charCodeAt(0) : -1, shape.linesAbove);
  // Most files have none: a quick look for two line breaks in a row (1M lines, 85 MB: ~40 ms)
  // before the careful pass that knows quoted fields and the header. It counts the line breaks
  // as it goes; without a pair, the only blank lines are the last ones.
  const count = { first: true, breaks: 0, above: undefined as number | undefined, tail: 0 };
  const quick: Look = (bytes, own) => {
    if (count.first) count.above = newScan().breaksAbove(bytes.subarray(0, own));
    count.first = false;
    if (hasBreakPair(bytes, own, count)) return true;
    if (own === bytes.length) count.tail = lastLine(bytes, own);
    return false;
  };
  if (!(await chunks(quick))) return count.above === undefined ? {} : { dataLines: count.breaks - count.above + count.tail, breaksAbove: count.above };
  const scan = newScan();
  await chunks((bytes, own) => {
    scan.feed(bytes.subarray(0, own));
    return false;
  });
  return scan.end();
}

/**
 * At the file's end (its last `own` bytes): 1 for a last line without a line break, else minus
 * the blank lines that end it (the line breaks in its last run of them, but one).
 */
function lastLine(bytes: Uint8Array, own: number): number {
  if (own === 0) return 0;
  if (bytes[own - 1] !== LF) return 1;
  let breaks = 0;
  for (let i = own - 1; i >= 0 && (bytes[i] === LF || bytes[i] === CR); i--) if (bytes[i] === LF) breaks++;
  return 1 - breaks;
}

/** Looks at a chunk's `own` bytes, followed by up to 2 of the next; true to stop. */
type Look = (bytes: Uint8Array, own: number) => boolean;

/**
 * Old Mac line endings, CR alone (the first line breaks are CRs, no LF among them; DuckDB reads
 * them as line breaks): `look` is given its chunks with each CR as a LF. Other files pass as they are.
 */
function crLinesAsLf(look: Look): Look {
  let crOnly: boolean | undefined;
  return (bytes, own) => {
    // Decided at the first line break (a host's first pieces may hold none): a CR not followed by
    // a LF, in a chunk without any LF (a CR in a quoted field of a LF file is not one).
    if (crOnly === undefined) {
      const cr = bytes.indexOf(CR);
      const lf = bytes.indexOf(LF);
      if (lf >= 0 && lf < own && (cr < 0 || lf < cr)) crOnly = false;
      else if (cr >= 0 && cr < own && cr + 1 < bytes.length) crOnly = lf < 0;
    }
    if (!crOnly) return look(bytes, own);
    const lf = bytes.slice();
    for (let i = lf.indexOf(CR); i >= 0; i = lf.indexOf(CR, i + 1)) lf[i] = LF;
    return look(lf, own);
  };
}

/**
 * As someChunk, over a gzip'd file's text as it is decompressed (by the host where it can, else
 * by fflate): each piece is looked at once the next is out, with its first 2 bytes (pieces are
 * tens of KB: a 1-byte piece between two would hide a CRLF pair across it).
 */
async function gunzipChunks(source: DataSource, control: JobControl | undefined, look: Look, pace?: () => Promise<void>): Promise<boolean> {
  let held: Uint8Array | undefined;
  let stop = false;
  const take = (piece: Uint8Array) => {
    if (stop || piece.length === 0) return;
    if (held) {
      const bytes = new Uint8Array(held.length + Math.min(2, piece.length));
      bytes.set(held);
      bytes.set(piece.subarray(0, 2), held.length);
      stop = look(bytes, held.length);
    }
    // A copy: inflaters may reuse their output buffers.
    held = new Uint8Array(piece);
  };
  if (source.gunzipped) {
    for await (const piece of source.gunzipped()) {
      await pace?.();
      throwIfCancelled(control?.signal);
      take(piece);
      if (stop) break;
    }
  } else {
    const gunzip = new Gunzip(take);
    // A copy of the input: the inflater may keep what it has not used yet, and a host may reuse its buffer.
    await someChunk(
      source,
      control,
      (bytes, own) => {
        gunzip.push(bytes.slice(0, own));
        return stop;
      },
      pace,
      GZIP_CHUNK,
    );
    if (!stop) gunzip.push(new Uint8Array(0), true);
  }
  return stop || (held !== undefined && look(held, held.length));
}

/**
 * Reads `source` in chunks of `chunk` bytes until `look` says stop; each chunk has its `own`
 * bytes, then up to 2 of the next (a pair of line breaks across the edge).
 */
async function someChunk(source: DataSource, control: JobControl | undefined, look: Look, pace?: () => Promise<void>, chunk = CHUNK): Promise<boolean> {
  const buffer = source.readInto ? new Uint8Array(Math.min(source.size, chunk + 2)) : undefined;
  for (let at = 0; at < source.size; at += chunk) {
    await pace?.();
    throwIfCancelled(control?.signal);
    const end = Math.min(source.size, at + chunk + 2);
    const bytes = buffer ? buffer.subarray(0, await source.readInto!(at, buffer.subarray(0, end - at))) : await source.read(at, end);
    if (look(bytes, Math.min(chunk, source.size - at))) return true;
  }
  return false;
}

/**
 * A line break among the chunk's `own` bytes followed at once by another, with more than line
 * breaks after it (blank lines that end a file come after every row). Each line break looked at
 * is counted in `count`.
 */
function hasBreakPair(bytes: Uint8Array, own: number, count: { breaks: number }): boolean {
  const pairAt = (i: number) => {
    const next = bytes[i + 1];
    if (next !== LF && !(next === CR && bytes[i + 2] === LF)) return false;
    if (own < bytes.length) return true;
    let j = i;
    while (j < bytes.length && (bytes[j] === LF || bytes[j] === CR)) j++;
    return j < bytes.length;
  };
  // Four bytes at a time, looking closer only at words holding a LF (a word has a zero byte
  // where (x - 0x01..) & ~x & 0x80.. is set; x is the word XOR LF in every byte): 85 MB in
  // ~40 ms where indexOf takes ~55.
  const first = Math.min(own, (4 - (bytes.byteOffset & 3)) & 3);
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + first, (own - first) >>> 2);
  const last = first + words.length * 4;
  const at = (i: number) => bytes[i] === LF && (count.breaks++, pairAt(i));
  for (let i = 0; i < first; i++) if (at(i)) return true;
  for (let w = 0; w < words.length; w++) {
    const x = words[w]! ^ 0x0a0a0a0a;
    if (((x - 0x01010101) & ~x & 0x80808080) === 0) continue;
    for (let i = first + w * 4; i < first + w * 4 + 4; i++) if (at(i)) return true;
  }
  for (let i = last; i < own; i++) if (at(i)) return true;
  return false;
}

/**
 * Records of a CSV, byte by byte, with RFC 4180's quotes (a quote opens a field only at its
 * start; doubled inside it, it is one quote), so a line break inside quotes ends no record.
 */
class RecordScan {
  private state: 'start' | 'plain' | 'quoted' | 'closed' = 'start';
  /** Bytes in the current record, CR of a CRLF left out: 0 for a blank line. */
  private length = 0;
  /** Bytes on the current line, CRs left out; line breaks so far; non-blank lines of data records; line breaks above them. */
  private lineLength = 0;
  private breaks = 0;
  private dataLines = 0;
  private above: number | undefined;
  /** The current record, 0-based, blank lines counted. */
  private record = 0;
  private dataRow = 0;
  private afterBlank = false;
  private readonly runs: [number, number][] = [];

  constructor(
    private readonly delimiter: number,
    private readonly quote: number,
    /** Records above the first data row: skipped lines and the header. */
    private readonly linesAbove: number,
  ) {}

  feed(bytes: Uint8Array): void {
    for (let i = 0; i < bytes.length; i++) {
      const c = bytes[i]!;
      if (c === LF) this.endLine();
      else if (c !== CR) this.lineLength++;
      if (this.state === 'quoted') {
        if (c === this.quote) this.state = 'closed';
        this.length++;
      } else if (c === LF) this.endRecord();
      else if (c !== CR) {
        if (c === this.delimiter) this.state = 'start';
        else if (c === this.quote && (this.state === 'start' || this.state === 'closed')) this.state = 'quoted';
        else this.state = 'plain';
        this.length++;
      }
    }
  }

  /**
   * The line breaks above the first data record, when `bytes` (a file's start) holds every
   * record above it; this scan is not used again.
   */
  breaksAbove(bytes: Uint8Array): number | undefined {
    if (this.linesAbove === 0) return 0;
    for (let at = 0, lf = bytes.indexOf(LF); lf >= 0; at = lf + 1, lf = bytes.indexOf(LF, at)) {
      this.feed(bytes.subarray(at, lf + 1));
      if (this.above !== undefined) return this.above;
    }
    return undefined;
  }

  private endLine(): void {
    if (this.record >= this.linesAbove && this.lineLength > 0) this.dataLines++;
    this.breaks++;
    this.lineLength = 0;
  }

  private endRecord(): void {
    if (this.record >= this.linesAbove) {
      if (this.length === 0) this.afterBlank = true;
      else {
        if (this.afterBlank) this.runs.push([this.dataRow, this.record + 1]);
        this.afterBlank = false;
        this.dataRow++;
      }
    }
    this.record++;
    if (this.record === this.linesAbove) this.above = this.breaks;
    this.length = 0;
    this.state = 'start';
  }

  /** The runs and lines once every byte is fed (a last line without a line break counted). */
  end(): LineFacts {
    if (this.lineLength > 0 && this.record >= this.linesAbove) this.dataLines++;
    if (this.length > 0) this.endRecord();
    const above = this.linesAbove === 0 ? 0 : this.above;
    const lines = above === undefined ? {} : { dataLines: this.dataLines, breaksAbove: above };
    if (this.runs.length === 0) return lines;
    return { runs: this.runs[0]![0] === 0 ? this.runs : [[0, this.linesAbove + 1], ...this.runs], ...lines };
  }
}

/** The words for files a load did not look through (inspect, the Data screen); undefined when it looked through all. */
export function blankLinesUncheckedNote(sources: readonly { name: string; blankLinesUnchecked?: true }[]): string | undefined {
  const unchecked = sources.filter((s) => s.blankLinesUnchecked);
  if (unchecked.length === 0) return undefined;
  return `not looked through for blank lines between the rows: ${unchecked.map((s) => s.name).join(', ')}. Any row after a blank line is named a row too early in messages`;
}
