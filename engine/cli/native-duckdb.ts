import { mkdtempSync, rmSync, symlinkSync, unlinkSync, writeFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import {
  Bool,
  DateDay,
  Decimal,
  Field,
  Float32,
  Float64,
  Int16,
  Int32,
  Int64,
  Int8,
  RecordBatch,
  Schema,
  Struct,
  Table,
  TimeUnit,
  Timestamp,
  Uint16,
  Uint32,
  Uint64,
  Uint8,
  Utf8,
  makeData,
  type Data,
  type DataType,
} from 'apache-arrow';
import type { DataSource, SqlOptions, SqlPort } from '../src/index.ts';
import { NodeFileSource } from './node-duckdb.ts';

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
 * With SEGMENT_STUDIO_TRACE set, each statement's wall time and first words go to stderr ("full":
 * the whole statement): the profile of where a run's time goes (bench/results.md's breakdown).
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
      process.stderr.write(`[sql ${(performance.now() - t0).toFixed(1)} ms]${cpu} ${flag === 'full' ? text : text.slice(0, 160)}\n`);
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
 * Results come back as Arrow tables with the types DuckDB-WASM gives (BIGINT → Int64, DATE →
 * DateDay, TIMESTAMP → Timestamp[us], DECIMAL and HUGEINT → Decimal128, VARCHAR → Utf8, ...);
 * other types are refused by name rather than approximated.
 */
export async function openNativeDuckDb(options: NativeDuckDbOptions = {}): Promise<SqlPort & { close(): void }> {
  // Loaded here, not at the top: `--help` must not pay for the native library. Through require:
  // the package is CommonJS, and import() would first scan every one of its files for their
  // exports (cjs-module-lexer), about a second of CPU at each start.
  const { DuckDBInstance } = createRequire(import.meta.url)('@duckdb/node-api') as NodeApi;
  const base = mkdtempSync(path.join(options.tempDir ?? os.tmpdir(), 'segment-studio-'));
  const filesDir = path.join(base, 'files');
  const spillDir = path.join(base, 'spill');
  mkdirSync(filesDir);
  const removeBase = () => rmSync(base, { recursive: true, force: true });
  process.once('exit', removeBase);
  const threads = options.threads ?? (process.env.SEGMENT_STUDIO_THREADS ? Number(process.env.SEGMENT_STUDIO_THREADS) : 1);
  const cores = Math.max(threads, options.parallelThreads ?? (process.env.SEGMENT_STUDIO_THREADS ? threads : os.availableParallelism()));
  let instance: Awaited<ReturnType<typeof DuckDBInstance.create>>;
  try {
    instance = await DuckDBInstance.create(':memory:', {
      // Extensions would be fetched from the network, which a local-first tool never does.
      autoload_known_extensions: 'false',
      autoinstall_known_extensions: 'false',
      temp_directory: spillDir,
      memory_limit: options.memoryLimit ?? process.env.SEGMENT_STUDIO_MEMORY_LIMIT ?? defaultMemoryLimit(),
      threads: String(threads),
    });
  } catch (e) {
    removeBase();
    throw e;
  }
  const conn = await instance.connect();
  /** alias → path DuckDB opens. */
  const paths = new Map<string, string>();

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
  /** A statement marked parallel runs on all `cores`, the rest on `threads`. */
  const run = async <T>(sql: string, options: SqlOptions | undefined, go: () => Promise<T>): Promise<T> => {
    const wide = options?.parallel === true && cores > threads;
    if (wide) await conn.run(`SET threads = ${cores}`);
    try {
      return await timed(sql, go);
    } catch (e) {
      throw translate(e);
    } finally {
      if (wide) await conn.run(`SET threads = ${threads}`);
    }
  };
  return {
    spillsToDisk: true,
    async exec(sql: string, options?: SqlOptions) {
      await run(sql, options, () => conn.run(rewrite(sql)));
    },
    async query(sql: string, options?: SqlOptions): Promise<Table> {
      return run(sql, options, async () => toArrow(await conn.stream(rewrite(sql))));
    },
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
    close() {
      conn.closeSync();
      instance.closeSync();
      for (const p of paths.values())
        if (p.startsWith(filesDir))
          try {
            unlinkSync(p);
          } catch {
            /* already gone */
          }
      paths.clear();
      removeBase();
      process.removeListener('exit', removeBase);
    },
  };
}

type NodeApi = typeof import('@duckdb/node-api');
type StreamResult = Awaited<ReturnType<InstanceType<NodeApi['DuckDBConnection']>['stream']>>;
type DuckType = ReturnType<StreamResult['columnTypes']>[number];

/** A DuckDB column type as DuckDB-WASM's Arrow export types it, and how to store its values. */
interface ColumnPlan {
  type: DataType;
  /** Fixed-width storage: element array constructor and elements per value (Decimal128: 4 words). */
  store?: {
    make: (
      n: number,
    ) => Int8Array | Int16Array | Int32Array | BigInt64Array | Uint8Array | Uint16Array | Uint32Array | BigUint64Array | Float32Array | Float64Array;
    width: number;
  };
  /** Writes value v of row i into the storage. */
  // biome-ignore lint/suspicious/noExplicitAny: the storage is a typed array or a plain array, chosen per column type
  put?: (values: any, i: number, v: unknown) => void;
}

function plan(t: DuckType): ColumnPlan {
  // typeId values from @duckdb/node-api's DuckDBTypeId.
  const direct = (type: DataType, make: NonNullable<ColumnPlan['store']>['make']): ColumnPlan => ({
    type,
    store: { make, width: 1 },
    put: (a, i, v) => {
      a[i] = v;
    },
  });
  switch (t.typeId) {
    case 1: // BOOLEAN: bit-packed by Arrow, handled in toArrow
      return { type: new Bool() };
    case 2:
      return direct(new Int8(), (n) => new Int8Array(n));
    case 3:
      return direct(new Int16(), (n) => new Int16Array(n));
    case 4:
      return direct(new Int32(), (n) => new Int32Array(n));
    case 5:
      return direct(new Int64(), (n) => new BigInt64Array(n));
    case 6:
      return direct(new Uint8(), (n) => new Uint8Array(n));
    case 7:
      return direct(new Uint16(), (n) => new Uint16Array(n));
    case 8:
      return direct(new Uint32(), (n) => new Uint32Array(n));
    case 9:
      return direct(new Uint64(), (n) => new BigUint64Array(n));
    case 10:
      return direct(new Float32(), (n) => new Float32Array(n));
    case 11:
      return direct(new Float64(), (n) => new Float64Array(n));
    case 13: // DATE: days since the epoch
      return {
        type: new DateDay(),
        store: { make: (n) => new Int32Array(n), width: 1 },
        put: (a, i, v) => {
          a[i] = (v as { days: number }).days;
        },
      };
    case 12: // TIMESTAMP
    case 31: // TIMESTAMP WITH TIME ZONE
      return {
        type: new Timestamp(TimeUnit.MICROSECOND, t.typeId === 31 ? 'UTC' : null),
        store: { make: (n) => new BigInt64Array(n), width: 1 },
        put: (a, i, v) => {
          a[i] = (v as { micros: bigint }).micros;
        },
      };
    case 16: // HUGEINT
    case 19: {
      // DECIMAL
      const { width, scale } = t.typeId === 19 ? (t as unknown as { width: number; scale: number }) : { width: 38, scale: 0 };
      return {
        type: new Decimal(scale, width, 128),
        store: { make: (n) => new Uint32Array(n * 4), width: 4 },
        put: (a: Uint32Array, i, v) => {
          let x = BigInt.asUintN(128, typeof v === 'bigint' ? v : (v as { value: bigint }).value);
          for (let w = 0; w < 4; w++, x >>= 32n) a[i * 4 + w] = Number(x & 0xffffffffn);
        },
      };
    }
    case 17: // VARCHAR
      return { type: new Utf8() };
    default:
      throw new Error(`native DuckDB adapter: result type ${t.toString()} is not supported`);
  }
}

/** Reads a streamed result chunk by chunk into one Arrow record batch per column. */
async function toArrow(result: StreamResult): Promise<Table> {
  const names = result.columnNames();
  const plans = result.columnTypes().map(plan);
  const chunks: { vectors: { getItem(i: number): unknown }[]; rows: number }[] = [];
  let n = 0;
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    chunks.push({ vectors: names.map((_, c) => chunk.getColumnVector(c)), rows: chunk.rowCount });
    n += chunk.rowCount;
  }
  const columns: Data[] = [];
  names.forEach((_name, c) => {
    const p = plans[c]!;
    const valid = new Uint8Array(Math.ceil(n / 8));
    let nulls = 0;
    let row = 0;
    if (p.store) {
      const values = p.store.make(n * p.store.width);
      for (const ch of chunks) {
        const vec = ch.vectors[c]!;
        for (let i = 0; i < ch.rows; i++, row++) {
          const v = vec.getItem(i);
          if (v === null) nulls++;
          else {
            valid[row >> 3]! |= 1 << (row & 7);
            p.put!(values, row, v);
          }
        }
      }
      columns.push(makeData({ type: p.type as Int32, length: n, nullCount: nulls, nullBitmap: nulls ? valid : null, data: values as unknown as Int32Array }));
    } else if (p.type instanceof Bool) {
      const bits = new Uint8Array(Math.ceil(n / 8));
      for (const ch of chunks) {
        const vec = ch.vectors[c]!;
        for (let i = 0; i < ch.rows; i++, row++) {
          const v = vec.getItem(i);
          if (v === null) nulls++;
          else {
            valid[row >> 3]! |= 1 << (row & 7);
            if (v) bits[row >> 3]! |= 1 << (row & 7);
          }
        }
      }
      columns.push(makeData({ type: new Bool(), length: n, nullCount: nulls, nullBitmap: nulls ? valid : null, data: bits }));
    } else {
      // UTF-8 bytes end to end, with 32-bit offsets (Arrow's Utf8, as DuckDB-WASM exports VARCHAR).
      const strings: (string | null)[] = new Array(n);
      const offsets = new Int32Array(n + 1);
      let bytes = 0;
      for (const ch of chunks) {
        const vec = ch.vectors[c]!;
        for (let i = 0; i < ch.rows; i++, row++) {
          const v = vec.getItem(i) as string | null;
          strings[row] = v;
          if (v === null) nulls++;
          else {
            valid[row >> 3]! |= 1 << (row & 7);
            bytes += Buffer.byteLength(v, 'utf8');
          }
          offsets[row + 1] = bytes;
        }
      }
      if (bytes > 0x7fffffff) throw new Error('native DuckDB adapter: a text column over 2 GiB in one result');
      const data = Buffer.alloc(bytes);
      for (let i = 0; i < n; i++) if (strings[i] !== null) data.write(strings[i]!, offsets[i]!, 'utf8');
      columns.push(
        makeData({
          type: new Utf8(),
          length: n,
          nullCount: nulls,
          nullBitmap: nulls ? valid : null,
          valueOffsets: offsets,
          data: new Uint8Array(data.buffer, data.byteOffset, data.length),
        }),
      );
    }
  });
  const fields = names.map((name, c) => new Field(name, columns[c]!.type, true));
  const schema = new Schema(fields);
  const struct = makeData({ type: new Struct(fields), length: n, nullCount: 0, children: columns });
  return new Table(schema, [new RecordBatch(schema, struct)]);
}
