/** A worksheet converted to CSV text, and the Excel date serials met on the way. */
import { civilFromDays } from '../util/calendar.ts';
import type { SheetCells } from './sheet-cells.ts';

export interface SheetAsCsv {
  sheet: string;
  sheets: string[];
  /** The sheet's CSV; absent when it came as `cells` (written from them when needed: sheetCsv). */
  csv?: Uint8Array;
  cells?: SheetCells;
  rows: number;
  /** The 1-based sheet row of each CSV line (empty rows are left out of the CSV). */
  rowNumbers: number[];
  /** The workbook counts dates from 1904 (serials in its cells are 1,462 days short of the 1900 system's). */
  date1904: boolean;
  /** The 1-based sheet rows of CSV lines the workbook hides (filtered out or hidden by hand), when there are any. */
  hiddenRows?: number[];
  /** The workbook's hidden sheets, from SheetJS (which tells them once it has read the workbook whole); the byte scanner's reader gives them with the names. */
  hiddenSheets?: string[];
}

/** Of the CSV's lines' sheet rows, those in `hidden` (1-based sheet rows the workbook hides): a rowNumbers' subset, in order. */
export function hiddenLines(rowNumbers: readonly number[], hidden: ReadonlySet<number>): { hiddenRows?: number[] } {
  if (hidden.size === 0) return {};
  const rows = rowNumbers.filter((r) => hidden.has(r));
  return rows.length ? { hiddenRows: rows } : {};
}

/** A sheet of a workbook, in the workbook's order: its name, and whether the workbook hides it (state hidden or veryHidden). */
export interface WorkbookSheet {
  name: string;
  hidden: boolean;
}

/** A merged range of cells: first and last row and column, 0-based. */
export interface MergedRange {
  sr: number;
  sc: number;
  er: number;
  ec: number;
}

/**
 * The rows below a merged range's top-left cell, down to `lastRow`, whose cell in the range's
 * first column repeats its value: an invoice number or date merged over several lines belongs to
 * each of them. A value merged across columns stays in its first column, as Excel shows it: a
 * title's "Merge & Center" repeated along its row would read as a header of one name, and the
 * group names of a two-row header ("Order" over InvoiceNo and InvoiceDate) as the header.
 */
export function mergeFillRows(m: MergedRange, lastRow: number): number[] {
  const rows: number[] = [];
  for (let r = m.sr + 1; r <= Math.min(m.er, lastRow); r++) rows.push(r);
  return rows;
}

/** Excel's day 0 is 1899-12-30 once the phantom 1900-02-29 is accounted for; 25569 = 1970-01-01. */
const EXCEL_UNIX_EPOCH_DAYS = 25569;
const MS_PER_DAY = 86_400_000;

/** Days from the 1900 system's day 0 to the 1904 system's (workbooks saved by old Mac Excel). */
const DATE_1904_OFFSET_DAYS = 1462;

/**
 * Converts an Excel serial date (days, fraction = time of day) to "YYYY-MM-DD HH:MM:SS"; in a
 * workbook with the 1904 date system (`date1904` in workbook.xml) day 0 is 1904-01-01. Rounded to
 * the nearest second, as Excel shows a time without fractions: this also takes in the microseconds
 * a serial of Excel's 15 significant digits falls short of its second (a serial without a date
 * format is read in SQL, to the millisecond: canonical.ts).
 */
export function excelSerialToIso(serial: number, date1904 = false): string {
  const days = serial + (date1904 ? DATE_1904_OFFSET_DAYS : 0);
  const ms = Math.round(((days - EXCEL_UNIX_EPOCH_DAYS) * MS_PER_DAY) / 1000) * 1000;
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** Seconds from 1970-01-01 to 0000-01-01 and to 10000-01-01: the years toISOString writes with four digits. */
const FIRST_SECOND = -62_167_219_200;
const END_SECOND = 253_402_300_800;

/**
 * excelSerialToIso's text as ASCII bytes, worked out with integers instead of a Date (a sheet's
 * dates change every few lines): the same rounding to the second, then the proleptic Gregorian
 * date of the day (civilFromDays). Undefined outside
 * years 0-9999, which excelSerialToIso writes differently or refuses.
 */
export function excelSerialToIsoBytes(serial: number, date1904 = false): Uint8Array | undefined {
  const days = serial + (date1904 ? DATE_1904_OFFSET_DAYS : 0);
  const secs = Math.round(((days - EXCEL_UNIX_EPOCH_DAYS) * MS_PER_DAY) / 1000);
  if (!(secs >= FIRST_SECOND && secs < END_SECOND)) return undefined;
  const day = Math.floor(secs / 86400);
  const tod = secs - day * 86400;
  const [y, m, d] = civilFromDays(day);
  const out = new Uint8Array(19);
  twoDigits(out, 0, Math.floor(y / 100));
  twoDigits(out, 2, y % 100);
  out[4] = 45;
  twoDigits(out, 5, m);
  out[7] = 45;
  twoDigits(out, 8, d);
  out[10] = 32;
  twoDigits(out, 11, Math.floor(tod / 3600));
  out[13] = 58;
  twoDigits(out, 14, Math.floor(tod / 60) % 60);
  out[16] = 58;
  twoDigits(out, 17, tod % 60);
  return out;
}

function twoDigits(out: Uint8Array, at: number, v: number): void {
  out[at] = 48 + Math.floor(v / 10);
  out[at + 1] = 48 + (v % 10);
}
