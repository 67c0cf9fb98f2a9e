import type { DataSource } from '../../engine/src/index.ts';

/**
 * Bytes fetched at least per read of a picked file. Each Blob read is a round trip through the
 * browser process (milliseconds each under load), and the engine first reads a file's magic
 * bytes, then its head (256 KiB): one read serves both.
 */
export const READ_AHEAD_BYTES = 256 * 1024;

/**
 * The chunk read last, of whichever file: the engine sniffs the files one after the other, so one
 * chunk for the whole window serves every read that follows, and at most one is held.
 */
let lastChunk: { file: Blob; start: number; bytes: Uint8Array } | null = null;

/** A user-picked File (or Blob) as an engine DataSource: slices read on demand, never copied whole. */
export class BrowserFileSource implements DataSource {
  readonly name: string;
  readonly size: number;
  readonly file: Blob;

  constructor(file: Blob, name: string) {
    this.file = file;
    this.name = name;
    this.size = file.size;
  }

  async read(start: number, end: number): Promise<Uint8Array> {
    const from = Math.max(0, Math.min(start, this.size));
    const to = Math.max(from, Math.min(end, this.size));
    const c = lastChunk;
    if (c && c.file === this.file && from >= c.start && to <= c.start + c.bytes.length) return c.bytes.slice(from - c.start, to - c.start);
    if (to - from >= READ_AHEAD_BYTES) return new Uint8Array(await this.file.slice(from, to).arrayBuffer());
    const bytes = new Uint8Array(await this.file.slice(from, Math.min(this.size, from + READ_AHEAD_BYTES)).arrayBuffer());
    lastChunk = { file: this.file, start: from, bytes };
    return bytes.slice(0, to - from);
  }
}

/** Bytes one desktop read asks for: well under the main process's 64 MiB cap, small enough to keep IPC messages cheap. */
export const DESKTOP_SLICE_BYTES = 8 * 1024 * 1024;

/** Reads bytes [start, end) of a picked file (the preload's `readSlice`, bound to its token). */
export type SliceReader = (start: number, end: number) => Promise<Uint8Array>;

/**
 * A file the desktop shell opened for us, never in memory whole. The engine's own reads (sniffing,
 * size checks, workbooks) go through `read`, split into slices the main process accepts; DuckDB
 * reads the file range by range from `url` (see `rangeUrlOf`).
 */
export class DesktopFileSource implements DataSource {
  constructor(
    readonly name: string,
    readonly size: number,
    /** Same-origin URL answering HTTP Range requests for this file. */
    readonly url: string,
    private readonly readSlice: SliceReader,
  ) {}

  async read(start: number, end: number): Promise<Uint8Array> {
    const from = Math.max(0, Math.min(start, this.size));
    const to = Math.max(from, Math.min(end, this.size));
    if (to - from <= DESKTOP_SLICE_BYTES) return this.readSlice(from, to);
    const out = new Uint8Array(to - from);
    let filled = 0;
    for (let at = from; at < to; at += DESKTOP_SLICE_BYTES) {
      const part = await this.readSlice(at, Math.min(to, at + DESKTOP_SLICE_BYTES));
      out.set(part, at - from);
      filled += part.byteLength;
      if (part.byteLength < Math.min(to, at + DESKTOP_SLICE_BYTES) - at) break; // the file shrank under us
    }
    return filled === out.length ? out : out.subarray(0, filled);
  }
}

/** Where DuckDB can read a source lazily over HTTP ranges, if it has such a URL. */
export function rangeUrlOf(source: DataSource): string | null {
  return source instanceof DesktopFileSource ? source.url : null;
}

/** Names the engine can read: CSV/TSV/TXT (gzip'd or not), workbooks (.xls is refused by the engine with its own advice) and Parquet. */
const READABLE_NAME = /\.(csv|tsv|txt|gz|xlsx|xlsm|xls|parquet)$/i;

/** True for names we hand to the engine; a name without an extension is left to content sniffing. */
export function isReadableName(name: string): boolean {
  return READABLE_NAME.test(name) || !/\.[^./\\]+$/.test(name);
}

/** Why a picked file of another type cannot be opened, in words (the toast shows "name: message"). */
export class UnreadableFileError extends Error {
  readonly location: { file: string };
  constructor(name: string) {
    const ext = /\.([^./\\]+)$/.exec(name)?.[1] ?? '';
    const kind = /^json$/i.test(ext) ? 'JSON files' : `.${ext.toLowerCase()} files`;
    super(`${kind} cannot be read: open a CSV, TSV or TXT export (gzip'd or not), an XLSX workbook or a Parquet file`);
    this.name = 'UnreadableFileError';
    this.location = { file: name };
  }
}

/**
 * A picked file of a type we cannot read. Every read fails with UnreadableFileError, so the
 * open fails at its first read, before DuckDB is touched, and the message names the file; an
 * explicitly picked file is never dropped silently.
 */
export class UnreadableFileSource implements DataSource {
  constructor(
    readonly name: string,
    readonly size: number,
  ) {}

  async read(): Promise<Uint8Array> {
    throw new UnreadableFileError(this.name);
  }
}
