/**
 * Capabilities the engine needs from its host, injected so that the same code runs in a
 * web worker, in the Node CLI and in tests. The engine itself never touches the DOM, Node,
 * timers or global randomness.
 */
import type { Table } from 'apache-arrow';
import type { WorkbookTables } from './io/workbook.ts';

/** A file the host can hand to DuckDB and let us sniff: bytes on demand, never all at once. */
export interface DataSource {
  /** Display name, e.g. "2010-12-01.csv"; used in messages and the source_file column. */
  readonly name: string;
  readonly size: number;
  /** Bytes [start, end) of the file. */
  read(start: number, end: number): Promise<Uint8Array>;
  /**
   * Fills `into` with the bytes from `start` and returns how many (fewer at the end): for a scan
   * of a whole file through one buffer, where fresh memory for each read costs more than the scan.
   */
  readInto?(start: number, into: Uint8Array): Promise<number>;
  /** The whole file is held in memory (read ahead by the host): reading it again costs no I/O. */
  readonly inMemory?: boolean;
  /**
   * A gzip'd file's text, piece by piece, decompressed by the host's own inflater (native, off the
   * JavaScript thread: Node's zlib, the browser's DecompressionStream). Absent: the engine inflates
   * it itself in JavaScript (fflate), which costs far more.
   */
  gunzipped?(): AsyncIterable<Uint8Array>;
}

/** Runs SQL somewhere (DuckDB-WASM in a worker, in Node, or native) and returns Arrow. */
export interface SqlPort {
  exec(sql: string, options?: SqlOptions): Promise<void>;
  query(sql: string, options?: SqlOptions): Promise<Table>;
  /** Makes `source` readable by SQL under `alias` (a file handle, not a copy, where possible). */
  registerFile(alias: string, source: DataSource): Promise<void>;
  /** Registers bytes produced by the engine itself (e.g. a sheet converted to CSV). */
  registerBuffer(alias: string, bytes: Uint8Array): Promise<void>;
  dropFile(alias: string): Promise<void>;
  /**
   * DuckDB here spills to disk when memory runs short (native DuckDB), so inputs are not refused
   * for their size; DuckDB-WASM cannot (4 GiB of wasm32 memory): see checkInputSize.
   */
  readonly spillsToDisk?: boolean;
  /**
   * For a DuckDB without read_parquet (DuckDB-WASM cannot load the extension offline): decodes the
   * Parquet file `source` to a UTF-8 CSV registered under `alias` — the column names, then every
   * value as DuckDB's CAST(value AS VARCHAR) writes it, NULL as an empty field — and returns the
   * column names. Absent: DuckDB reads Parquet itself.
   */
  parquetToCsv?(alias: string, source: DataSource, control?: JobControl): Promise<string[]>;
  /**
   * Converts a workbook's sheets to CSV tables away from the calling thread: the engine's
   * workbookTables, same arguments, result and errors (the app's page hands it to the analytics
   * worker, so the UI thread never scans a sheet). `bytes` may be transferred, unusable after the
   * call. Absent: converted in-process.
   */
  workbookTables?(name: string, bytes: Uint8Array, sheet: string | undefined, control?: JobControl): Promise<WorkbookTables>;
  /**
   * Fills `table` from an Arrow IPC stream (DuckDB-WASM's insertArrowFromIPCStream): created from
   * the stream's schema when `create`, else its rows appended, columns by position. `ipc` may be
   * transferred. Absent: workbook sheets are read as CSV (native DuckDB reads those on every core).
   */
  insertArrow?(table: string, ipc: Uint8Array, options: { create: boolean }): Promise<void>;
}

export interface SqlOptions {
  /**
   * The statement's result does not depend on the order DuckDB processes rows in: no
   * floating-point sums or averages, no first()/list() without ORDER BY. A host may then run it on
   * all cores (native DuckDB does; DuckDB-WASM has one). Statements without it keep the host's
   * default, so sums of money stay the same to the last bit on every run and in every host.
   */
  parallel?: boolean;
}

/** Wall-clock time, injected so results and tests stay deterministic. */
export interface Clock {
  now(): number;
}

/** Uniform numbers in [0, 1); see `createRng` for the seeded implementation. */
export interface Rng {
  next(): number;
}

/** Structurally compatible with AbortSignal, so hosts can pass one directly. */
export interface CancelToken {
  readonly aborted: boolean;
}

/** Fraction in [0, 1] and an optional human message ("k = 4 of 10"). */
export type ProgressFn = (fraction: number, message?: string) => void;

/** Long-running engine calls accept this; both members are optional. */
export interface JobControl {
  signal?: CancelToken;
  onProgress?: ProgressFn;
}
