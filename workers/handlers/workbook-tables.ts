/**
 * The analytics worker's 'workbook/tables' job: a workbook's sheets converted to CSV by the
 * engine's workbookTables (unzip, sheet XML scan; seconds of CPU for a large sheet), here rather
 * than on the page's thread. The file's bytes come in transferred and each sheet's CSV and its data
 * rows as text columns (sheetColumns, for DuckDB's Arrow insert) go back transferred; progress and errors (file, sheet, row, column) are the engine's.
 */
import { columnBuffers, sheetColumns, workbookTables } from '../engine-api.ts';
import { yieldToEventLoop, type Handler } from '../host.ts';

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
  const result = await workbookTables(params.name, input.bytes, params.sheet, { signal: ctx.signal, onProgress: ctx.onProgress, breathe });
  // The sheets' columns too, for a DuckDB that takes Arrow (the app's): split here, not on the page.
  for (const t of result.tables) {
    const columns = sheetColumns(t);
    if (columns) t.columns = columns;
  }
  return { result, transfer: result.tables.flatMap((t) => [t.csv.buffer as ArrayBuffer, ...(t.columns ? columnBuffers(t.columns) : [])]) };
};
