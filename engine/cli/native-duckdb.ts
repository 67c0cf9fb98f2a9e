import { mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import type { Table } from 'apache-arrow';
import type { DataSource, SqlOptions, SqlPort } from '../src/index.ts';
import { toArrow, type VectorBindings } from './duckdb-arrow.ts';
import { NodeFileSource } from './node-duckdb.ts';
import { threadGate } from './thread-gate.ts';

/** Tuning of the native database; the defaults suit a laptop. */
export interface NativeDuckDbOptions {
  /** DuckDB's memory_limit, e.g. "6GB" (default: $SEGMENT_STUDIO_MEMORY_LIMIT, else half the RAM, at most 4 GiB). */
  memoryLimit?: string;
  /** Folder for DuckDB's spill files and for registered buffers (default: a fresh folder in os.tmpdir()). */
  tempDir?: string;
  /**
   * Worker threads (default: $SEGMENT_STUDIO_THREADS, else 1). One thread by default because the
   * engine sums doubles (monetary): on several threads DuckDB adds them in an order that varies
   * from run to run, so the last bits of a customer's monetary change, and with them rare score
   * ties and k-means boundary points (measured on 1M generated lines: 9 of 40,000 customers.csv
   * lines differed between two runs on 2 threads). On one thread the CLI's output is the same on
   * every run and byte-identical to DuckDB-WASM's (the app's). The statements whose result does
   * not depend on row order (reading and parsing: most of a run's time) are marked parallel by
   * the engine and use `parallelThreads`.
   */
  threads?: number;
  /**
   * Threads for statements the engine marks parallel (SqlOptions: loading and parsing, whose
   * result does not depend on row order). Default: every core, or $SEGMENT_STUDIO_THREADS when set.
   */
  parallelThreads?: number;
}

/** The native database behind the engine's port, and further connections to it. */
export interface NativeDuckDb extends SqlPort {
  /**
   * Another connection to the same database, for work beside the first: it sees the tables and
   * views (not the temporary tables) of every other, and its statements run at the same time as
   * theirs, each on the default threads (parallel ones too: they never wait for the first
   * connection's, nor make its wait; see thread-gate.ts). Closed with the database at the latest.
   */
  connect(): Promise<SqlPort & { close(): void }>;
  close(): void;
}

const GiB = 1024 ** 3;

/**
 * Half the RAM, at most 4 GiB: the rest is left to Node, whose per-customer arrays peak at the end
 * of a run while DuckDB still holds its buffers (100M lines, 4M customers: 7.2 GB in all with
 * 4 GiB; 9.2 GB with 6 GiB). Bigger inputs spill to disk instead.
 */
function defaultMemoryLimit(): string {
  return `${Math.max(1, Math.floor(Math.min(os.totalmem() / 2, 4 * GiB) / 1024 ** 2))}MB`;
}

/**
 * With SEGMENT_STUDIO_TRACE set, each statement's wall time, its start (ms since the process
 * started: the gaps are time outside SQL) and first words go to stderr ("full": the whole
 * statement): the profile of where a run's time goes (bench/results.md's breakdown).
 * "cpu" adds the process's CPU time (user + system, every DuckDB thread) during the statement:
 * on a shared machine wall times swell with the load, CPU times much less.
 */
function traceTo(flag: string | undefined): <T>(sql: string, run: () => Promise<T>) => Promise<T> {
  if (!flag) return (_sql, run) => run();
  return async (sql, run) => {
    const t0 = performance.now();
    const c0 = flag === 'cpu' ? process.cpuUsage() : undefined;
    try {
      return await run();
    } finally {
      const text = sql.replace(/\s+/g, ' ');
      const c = c0 && process.cpuUsage(c0);
      const cpu = c ? ` [cpu ${((c.user + c.system) / 1000).toFixed(1)} ms]` : '';
      process.stderr.write(`[sql ${(performance.now() - t0).toFixed(1)} ms @${t0.toFixed(0)}]${cpu} ${flag === 'full' ? text : text.slice(0, 160)}\n`);
    }
  };
}

/** Quoted SQL string literal. */
const lit = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Statements that name registered files: the only ones whose alias literals are rewritten. */
const READS_FILES = /\bread_(csv|csv_auto|parquet)\s*\(/i;

/**
 * Native DuckDB (@duckdb/node-api) behind the engine's SqlPort, for the CLI.
 *
 * Registration. The engine refers to registered files by alias (`src_0.csv`) inside read_csv's
 * file list and again in `CASE filename WHEN 'src_0.csv' ...`, which labels each line with its
 * file. Native DuckDB only reads real paths and reports `filename` as the path it opened, so
 * each alias becomes an entry of a private folder: a symbolic link to the file for a
 * NodeFileSource (no copy, no read), or a temporary file holding the bytes for a buffer (an XLSX
 * sheet converted to CSV, a transcoded Windows-1252 file) or for a source that lives only in
 * memory. In statements that read files, the quoted alias (`'src_0.csv'`) is replaced by the
 * quoted path of its entry — both occurrences, so `filename` and the CASE agree — and in
 * DuckDB's error messages the folder is cut from the path again, so the engine sees the alias
 * exactly as DuckDB-WASM reports it. Symbolic links keep one entry per alias even when the same
 * file is given twice. Where links cannot be made (Windows without the privilege), the alias
 * maps to the file's own path.
 *
 * Results come back as Arrow tables with the types DuckDB-WASM gives, read in bulk from the
 * result's column vectors (duckdb-arrow.ts).
 */
export async function openNativeDuckDb(options: NativeDuckDbOptions = {}): Promise<NativeDuckDb> {
  // Loaded here, not at the top: `--help` must not pay for the native library. Through require:
  // the package is CommonJS, and import() would first scan every one of its files for their
  // exports (cjs-module-lexer), about a second of CPU at each start.
  const { api, from } = loadNodeApi();
  const { DuckDBInstance } = api;
  // Its C API, for reading results in bulk: the very module the package loaded (resolved from it).
  const bindings = createRequire(from)('@duckdb/node-bindings') as VectorBindings;
  const base = mkdtempSync(path.join(options.tempDir ?? os.tmpdir(), 'segment-studio-'));
  const filesDir = path.join(base, 'files');
  const spillDir = path.join(base, 'spill');
  mkdirSync(filesDir);
  /** alias → path DuckDB opens. */
  const paths = new Map<string, string>();
  const removeBase = () => {
    // The entries made for registered files first, by name: rmSync's recursive walk costs about
    // three times as much per entry (305 links, Online Retail by-day: 34-58 -> 14-16 ms at exit).
    for (const p of paths.values())
      if (p.startsWith(filesDir))
        try {
          unlinkSync(p);
        } catch {
          /* already gone */
        }
    rmSync(base, { recursive: true, force: true });
  };
  process.once('exit', removeBase);
  const threads = options.threads ?? (process.env.SEGMENT_STUDIO_THREADS ? Number(process.env.SEGMENT_STUDIO_THREADS) : 1);
  const cores = Math.max(threads, options.parallelThreads ?? (process.env.SEGMENT_STUDIO_THREADS ? threads : os.availableParallelism()));
  type Instance = Awaited<ReturnType<typeof DuckDBInstance.create>>;
  // Not awaited here: DuckDB starts on a thread of Node's pool (~40 ms) while the caller's load
  // sniffs its files, which needs no SQL; the first statement waits for the connection, and a
  // failure to start is that statement's error (handled here, so never unhandled before it).
  let instance: Instance | undefined;
  let conn: Connection | undefined;
  const opened = DuckDBInstance.create(':memory:', {
    // Extensions would be fetched from the network, which a local-first tool never does.
    autoload_known_extensions: 'false',
    autoinstall_known_extensions: 'false',
    temp_directory: spillDir,
    memory_limit: options.memoryLimit ?? process.env.SEGMENT_STUDIO_MEMORY_LIMIT ?? defaultMemoryLimit(),
    threads: String(threads),
  }).then(
    (i) => (instance = i),
    (e) => {
      removeBase();
      throw e;
    },
  );
  const connected = opened.then(async (i) => (conn = await i.connect()));
  connected.catch(() => {});
  const rewrite = (sql: string): string => {
    if (paths.size === 0 || !READS_FILES.test(sql)) return sql;
    let out = sql;
    // Whole quoted literals only: 'src_1.csv' never matches inside 'src_11.csv' or 'src_1.csv.gz'.
    for (const [alias, p] of paths) out = out.split(lit(alias)).join(lit(p));
    return out;
  };
  /** DuckDB's message with our entries named by their alias again, as DuckDB-WASM names them. */
  const translate = (e: unknown): unknown => {
    if (!(e instanceof Error)) return e;
    let msg = e.message.split(filesDir + path.sep).join('');
    for (const [alias, p] of paths) if (!p.startsWith(filesDir)) msg = msg.split(p).join(alias);
    if (msg === e.message) return e;
    const copy = new Error(msg);
    copy.name = e.name;
    return copy;
  };
  const forget = (alias: string) => {
    const p = paths.get(alias);
    paths.delete(alias);
    if (p?.startsWith(filesDir)) rmSync(p, { force: true });
  };
  const entry = (alias: string) => {
    if (alias.includes('/') || alias.includes('\\') || alias === '.' || alias === '..') throw new Error(`bad file alias "${alias}"`);
    return path.join(filesDir, alias);
  };

  const timed = traceTo(process.env.SEGMENT_STUDIO_TRACE);
  const gate = threadGate(threads, cores);
  /**
   * The port's SQL on one connection; a statement marked parallel runs on all `cores`, the rest on
   * `threads` — or every statement on `threads` (`narrow`), for a connection working beside another.
   */
  const statements = (connection: Promise<Connection>, narrow = false) => {
    // One statement at a time on a connection: a statement started while another one's result is
    // still being read would end that result early, silently (DuckDB keeps one open result per connection).
    let turn: Promise<unknown> = Promise.resolve();
    const run = <T>(sql: string, options: SqlOptions | undefined, go: () => Promise<T>): Promise<T> => {
      const mine = turn.then(() => gated(sql, options, go));
      turn = mine.catch(() => {});
      return mine;
    };
    const gated = <T>(sql: string, options: SqlOptions | undefined, go: () => Promise<T>): Promise<T> =>
      gate.run(
        !narrow && options?.parallel === true,
        async (n) => {
          await (await connection).run(`SET threads = ${n}`);
        },
        async () => {
          try {
            return await timed(sql, go);
          } catch (e) {
            throw translate(e);
          }
        },
      );
    return {
      spillsToDisk: true as const,
      async exec(sql: string, options?: SqlOptions) {
        await run(sql, options, async () => (await connection).run(rewrite(sql)));
      },
      async query(sql: string, options?: SqlOptions): Promise<Table> {
        return run(sql, options, async () => toArrow(await (await connection).stream(rewrite(sql)), bindings));
      },
    };
  };
  /** File registration: one folder of entries for the database, whichever connection reads them. */
  const registration = {
    async registerFile(alias: string, source: DataSource) {
      forget(alias);
      const p = entry(alias);
      if (source instanceof NodeFileSource) {
        try {
          symlinkSync(source.path, p);
          paths.set(alias, p);
        } catch {
          paths.set(alias, source.path);
        }
      } else {
        writeFileSync(p, await source.read(0, source.size));
        paths.set(alias, p);
      }
    },
    async registerBuffer(alias: string, bytes: Uint8Array) {
      forget(alias);
      const p = entry(alias);
      writeFileSync(p, bytes);
      paths.set(alias, p);
    },
    async dropFile(alias: string) {
      forget(alias);
    },
  };
  return {
    ...statements(connected),
    ...registration,
    async connect() {
      const other = await (await opened).connect();
      return { ...statements(Promise.resolve(other), true), ...registration, close: () => other.closeSync() };
    },
    close() {
      const closeDb = () => {
        conn?.closeSync();
        instance?.closeSync();
      };
      // Still starting: closed once started.
      if (conn) closeDb();
      else connected.then(closeDb, () => {});
      removeBase();
      paths.clear();
      process.removeListener('exit', removeBase);
    },
  };
}

/**
 * @duckdb/node-api: the compiled CLI's copy bundled into one file beside it (build-cli.mjs; about
 * half the start-up CPU of the package's ~120 files), else — running from source — the package.
 * Returns the file loaded, from which its native bindings are resolved.
 */
function loadNodeApi(): { api: NodeApi; from: string } {
  const require = createRequire(import.meta.url);
  try {
    const from = require.resolve('./duckdb-node-api.cjs');
    return { api: require(from) as NodeApi, from };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
    const from = require.resolve('@duckdb/node-api');
    return { api: require(from) as NodeApi, from };
  }
}

type NodeApi = typeof import('@duckdb/node-api');
type Connection = InstanceType<NodeApi['DuckDBConnection']>;
