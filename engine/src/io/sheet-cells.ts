/**
 * A scanned sheet kept as text columns instead of CSV (the app's way: its DuckDB takes the data
 * rows as Arrow, so writing CSV only for sheetColumns to split it again cost a pass over every
 * byte). The cells are what the CSV's fields would read as, unquoted; the CSV itself is written
 * from them only when something needs it (its first lines for the header search, read_csv's
 * fallback, merged ranges), byte for byte what the CSV scanner writes.
 */
import type { SheetTable } from './workbook.ts';
import { ByteSink } from './xlsx-sheet-scan.ts';

/** One sheet column: record k's text is bytes[ends[k], ends[k + 1]) (empty: no text, read as NULL). */
export interface CellColumn {
  ends: Int32Array;
  bytes: Uint8Array;
}

/** The sheet's rows with text (the CSV's lines), `width` fields each, as columns. */
export interface SheetCells {
  records: number;
  width: number;
  columns: CellColumn[];
}

/** One column being written, record by record (records without text in it are filled in as empty). */
class ColumnWriter {
  readonly bytes = new ByteSink(1 << 16);
  ends = new Int32Array(1024);
  /** Records whose end is set. */
  filled = 0;
  /** Sets the ends of the records before `k` that have no text here. */
  fill(k: number): void {
    if (k + 1 >= this.ends.length) {
      const next = new Int32Array(Math.max(this.ends.length * 2, k + 2));
      next.set(this.ends);
      this.ends = next;
    }
    const end = this.bytes.length;
    const ends = this.ends;
    for (let j = this.filled; j < k; j++) ends[j + 1] = end;
    if (this.filled < k) this.filled = k;
  }
}

/** The scanner's cell output: `open` a column's sink for record k, write the text, `close` it. */
export class CellWriter {
  private readonly cols: ColumnWriter[] = [];

  open(col: number, k: number): ByteSink {
    let w = this.cols[col];
    if (w === undefined) {
      for (let c = this.cols.length; c <= col; c++) this.cols.push(new ColumnWriter());
      w = this.cols[col]!;
    }
    w.fill(k);
    return w.bytes;
  }

  close(col: number, k: number): void {
    const w = this.cols[col]!;
    w.ends[k + 1] = w.bytes.length;
    w.filled = k + 1;
  }

  finish(records: number, width: number): SheetCells {
    const columns: CellColumn[] = [];
    for (let c = 0; c < width; c++) {
      const w = this.cols[c];
      if (w === undefined) {
        columns.push({ ends: new Int32Array(records + 1), bytes: new Uint8Array(0) });
        continue;
      }
      w.fill(records);
      columns.push({ ends: w.ends.subarray(0, records + 1), bytes: w.bytes.buf.subarray(0, w.bytes.length) });
    }
    return { records, width, columns };
  }
}

const COMMA = 44;
const NEWLINE = 10;
const QUOTE = 34;
const CR = 13;

/** Cell text as a CSV field (csvField on bytes: the characters it quotes for are ASCII). */
function writeField(out: ByteSink, src: Uint8Array, s: number, e: number): void {
  let i = s;
  while (i < e) {
    const b = src[i]!;
    if (b === QUOTE || b === COMMA || b === NEWLINE || b === CR) break;
    i++;
  }
  if (i === e) {
    out.bytes(src, s, e);
    return;
  }
  out.byte(QUOTE);
  for (let j = s; j < e; j++) {
    const b = src[j]!;
    if (b === QUOTE) out.byte(QUOTE);
    out.byte(b);
  }
  out.byte(QUOTE);
}

/** Record k's first `fields` fields as a CSV line, without its line end. */
export function writeRecord(out: ByteSink, cells: SheetCells, k: number, fields: number): void {
  for (let c = 0; c < fields; c++) {
    if (c > 0) out.byte(COMMA);
    const col = cells.columns[c];
    if (col !== undefined) writeField(out, col.bytes, col.ends[k]!, col.ends[k + 1]!);
  }
}

/** Whether any cell of record k is quoted in the CSV. */
export function recordQuoted(cells: SheetCells, k: number): boolean {
  for (const col of cells.columns) {
    const src = col.bytes;
    for (let i = col.ends[k]!; i < col.ends[k + 1]!; i++) {
      const b = src[i]!;
      if (b === QUOTE || b === COMMA || b === NEWLINE || b === CR) return true;
    }
  }
  return false;
}

/**
 * The sheet's CSV (every line `width` fields, as the CSV scanner pads them), or its first lines:
 * with `atLeast`, it stops after the first line that takes it past that many bytes.
 */
export function cellsCsv(cells: SheetCells, atLeast = Infinity): Uint8Array {
  const out = new ByteSink(Math.min(1 << 20, atLeast === Infinity ? 1 << 20 : atLeast + 4096));
  for (let k = 0; k < cells.records && out.length <= atLeast; k++) {
    writeRecord(out, cells, k, cells.width);
    out.byte(NEWLINE);
  }
  return out.buf.subarray(0, out.length);
}

/** A table's CSV: as converted, or written from its cells (once, then kept). */
export function sheetCsv(table: SheetTable): Uint8Array {
  table.csv ??= cellsCsv(table.cells!);
  return table.csv;
}
