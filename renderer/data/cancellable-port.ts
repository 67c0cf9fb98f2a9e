import { JobError } from '../engine-client/index.ts';
import type { SqlPort } from '../../engine/src/index.ts';

/**
 * The SQL port as one job sees it: once the job's signal aborts, its next statement is not
 * sent and the job stops there, cancelled (DuckDB-WASM cannot interrupt a statement under way,
 * but a job of many statements gives the lane back after the current one).
 */
export function stopsWhenAborted(port: SqlPort, signal: AbortSignal): SqlPort {
  const check = () => {
    if (signal.aborted) throw new JobError({ name: 'CancelledError', message: 'cancelled', code: 'cancelled' });
  };
  return {
    exec: async (sql, options) => {
      check();
      await port.exec(sql, options);
    },
    query: async (sql, options) => {
      check();
      return port.query(sql, options);
    },
    registerFile: async (alias, source) => {
      check();
      await port.registerFile(alias, source);
    },
    registerBuffer: async (alias, bytes) => {
      check();
      await port.registerBuffer(alias, bytes);
    },
    dropFile: (alias) => port.dropFile(alias),
    ...(port.spillsToDisk !== undefined ? { spillsToDisk: port.spillsToDisk } : {}),
    ...(port.parquetToCsv
      ? {
          parquetToCsv: (alias, source, control) => {
            check();
            return port.parquetToCsv!(alias, source, control);
          },
        }
      : {}),
    ...(port.workbookTables
      ? {
          workbookTables: (name, bytes, sheet, control) => {
            check();
            return port.workbookTables!(name, bytes, sheet, control);
          },
        }
      : {}),
  };
}
