import { createRequire } from 'node:module';
import { openSync, readSync, closeSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Table } from 'apache-arrow';
import type { DataSource, SqlPort } from '../src/index.ts';

const require = createRequire(import.meta.url);

/** A file on disk, read in slices; DuckDB reads it through its own file handle, not a copy. */
export class NodeFileSource implements DataSource {
  readonly name: string;
  readonly size: number;
  readonly path: string;

  constructor(filePath: string, name = path.basename(filePath)) {
    this.path = path.resolve(filePath);
    this.name = name;
    this.size = statSync(this.path).size;
  }

  async read(start: number, end: number): Promise<Uint8Array> {
    const fd = openSync(this.path, 'r');
    try {
      const buf = new Uint8Array(Math.max(0, end - start));
      let done = 0;
      while (done < buf.length) {
        const n = readSync(fd, buf, done, buf.length - done, start + done);
        if (n === 0) break;
        done += n;
      }
      return buf.subarray(0, done);
    } finally {
      closeSync(fd);
    }
  }
}

/**
 * DuckDB-WASM (Node bundle) behind the engine's SqlPort: the app's engine, run in Node by the
 * tests and the benchmark (the CLI runs native DuckDB, native-duckdb.ts). One database per call.
 */
export async function openNodeDuckDb(): Promise<SqlPort & { close(): void }> {
  // The blocking Node bundle: synchronous, single-threaded, no worker needed. Loaded on first
  // use only, so that importing NodeFileSource costs nothing.
  const duckdb = require('@duckdb/duckdb-wasm/blocking') as typeof import('@duckdb/duckdb-wasm/blocking');
  const dist = path.dirname(require.resolve('@duckdb/duckdb-wasm/dist/duckdb-eh.wasm'));
  const bundles = {
    mvp: { mainModule: path.join(dist, 'duckdb-mvp.wasm'), mainWorker: path.join(dist, 'duckdb-node-mvp.worker.cjs') },
    eh: { mainModule: path.join(dist, 'duckdb-eh.wasm'), mainWorker: path.join(dist, 'duckdb-node-eh.worker.cjs') },
  };
  const db = await duckdb.createDuckDB(bundles, new duckdb.VoidLogger(), duckdb.NODE_RUNTIME);
  await db.instantiate();
  db.open({});
  const conn = db.connect();
  // Extensions would be fetched from the network, which a local-first tool never does.
  conn.query('SET autoload_known_extensions = false; SET autoinstall_known_extensions = false;');
  // Aliases are reused from one load to the next; a stale registration must go first.
  const forget = (alias: string) => {
    try {
      db.dropFile(alias);
    } catch {
      // not registered: nothing to forget
    }
  };
  return {
    async exec(sql: string) {
      conn.query(sql);
    },
    async query(sql: string): Promise<Table> {
      return conn.query(sql) as unknown as Table;
    },
    async registerFile(alias: string, source: DataSource) {
      forget(alias);
      if (source instanceof NodeFileSource) {
        db.registerFileURL(alias, source.path, duckdb.DuckDBDataProtocol.NODE_FS, true);
      } else {
        db.registerFileBuffer(alias, await source.read(0, source.size));
      }
    },
    async registerBuffer(alias: string, bytes: Uint8Array) {
      forget(alias);
      db.registerFileBuffer(alias, bytes);
    },
    async dropFile(alias: string) {
      db.dropFile(alias);
    },
    close() {
      conn.close();
    },
  };
}
