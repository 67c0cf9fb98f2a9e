/// <reference path="../env.d.ts" />
/**
 * DuckDB-WASM in its own worker, behind the engine's SqlPort. The SQL runs in DuckDB's
 * worker, so engine functions awaited on the main thread never block the UI. Bundles are
 * served from our own origin (Vite emits the .wasm and worker files), never a CDN.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import { type RecordBatch, type Schema, Table } from 'apache-arrow';
import type { DataSource, SqlOptions, SqlPort } from '../../engine/src/index.ts';
import { ehWorkerUrl, takeEarlyWorker } from './duckdb-worker-early.ts';
import { BrowserFileSource, rangeUrlOf, takePrefetchedFile } from './file-source.ts';
import { traced } from './sql-trace.ts';

export interface DuckDbHandle extends SqlPort, InterruptibleExec, ReadAheadFiles {
  readonly db: duckdb.AsyncDuckDB;
  close(): Promise<void>;
}

/**
 * Statements that stop part-way when `signal` aborts: sent as a pending query, which DuckDB's
 * worker runs in slices (its query polling interval, 100 ms) and cancels between two when asked;
 * DuckDB rolls the statement back and the promise rejects with its error. A job that leaves the
 * SQL lane (the user left its screen) frees it within a slice, not after the whole statement (a
 * CREATE TABLE over a million lines: 0.5-1 s; an Overview figure: 0.1-0.2 s).
 */
export interface InterruptibleExec {
  execInterruptibly(sql: string, signal: AbortSignal, options?: SqlOptions): Promise<void>;
  queryInterruptibly(sql: string, signal: AbortSignal, options?: SqlOptions): Promise<Table>;
}

/**
 * Picked files registered from the bytes read ahead (takePrefetchedFile) live in DuckDB's memory
 * (wasm32: 4 GiB in all), not on disk: once a load has its tables, DuckDB reads them no more.
 */
export interface ReadAheadFiles {
  /** Drops the files registered as buffers of bytes read ahead (after a load, whether it succeeded or not). */
  dropReadAheadFiles(): Promise<void>;
}

let opening: Promise<DuckDbHandle> | undefined;

/** The one database of this window, opened on first use. */
export function getDuckDb(): Promise<DuckDbHandle> {
  opening ??= openDuckDb();
  return opening;
}

async function openDuckDb(): Promise<DuckDbHandle> {
  const ehWorker = ehWorkerUrl();
  const bundle = await duckdb.selectBundle({
    mvp: { mainModule: new URL(mvpWasm, location.href).href, mainWorker: new URL(mvpWorker, location.href).href },
    eh: { mainModule: new URL(ehWasm, location.href).href, mainWorker: ehWorker },
  });
  // The threaded bundle (a cross-origin isolated page): parallel statements on every core.
  const cores = bundle.pthreadWorker ? Math.max(1, navigator.hardwareConcurrency || 1) : 1;
  // Our exceptions-bundle worker is an ES module (duckdb-worker.ts), maybe started by the entry
  // already; the fallback is duckdb-wasm's classic script.
  const early = takeEarlyWorker();
  const eh = bundle.mainWorker === ehWorker;
  if (early && !eh) early.terminate();
  const worker = (eh ? early : undefined) ?? new Worker(bundle.mainWorker!, { type: eh ? 'module' : 'classic' });
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await traced('instantiate', bundle.mainModule, () => db.instantiate(bundle.mainModule, bundle.pthreadWorker));
  // Desktop files are read over HTTP ranges: never fall back to one full download of the file.
  await traced('open', 'open', () =>
    db.open({
      ...(cores > 1 ? { maximumThreads: cores } : {}),
      query: { castBigIntToDouble: false },
      filesystem: { reliableHeadRequests: true, allowFullHTTPReads: false, forceFullHTTPReads: false },
    }),
  );
  const conn = await db.connect();
  // Extensions would be fetched from the network; a local-first tool never does that.
  // One thread unless a statement is marked parallel (duckDbPort).
  await conn.query('SET autoload_known_extensions=false; SET autoinstall_known_extensions=false; SET threads=1;');
  return {
    ...duckDbPort(db, conn, { cores }),
    db,
    close: async () => {
      await conn.close();
      await db.terminate();
      opening = undefined;
    },
  };
}

/** What the port uses of DuckDB-WASM: the database's file registry and one connection. */
export type DuckDbFiles = Pick<duckdb.AsyncDuckDB, 'registerFileHandle' | 'registerFileURL' | 'registerFileBuffer' | 'dropFile'>;
export interface DuckDbConnection {
  query(sql: string): Promise<unknown>;
  /** A pending query: its answer's batches once it has run, and their schema once read (duckdb-wasm's `send`). */
  send(sql: string): Promise<AsyncIterable<RecordBatch> & { readonly schema: Schema }>;
  /** Cancels the pending query under way, if any (answered false when there is none). */
  cancelSent(): Promise<boolean>;
  /** Creates or fills a table from an Arrow IPC stream (transferred); SqlPort.insertArrow. */
  insertArrowFromIPCStream?(buffer: Uint8Array, options: { name: string; create: boolean }): Promise<void>;
}

/**
 * The engine's SqlPort over DuckDB-WASM. Registrations are sent without waiting for each answer:
 * a folder of 305 daily files costs one wait before the statement that reads them, not 305
 * round trips to DuckDB's worker interleaved with the engine's sniffing (the worker handles
 * messages in order, so every file is registered before that statement runs). A failed
 * registration fails that statement.
 */
export function duckDbPort(db: DuckDbFiles, conn: DuckDbConnection, { cores = 1 }: { cores?: number } = {}): SqlPort & InterruptibleExec & ReadAheadFiles {
  const registered = new Set<string>();
  /** Aliases whose registration is a buffer of a picked file's bytes read ahead. */
  const readAhead = new Set<string>();
  let sent: Promise<unknown>[] = [];
  const send = (alias: string, register: () => Promise<unknown>) => {
    const again = registered.has(alias);
    registered.add(alias);
    // The drop is posted first, the registration at once after it (a file read ahead: once its bytes are there); the worker answers in order.
    const answer = traced('register', alias, () => Promise.all([again ? db.dropFile(alias) : null, register()]));
    answer.catch(() => undefined); // reported by the statement that waits for it
    sent.push(answer);
  };
  /** Every registration sent so far has been answered (the first failure is thrown). */
  const answered = async () => {
    if (sent.length === 0) return;
    const waiting = sent;
    sent = [];
    await Promise.all(waiting);
  };
  /**
   * Statements on the connection one after another, each to its end: a pending query takes
   * several messages (start, polls, fetches), and a statement posted between them would run on
   * the same connection and close it (the callers overlap: jobs of other lanes, the report, a
   * drill-down). It also keeps a cancel from reaching a later statement: a statement's cancel is
   * posted before it has settled, so before the next one is sent.
   */
  let connectionFree: Promise<unknown> = Promise.resolve();
  const onConnection = <T>(statement: () => Promise<T>): Promise<T> => {
    const done = connectionFree.then(statement);
    connectionFree = done.catch(() => undefined);
    return done;
  };
  /**
   * One statement. Those the engine marks parallel run on every core; the rest on one, so sums of
   * money add in the same order as in the CLI, to the last bit (see SqlOptions.parallel).
   */
  const run = async <T>(options: SqlOptions | undefined, statement: () => Promise<T>): Promise<T> => {
    await answered();
    return onConnection(async () => {
      const wide = options?.parallel === true && cores > 1;
      if (wide) await conn.query(`SET threads=${cores}`);
      try {
        return await statement();
      } finally {
        if (wide) await conn.query('SET threads=1');
      }
    });
  };
  /** A pending query that `signal` cancels: its batches, read to the end (the connection then holds nothing of it), and their schema. */
  const sendUntil = async (sql: string, signal: AbortSignal) => {
    if (signal.aborted) throw new Error('cancelled before it was sent');
    // Posted at once (before this statement settles); the worker handles messages in order.
    const cancel = () => void conn.cancelSent().catch(() => undefined);
    signal.addEventListener('abort', cancel, { once: true });
    try {
      const answer = await conn.send(sql);
      const batches: RecordBatch[] = [];
      for await (const batch of answer) batches.push(batch);
      return { schema: answer.schema, batches };
    } finally {
      signal.removeEventListener('abort', cancel);
    }
  };
  const dropFile = async (alias: string) => {
    await answered();
    await traced('drop', alias, () => db.dropFile(alias));
    registered.delete(alias);
    readAhead.delete(alias);
  };
  return {
    async exec(sql: string, options?: SqlOptions) {
      await run(options, () => traced('exec', sql, () => conn.query(sql)));
    },
    async execInterruptibly(sql: string, signal: AbortSignal, options?: SqlOptions) {
      await run(options, () => traced('exec', sql, () => sendUntil(sql, signal)));
    },
    queryInterruptibly: (sql: string, signal: AbortSignal, options?: SqlOptions): Promise<Table> =>
      run(options, () =>
        traced(
          'query',
          sql,
          async () => {
            const { schema, batches } = await sendUntil(sql, signal);
            // The schema too: an answer of no rows comes without a batch, and keeps its columns.
            return new Table(schema, batches);
          },
          (t) => t.numRows,
        ),
      ),
    query: (sql: string, options?: SqlOptions): Promise<Table> =>
      run(options, () =>
        traced(
          'query',
          sql,
          async () => (await conn.query(sql)) as Table,
          (t) => t.numRows,
        ),
      ),
    async registerFile(alias: string, source: DataSource) {
      const rangeUrl = rangeUrlOf(source);
      const file = source instanceof BrowserFileSource && source.file instanceof File ? source.file : null;
      if (file || rangeUrl) {
        // How DuckDB reads a picked file itself: slice by slice through its handle, or (desktop) HTTP ranges of it as it scans.
        const lazily = file
          ? () => db.registerFileHandle(alias, file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true)
          : () => db.registerFileURL(alias, rangeUrl!, duckdb.DuckDBDataProtocol.HTTP, false);
        // A small file read ahead whole (file-source.ts) is read from DuckDB's memory instead.
        const prefetched = takePrefetchedFile(source);
        if (prefetched) readAhead.add(alias);
        else readAhead.delete(alias);
        send(alias, async () => {
          const bytes = prefetched && (await prefetched.catch(() => null));
          return bytes ? db.registerFileBuffer(alias, bytes) : lazily();
        });
      } else {
        readAhead.delete(alias);
        // registerFileBuffer transfers the buffer to the worker; it gets a copy.
        const bytes = (await source.read(0, source.size)).slice();
        send(alias, () => db.registerFileBuffer(alias, bytes));
      }
    },
    async registerBuffer(alias: string, bytes: Uint8Array) {
      readAhead.delete(alias);
      const copy = bytes.slice();
      send(alias, () => db.registerFileBuffer(alias, copy));
    },
    dropFile,
    async dropReadAheadFiles() {
      for (const alias of [...readAhead]) await dropFile(alias);
    },
    // The stream is transferred to DuckDB's worker, not copied.
    ...(conn.insertArrowFromIPCStream
      ? {
          insertArrow: (table: string, ipc: Uint8Array, { create }: { create: boolean }) =>
            run(undefined, () =>
              traced('exec', `INSERT Arrow stream (${ipc.length} bytes) INTO ${table}`, () => conn.insertArrowFromIPCStream!(ipc, { name: table, create })),
            ),
        }
      : {}),
  };
}
