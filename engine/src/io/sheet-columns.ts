/**
 * A converted sheet's data rows as text columns, for a host that takes Arrow (SqlPort.insertArrow):
 * `raw` is then filled without DuckDB parsing the CSV again (the generated 500,000-line workbook
 * read into DuckDB-WASM in Node: about 1 s less wall time for readSources, measured alternately on a
 * loaded machine; the insert itself costs 1.2-1.7 s of CPU in a fresh database). The columns hold exactly the text read_csv gives
 * for the same CSV (all_varchar, an empty field NULL, short rows padded with NULLs); a sheet whose
 * CSV this reading would not give the same for (a field past the header, title rows holding a quote)
 * gives undefined, and the CSV is read as before.
 */
import {
  Dictionary,
  Field,
  Int8,
  makeData,
  makeVector,
  Message,
  MessageHeader,
  RecordBatch,
  Schema,
  Struct,
  Table,
  tableToIPC,
  Utf8,
  type Data,
} from 'apache-arrow';
import { recordQuoted, sheetCsv, type SheetCells } from './sheet-cells.ts';
import type { SheetTable } from './workbook.ts';

/** One column of a batch: Arrow's Utf8 layout (offsets into bytes, validity bits: 0 = NULL). */
export interface TextColumn {
  offsets: Int32Array;
  bytes: Uint8Array;
  valid: Uint8Array;
  nulls: number;
}

/** The data rows below the header, in batches of at most BATCH_ROWS; each batch one column per header name. */
export interface SheetColumns {
  rows: number;
  batches: { rows: number; columns: TextColumn[] }[];
}

/** DuckDB's row group: a batch of this many rows is inserted as one piece (1 batch of 500,000 rows cost a third more). */
const BATCH_ROWS = 122_880;

const COMMA = 44;
const NEWLINE = 10;
const QUOTE = 34;

/** Where the data rows start: after `skip` lines and the header record; -1 when title rows hold a quote. */
function dataStart(csv: Uint8Array, skip: number): number {
  let p = 0;
  for (let k = 0; k < skip; k++) {
    const nl = csv.indexOf(NEWLINE, p);
    const q = csv.indexOf(QUOTE, p);
    // DuckDB's skip counts lines, our title rows are records: the same only without quotes.
    if (q !== -1 && (nl === -1 || q < nl)) return -1;
    if (nl === -1) return csv.length;
    p = nl + 1;
  }
  let quoted = false;
  for (; p < csv.length; p++) {
    const b = csv[p];
    if (b === QUOTE) quoted = !quoted;
    else if (b === NEWLINE && !quoted) return p + 1;
  }
  return csv.length;
}

/** A growable column being written. */
class ColumnSink {
  bytes: Uint8Array;
  length = 0;
  readonly offsets: Int32Array;
  readonly valid: Uint8Array;
  nulls = 0;
  constructor(rows: number, capacity: number) {
    this.bytes = new Uint8Array(capacity);
    this.offsets = new Int32Array(rows + 1);
    this.valid = new Uint8Array((rows + 7) >> 3);
  }
  reserve(n: number): void {
    if (this.bytes.length - this.length >= n) return;
    const next = new Uint8Array(Math.max(this.bytes.length * 2, this.length + n));
    next.set(this.bytes.subarray(0, this.length));
    this.bytes = next;
  }
  /** Copies src[start, end): a loop for the short pieces fields are, set() for long ones. */
  append(src: Uint8Array, start: number, end: number): void {
    const len = end - start;
    if (this.bytes.length - this.length < len) this.reserve(len);
    const out = this.bytes;
    let o = this.length;
    if (len < 32) for (let i = start; i < end; i++) out[o++] = src[i]!;
    else out.set(src.subarray(start, end), o);
    this.length += len;
  }
  /** Ends row `r`'s value (NULL when nothing was written for it). */
  end(r: number, start: number): void {
    this.offsets[r + 1] = this.length;
    if (this.length > start) this.valid[r >> 3]! |= 1 << (r & 7);
    else this.nulls++;
  }
  done(): TextColumn {
    return { offsets: this.offsets, bytes: this.bytes.subarray(0, this.length), valid: this.valid, nulls: this.nulls };
  }
}

/** The end of the unquoted field starting at p: the next comma or line end. */
function fieldEnd(csv: Uint8Array, p: number, n: number): number {
  while (p < n) {
    const b = csv[p]!;
    if (b === COMMA || b === NEWLINE) return p;
    p++;
  }
  return n;
}

/**
 * The table's data rows as columns; undefined when a row has more fields than the header, a
 * field is quoted and empty, or the CSV does not hold `table.rows` data rows (then the CSV path
 * keeps its own checks and messages).
 */
export function sheetColumns(table: SheetTable): SheetColumns | undefined {
  if (table.cells !== undefined) {
    const direct = cellColumns(table, table.cells);
    if (direct !== null) return direct;
  }
  const csv = sheetCsv(table);
  const n = csv.length;
  const width = table.header.length;
  let p = dataStart(csv, table.skip);
  if (p < 0 || width === 0) return undefined;
  const batches: SheetColumns['batches'] = [];
  let rows = 0;
  while (rows < table.rows) {
    const m = Math.min(BATCH_ROWS, table.rows - rows);
    // A batch's share of the remaining bytes, per column, with room to spare.
    const capacity = Math.ceil(((n - p) * m) / (table.rows - rows) / width) + 1024;
    const sinks = Array.from({ length: width }, () => new ColumnSink(m, capacity));
    for (let r = 0; r < m; r++) {
      if (p >= n) return undefined;
      let c = 0;
      for (;;) {
        if (c >= width) return undefined;
        const sink = sinks[c]!;
        const start = sink.length;
        if (csv[p] === QUOTE) {
          p++;
          for (;;) {
            const q = csv.indexOf(QUOTE, p);
            if (q === -1) return undefined;
            sink.reserve(q - p + 1);
            sink.bytes.set(csv.subarray(p, q), sink.length);
            sink.length += q - p;
            if (csv[q + 1] === QUOTE) {
              sink.bytes[sink.length++] = QUOTE;
              p = q + 2;
            } else {
              p = q + 1;
              break;
            }
          }
          if (sink.length === start) return undefined;
        } else {
          const e = fieldEnd(csv, p, n);
          sink.append(csv, p, e);
          p = e;
        }
        sink.end(r, start);
        c++;
        const b = csv[p];
        p++;
        if (b === COMMA) continue;
        if (b !== NEWLINE && p <= n) return undefined;
        break;
      }
      for (; c < width; c++) sinks[c]!.end(r, sinks[c]!.length);
    }
    batches.push({ rows: m, columns: sinks.map((s) => s.done()) });
    rows += m;
  }
  return p >= n ? { rows, batches } : undefined;
}

/**
 * The data rows straight from a sheet's cells: each batch's offsets are its records' ends less
 * the first one's, its text a view of the column's bytes. Null (the CSV is split instead) when
 * the CSV's lines and records might not be the same (a title row with a quoted field: read_csv
 * skips lines) or the header is not the cells' width.
 */
function cellColumns(table: SheetTable, cells: SheetCells): SheetColumns | null {
  const width = table.header.length;
  const first = cells.records - table.rows;
  if (width !== cells.width || width === 0 || first - 1 !== table.skip) return null;
  for (let k = 0; k < table.skip; k++) if (recordQuoted(cells, k)) return null;
  const batches: SheetColumns['batches'] = [];
  for (let r0 = first; r0 < cells.records; r0 += BATCH_ROWS) {
    const m = Math.min(BATCH_ROWS, cells.records - r0);
    const columns = cells.columns.map((col): TextColumn => {
      const ends = col.ends;
      const base = ends[r0]!;
      const offsets = new Int32Array(m + 1);
      const valid = new Uint8Array((m + 7) >> 3);
      let nulls = 0;
      let prev = base;
      for (let r = 0; r < m; r++) {
        const e = ends[r0 + r + 1]!;
        offsets[r + 1] = e - base;
        if (e > prev) valid[r >> 3]! |= 1 << (r & 7);
        else nulls++;
        prev = e;
      }
      return { offsets, bytes: col.bytes.subarray(base, prev), valid, nulls };
    });
    batches.push({ rows: m, columns });
  }
  return { rows: table.rows, batches };
}

/**
 * Arrow IPC stream of `columns` for `raw`: the columns under `names`, then `sourceColumn` holding
 * `source` in every row (a dictionary of one value: no bytes per row).
 */
function rawStream(columns: SheetColumns, names: readonly string[], sourceColumn: string, source: string): Uint8Array {
  const sourceType = new Dictionary(new Utf8(), new Int8(), 0);
  const fields = [...names.map((name) => new Field(name, new Utf8(), true)), new Field(sourceColumn, sourceType, false)];
  const schema = new Schema(fields);
  // Made from its bytes: Arrow's builders (vectorFromArray) compile code with new Function, which the app's CSP refuses.
  const name = new TextEncoder().encode(source);
  const dictionary = makeVector(makeData({ type: new Utf8(), length: 1, nullCount: 0, valueOffsets: new Int32Array([0, name.length]), data: name }));
  const batches = columns.batches.map((batch) => {
    const children: Data[] = batch.columns.map((c) =>
      makeData({ type: new Utf8(), length: batch.rows, nullCount: c.nulls, nullBitmap: c.valid, valueOffsets: c.offsets, data: c.bytes }),
    );
    children.push(makeData({ type: sourceType, length: batch.rows, nullCount: 0, data: new Int8Array(batch.rows), dictionary }));
    return new RecordBatch(schema, makeData({ type: new Struct(fields), length: batch.rows, nullCount: 0, children }));
  });
  return tableToIPC(new Table(schema, batches), 'stream');
}

/** Where a stream's first record batch message starts (after its schema and dictionary messages). */
function recordBatchesStart(ipc: Uint8Array): number {
  const view = new DataView(ipc.buffer, ipc.byteOffset, ipc.byteLength);
  let p = 0;
  // Each message: continuation marker, metadata length, metadata (a flatbuffer holding the body's length), body.
  while (p + 8 <= ipc.length) {
    const metaLength = view.getInt32(p + 4, true);
    if (metaLength === 0) return p; // the end-of-stream marker
    const message = Message.decode(ipc.subarray(p + 8, p + 8 + metaLength));
    if (message.headerType === MessageHeader.RecordBatch) return p;
    p += 8 + metaLength + Number(message.bodyLength);
  }
  return p;
}

/**
 * The record batch messages and end of `raw`'s stream for `columns` (sheetArrowIpc puts the schema
 * and the source's dictionary in front). They hold neither the column names nor the source's
 * name, which readSources chooses once every input is read: the app's worker builds them, so the
 * page's thread only writes the few bytes in front (a copy of the text otherwise: gen-500k, 55 MB).
 */
export function sheetArrowBatches(columns: SheetColumns): Uint8Array {
  const width = columns.batches[0]?.columns.length ?? 0;
  const names = Array.from({ length: width }, (_, i) => `column${i}`);
  // A placeholder head of more than HEAD_ROOM bytes stays in front, in the same buffer: sheetArrowIpc writes the real one there.
  const ipc = rawStream(columns, names, 'source', ' '.repeat(HEAD_ROOM));
  return ipc.subarray(recordBatchesStart(ipc));
}

/** Room in front of sheetArrowBatches' bytes for the real schema and dictionary (a few hundred bytes for usual names). */
const HEAD_ROOM = 4096;

/**
 * Arrow IPC stream for `raw`: the columns under `names`, then `sourceColumn` holding `source` in
 * every row (a dictionary of one value: no bytes per row); `batches` from sheetArrowBatches. The
 * stream may be a view of `batches`' buffer (its head written over the room in front of them).
 */
export function sheetArrowIpc(batches: Uint8Array, names: readonly string[], sourceColumn: string, source: string): Uint8Array {
  const empty: TextColumn = { offsets: new Int32Array(1), bytes: new Uint8Array(0), valid: new Uint8Array(0), nulls: 0 };
  const head = rawStream({ rows: 0, batches: [{ rows: 0, columns: names.map(() => empty) }] }, names, sourceColumn, source);
  const front = head.subarray(0, recordBatchesStart(head));
  // Written over the room in front of the batches when it fits: no copy of the rows (55 MB for gen-500k).
  if (batches.byteOffset >= front.length) {
    const ipc = new Uint8Array(batches.buffer, batches.byteOffset - front.length, front.length + batches.length);
    ipc.set(front);
    return ipc;
  }
  const ipc = new Uint8Array(front.length + batches.length);
  ipc.set(front);
  ipc.set(batches, front.length);
  return ipc;
}
