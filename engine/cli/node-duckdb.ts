import { createRequire } from 'node:module';
import { createReadStream, openSync, readSync, closeSync, fstatSync, statSync } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import path from 'node:path';
import type { Table } from 'apache-arrow';
import type { DataSource, SqlPort } from '../src/index.ts';

const require = createRequire(import.meta.url);

/** Pieces of a gzip'd file's text handed to the engine at a time (blank-lines.ts): zlib's own buffer size. */
const GUNZIP_PIECE = 256 * 1024;

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

  /**
   * Read at once, then a turn of the event loop: a load sniffs a folder's later files while DuckDB
   * reads the earlier ones, and that turn lets its next statement start (read-sources.ts,
   * loadWhileSniffing). Reading through fs/promises (three calls a read) took twice the CPU.
   */
  async read(start: number, end: number): Promise<Uint8Array> {
    const buf = new Uint8Array(Math.max(0, end - start));
    return buf.subarray(0, await this.readInto(start, buf));
  }

  gunzipped(): AsyncIterable<Uint8Array> {
    // pipeline, not pipe: a read error reaches the reader, and a reader that stops closes the file.
    return pipeline(createReadStream(this.path, { highWaterMark: GUNZIP_PIECE }), createGunzip({ chunkSize: GUNZIP_PIECE }), () => undefined);
  }

  async readInto(start: number, into: Uint8Array): Promise<number> {
    const fd = openSync(this.path, 'r');
    try {
      let done = 0;
      while (done < into.length) {
        const n = readSync(fd, into, done, into.length - done, start + done);
        if (n === 0) break;
        done += n;
      }
      return done;
    } finally {
      closeSync(fd);
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

/** The parts of DuckDB-WASM's Node runtime (NODE_RUNTIME, 1.32) that open a file. */
interface NodeRuntime {
  _filesById: Map<number, number>;
  _fileInfoCache: Map<number, unknown>;
  resolveFileInfo(mod: WasmModule, fileId: number): { dataProtocol: number; dataUrl: string } | null;
  openFile(mod: WasmModule, fileId: number, flags: number): number;
}
interface WasmModule {
  _malloc(n: number): number;
  HEAPF64: Float64Array;
}

/** Paths registered as sources: opened read-only. */
const readOnlyPaths = new Set<string>();
let runtimePatched = false;

/**
 * DuckDB-WASM's Node runtime opens every file it is handed with O_CREAT | O_RDWR: a read-only
 * export (chmod 444, a write-protected share) fails to load, and the runtime logs the error
 * to stdout. Sources are opened here with O_RDONLY instead; the runtime reads through the same
 * descriptor table, so reads and closes are unchanged. Every other file (none, for an
 * in-memory database) keeps the runtime's own open.
 */
function openSourcesReadOnly(runtime: NodeRuntime, nodeFsProtocol: number): void {
  if (runtimePatched) return;
  runtimePatched = true;
  const open = runtime.openFile.bind(runtime);
  runtime.openFile = (mod, fileId, flags) => {
    runtime._fileInfoCache.delete(fileId);
    const info = runtime.resolveFileInfo(mod, fileId);
    if (info?.dataProtocol !== nodeFsProtocol || !readOnlyPaths.has(info.dataUrl)) return open(mod, fileId, flags);
    let fd = runtime._filesById.get(fileId);
    if (fd === undefined) {
      fd = openSync(info.dataUrl, 'r');
      runtime._filesById.set(fileId, fd);
    }
    // The runtime's answer: a 16-byte block holding the size and a zero, as doubles.
    const result = mod._malloc(16);
    mod.HEAPF64[result >> 3] = fstatSync(fd).size;
    mod.HEAPF64[(result >> 3) + 1] = 0;
    return result;
  };
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
  openSourcesReadOnly(duckdb.NODE_RUNTIME as unknown as NodeRuntime, duckdb.DuckDBDataProtocol.NODE_FS);
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
        readOnlyPaths.add(source.path);
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
    async insertArrow(table: string, ipc: Uint8Array, options: { create: boolean }) {
      conn.insertArrowFromIPCStream(ipc, { name: table, create: options.create });
    },
    close() {
      conn.close();
    },
  };
}
