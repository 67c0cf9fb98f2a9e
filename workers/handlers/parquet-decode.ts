/**
 * Parquet input for the app, whose DuckDB-WASM cannot load its parquet extension offline: the
 * file is decoded here, in the analytics worker, by hyparquet (pure JS, maintained) into a CSV
 * — the file's column names, then every value as the text native DuckDB's
 * `CAST(column AS VARCHAR)` gives it (the CLI reads Parquet that way: engine/src/io/read-sources.ts),
 * NULL as an empty field — which the engine then reads like any CSV. So the same file gives the
 * same raw text, hence the same analysis, in the app and in the CLI.
 *
 * Codecs: hyparquet reads uncompressed and snappy pages itself; gzip is added with fflate
 * (already the app's zip library). Other codecs are refused by name.
 */
import { gunzipSync } from 'fflate';
import { parquetMetadata, parquetRead, parquetSchema, type Compressors, type FileMetaData, type SchemaElement } from 'hyparquet';
import type { Handler } from '../host.ts';

export interface DecodedParquet {
  /** The file's top-level column names, in order. */
  columns: string[];
  /** UTF-8 CSV: a header line, then one line per row. */
  csv: Uint8Array;
  rows: number;
}

const COMPRESSORS: Compressors = {
  GZIP: (input: Uint8Array) => gunzipSync(input),
};
const READABLE_CODECS = new Set(['UNCOMPRESSED', 'SNAPPY', 'GZIP']);

const pad = (n: number | bigint, width: number) => String(n).padStart(width, '0');

/** Days since 1970-01-01 as DuckDB prints a DATE. */
function dateText(days: number): string {
  const d = new Date(days * 86_400_000);
  const y = d.getUTCFullYear();
  return `${y < 0 ? `-${pad(-y, 4)}` : pad(y, 4)}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)}`;
}

/** Microseconds since the epoch as DuckDB prints a TIMESTAMP: seconds always, a fraction without trailing zeros. */
function timestampText(micros: bigint): string {
  const days = micros >= 0n ? micros / 86_400_000_000n : -((-micros + 86_400_000_000n - 1n) / 86_400_000_000n);
  const inDay = micros - days * 86_400_000_000n;
  const s = inDay / 1_000_000n;
  const frac = inDay % 1_000_000n;
  const time = `${pad(s / 3600n, 2)}:${pad((s / 60n) % 60n, 2)}:${pad(s % 60n, 2)}`;
  return `${dateText(Number(days))} ${time}${frac ? `.${pad(frac, 6).replace(/0+$/, '')}` : ''}`;
}

/** Timestamps come out as text (full precision); the column's type adds a time zone when it has one. */
const PARSERS = {
  timestampFromMilliseconds: (v: bigint) => timestampText(BigInt(v) * 1000n),
  timestampFromMicroseconds: (v: bigint) => timestampText(BigInt(v)),
  timestampFromNanoseconds: (v: bigint) => timestampText(BigInt(v) / 1000n),
  dateFromDays: (v: number) => dateText(v),
};

/** A double as DuckDB prints it: shortest round-trip digits, whole numbers with ".0". */
function doubleText(v: number): string {
  if (Number.isNaN(v)) return 'nan';
  if (!Number.isFinite(v)) return v > 0 ? 'inf' : '-inf';
  if (Object.is(v, -0)) return '-0.0';
  const s = String(v);
  return /[.e]/.test(s) ? s : `${s}.0`;
}

/** A 32-bit float (read as a double) with the fewest digits that give it back. */
function floatText(v: number): string {
  if (!Number.isFinite(v) || Number.isInteger(v)) return doubleText(v);
  for (let p = 1; p <= 9; p++) {
    const s = v.toPrecision(p);
    if (Math.fround(Number(s)) === v) return doubleText(Number(s));
  }
  return doubleText(v);
}

type Format = (v: unknown) => string;

/** How one top-level column's values become text, from its schema element. */
function formatFor(element: SchemaElement, nested: boolean): Format {
  if (nested) return (v) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? String(x) : x));
  const lt = element.logical_type;
  if (lt?.type === 'TIMESTAMP' && lt.isAdjustedToUTC) return (v) => `${String(v)}+00`;
  if (element.converted_type === 'DECIMAL' || lt?.type === 'DECIMAL') {
    const scale = element.scale ?? 0;
    return (v) => (v as number).toFixed(scale);
  }
  if (element.type === 'FLOAT') return (v) => floatText(v as number);
  if (element.type === 'DOUBLE') return (v) => doubleText(v as number);
  return (v) => (v instanceof Uint8Array ? Array.from(v, (b) => `\\x${b.toString(16).toUpperCase().padStart(2, '0')}`).join('') : String(v));
}

/** A CSV field: quoted when it holds the delimiter, a quote, a line break, or spaces at an end (kept as they are). */
function field(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) || s === '' ? `"${s.replaceAll('"', '""')}"` : s;
}

/** Rows per decoding step: bounded memory for the rows in flight, and progress as it goes. */
const STEP_ROWS = 100_000;

/**
 * The CSV of a Parquet file's bytes. `name` names the file in messages; progress per step of
 * rows; `signal` stops between steps.
 */
export async function parquetToCsv(
  name: string,
  bytes: ArrayBuffer,
  control: { signal?: { aborted: boolean }; onProgress?: (f: number, m?: string) => void } = {},
): Promise<DecodedParquet> {
  let metadata: FileMetaData;
  try {
    metadata = parquetMetadata(bytes);
  } catch (e) {
    throw new Error(`${name}: not a readable Parquet file (${e instanceof Error ? e.message : String(e)})`);
  }
  const codecs = new Set(metadata.row_groups.flatMap((g) => g.columns.map((c) => c.meta_data?.codec ?? 'UNCOMPRESSED')));
  const unreadable = [...codecs].filter((c) => !READABLE_CODECS.has(c));
  if (unreadable.length) {
    throw new Error(
      `${name}: its pages are compressed with ${unreadable.join(', ')}, which the app does not read (it reads uncompressed, snappy and gzip Parquet); ` +
        'open it with the command line (segment-studio), or write it with snappy',
    );
  }
  const top = parquetSchema(metadata).children;
  const columns = top.map((c) => c.element.name);
  const formats = top.map((c) => formatFor(c.element, c.children.length > 0));
  const encoder = new TextEncoder();
  const chunks: Uint8Array[] = [encoder.encode(`${columns.map(field).join(',')}\n`)];
  const total = Number(metadata.num_rows);
  for (let start = 0; start < total; start += STEP_ROWS) {
    if (control.signal?.aborted) throw Object.assign(new Error('cancelled'), { name: 'AbortError' });
    const end = Math.min(total, start + STEP_ROWS);
    let rows: unknown[][] = [];
    try {
      await parquetRead({
        file: bytes,
        metadata,
        rowStart: start,
        rowEnd: end,
        compressors: COMPRESSORS,
        parsers: PARSERS,
        onComplete: (r) => {
          rows = r;
        },
      });
    } catch (e) {
      throw new Error(`${name}: rows ${start + 1}-${end} could not be read (${e instanceof Error ? e.message : String(e)})`);
    }
    const lines: string[] = [];
    for (const r of rows) lines.push(r.map((v, j) => (v === null || v === undefined ? '' : field(formats[j]!(v)))).join(','));
    chunks.push(encoder.encode(`${lines.join('\n')}\n`));
    control.onProgress?.(end / total, `decoding ${name}: ${end.toLocaleString('en')} of ${total.toLocaleString('en')} rows`);
  }
  const csv = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    csv.set(c, at);
    at += c.length;
  }
  return { columns, csv, rows: total };
}

/** The analytics worker's 'parquet/decode' job: the file's bytes in (transferred), its CSV out (transferred). */
export const parquetDecode: Handler<'parquet/decode'> = async (params, input, ctx) => {
  const b = input.bytes;
  const whole = b.byteOffset === 0 && b.byteLength === b.buffer.byteLength ? (b.buffer as ArrayBuffer) : (b.slice().buffer as ArrayBuffer);
  const r = await parquetToCsv(params.name, whole, { signal: ctx.signal, onProgress: ctx.onProgress });
  return { result: r, transfer: [r.csv.buffer as ArrayBuffer] };
};
