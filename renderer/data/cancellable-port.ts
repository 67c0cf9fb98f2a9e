import { JobError } from '../engine-client/index.ts';
import type { SqlPort } from '../../engine/src/index.ts';
import type { InterruptibleExec } from './duckdb.ts';

/**
 * The SQL port as one job sees it: once the job's signal aborts, its next statement is not
 * sent and the job stops there, cancelled. A port that can interrupt a statement (DuckDB-WASM's
 * pending queries, see InterruptibleExec) also stops the `exec` or `query` under way.
 */
export function stopsWhenAborted(port: SqlPort & Partial<InterruptibleExec>, signal: AbortSignal): SqlPort {
  const cancelled = () => new JobError({ name: 'CancelledError', message: 'cancelled', code: 'cancelled' });
  const check = () => {
    if (signal.aborted) throw cancelled();
  };
  const interrupted = async <T>(statement: Promise<T>): Promise<T> => {
    try {
      return await statement;
    } catch (e) {
      // DuckDB's "query was canceled" (or a failure of the cancelled statement): the job was stopped.
      throw signal.aborted ? cancelled() : e;
    }
  };
  return {
    exec: async (sql, options) => {
      check();
      if (!port.execInterruptibly) return port.exec(sql, options);
      await interrupted(port.execInterruptibly(sql, signal, options));
    },
    query: async (sql, options) => {
      check();
      if (!port.queryInterruptibly) return port.query(sql, options);
      return interrupted(port.queryInterruptibly(sql, signal, options));
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
