/**
 * The analytics worker's 'workbook/tables' job: a workbook's sheets converted to CSV by the
 * engine's workbookTables (unzip, sheet XML scan; seconds of CPU for a large sheet), here rather
 * than on the page's thread. The file's bytes come in transferred and each sheet's cells (its CSV
 * where merged ranges needed it) and its data rows as Arrow record batches (sheetArrowBatches, for
 * DuckDB's Arrow insert: the page only puts the schema in front) go back transferred; progress and
 * errors (file, sheet, row, column) are the engine's.
 */
import { sheetArrowBatches, sheetColumns, sheetCsv, workbookTables, type SheetTable } from '../engine-api.ts';
import { yieldToEventLoop, type Handler } from '../host.ts';

/** Every buffer a table holds (views may share one: each is listed once by the caller). */
function tableBuffers(t: SheetTable): ArrayBuffer[] {
  const out = t.csv ? [t.csv.buffer as ArrayBuffer] : [];
  for (const c of t.cells?.columns ?? []) out.push(c.ends.buffer as ArrayBuffer, c.bytes.buffer as ArrayBuffer);
  return t.arrowBatches ? [...out, t.arrowBatches.buffer as ArrayBuffer] : out;
}

/** Longest stretch of scanning between turns of the worker's event loop: a cancel waits at most this. */
const TURN_MS = 50;

export const workbookTablesJob: Handler<'workbook/tables'> = async (params, input, ctx) => {
  let turn = performance.now();
  // The inflated pieces follow one another in microtasks: the cancel message gets in only when we let it.
  const breathe = async () => {
    if (performance.now() - turn < TURN_MS) return;
    await yieldToEventLoop();
    turn = performance.now();
  };
  // The app's DuckDB takes Arrow: sheets come as text columns (their CSV is written only if read_csv must read them).
  const result = await workbookTables(params.name, input.bytes, params.sheet, { signal: ctx.signal, onProgress: ctx.onProgress, breathe }, true);
  // The data rows as Arrow's record batches too: made here, not on the page (a copy of every cell's text).
  for (const t of result.tables) {
    const columns = sheetColumns(t);
    if (columns) t.arrowBatches = sheetArrowBatches(columns);
    else sheetCsv(t); // read_csv will read this one: its CSV written here too
  }
  return { result, transfer: [...new Set(result.tables.flatMap(tableBuffers))] };
};
