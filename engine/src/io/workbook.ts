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
import type { SheetAsCsv, WorkbookSheet } from './sheet-csv.ts';
import { cellsCsv, type SheetCells } from './sheet-cells.ts';
import { xlsxSheetsStreaming, xlsxSheetToCsvStreamingAsync, type SheetControl } from './xlsx-stream.ts';
import { columnNames } from './column-names.ts';
import { HEADER_SYNONYMS, normaliseHeader, type Role } from '../mapping/roles.ts';

/** `--sheet all` / the app's "All sheets": every sheet with the first data sheet's columns. */
export const ALL_SHEETS = 'all';

/** Data rows (below the header) the workbook hides: how many, and the first few's sheet rows. */
export interface HiddenRows {
  count: number;
  /** 1-based sheet rows, ascending: the first HIDDEN_ROW_EXAMPLES. */
  first: number[];
}

const HIDDEN_ROW_EXAMPLES = 5;

/** What was done with one sheet of a workbook. */
export interface SheetFact {
  name: string;
  status: 'read' | 'empty' | 'cover' | 'other_columns' | 'not_chosen';
  /** The workbook hides the sheet (state hidden or veryHidden). */
  hidden?: true;
  /** Data rows below the header (before cleaning). */
  rows: number;
  /** 1-based sheet row of the header, when the sheet has a table. */
  headerRow?: number;
  /** Data rows the workbook hides (AutoFilter, hidden by hand), when there are any: read with the others. */
  hiddenRows?: HiddenRows;
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
  /** Data rows the workbook hides, when there are any (hidden title rows are not counted). */
  hiddenRows?: HiddenRows;
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
  const headerRow = sheet.rowNumbers[h] ?? 1;
  // The hidden rows are a subset of rowNumbers, so those below the header are data rows.
  const hidden = sheet.hiddenRows?.filter((r) => r > headerRow) ?? [];
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
    headerRow,
    rowRuns,
    ...(h > 0 ? { titleRows: sheet.rowNumbers.slice(0, h) } : {}),
    ...(hidden.length ? { hiddenRows: { count: hidden.length, first: hidden.slice(0, HIDDEN_ROW_EXAMPLES) } } : {}),
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

/** The sheets, and which are hidden as far as known before any is converted (SheetJS says so only then: SheetAsCsv.hiddenSheets). */
async function workbookSheets(name: string, bytes: Uint8Array): Promise<WorkbookSheet[]> {
  const sheets = xlsxSheetsStreaming(bytes) ?? (await sheetJs()).xlsxSheetNames(name, bytes).map((n) => ({ name: n, hidden: false }));
  if (sheets.length === 0) throw new EngineError('empty_file', 'the workbook has no sheets', { file: name });
  return sheets;
}

/** A sheet's facts: its name, whether hidden, its table's rows and header row, and a sheet read's hidden rows. */
function sheetFact(name: string, hidden: boolean, status: SheetFact['status'], t: SheetTable | undefined): SheetFact {
  return {
    name,
    status,
    ...(hidden ? { hidden: true } : {}),
    rows: t?.rows ?? 0,
    ...(t ? { headerRow: t.headerRow } : {}),
    ...(status === 'read' && t?.hiddenRows ? { hiddenRows: t.hiddenRows } : {}),
  };
}

/**
 * The sheets to read and their tables. A named sheet is read alone, hidden or not (the user
 * asked). Otherwise every sheet is looked at: empty sheets and covers (fewer than three named
 * columns, or no row below the header) are passed over; of the data sheets, the first of those
 * naming the most transaction roles (transactionRoles: not a summary or pivot) is read, a visible
 * sheet before a hidden one (a backup copy, a lookup, a template: read only when no visible sheet
 * has a table as good, which hiddenSheetWarnings says), together with every other sheet of the
 * same columns (alikeColumns) when `choice` is ALL_SHEETS or when the sheet names differ only by
 * period.
 * With `cells` (for a DuckDB taking Arrow), a table read by the byte scanner comes as text
 * columns (SheetTable.cells) rather than CSV.
 */
export async function workbookTables(name: string, bytes: Uint8Array, choice?: string, control: WorkbookControl = {}, cells = false): Promise<WorkbookTables> {
  const book = await workbookSheets(name, bytes);
  const names = book.map((s) => s.name);
  const hidden = new Set(book.filter((s) => s.hidden).map((s) => s.name));
  const table = async (sheet: string, k: number, n: number) => {
    const converted = await convertSheet(name, bytes, sheet, sheetControl(name, sheet, k, n, control), cells);
    for (const h of converted.hiddenSheets ?? []) hidden.add(h);
    return locateTable(converted);
  };
  if (choice !== undefined && (choice !== ALL_SHEETS || names.includes(choice))) {
    if (!names.includes(choice)) throw new EngineError('invalid_argument', `no sheet named "${choice}"; sheets: ${names.join(', ')}`, { file: name });
    const t = await table(choice, 0, 1);
    const sheets = names.map((n) => (n === choice ? sheetFact(n, hidden.has(n), 'read', t) : sheetFact(n, hidden.has(n), 'not_chosen', undefined)));
    return { tables: [t], facts: { sheets, choice: 'named' } };
  }
  const found: (SheetTable | undefined)[] = [];
  for (const [k, n] of names.entries()) {
    try {
      found.push(await table(n, k, names.length));
    } catch (e) {
      if (e instanceof EngineError && e.code === 'empty_file') found.push(undefined);
      else throw e;
    }
  }
  const visibleFirst = (ts: SheetTable[]) => [...ts.filter((t) => !hidden.has(t.sheet)), ...ts.filter((t) => hidden.has(t.sheet))];
  const candidates = found.filter((t): t is SheetTable => t !== undefined && isTable(t));
  // The sheet with a table naming the most transaction roles, the first of equals, visible sheets
  // first: a summary or pivot put first is passed over, and so is a hidden copy or template.
  const ordered = visibleFirst(candidates);
  const scores = ordered.map((t) => transactionRoles(t.header));
  const best = ordered[scores.indexOf(Math.max(...scores))];
  // No sheet looks like a table: the first non-empty one is read (a visible one first), and the mapping says what is missing.
  const first = best ?? visibleFirst(found.filter((t): t is SheetTable => t !== undefined))[0];
  if (first === undefined) throw new EngineError('empty_file', `every sheet is empty (${names.join(', ')})`, { file: name });
  const alike = candidates.filter((t) => alikeColumns(first.header, t.header));
  const together =
    choice === ALL_SHEETS
      ? 'all'
      : namesLookLikePeriods(alike.map((t) => t.sheet))
        ? 'period'
        : first === ordered[0] || best === undefined
          ? 'first'
          : 'transactions';
  const tables = together === 'first' || together === 'transactions' ? [first] : alike.length ? alike : [first];
  const sheets = names.map((n, i): SheetFact => {
    const t = found[i];
    const h = hidden.has(n);
    if (t === undefined) return sheetFact(n, h, 'empty', undefined);
    if (tables.includes(t)) return sheetFact(n, h, 'read', t);
    if (!isTable(t)) return sheetFact(n, h, 'cover', t);
    return sheetFact(n, h, alikeColumns(first.header, t.header) ? 'not_chosen' : 'other_columns', t);
  });
  return { tables, facts: { sheets, choice: together } };
}

/** A source read from a workbook, as the warnings below read it. */
type WorkbookSource = { name: string; sheet?: string; workbook?: WorkbookFacts };

/** The workbook's file name of a source: "book.xlsx" for "book.xlsx [Sheet]" (several sheets read). */
export function workbookFile(s: WorkbookSource): string {
  const suffix = ` [${s.sheet}]`;
  return s.sheet !== undefined && s.name.endsWith(suffix) ? s.name.slice(0, -suffix.length) : s.name;
}

/** The facts of the sheet a source was read from. */
function sheetRead(s: WorkbookSource): SheetFact | undefined {
  return s.sheet === undefined ? undefined : s.workbook?.sheets.find((f) => f.name === s.sheet);
}

/**
 * Sheets with the columns of the sheet read that were left unread (sheets not named by period
 * are read together only when asked: they may be a copy, a backup or a template of the data as
 * well as more of it): the figures count one sheet, which every command and the Data screen say,
 * with the other sheets' lines and how to read them all. A hidden one is said to be hidden: more
 * likely a copy or a template, and not on the user's screen in Excel.
 */
export function unreadSheetWarnings(sources: readonly WorkbookSource[]): string[] {
  const out: string[] = [];
  for (const s of sources) {
    const w = s.workbook;
    if (w === undefined || (w.choice !== 'first' && w.choice !== 'transactions')) continue;
    const unread = w.sheets.filter((f) => f.status === 'not_chosen');
    if (unread.length === 0) continue;
    const one = unread.length === 1;
    const each = unread
      .map((f) => `"${f.name}"${f.hidden ? ' (hidden)' : ''}, ${f.rows.toLocaleString('en-US')} ${f.rows === 1 ? 'line' : 'lines'}`)
      .join('; ');
    out.push(
      `${unread.length} other ${one ? 'sheet' : 'sheets'} of ${s.name} ${one ? 'has' : 'have'} the columns of "${s.sheet}" and ${one ? 'was' : 'were'} not read (${each}): ` +
        `the figures count "${s.sheet}" alone; --sheet all (the Data screen's "All sheets with the same columns") reads them together`,
    );
  }
  return out;
}

/**
 * Sheets read that the workbook hides, unless asked for by name: one read alone because no
 * visible sheet has a table as good, or read with the sheets of its columns (all sheets, or
 * sheets named by period), where a hidden copy would count its lines twice.
 */
export function hiddenSheetWarnings(sources: readonly WorkbookSource[]): string[] {
  return sources.flatMap((s) => {
    const w = s.workbook;
    if (w === undefined || w.choice === 'named' || !sheetRead(s)?.hidden) return [];
    const head = `sheet "${s.sheet}" of ${workbookFile(s)} is hidden in the workbook`;
    return [
      w.choice === 'first' || w.choice === 'transactions'
        ? `${head} and was read, no visible sheet having a table as good: the figures count it; --sheet NAME (the Data screen's sheet choice) reads another`
        : `${head} and was read with the other sheets of its columns: the figures count its lines too (twice, if it is a copy); --sheet NAME reads one sheet alone`,
    ];
  });
}

/**
 * Data rows of the sheets read that the workbook hides (an AutoFilter's filtered-out rows, rows
 * hidden by hand): read like the others (a hidden row is data, as pandas and readxl read it), so
 * the figures are not those of the rows the user sees in Excel; how many, and the first rows.
 */
export function hiddenRowWarnings(sources: readonly WorkbookSource[]): string[] {
  return sources.flatMap((s) => {
    const h = sheetRead(s)?.hiddenRows;
    if (h === undefined) return [];
    const one = h.count === 1;
    const rows = `${one ? 'row' : 'rows'} ${h.first.join(', ')}${h.count > h.first.length ? ', …' : ''}`;
    return [
      `${workbookFile(s)}, sheet "${s.sheet}": ${h.count.toLocaleString('en-US')} ${one ? 'row is' : 'rows are'} hidden in the workbook (filtered out or hidden by hand; ${rows}) ` +
        `and ${one ? 'is' : 'are'} read with the others: the figures count ${one ? 'it' : 'them'}; delete ${one ? 'it' : 'them'} in the workbook to leave ${one ? 'it' : 'them'} out`,
    ];
  });
}
