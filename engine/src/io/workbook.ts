/**
 * Which sheets of a workbook are read, and where each one's table starts. A workbook may hold
 * one dataset split over sheets by period (UCI ships Online Retail II as "Year 2009-2010" and
 * "Year 2010-2011"), start with a cover or empty sheet, or put title rows above the header.
 */
import { absent, matchColumns } from './differing-columns.ts';
import { EngineError, throwIfCancelled } from '../errors.ts';
import type { JobControl } from '../ports.ts';
import { decodeSample } from './sniff.ts';
import { headerRecord, sampleRecords } from './table-start.ts';
import type { SheetAsCsv } from './sheet-csv.ts';
import { cellsCsv, type SheetCells } from './sheet-cells.ts';
import { xlsxSheetNamesStreaming, xlsxSheetToCsvStreamingAsync, type SheetControl } from './xlsx-stream.ts';
import { columnNames } from './column-names.ts';
import { HEADER_SYNONYMS, normaliseHeader, type Role } from '../mapping/roles.ts';

/** `--sheet all` / the app's "All sheets": every sheet with the first data sheet's columns. */
export const ALL_SHEETS = 'all';

/** What was done with one sheet of a workbook. */
export interface SheetFact {
  name: string;
  status: 'read' | 'empty' | 'cover' | 'other_columns' | 'not_chosen';
  /** Data rows below the header (before cleaning). */
  rows: number;
  /** 1-based sheet row of the header, when the sheet has a table. */
  headerRow?: number;
}

export interface WorkbookFacts {
  sheets: SheetFact[];
  /**
   * How the sheets read were chosen: `transactions` when an earlier sheet with a table (a summary,
   * a pivot) was passed over for one whose columns name more of the transaction roles.
   */
  choice: 'named' | 'first' | 'transactions' | 'all' | 'period';
}

/** One sheet's table, ready for DuckDB. */
export interface SheetTable {
  sheet: string;
  /** The sheet's CSV; absent when it came as `cells` (sheetCsv writes it from them when needed). */
  csv?: Uint8Array;
  cells?: SheetCells;
  header: string[];
  /** CSV lines above the header (title rows). */
  skip: number;
  /** 1-based sheet row of the header. */
  headerRow: number;
  /** [data row index, sheet row] where the sheet rows of data rows jump (empty rows are not in the CSV). */
  rowRuns: [number, number][];
  /** Sheet rows of the CSV's records above the header (title rows), when there are any. */
  titleRows?: number[];
  rows: number;
  date1904: boolean;
  /** The data rows as Arrow record batches, when the converter made them (the app's worker: sheetArrowBatches); else made when needed. */
  arrowBatches?: Uint8Array;
}

/** Columns a data sheet has at least: fewer is a cover, notes or a key-value summary. */
const MIN_TABLE_COLUMNS = 3;

/** SheetJS, for what the byte scanner leaves to it: fetched on first use (a chunk of its own in the app). */
const sheetJs = () => import('./xlsx.ts');

async function convertSheet(name: string, bytes: Uint8Array, sheet: string, control: SheetControl, cells: boolean): Promise<SheetAsCsv> {
  const converted = (await xlsxSheetToCsvStreamingAsync(name, bytes, sheet, control, cells)) ?? (await sheetJs()).xlsxSheetToCsv(name, bytes, sheet);
  throwIfCancelled(control.signal);
  return converted;
}

/** What workbookTables reports and obeys: a JobControl, and the host's turn between pieces of a sheet (SheetControl.breathe). */
export type WorkbookControl = JobControl & Pick<SheetControl, 'breathe'>;

/** The workbook's sheets and their tables (workbookTables' result). */
export interface WorkbookTables {
  tables: SheetTable[];
  facts: WorkbookFacts;
}

/** Progress of converting the `k`th of `n` sheets, as a share of the whole workbook's conversion. */
function sheetControl(name: string, sheet: string, k: number, n: number, control: WorkbookControl): SheetControl {
  const { signal, onProgress, breathe } = control;
  const what = n > 1 ? `converting ${name}, sheet "${sheet}" (${k + 1} of ${n})` : `converting ${name}`;
  return {
    ...(signal ? { signal } : {}),
    ...(breathe ? { breathe } : {}),
    ...(onProgress ? { onProgress: (f: number) => onProgress((k + f) / n, what) } : {}),
  };
}

const SAMPLE_BYTES = 256 * 1024;

/** The table of a converted sheet: header below any title rows, and where its rows come from. */
function locateTable(sheet: SheetAsCsv): SheetTable {
  // Its first lines, past the sample when there are more: the sample is partial exactly when the whole CSV is longer.
  const head = sheet.csv ?? cellsCsv(sheet.cells!, SAMPLE_BYTES);
  const text = decodeSample(head.subarray(0, SAMPLE_BYTES), 'utf-8', false);
  const records = sampleRecords(text, ',', '"', head.length > SAMPLE_BYTES);
  const h = headerRecord(records);
  const header = columnNames(records[h]?.fields ?? []);
  const rowRuns: [number, number][] = [];
  for (let r = h + 1; r < sheet.rowNumbers.length; r++) {
    const n = sheet.rowNumbers[r]!;
    if (r === h + 1 || n !== sheet.rowNumbers[r - 1]! + 1) rowRuns.push([r - h - 1, n]);
  }
  return {
    sheet: sheet.sheet,
    ...(sheet.csv ? { csv: sheet.csv } : {}),
    ...(sheet.cells ? { cells: sheet.cells } : {}),
    header,
    skip: records[h]?.line ?? 0,
    headerRow: sheet.rowNumbers[h] ?? 1,
    rowRuns,
    ...(h > 0 ? { titleRows: sheet.rowNumbers.slice(0, h) } : {}),
    rows: Math.max(0, sheet.rows - h - 1),
    date1904: sheet.date1904,
  };
}

const isTable = (t: SheetTable) => t.header.filter((c) => !/^column\d+$/.test(c)).length >= MIN_TABLE_COLUMNS && t.rows > 0;

/**
 * Sheets of one table: three quarters of the longer header's columns found in the other, by name
 * or under another name for one column (differing-columns.ts), so that a month whose export gained
 * or renamed a column is read with the others, and a summary sheet beside the data is not.
 */
function alikeColumns(a: readonly string[], b: readonly string[]): boolean {
  const { renamed } = matchColumns([a, b]);
  const shared = b.length - absent(a, b).length + renamed[1]!.length;
  return shared >= 0.75 * Math.max(a.length, b.length);
}

/** The roles a line of sales has, an amount being any of its three columns. */
const TRANSACTION_ROLES: readonly (readonly Role[])[] = [['invoice'], ['customer'], ['date'], ['quantity', 'unit_price', 'line_total']];

/**
 * How many of the transaction roles a header names, by a known name: a summary or pivot sheet
 * beside the data ("Country, Revenue, Invoices"; "Row Labels, Sum of Revenue, Count of
 * InvoiceNo") names one or two, the sales four.
 */
function transactionRoles(header: readonly string[]): number {
  const names = new Set(header.map(normaliseHeader));
  return TRANSACTION_ROLES.filter((roles) => roles.some((r) => HEADER_SYNONYMS[r].some((s) => names.has(s)))).length;
}

const MONTHS =
  /\b(jan(uary)?|feb(ruary)?|mar(ch)?|apr(il)?|may|june?|july?|aug(ust)?|sep(t|tember)?|oct(ober)?|nov(ember)?|dec(ember)?|januar|februar|märz|mai|juni|juli|oktober|dezember|janvier|février|mars|avril|juin|juillet|août|septembre|octobre|novembre|décembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre|octubre|noviembre|diciembre)\b/gi;
const PERIOD_WORDS = /\b(year|yr|jahr|année|año|month|monat|mois|mes|week|wk|woche|semaine|semana|quarter|qtr|quartal|trimestre|h[12]|q[1-4])\b/gi;

/**
 * Sheet names that differ only by a period ("Year 2009-2010" / "Year 2010-2011", "Jan" / "Feb",
 * "Q1 2023" / "Q2 2023"): each names a date, and what is left once the dates are taken out is
 * the same. "Sheet1" / "Sheet2" name no period and are not taken for one dataset.
 */
export function namesLookLikePeriods(names: readonly string[]): boolean {
  if (names.length < 2) return false;
  const dated = (n: string) => /\b(19|20)\d{2}\b/.test(n) || new RegExp(MONTHS.source, 'i').test(n) || /\bq[1-4]\b/i.test(n);
  if (!names.every(dated)) return false;
  const rest = (n: string) =>
    n
      .replace(MONTHS, ' ')
      .replace(PERIOD_WORDS, ' ')
      .replace(/[\d\s\-_./,()]+/g, ' ')
      .trim()
      .toLowerCase();
  return new Set(names.map(rest)).size === 1 && new Set(names).size === names.length;
}

async function sheetNames(name: string, bytes: Uint8Array): Promise<string[]> {
  const names = xlsxSheetNamesStreaming(bytes) ?? (await sheetJs()).xlsxSheetNames(name, bytes);
  if (names.length === 0) throw new EngineError('empty_file', 'the workbook has no sheets', { file: name });
  return names;
}

/**
 * The sheets to read and their tables. A named sheet is read alone. Otherwise every sheet is
 * looked at: empty sheets and covers (fewer than three named columns, or no row below the
 * header) are passed over; of the data sheets, the first of those naming the most transaction
 * roles (transactionRoles: not a summary or pivot) is read, together with every other sheet of
 * the same columns (alikeColumns) when `choice` is ALL_SHEETS or when the sheet names differ only
 * by period.
 * With `cells` (for a DuckDB taking Arrow), a table read by the byte scanner comes as text
 * columns (SheetTable.cells) rather than CSV.
 */
export async function workbookTables(name: string, bytes: Uint8Array, choice?: string, control: WorkbookControl = {}, cells = false): Promise<WorkbookTables> {
  const names = await sheetNames(name, bytes);
  if (choice !== undefined && (choice !== ALL_SHEETS || names.includes(choice))) {
    if (!names.includes(choice)) throw new EngineError('invalid_argument', `no sheet named "${choice}"; sheets: ${names.join(', ')}`, { file: name });
    const table = locateTable(await convertSheet(name, bytes, choice, sheetControl(name, choice, 0, 1, control), cells));
    const sheets = names.map(
      (n): SheetFact => (n === choice ? { name: n, status: 'read', rows: table.rows, headerRow: table.headerRow } : { name: n, status: 'not_chosen', rows: 0 }),
    );
    return { tables: [table], facts: { sheets, choice: 'named' } };
  }
  const found: (SheetTable | undefined)[] = [];
  for (const [k, n] of names.entries()) {
    try {
      found.push(locateTable(await convertSheet(name, bytes, n, sheetControl(name, n, k, names.length, control), cells)));
    } catch (e) {
      if (e instanceof EngineError && e.code === 'empty_file') found.push(undefined);
      else throw e;
    }
  }
  const candidates = found.filter((t): t is SheetTable => t !== undefined && isTable(t));
  // The sheet with a table naming the most transaction roles, the first of equals: a summary or pivot put first is passed over.
  const scores = candidates.map((t) => transactionRoles(t.header));
  const best = candidates[scores.indexOf(Math.max(...scores))];
  // No sheet looks like a table: the first non-empty one is read, and the mapping says what is missing.
  const first = best ?? found.find((t) => t !== undefined);
  if (first === undefined) throw new EngineError('empty_file', `every sheet is empty (${names.join(', ')})`, { file: name });
  const alike = candidates.filter((t) => alikeColumns(first.header, t.header));
  const together =
    choice === ALL_SHEETS
      ? 'all'
      : namesLookLikePeriods(alike.map((t) => t.sheet))
        ? 'period'
        : first === candidates[0] || best === undefined
          ? 'first'
          : 'transactions';
  const tables = together === 'first' || together === 'transactions' ? [first] : alike.length ? alike : [first];
  const sheets = names.map((n, i): SheetFact => {
    const t = found[i];
    if (t === undefined) return { name: n, status: 'empty', rows: 0 };
    const base = { name: n, rows: t.rows, headerRow: t.headerRow };
    if (tables.includes(t)) return { ...base, status: 'read' };
    if (!isTable(t)) return { ...base, status: 'cover' };
    return { ...base, status: alikeColumns(first.header, t.header) ? 'not_chosen' : 'other_columns' };
  });
  return { tables, facts: { sheets, choice: together } };
}

/**
 * Sheets with the columns of the sheet read that were left unread (sheets not named by period
 * are read together only when asked: they may be a copy, a backup or a template of the data as
 * well as more of it): the figures count one sheet, which every command and the Data screen say,
 * with the other sheets' lines and how to read them all.
 */
export function unreadSheetWarnings(sources: readonly { name: string; sheet?: string; workbook?: WorkbookFacts }[]): string[] {
  const out: string[] = [];
  for (const s of sources) {
    const w = s.workbook;
    if (w === undefined || (w.choice !== 'first' && w.choice !== 'transactions')) continue;
    const unread = w.sheets.filter((f) => f.status === 'not_chosen');
    if (unread.length === 0) continue;
    const one = unread.length === 1;
    const each = unread.map((f) => `"${f.name}", ${f.rows.toLocaleString('en-US')} ${f.rows === 1 ? 'line' : 'lines'}`).join('; ');
    out.push(
      `${unread.length} other ${one ? 'sheet' : 'sheets'} of ${s.name} ${one ? 'has' : 'have'} the columns of "${s.sheet}" and ${one ? 'was' : 'were'} not read (${each}): ` +
        `the figures count "${s.sheet}" alone; --sheet all (the Data screen's "All sheets with the same columns") reads them together`,
    );
  }
  return out;
}
