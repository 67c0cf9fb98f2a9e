import { EngineError } from '../errors.ts';
import type { DataSource } from '../ports.ts';

/** Largest single input we accept: wasm32 memory is 4 GiB and DuckDB needs room to work. */
export const MAX_SOURCE_BYTES = 3 * 1024 ** 3;

/** DuckDB-WASM's memory limit (it defaults to 3.1 GiB of the 4 GiB a wasm32 module can address). */
export const MEMORY_BUDGET_BYTES = 3 * 1024 ** 3;

/**
 * Memory DuckDB holds per byte of CSV text once `raw` and `lines` exist: measured 4.6 on the
 * Online Retail extract (48 MB) and 4.9–5.1 on generated data (8 MB, 85 MB).
 */
export const MEMORY_PER_TEXT_BYTE = 5;

/** The most CSV text (all files together) that fits the memory budget: about 614 MiB. */
export const MAX_TOTAL_TEXT_BYTES = Math.floor(MEMORY_BUDGET_BYTES / MEMORY_PER_TEXT_BYTE);

/** The most a deflate stream expands (RFC 1951: 258 bytes from 2 bits, about 1032:1). */
const DEFLATE_MAX_RATIO = 1032;

/** CSV text per byte of XLSX (measured 1.8 on generated workbooks: shared strings, deflate). */
const XLSX_TEXT_PER_BYTE = 2;

/** Columns we read: a transaction export has a few dozen; thousands means a wrong delimiter or a matrix. */
export const MAX_COLUMNS = 1000;

const GiB = 1024 ** 3;
const MiB = 1024 ** 2;
const size = (bytes: number) => (bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GiB` : `${Math.round(bytes / MiB)} MiB`);

/** The limit in words, for every message that refuses or fails for lack of memory. */
export const MEMORY_LIMIT_TEXT = `the limit is ${size(MEMORY_BUDGET_BYTES)} of memory, about ${size(MAX_TOTAL_TEXT_BYTES)} of CSV text in total`;

/**
 * Estimated CSV text a source turns into, from its size and first/last bytes only: plain text
 * as is; gzip by its trailer (uncompressed size mod 2^32, so never below the compressed size);
 * XLSX by a measured ratio, plus the converted copy that is handed to DuckDB.
 */
async function estimateTextBytes(source: DataSource): Promise<number> {
  const head = await source.read(0, Math.min(source.size, 4));
  if (head[0] === 0x1f && head[1] === 0x8b && source.size >= 18) {
    const t = await source.read(source.size - 4, source.size);
    const isize = (t[0]! | (t[1]! << 8) | (t[2]! << 16) | (t[3]! << 24)) >>> 0;
    // Deflate expands at most about 1032:1; a larger claim is a corrupt trailer, left to the reader.
    return isize <= source.size * DEFLATE_MAX_RATIO ? Math.max(isize, source.size) : source.size;
  }
  if (head[0] === 0x50 && head[1] === 0x4b) return source.size * XLSX_TEXT_PER_BYTE * (1 + 1 / MEMORY_PER_TEXT_BYTE);
  return source.size;
}

/**
 * Refuses inputs that cannot fit before any of them is loaded: a file over MAX_SOURCE_BYTES,
 * or all files together estimated over MAX_TOTAL_TEXT_BYTES of text (DuckDB would otherwise
 * run out of memory part-way, after minutes of work). Reads a few bytes per file.
 */
export async function checkInputSize(sources: readonly DataSource[]): Promise<void> {
  let total = 0;
  for (const s of sources) {
    if (s.size > MAX_SOURCE_BYTES) {
      throw new EngineError('too_large', `the file is ${size(s.size)}; the limit is ${size(MAX_SOURCE_BYTES)} per file`, { file: s.name });
    }
    if (s.size > 0) total += await estimateTextBytes(s);
  }
  checkTextBytes(total, sources.length, sources.length === 1 ? sources[0]!.name : undefined);
}

/** Refuses `total` bytes of text in `files` files (`file` naming the one) over MAX_TOTAL_TEXT_BYTES. */
export function checkTextBytes(total: number, files: number, file?: string): void {
  if (total <= MAX_TOTAL_TEXT_BYTES) return;
  const what = files === 1 ? 'the file holds' : `the ${files} files hold`;
  throw new EngineError(
    'too_large',
    `${what} about ${size(total)} of text, which needs about ${size(total * MEMORY_PER_TEXT_BYTE)} of memory once loaded; ` +
      `${MEMORY_LIMIT_TEXT}: load fewer files or a shorter period`,
    file !== undefined ? { file } : {},
  );
}

/** Refuses a header with more than MAX_COLUMNS columns before DuckDB allocates for them. */
export function checkColumnCount(file: string, columns: number): void {
  if (columns > MAX_COLUMNS) {
    throw new EngineError(
      'too_large',
      `the header has ${columns.toLocaleString('en-US')} columns; the limit is ${MAX_COLUMNS.toLocaleString('en-US')} (is the delimiter right?)`,
      { file, row: 1 },
    );
  }
}
