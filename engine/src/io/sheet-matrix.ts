/**
 * An item matrix in a workbook's sheet (item-matrix.ts), as Excel market-basket lessons lay one
 * out: detected from the head of the sheet's table, or read as one when chosen. The long copy is
 * made from the sheet's CSV below any title rows; baskets and messages are named by sheet row,
 * as every workbook message is.
 */
import { EngineError } from '../errors.ts';
import type { BasketCopy } from './basket-lines.ts';
import { looksLikeMatrix, matrixCopy } from './item-matrix.ts';
import { cellsCsv, sheetCsv } from './sheet-cells.ts';
import { sampleLines, type CsvFormat } from './sniff.ts';
import type { SheetTable } from './workbook.ts';

/** The head of a sheet's CSV the detection looks at: enough for its sample of lines. */
const HEAD_BYTES = 1 << 16;
const SAMPLE_LINES = 200;

/** The sheet row of a table's data row `index` (rowRuns: where data rows jump past empty sheet rows). */
export function sheetRow(rowRuns: readonly [number, number][], headerRow: number, index: number): number {
  let run: readonly [number, number] = [0, headerRow + 1];
  for (const r of rowRuns) if (r[0] <= index) run = r;
  return run[1] + index - run[0];
}

/** `csv` after its first `n` records (title rows above the header; a quoted field may hold a line break). */
function afterRecords(csv: Uint8Array, n: number): Uint8Array {
  let quoted = false;
  for (let i = 0, left = n; i < csv.length && left > 0; i++) {
    if (csv[i] === 0x22) quoted = !quoted;
    else if (csv[i] === 0x0a && !quoted && --left === 0) return csv.subarray(i + 1);
  }
  return n === 0 ? csv : new Uint8Array(0);
}

/**
 * The sheet read as an item matrix: its format (as the file's, for what is shown) and the long
 * copy to read, its baskets' lines sheet rows; null when it is a table (not chosen, not detected).
 * `basketOf` names a basket that has no id column by its sheet row.
 */
export function sheetMatrix(t: SheetTable, file: string, chosen: boolean, basketOf: (row: number) => string): { format: CsvFormat; copy: BasketCopy } | null {
  // Line L of the CSV below the title rows: 1 the header, L >= 2 the data row L - 2.
  const rowOf = (line: number) => (line <= 1 ? t.headerRow : sheetRow(t.rowRuns, t.headerRow, line - 2));
  try {
    // The head only: a large sheet's CSV is written from its cells only if it is read as CSV.
    // cellsCsv stops after the record that passes HEAD_BYTES: a longer text has more records after it.
    const written = t.csv ?? cellsCsv(t.cells!, HEAD_BYTES);
    const head = afterRecords(written, t.skip);
    const lines = sampleLines(new TextDecoder().decode(head.subarray(0, HEAD_BYTES)), written.length > HEAD_BYTES, SAMPLE_LINES);
    const m = looksLikeMatrix(lines, ',', '"', chosen, file);
    if (!m) return null;
    const csv = { encoding: 'utf-8', bom: false, delimiter: ',', quote: '"' } as const;
    const copy = matrixCopy(afterRecords(sheetCsv(t), t.skip), file, { ...csv, matrixId: m.matrixId, counts: m.counts }, (line) => basketOf(rowOf(line)));
    return {
      format: {
        kind: 'csv',
        ...csv,
        compression: 'none',
        header: true,
        matrix: true,
        ...(m.matrixId ? { matrixId: true as const } : {}),
        ...(m.counts ? { matrixCounts: true as const } : {}),
      },
      copy: {
        ...copy,
        starts: copy.starts.map(([row, line]): [number, number] => [row, rowOf(line)]),
        ...(copy.empty ? { empty: { count: copy.empty.count, lines: copy.empty.lines.map(rowOf) } } : {}),
      },
    };
  } catch (e) {
    if (e instanceof EngineError && e.location.row !== undefined) throw new EngineError(e.code, e.message, { ...e.location, row: rowOf(e.location.row) });
    throw e;
  }
}
