/** Benchmark inputs under bench/data/ (git-ignored), generated once and reused. */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { splitRecord } from '../engine/src/index.ts';
import { planDataset } from '../engine/src/gen/index.ts';
import { generateToFile } from '../engine/cli/gen.ts';

export const DATA_DIR = path.resolve('bench/data');

function label(rows: number): string {
  return rows >= 1_000_000 && rows % 1_000_000 === 0 ? `${rows / 1_000_000}m` : `${Math.round(rows / 1000)}k`;
}

/** bench/data/gen-<rows>[-<customers>c].csv from the generator with its default seed. */
export function generatedCsv(rows: number, log: (s: string) => void, customers?: number): string {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, `gen-${label(rows)}${customers !== undefined ? `-${label(customers)}c` : ''}.csv`);
  if (!existsSync(file)) {
    const t0 = performance.now();
    generateToFile(customers !== undefined ? { rows, customers } : { rows }, file);
    log(`generated ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  return file;
}

/**
 * Writes lines of the UCI layout (CSV fields: InvoiceNo, StockCode, Description, Quantity,
 * InvoiceDate, UnitPrice, CustomerID, Country) as the sheet "Online Retail" with exceljs's
 * streaming writer, shared strings on as Excel saves them: dates as real Excel dates shown in
 * `dateFormat`, numbers as numbers, codes as `code` gives them. Written beside, then renamed.
 */
async function writeRetailWorkbook(file: string, dateFormat: string, lines: Iterable<string[]>, code: (s: string) => string | number): Promise<number> {
  const tmp = `${file}.tmp.xlsx`;
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: tmp, useStyles: true, useSharedStrings: true });
  const ws = wb.addWorksheet('Online Retail');
  ws.columns = [
    { header: 'InvoiceNo', key: 'a' },
    { header: 'StockCode', key: 'b' },
    { header: 'Description', key: 'c' },
    { header: 'Quantity', key: 'd' },
    { header: 'InvoiceDate', key: 'e', style: { numFmt: dateFormat } },
    { header: 'UnitPrice', key: 'f' },
    { header: 'CustomerID', key: 'g' },
    { header: 'Country', key: 'h' },
  ];
  let written = 0;
  for (const f of lines) {
    const d = f[4]!;
    const date = new Date(Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10), +d.slice(11, 13), +d.slice(14, 16), +d.slice(17, 19)));
    ws.addRow([code(f[0]!), code(f[1]!), f[2], Number(f[3]), date, Number(f[5]), f[6] === '' ? null : Number(f[6]), f[7]]).commit();
    written++;
  }
  ws.commit();
  await wb.commit();
  renameSync(tmp, file);
  return written;
}

/** The generator's lines (fields), header left out. */
function* generatedLines(rows: number): Generator<string[]> {
  let header = true;
  let rest = '';
  for (const chunk of planDataset({ rows }).csvChunks()) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) {
      if (header) header = false;
      else yield splitRecord(line, ',');
    }
  }
}

/** bench/data/gen-<rows>.xlsx: the same generated lines as a workbook. */
export async function generatedXlsx(rows: number, log: (s: string) => void): Promise<string> {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, `gen-${label(rows)}.xlsx`);
  if (existsSync(file)) return file;
  const t0 = performance.now();
  await writeRetailWorkbook(file, 'yyyy-mm-dd hh:mm:ss', generatedLines(rows), (s) => s);
  log(`generated ${file} (${(statSync(file).size / 1e6).toFixed(0)} MB) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}

/** The real Online Retail lines (../shared/data/online-retail/by-day, one CSV per day). */
export const ONLINE_RETAIL_DAYS = path.resolve('../shared/data/online-retail/by-day');

/** A UCI "Online Retail.xlsx" cell: numeric-looking codes are numbers there, as Excel read them (536365, 71053), others text (C536379, 85123A). */
const uciCode = (s: string): string | number => (/^\d+$/.test(s) && s.length < 16 ? Number(s) : s);

/** The first `rows` real Online Retail lines (fields), in file order. */
function* retailLines(rows: number): Generator<string[]> {
  let n = 0;
  for (const day of readdirSync(ONLINE_RETAIL_DAYS)
    .filter((f) => f.endsWith('.csv'))
    .sort()) {
    for (const line of readFileSync(path.join(ONLINE_RETAIL_DAYS, day), 'utf8').split('\n').slice(1)) {
      if (line === '') continue;
      if (n++ === rows) return;
      yield splitRecord(line, ',');
    }
  }
}

/**
 * bench/data/online-retail-<rows>.xlsx: the first `rows` lines of the real Online Retail data, in
 * the layout of UCI's own workbook (sheet "Online Retail"; InvoiceNo and StockCode numbers where
 * they are numeric; InvoiceDate an Excel date; Quantity, UnitPrice, CustomerID numbers, CustomerID
 * empty when missing).
 */
export async function onlineRetailXlsx(rows: number, log: (s: string) => void): Promise<string> {
  mkdirSync(DATA_DIR, { recursive: true });
  const file = path.join(DATA_DIR, `online-retail-${label(rows)}.xlsx`);
  if (existsSync(file)) return file;
  if (!existsSync(ONLINE_RETAIL_DAYS)) throw new Error(`${ONLINE_RETAIL_DAYS} not found: the Online Retail workbook is made from it`);
  const t0 = performance.now();
  const written = await writeRetailWorkbook(file, 'm/d/yy h:mm', retailLines(rows), uciCode);
  log(`generated ${file} (${(statSync(file).size / 1e6).toFixed(1)} MB, ${written} lines) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return file;
}
