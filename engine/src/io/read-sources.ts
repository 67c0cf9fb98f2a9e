import { EngineError } from '../errors.ts';
import type { DataSource, SqlPort } from '../ports.ts';
import { ident, literal, literalList } from '../sql/quote.ts';
import { firstRow, num, tableRows } from '../sql/rows.ts';
import { readGzipHead, readHead } from './head.ts';
import { decodeSample, sampleLines, sniffContainer, sniffCsv, splitRecord, type CsvFormat } from './sniff.ts';
import { xlsxSheetToCsv } from './xlsx.ts';

/** What we learnt about one input file. */
export interface SourceInfo {
  name: string;
  kind: 'csv' | 'xlsx';
  format: CsvFormat;
  /** The sheet read, for workbooks. */
  sheet?: string;
  sheets?: string[];
  rows: number;
  /** rowid of the file's first line in the `raw` table (to turn rowids back into line numbers). */
  firstRowId: number;
}

/** Column holding the source file's name in `raw` and in the canonical table. */
export const SOURCE_COLUMN = '__source';

/** Largest single input we accept: wasm32 memory is 4 GiB and DuckDB needs room to work. */
export const MAX_SOURCE_BYTES = 3 * 1024 ** 3;

interface Prepared {
  source: DataSource;
  alias: string;
  kind: 'csv' | 'xlsx';
  format: CsvFormat;
  header: string[];
  sheet?: string;
  sheets?: string[];
}

async function prepare(sql: SqlPort, source: DataSource, index: number, sheet?: string): Promise<Prepared> {
  if (source.size === 0) throw new EngineError('empty_file', 'the file is empty', { file: source.name });
  if (source.size > MAX_SOURCE_BYTES) {
    throw new EngineError(
      'too_large',
      `the file is ${(source.size / 1024 ** 3).toFixed(1)} GiB; the limit is ${MAX_SOURCE_BYTES / 1024 ** 3} GiB per file (split it into several files)`,
      { file: source.name },
    );
  }
  const first = await source.read(0, Math.min(source.size, 8));
  const container = sniffContainer(source.name, first);
  const alias = `src_${index}`;
  if (container === 'xlsx') {
    const sheetCsv = xlsxSheetToCsv(source.name, await source.read(0, source.size), sheet);
    await sql.registerBuffer(`${alias}.csv`, sheetCsv.csv);
    const format: CsvFormat = { kind: 'csv', encoding: 'utf-8', bom: false, compression: 'none', delimiter: ',', quote: '"', header: true };
    const lines = sampleLines(decodeSample(sheetCsv.csv.subarray(0, 65536), 'utf-8', false), true);
    return { source, alias: `${alias}.csv`, kind: 'xlsx', format, header: splitRecord(lines[0] ?? '', ','), sheet: sheetCsv.sheet, sheets: sheetCsv.sheets };
  }
  const gz = container === 'gzip';
  const head = gz ? await readGzipHead(source) : await readHead(source);
  const format = sniffCsv(source.name, head.bytes, head.partial, gz ? 'gzip' : 'none');
  const lines = sampleLines(decodeSample(head.bytes, format.encoding, format.bom), head.partial);
  const first0 = splitRecord(lines[0] ?? '', format.delimiter, format.quote);
  const header = format.header ? first0.map((h) => h.trim()) : first0.map((_, i) => `column${i}`);
  const fileAlias = gz ? `${alias}.csv.gz` : `${alias}.csv`;
  await sql.registerFile(fileAlias, source);
  return { source, alias: fileAlias, kind: 'csv', format, header };
}

function formatKey(f: CsvFormat): string {
  return [f.encoding, f.delimiter, f.quote, f.header, f.compression].join('|');
}

function readCsvSql(files: Prepared[]): string {
  const f = files[0]!.format;
  const opts = [
    'all_varchar = true',
    `header = ${f.header}`,
    `delim = ${literal(f.delimiter)}`,
    `quote = ${literal(f.quote)}`,
    `escape = ${literal(f.quote)}`,
    `encoding = ${literal(f.encoding)}`,
    `compression = ${literal(f.compression === 'gzip' ? 'gzip' : 'none')}`,
    `filename = true`,
    'null_padding = true',
    'max_line_size = 20000000',
  ];
  if (!f.header) opts.push(`names = ${literalList(files[0]!.header)}`);
  // union_by_name reads every file's header up front (slow on hundreds of daily files), so
  // use it only when column order differs between files.
  const order = files[0]!.header.join('\u0000');
  if (files.some((p) => p.header.join('\u0000') !== order)) opts.push('union_by_name = true');
  return `SELECT * FROM read_csv(${literalList(files.map((p) => p.alias))}, ${opts.join(', ')})`;
}

/** Turns a DuckDB CSV error into our error, naming the file and line where DuckDB says them. */
function csvError(e: unknown, files: Prepared[]): EngineError {
  const msg = e instanceof Error ? e.message : String(e);
  const line = /Line:\s*(\d+)/i.exec(msg) ?? /line (\d+)/i.exec(msg);
  const file = files.find((p) => msg.includes(p.alias)) ?? (files.length === 1 ? files[0] : undefined);
  const firstLine = msg.split('\n')[0]!.replace(/src_\d+\.csv(\.gz)?/g, file?.source.name ?? 'file');
  const reason = /Expected Number of Columns: (\d+) Found: (\d+)/i.exec(msg);
  const text = reason
    ? `expected ${reason[1]} columns, found ${reason[2]} (ragged row)`
    : /unterminated quote|quote/i.test(msg)
      ? 'a quoted field is never closed'
      : firstLine;
  return new EngineError('parse', text, {
    ...(file ? { file: file.source.name } : {}),
    ...(line ? { row: Number(line[1]) } : {}),
  });
}

/**
 * Reads all sources into the DuckDB table `raw` (every column VARCHAR, plus `__source`), one
 * read_csv per group of files that share a format. Files must share their header (daily
 * exports of one shop); a file with other columns is refused by name. Spreadsheets are
 * converted to CSV first. Returns what was detected for each file.
 */
export async function readSources(
  sql: SqlPort,
  sources: readonly DataSource[],
  options: { sheet?: string } = {},
): Promise<{ sources: SourceInfo[]; columns: string[] }> {
  if (sources.length === 0) throw new EngineError('invalid_argument', 'no input files');
  const prepared: Prepared[] = [];
  for (const [i, s] of sources.entries()) prepared.push(await prepare(sql, s, i, options.sheet));
  const columns = prepared[0]!.header;
  const key = (h: string[]) => [...h].sort().join('\u0000');
  for (const p of prepared.slice(1)) {
    if (key(p.header) !== key(columns)) {
      const extra = p.header.filter((h) => !columns.includes(h));
      const missing = columns.filter((h) => !p.header.includes(h));
      throw new EngineError(
        'shape_mismatch',
        `its columns differ from ${prepared[0]!.source.name}` +
          (missing.length ? `; missing ${missing.join(', ')}` : '') +
          (extra.length ? `; extra ${extra.join(', ')}` : ''),
        { file: p.source.name },
      );
    }
  }
  const duplicate = columns.find((c, i) => columns.indexOf(c) !== i);
  if (duplicate !== undefined) {
    throw new EngineError('parse', `the header names column "${duplicate}" twice`, { file: prepared[0]!.source.name, column: duplicate });
  }
  const groups = new Map<string, Prepared[]>();
  for (const p of prepared) groups.set(formatKey(p.format), [...(groups.get(formatKey(p.format)) ?? []), p]);
  const selects = [...groups.values()].map((files) => ({ files, sql: readCsvSql(files) }));
  const cols = columns.map(ident).join(', ');
  const names = uniqueNames(prepared.map((p) => p.source.name));
  const nameOf = new Map(prepared.map((p, i) => [p.alias, names[i]!]));
  await sql.exec('DROP TABLE IF EXISTS raw');
  for (const [i, s] of selects.entries()) {
    const sourceName = `CASE filename ${s.files.map((p) => `WHEN ${literal(p.alias)} THEN ${literal(nameOf.get(p.alias)!)}`).join(' ')} END`;
    // All columns: with null_padding, fields past the header arrive as extra columns.
    const body = `SELECT * EXCLUDE (filename), ${sourceName} AS ${ident(SOURCE_COLUMN)} FROM (${s.sql})`;
    try {
      if (i === 0) await sql.exec(`CREATE TABLE raw AS ${body}`);
      else await sql.exec(`INSERT INTO raw BY NAME ${body}`);
    } catch (e) {
      throw csvError(e, s.files);
    }
  }
  await refuseLongRows(sql, columns, prepared);
  const counts = tableRows(
    await sql.query(`SELECT ${ident(SOURCE_COLUMN)} AS f, count(*) AS n, min(rowid) AS first FROM raw GROUP BY 1`),
  );
  const byName = new Map(counts.map((r) => [String(r.f), r]));
  const infos: SourceInfo[] = prepared.map((p) => {
    const name = nameOf.get(p.alias)!;
    const c = byName.get(name);
    return {
      name,
      kind: p.kind,
      format: p.format,
      ...(p.sheet !== undefined ? { sheet: p.sheet, sheets: p.sheets ?? [] } : {}),
      rows: c ? Number(c.n) : 0,
      firstRowId: c ? Number(c.first) : 0,
    };
  });
  return { sources: infos, columns };
}

/**
 * Rows with more fields than the header cannot be repaired (which field is extra?), so they
 * are refused, naming the first one. Short rows are padded with empty values: exports often
 * omit trailing empty fields.
 */
async function refuseLongRows(sql: SqlPort, header: readonly string[], files: Prepared[]): Promise<void> {
  const present = tableRows(await sql.query(`SELECT column_name AS c FROM duckdb_columns() WHERE table_name = 'raw'`)).map((r) => String(r.c));
  const extra = present.filter((c) => c !== SOURCE_COLUMN && !header.includes(c));
  if (extra.length === 0) return;
  const row = firstRow(
    await sql.query(`SELECT ${ident(SOURCE_COLUMN)} AS f, rowid AS id FROM raw
      WHERE ${extra.map((c) => `${ident(c)} IS NOT NULL`).join(' OR ')} ORDER BY rowid LIMIT 1`),
  );
  if (row.id === undefined) {
    // Trailing delimiters on every line: empty fields past the header, safe to drop.
    for (const c of extra) await sql.exec(`ALTER TABLE raw DROP COLUMN ${ident(c)}`);
    return;
  }
  const first = firstRow(await sql.query(`SELECT min(rowid) AS id FROM raw WHERE ${ident(SOURCE_COLUMN)} = ${literal(String(row.f))}`));
  const file = files.find((p) => p.source.name === row.f) ?? files[0]!;
  throw new EngineError('parse', `a row has more fields than the ${header.length} columns of the header (ragged row)`, {
    file: String(row.f),
    row: num(row.id) - num(first.id) + (file.format.header ? 2 : 1),
  });
}

/** Display names made unique ("a.csv", "a.csv (2)") so per-file counts never merge. */
function uniqueNames(names: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return names.map((n) => {
    const k = (seen.get(n) ?? 0) + 1;
    seen.set(n, k);
    return k === 1 ? n : `${n} (${k})`;
  });
}

/** File and 1-based line number (header counted) of a rowid in `raw`. */
export function locateRow(sources: readonly SourceInfo[], rowId: number): { file: string; row: number } | undefined {
  let best: SourceInfo | undefined;
  for (const s of sources) if (s.rows > 0 && s.firstRowId <= rowId && (!best || s.firstRowId > best.firstRowId)) best = s;
  if (!best) return undefined;
  return { file: best.name, row: rowId - best.firstRowId + (best.format.header ? 2 : 1) };
}
