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

/** Heads read ahead of the engine (prefetchHeads), by source: served to the reads they cover. */
const heads = new Map<DataSource, { end: number; bytes: Promise<Uint8Array>; copy?: Promise<Uint8Array> }>();

/** The buffers of prefetched heads: reads served from one are views of it (see ownBytes). */
const headBuffers = new WeakSet<ArrayBufferLike>();

/**
 * Bytes [from, to) from the source's prefetched head, or null when it has none covering them (or
 * its read failed: the source reads again itself). A view of the head, not a copy (the engine
 * sniffs each file from its head: a copy of every file's bytes, and then some, on the page's thread).
 */
async function fromHead(source: DataSource, from: number, to: number): Promise<Uint8Array | null> {
  const head = heads.get(source);
  if (!head || to > head.end) return null;
  try {
    const bytes = await head.bytes;
    headBuffers.add(bytes.buffer);
    return bytes.subarray(from, to);
  } catch {
    heads.delete(source);
    return null;
  }
}

/** The source's whole file is read ahead (or being read) into memory. */
function heldWhole(source: DataSource): boolean {
  return (heads.get(source)?.end ?? -1) >= source.size;
}

/**
 * Bytes read from a source, as a caller may transfer them (to a worker) or write into: a copy when
 * they are a view of a prefetched head, which other reads of the file share; else the bytes.
 */
export function ownBytes(bytes: Uint8Array): Uint8Array {
  return headBuffers.has(bytes.buffer) ? bytes.slice() : bytes;
}

/**
 * Picked files up to this size are read whole ahead (within the prefetch budget) and registered
 * with DuckDB as buffers of their bytes, not File handles or range URLs: DuckDB reads a handle
 * through FileReaderSync, a blocking round trip to the browser process for each read call, a few
 * per file, and a desktop file's URL by blocking HTTP requests (a HEAD, then about 3 ranges per
 * file). Many small files pay that per file: Online Retail's 305 daily files, read_csv alternated
 * in one page 6x, 1.17-1.46 s of CPU through handles, 0.60-0.91 s from buffers (+0.2-0.4 s to
 * read and register them, the reading while DuckDB-WASM starts); on the desktop path (preload
 * double) the open took 15 s through 895 range requests. One large file does not gain: 1M lines
 * (85 MB) 1.02-1.63 vs 1.00-1.56 s, the buffer's copy into DuckDB's memory costing more
 * (0.13-0.28 s) than it saves. 4 MiB is also what the engine reads whole anyway to check a plain
 * table (engine/src/io/plain-table.ts), so those reads are served from memory too.
 */
export const WHOLE_FILE_BYTES = 4 * 1024 * 1024;

/**
 * A desktop file up to this size is read whole ahead too (in DESKTOP_SLICE_BYTES slices): DuckDB
 * reads a desktop file's URL by blocking HTTP range requests (up to 16 MiB each), which took twice
 * as long as its bytes from memory: 1M lines (85 MB) through the preload double, raw table
 * 2.3 vs 1.4 s, segments shown 7.1-7.3 vs 5.9-6.7 s (3 alternated runs each). A larger file stays
 * out of the page's memory (its bytes would be held twice during the load: here and in DuckDB's).
 */
export const DESKTOP_WHOLE_FILE_BYTES = 128 * 1024 * 1024;

/**
 * The bytes of a picked file read whole ahead (prefetchHeads), to register with DuckDB, else
 * null: a copy (transferred to DuckDB's worker), the prefetched bytes staying for the engine's reads.
 */
export function takePrefetchedFile(source: DataSource): Promise<Uint8Array> | null {
  const head = heads.get(source);
  if (!head || head.end !== source.size || source.size === 0) return null;
  // The copy the read-ahead worker made (taken once), else one made here.
  const copy = head.copy;
  delete head.copy;
  return copy ?? head.bytes.then((b) => b.slice());
}

/** A read the read-ahead worker (read-ahead.worker.ts) makes: bytes [0, end) of `file`, and a copy of them when `copy`. */
export interface ReadAheadRequest {
  read?: { id: number; file: Blob; end: number; copy: boolean }[];
  /** Reads to drop if not made yet. */
  release?: number[];
}

/** The read-ahead worker's answer to one read: its bytes (and their copy) transferred, or why it failed. */
export type ReadAheadReply = { id: number; bytes: ArrayBuffer; copy?: ArrayBuffer } | { id: number; error: string; errorName: string };

type WorkerRead = { resolve: (reply: { bytes: Uint8Array; copy?: Uint8Array }) => void; reject: (e: Error) => void };

/** The read-ahead worker, started at the first prefetch; null when there is none (no Worker, or it failed to start). */
let readWorker: { worker: Worker; reads: Map<number, WorkerRead> } | null | undefined;
let nextReadId = 0;

function readAheadWorker(): typeof readWorker {
  if (readWorker !== undefined) return readWorker;
  if (typeof Worker === 'undefined') return (readWorker = null);
  try {
    const worker = new Worker(new URL('./read-ahead.worker.ts', import.meta.url), { type: 'module', name: 'read-ahead' });
    const reads = new Map<number, WorkerRead>();
    worker.addEventListener('message', (ev: MessageEvent<ReadAheadReply>) => {
      const r = ev.data;
      const pending = reads.get(r.id);
      if (!pending) return; // released meanwhile
      reads.delete(r.id);
      if ('error' in r) pending.reject(Object.assign(new Error(r.error), { name: r.errorName }));
      else pending.resolve({ bytes: new Uint8Array(r.bytes), ...(r.copy ? { copy: new Uint8Array(r.copy) } : {}) });
    });
    worker.addEventListener('error', () => {
      // No worker after all: what it was reading fails (each file is read again by its reader), later prefetches read here.
      for (const p of reads.values()) p.reject(new Error('the read-ahead worker stopped'));
      reads.clear();
      worker.terminate();
      readWorker = null;
    });
    return (readWorker = { worker, reads });
  } catch {
    return (readWorker = null);
  }
}

/** Bytes read ahead at most (heads, small files whole): a folder of thousands of files prefetches its first ones only. */
export const PREFETCH_BUDGET_BYTES = DESKTOP_WHOLE_FILE_BYTES;
/** Reads in flight at once: each is a round trip to the browser (or main) process, so latencies overlap. */
const PREFETCH_CONCURRENCY = 8;

/**
 * Starts reading each picked file, several at a time, while DuckDB-WASM may still be starting:
 * a file of up to WHOLE_FILE_BYTES (desktop: DESKTOP_WHOLE_FILE_BYTES) whole (DuckDB then reads
 * it from memory, see takePrefetchedFile), any other its head (READ_AHEAD_BYTES). The engine sniffs the files one
 * after the other, and one Blob read after another costs a round trip each (305 daily files:
 * about 1 s in a row, 0.3 s eight at a time); its reads are then served from memory. Picked
 * files (File objects) are read by the read-ahead worker (read-ahead.worker.ts), which also makes
 * DuckDB's copy of a file read whole: the page's thread only receives buffers (read there, 305
 * daily files cost the page's thread seconds under load: the reads' own work and the copies).
 * Returns the function that lets go of what was read (call it when the load ends).
 */
export function prefetchHeads(sources: readonly DataSource[], budget = PREFETCH_BUDGET_BYTES): () => void {
  type Pending = { source: BrowserFileSource | DesktopFileSource; end: number; settle: (read: Promise<Uint8Array>) => void };
  const queue: Pending[] = [];
  const mine: DataSource[] = [];
  // Picked files (File objects) are read by the read-ahead worker, all asked for in one message.
  const worker = sources.some((s) => s instanceof BrowserFileSource && s.file instanceof File) ? readAheadWorker() : null;
  const toWorker: NonNullable<ReadAheadRequest['read']> = [];
  for (const source of sources) {
    if (!(source instanceof BrowserFileSource || source instanceof DesktopFileSource) || heads.has(source)) continue;
    // A larger file is read by DuckDB itself (its handle, or a desktop file's range URL): only its head helps.
    const whole = source.size <= (source instanceof DesktopFileSource ? DESKTOP_WHOLE_FILE_BYTES : WHOLE_FILE_BYTES);
    const end = whole ? source.size : Math.min(source.size, READ_AHEAD_BYTES);
    if (end > budget) break;
    budget -= end;
    mine.push(source);
    if (worker && source instanceof BrowserFileSource && source.file instanceof File) {
      const id = nextReadId++;
      // DuckDB's copy only for what takePrefetchedFile hands out: a non-empty file read whole.
      const copy = whole && end > 0;
      const read = new Promise<{ bytes: Uint8Array; copy?: Uint8Array }>((resolve, reject) => worker.reads.set(id, { resolve, reject }));
      const bytes = read.then((r) => r.bytes);
      bytes.catch(() => undefined); // a failed read is reported by the engine's own read of the file (fromHead falls back to it)
      if (copy) {
        const taken = read.then((r) => r.copy ?? r.bytes.slice());
        taken.catch(() => undefined);
        heads.set(source, { end, bytes, copy: taken });
      } else heads.set(source, { end, bytes });
      toWorker.push({ id, file: source.file, end, copy });
      continue;
    }
    let settle!: Pending['settle'];
    const bytes = new Promise<Uint8Array>((resolve, reject) => {
      settle = (read) => read.then(resolve, reject);
    });
    bytes.catch(() => undefined); // a failed read is reported by the engine's own read of the file (fromHead falls back to it)
    heads.set(source, { end, bytes });
    queue.push({ source, end, settle });
  }
  if (worker && toWorker.length > 0) worker.worker.postMessage({ read: toWorker } satisfies ReadAheadRequest);
  const reader = async () => {
    for (let p = queue.shift(); p; p = queue.shift()) {
      const read = p.source instanceof BrowserFileSource ? p.source.readOnce(0, p.end) : p.source.readDirect(0, p.end);
      p.settle(read);
      await read.catch(() => undefined);
    }
  };
  for (let i = 0; i < Math.min(PREFETCH_CONCURRENCY, queue.length); i++) void reader();
  return () => {
    // Heads not read yet are never read: a read waiting for one reads the file itself.
    for (const p of queue.splice(0)) p.settle(Promise.reject(new Error('prefetch released')));
    if (worker && toWorker.length > 0) {
      const ids = toWorker.map((r) => r.id);
      for (const id of ids) {
        worker.reads.get(id)?.reject(new Error('prefetch released'));
        worker.reads.delete(id);
      }
      if (readWorker === worker) worker.worker.postMessage({ release: ids } satisfies ReadAheadRequest);
    }
    for (const s of mine) heads.delete(s);
  };
}

/** A stream's chunks as an async iterable (Chromium's ReadableStream has no async iterator of its own before 124). */
async function* streamPieces(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (let r = await reader.read(); !r.done; r = await reader.read()) yield r.value;
  } finally {
    // Stops the inflater when the engine has seen enough (a no-op once the stream is done).
    await reader.cancel().catch(() => undefined);
  }
}

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
    return (await fromHead(this, from, to)) ?? this.readDirect(from, to);
  }

  /** Read ahead whole (prefetchHeads), until the load releases it. */
  get inMemory(): boolean {
    return heldWhole(this);
  }

  /** The browser's own inflater, native and off the page's thread. */
  gunzipped(): AsyncIterable<Uint8Array> {
    return streamPieces(this.file.stream().pipeThrough(new DecompressionStream('gzip')));
  }

  /** Bytes [from, to) of the file in one Blob read, held by no one else (not copied out of a shared chunk): for the prefetch. */
  async readOnce(from: number, to: number): Promise<Uint8Array> {
    return new Uint8Array(await this.file.slice(from, to).arrayBuffer());
  }

  /** Reads [from, to) of the file (clamped), not through a prefetched head. */
  async readDirect(from: number, to: number): Promise<Uint8Array> {
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
/** Slices of one read asked for at once. */
const SLICES_IN_FLIGHT = 4;

/** Compressed bytes a desktop file's inflater asks for at a time: the blank-line look waits between them. */
const GUNZIP_SLICE_BYTES = 1024 * 1024;

/** Reads bytes [start, end) of a picked file (the preload's `readSlice`, bound to its token). */
export type SliceReader = (start: number, end: number) => Promise<Uint8Array>;

/**
 * A file the desktop shell opened for us. The engine's own reads (sniffing, size checks,
 * workbooks) go through `read`, split into slices the main process accepts. One of up to
 * DESKTOP_WHOLE_FILE_BYTES is read whole ahead and given to DuckDB as a buffer (prefetchHeads);
 * a larger one is never in memory whole: DuckDB reads it range by range from `url` (see `rangeUrlOf`).
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
    return (await fromHead(this, from, to)) ?? this.readDirect(from, to);
  }

  /** Read ahead whole (prefetchHeads), until the load releases it. */
  get inMemory(): boolean {
    return heldWhole(this);
  }

  /** The browser's own inflater over the file's slices. */
  gunzipped(): AsyncIterable<Uint8Array> {
    let at = 0;
    const compressed = new ReadableStream<BufferSource>({
      pull: async (c) => {
        if (at >= this.size) return c.close();
        const end = Math.min(this.size, at + GUNZIP_SLICE_BYTES);
        // Slices come from IPC or a Blob read: plain ArrayBuffers, never shared memory.
        c.enqueue((await this.read(at, end)) as Uint8Array<ArrayBuffer>);
        at = end;
      },
    });
    return streamPieces(compressed.pipeThrough(new DecompressionStream('gzip')));
  }

  /**
   * Reads [from, to) of the file (within its size), not through a prefetched head: its slices a
   * few at a time (each a round trip to the main process, which reads the file meanwhile).
   */
  async readDirect(from: number, to: number): Promise<Uint8Array> {
    if (to - from <= DESKTOP_SLICE_BYTES) return this.readSlice(from, to);
    const out = new Uint8Array(to - from);
    const starts = Array.from({ length: Math.ceil((to - from) / DESKTOP_SLICE_BYTES) }, (_, k) => from + k * DESKTOP_SLICE_BYTES);
    const lengths = new Array<number>(starts.length);
    let next = 0;
    const reader = async () => {
      for (let k = next++; k < starts.length; k = next++) {
        const at = starts[k]!;
        const part = await this.readSlice(at, Math.min(to, at + DESKTOP_SLICE_BYTES));
        out.set(part, at - from);
        lengths[k] = part.byteLength;
      }
    };
    await Promise.all(Array.from({ length: Math.min(SLICES_IN_FLIGHT, starts.length) }, reader));
    // Up to the first short slice: the file shrank under us.
    let filled = 0;
    for (const [k, at] of starts.entries()) {
      filled += lengths[k]!;
      if (lengths[k]! < Math.min(to, at + DESKTOP_SLICE_BYTES) - at) break;
    }
    return filled === out.length ? out : out.subarray(0, filled);
  }
}

/** Where DuckDB can read a source lazily over HTTP ranges, if it has such a URL. */
export function rangeUrlOf(source: DataSource): string | null {
  return source instanceof DesktopFileSource ? source.url : null;
}

/** Names the engine can read: CSV/TSV/TXT (gzip'd or not), workbooks, Parquet and zip archives of them. */
const READABLE_NAME = /\.(csv|tsv|txt|gz|xlsx|xlsm|xls|xlsb|ods|parquet|zip)$/i;

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
    super(`${kind} cannot be read: open a CSV, TSV or TXT export (gzip'd or not), an Excel workbook, a Parquet file or a zip archive of them`);
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
