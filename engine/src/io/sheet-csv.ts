/** A worksheet converted to CSV text, and the Excel date serials met on the way. */

export interface SheetAsCsv {
  sheet: string;
  sheets: string[];
  csv: Uint8Array;
  rows: number;
  /** The 1-based sheet row of each CSV line (empty rows are left out of the CSV). */
  rowNumbers: number[];
  /** The workbook counts dates from 1904 (serials in its cells are 1,462 days short of the 1900 system's). */
  date1904: boolean;
}

/** Excel's day 0 is 1899-12-30 once the phantom 1900-02-29 is accounted for; 25569 = 1970-01-01. */
const EXCEL_UNIX_EPOCH_DAYS = 25569;
const MS_PER_DAY = 86_400_000;

/** Days from the 1900 system's day 0 to the 1904 system's (workbooks saved by old Mac Excel). */
const DATE_1904_OFFSET_DAYS = 1462;

/**
 * Converts an Excel serial date (days, fraction = time of day) to "YYYY-MM-DD HH:MM:SS"; in a
 * workbook with the 1904 date system (`date1904` in workbook.xml) day 0 is 1904-01-01.
 */
export function excelSerialToIso(serial: number, date1904 = false): string {
  const days = serial + (date1904 ? DATE_1904_OFFSET_DAYS : 0);
  const ms = Math.round(((days - EXCEL_UNIX_EPOCH_DAYS) * MS_PER_DAY) / 1000) * 1000;
  const iso = new Date(ms).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}
