/**
 * The SheetJS reading of a workbook: the fallback for what the byte scanner (xlsx-stream.ts)
 * leaves to it. Loaded on first use (workbook.ts imports it dynamically), so the app's first
 * screen does not carry SheetJS.
 */
import { read, SSF, type CellObject, type Range, type WorkBook } from '@e965/xlsx';
import { EngineError } from '../errors.ts';
import { checkColumnCount } from './limits.ts';
import { excelSerialToIso, hiddenLines, mergeFillRows, type SheetAsCsv } from './sheet-csv.ts';

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function cellText(cell: CellObject | undefined, date1904: boolean): string {
  if (cell === undefined || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 'n' && typeof cell.v === 'number' && cell.z !== undefined && SSF.is_date(String(cell.z))) {
    return excelSerialToIso(cell.v, date1904);
  }
  if (cell.t === 'd' && cell.v instanceof Date) return cell.v.toISOString().slice(0, 19).replace('T', ' ');
  // The error's text (#DIV/0!, #N/A): an invalid value downstream, never a silent blank.
  if (cell.t === 'e') return cell.w ?? '';
  return String(cell.v);
}

/** The workbook's sheet names, in order (SheetJS reads only the workbook part for them, without their states: see xlsxSheetToCsv). */
export function xlsxSheetNames(name: string, bytes: Uint8Array): string[] {
  try {
    return read(bytes, { type: 'array', bookSheets: true }).SheetNames;
  } catch (e) {
    throw new EngineError('parse', `not a readable workbook (${(e as Error).message})`, { file: name });
  }
}

/** Fills merged ranges (mergeFillRows): the cells below each one's top-left cell in its first column. */
function fillMerges(data: (CellObject[] | undefined)[], merges: readonly Range[]): void {
  for (const m of merges) {
    const top = data[m.s.r]?.[m.s.c];
    if (top === undefined) continue;
    for (const r of mergeFillRows({ sr: m.s.r, sc: m.s.c, er: m.e.r, ec: m.e.c }, data.length - 1)) (data[r] ??= [])[m.s.c] = top;
  }
}

/**
 * Converts one sheet of an XLSX workbook to UTF-8 CSV for DuckDB. Formulas contribute their
 * cached value, never their text (a formula saved without one reads as empty); merged ranges
 * repeat their top-left value down their first column (see fillMerges). Sheets wider than MAX_COLUMNS
 * are refused. Memory: the workbook is parsed whole (SheetJS), O(file size).
 */
export function xlsxSheetToCsv(name: string, bytes: Uint8Array, sheetName?: string): SheetAsCsv {
  let wb: WorkBook;
  try {
    // cellStyles for the rows' `hidden` (ws['!rows']) of an XLSX; it also makes stubs (t "z") of stored empty cells, read as ''.
    wb = read(bytes, { type: 'array', dense: true, cellDates: false, cellNF: true, cellFormula: false, cellHTML: false, cellStyles: true });
  } catch (e) {
    throw new EngineError('parse', `not a readable workbook (${(e as Error).message})`, { file: name });
  }
  const sheets = wb.SheetNames;
  if (sheets.length === 0) throw new EngineError('empty_file', 'the workbook has no sheets', { file: name });
  const chosen = sheetName ?? sheets[0]!;
  const ws = wb.Sheets[chosen];
  if (ws === undefined) {
    throw new EngineError('invalid_argument', `no sheet named "${chosen}"; sheets: ${sheets.join(', ')}`, { file: name });
  }
  const data = (ws['!data'] ?? []) as (CellObject[] | undefined)[];
  let width = 0;
  for (const row of data) {
    if (row === undefined) continue;
    // A row's trailing stubs (stored empty cells, t "z") widen nothing, as in the byte scanner.
    let w = row.length;
    while (w > 0 && (row[w - 1] === undefined || row[w - 1]!.t === 'z')) w--;
    width = Math.max(width, w);
  }
  checkColumnCount(name, width);
  fillMerges(data, ws['!merges'] ?? []);
  const date1904 = wb.Workbook?.WBProps?.date1904 === true;
  const parts: string[] = [];
  const rowNumbers: number[] = [];
  let rows = 0;
  for (const [r, row] of data.entries()) {
    const cells: string[] = [];
    for (let c = 0; c < width; c++) cells.push(csvField(cellText(row?.[c], date1904)));
    if (cells.every((c) => c === '')) continue;
    parts.push(cells.join(','));
    rowNumbers.push(r + 1);
    rows++;
  }
  if (rows === 0) throw new EngineError('empty_file', `sheet "${chosen}" is empty`, { file: name });
  const hidden = new Set<number>();
  for (const [r, info] of (ws['!rows'] ?? []).entries()) if (info?.hidden) hidden.add(r + 1);
  // Hidden: 1 hidden, 2 very hidden; absent where the format does not say.
  const hiddenSheets = sheets.filter((_, i) => (wb.Workbook?.Sheets?.[i]?.Hidden ?? 0) > 0);
  return {
    sheet: chosen,
    sheets,
    csv: new TextEncoder().encode(`${parts.join('\n')}\n`),
    rows,
    rowNumbers,
    date1904,
    ...hiddenLines(rowNumbers, hidden),
    ...(hiddenSheets.length ? { hiddenSheets } : {}),
  };
}
