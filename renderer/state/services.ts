/** Long-lived services the actions use: the DuckDB handle, the analytics client, the platform. */
import { stopsWhenAborted } from '../data/cancellable-port.ts';
import { deferredPort } from '../data/deferred-port.ts';
import { getDuckDb, type DuckDbHandle } from '../data/duckdb.ts';
import { withParquetInput } from '../data/parquet-input.ts';
import { withWorkbookInput } from '../data/workbook-input.ts';
import type { DataSource, SqlPort } from '../../engine/src/index.ts';
import { EngineClient } from '../engine-client/index.ts';
import type { Platform } from '../platform/index.ts';

let platform: Platform | undefined;
export const client = new EngineClient();
/**
 * A second analytics worker for background work (fits prefetched for neighbouring k): a job
 * running there never delays a request the user is waiting for in the main worker. Null where
 * workers are unavailable (in-process, prefetching would block the UI thread).
 */
export const prefetchClient: EngineClient | null = client.mode === 'worker' ? new EngineClient({ name: 'analytics-prefetch' }) : null;

export function setPlatform(p: Platform): void {
  platform = p;
}

export function getPlatform(): Platform {
  if (!platform) throw new Error('platform not initialised');
  return platform;
}

/** The window's DuckDB; Parquet files are decoded and workbooks converted for it in the analytics worker (data/parquet-input.ts, workbook-input.ts). */
export async function sql(): Promise<DuckDbHandle> {
  const db = await getDuckDb();
  if (!db.parquetToCsv) withParquetInput(db, client);
  if (!db.workbookTables) withWorkbookInput(db, client);
  started = db;
  return db;
}
let started: DuckDbHandle | null = null;

/** Workbooks, by name: their sheets may go into DuckDB through capabilities only the started database has. */
const WORKBOOK_NAME = /\.(xlsx|xlsm|xls)$/i;

/**
 * The window's DuckDB for opening `sources`: while DuckDB-WASM is still starting, a port whose
 * registrations queue, so the files are sniffed meanwhile and the statements wait for it
 * (data/deferred-port.ts); for workbooks, DuckDB itself once started.
 */
export async function sqlToOpen(sources: readonly DataSource[]): Promise<SqlPort> {
  if (started || sources.some((s) => WORKBOOK_NAME.test(s.name))) return sql();
  return deferredPort(
    sql(),
    (port) => withParquetInput(port, client),
    (port) => withWorkbookInput(port, client),
  );
}

/** The SQL port for one coordinator job: it stops before its next statement once `signal` aborts. */
export async function sqlUntil(signal: AbortSignal): Promise<SqlPort> {
  return stopsWhenAborted(await sql(), signal);
}

/** Serialises DuckDB work: each step sees the tables the previous one left. */
let chain: Promise<unknown> = Promise.resolve();
export function serial<T>(fn: () => Promise<T>): Promise<T> {
  const next = chain.then(fn, fn);
  chain = next.catch(() => undefined);
  return next;
}
