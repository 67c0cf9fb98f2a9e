/// <reference path="../env.d.ts" />
/**
 * DuckDB-WASM in its own worker, behind the engine's SqlPort. The SQL runs in DuckDB's
 * worker, so engine functions awaited on the main thread never block the UI. Bundles are
 * served from our own origin (Vite emits the .wasm and worker files), never a CDN.
 */
import * as duckdb from '@duckdb/duckdb-wasm';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import ehWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import mvpWasm from '@duckdb/duckdb-wasm/dist/duckdb-mvp.wasm?url';
import mvpWorker from '@duckdb/duckdb-wasm/dist/duckdb-browser-mvp.worker.js?url';
import type { Table } from 'apache-arrow';
import type { DataSource, SqlPort } from '../../engine/src/index.ts';
import { BrowserFileSource, rangeUrlOf } from './file-source.ts';
import { traced } from './sql-trace.ts';

export interface DuckDbHandle extends SqlPort {
  readonly db: duckdb.AsyncDuckDB;
  close(): Promise<void>;
}

let opening: Promise<DuckDbHandle> | undefined;

/** The one database of this window, opened on first use. */
export function getDuckDb(): Promise<DuckDbHandle> {
  opening ??= openDuckDb();
  return opening;
}

async function openDuckDb(): Promise<DuckDbHandle> {
  const bundle = await duckdb.selectBundle({
    mvp: { mainModule: new URL(mvpWasm, location.href).href, mainWorker: new URL(mvpWorker, location.href).href },
    eh: { mainModule: new URL(ehWasm, location.href).href, mainWorker: new URL(ehWorker, location.href).href },
  });
  const worker = new Worker(bundle.mainWorker!);
  const db = new duckdb.AsyncDuckDB(new duckdb.VoidLogger(), worker);
  await traced('instantiate', bundle.mainModule, () => db.instantiate(bundle.mainModule, bundle.pthreadWorker));
  // Desktop files are read over HTTP ranges: never fall back to one full download of the file.
  await traced('open', 'open', () =>
    db.open({ query: { castBigIntToDouble: false }, filesystem: { reliableHeadRequests: true, allowFullHTTPReads: false, forceFullHTTPReads: false } }),
  );
  const conn = await db.connect();
  // Extensions would be fetched from the network; a local-first tool never does that.
  await conn.query('SET autoload_known_extensions=false; SET autoinstall_known_extensions=false;');
  const registered = new Set<string>();
  return {
    db,
    async exec(sql: string) {
      await traced('exec', sql, () => conn.query(sql));
    },
    async query(sql: string): Promise<Table> {
      return traced(
        'query',
        sql,
        async () => (await conn.query(sql)) as unknown as Table,
        (t) => t.numRows,
      );
    },
    registerFile: (alias: string, source: DataSource) => traced('register', alias, () => registerFile(alias, source)),
    registerBuffer: (alias: string, bytes: Uint8Array) => traced('register', alias, () => registerBuffer(alias, bytes)),
    dropFile: (alias: string) => traced('drop', alias, () => dropFile(alias)),
    async close() {
      await conn.close();
      await db.terminate();
      opening = undefined;
    },
  };

  async function registerFile(alias: string, source: DataSource): Promise<void> {
    if (registered.has(alias)) await db.dropFile(alias);
    const rangeUrl = rangeUrlOf(source);
    if (source instanceof BrowserFileSource && source.file instanceof File) {
      await db.registerFileHandle(alias, source.file, duckdb.DuckDBDataProtocol.BROWSER_FILEREADER, true);
    } else if (rangeUrl) {
      // Desktop-picked files: DuckDB reads HTTP ranges of the file as it scans, never a whole copy.
      await db.registerFileURL(alias, rangeUrl, duckdb.DuckDBDataProtocol.HTTP, false);
    } else {
      await db.registerFileBuffer(alias, (await source.read(0, source.size)).slice());
    }
    registered.add(alias);
  }
  async function registerBuffer(alias: string, bytes: Uint8Array): Promise<void> {
    if (registered.has(alias)) await db.dropFile(alias);
    // registerFileBuffer transfers the buffer to the worker; hand it a copy.
    await db.registerFileBuffer(alias, bytes.slice());
    registered.add(alias);
  }
  async function dropFile(alias: string): Promise<void> {
    await db.dropFile(alias);
    registered.delete(alias);
  }
}
