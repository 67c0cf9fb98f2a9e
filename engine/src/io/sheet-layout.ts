/**
 * Baskets in a workbook's sheet, as Excel market-basket lessons lay them out: an item matrix
 * (item-matrix.ts) below any title rows, or one basket per row (basket-lines.ts), every cell an
 * item. Detected from the head of the sheet's CSV as a text file's layout is, or read as chosen.
 * The long copy is made from the sheet's CSV; baskets and messages are named by sheet row, as
 * every workbook message is.
 */
import { EngineError } from '../errors.ts';
import { basketCopy, basketShape, basketLineFormat, looksLikeBaskets, type BasketCopy } from './basket-lines.ts';
import { looksLikeMatrix, matrixCopy } from './item-matrix.ts';
import { cellsCsv, sheetCsv } from './sheet-cells.ts';
import { sampleLines, type CsvFormat } from './sniff.ts';
import type { TextLayout } from './text-layout.ts';
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

const CSV = { encoding: 'utf-8', bom: false, delimiter: ',', quote: '"' } as const;

/**
 * The sheet read as baskets: its format (as the file's, for what is shown) and the long copy to
 * read, its baskets' lines sheet rows; null when it is a table (chosen, or neither layout
 * detected). `basketOf` names a basket without an id column by its sheet row.
 */
export function sheetLayout(
  t: SheetTable,
  file: string,
  chosen: TextLayout | undefined,
  basketOf: (row: number) => string,
): { format: CsvFormat; copy: BasketCopy } | null {
  if (chosen === 'table') return null;
  // Records of the sheet's CSV, from 0: title rows, the header, then data rows.
  const skipped = t.titleRows?.length ?? 0;
  const recordRow = (k: number) => (k < skipped ? t.titleRows![k]! : k === skipped ? t.headerRow : sheetRow(t.rowRuns, t.headerRow, k - skipped - 1));
  // The head only: a large sheet's CSV is written from its cells only if it is read as CSV;
  // cellsCsv stops after the record that passes HEAD_BYTES, so a longer text has more after it.
  const written = t.csv ?? cellsCsv(t.cells!, HEAD_BYTES);
  const sample = (from: number) =>
    sampleLines(new TextDecoder().decode(afterRecords(written, from).subarray(0, HEAD_BYTES)), written.length > HEAD_BYTES, SAMPLE_LINES);
  // Messages name sheet rows; `first` is the record a copy's line 1 is.
  const named = <T>(first: number, read: () => T): T => {
    try {
      return read();
    } catch (e) {
      if (e instanceof EngineError && e.location.row !== undefined)
        throw new EngineError(e.code, e.message, { ...e.location, row: recordRow(first + e.location.row - 1) });
      throw e;
    }
  };
  const long = (format: CsvFormat, first: number, copy: BasketCopy) => ({
    format,
    copy: {
      ...copy,
      starts: copy.starts.map(([row, line]): [number, number] => [row, recordRow(first + line - 1)]),
      ...(copy.empty ? { empty: { count: copy.empty.count, lines: copy.empty.lines.map((l) => recordRow(first + l - 1)) } } : {}),
    },
  });
  const table: CsvFormat = { kind: 'csv', ...CSV, compression: 'none', header: true };
  if (chosen !== 'baskets') {
    // A matrix below the title rows: its header names the items.
    const m = named(skipped, () => looksLikeMatrix(sample(skipped), ',', '"', chosen === 'matrix', file));
    if (m) {
      const copy = named(skipped, () =>
        matrixCopy(afterRecords(sheetCsv(t), skipped), file, { ...CSV, matrixId: m.matrixId, counts: m.counts }, (line) =>
          basketOf(recordRow(skipped + line - 1)),
        ),
      );
      const format: CsvFormat = {
        ...table,
        matrix: true,
        ...(m.matrixId ? { matrixId: true as const } : {}),
        ...(m.counts ? { matrixCounts: true as const } : {}),
      };
      return long(format, skipped, copy);
    }
    if (chosen === 'matrix') return null;
  }
  // Baskets from the sheet's first row: a basket's row is no title.
  const lines = sample(0);
  const b = chosen === 'baskets' ? basketShape(lines, ',', '"') : looksLikeBaskets(lines, ',', '"');
  if (!b) return null;
  // Split as detected, by commas or by spaces for cells of item codes, and so described.
  const format: CsvFormat = { ...table, delimiter: b.delimiter, header: b.header, baskets: true, ...basketLineFormat(b) };
  const copy = basketCopy(sheetCsv(t), { ...CSV, ...b }, (line) => basketOf(recordRow(line - 1)));
  return long(format, 0, copy);
}
