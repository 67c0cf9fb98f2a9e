import type { DataSource, SqlPort } from '../../engine/src/index.ts';

/**
 * The SQL port of a database still starting, for an open: the engine sniffs the files and
 * registers each before its first statement, and none of that needs DuckDB. Registrations are
 * queued (in order) and answered at once, so sniffing goes on while DuckDB-WASM instantiates in
 * its worker (a second core); each statement waits for the database and every registration
 * before it, and the first registration that failed fails that statement (as duckDbPort does).
 * Registered buffers are handed over as they are (the engine never changes one it registered).
 * `capabilities` are given the deferred port itself (Parquet decoding, workbook conversion: they
 * run in the analytics worker and register what they produce).
 */
export function deferredPort(ready: Promise<SqlPort>, ...capabilities: ((port: SqlPort) => void)[]): SqlPort {
  let queue: Promise<unknown> = ready;
  let failure: { error: unknown } | null = null;
  const later = (register: (db: SqlPort) => Promise<void>): Promise<void> => {
    const step = queue.then(async () => register(await ready));
    // Reported by the next statement; the queue goes on (as the worker's would).
    queue = step.catch((error) => {
      failure ??= { error };
    });
    return Promise.resolve();
  };
  /** The database, once every registration sent so far has been answered (the first failure thrown). */
  const settled = async (): Promise<SqlPort> => {
    await queue;
    if (failure) {
      const { error } = failure;
      failure = null;
      throw error;
    }
    return ready;
  };
  const port: SqlPort = {
    exec: async (sql, options) => (await settled()).exec(sql, options),
    query: async (sql, options) => (await settled()).query(sql, options),
    registerFile: (alias: string, source: DataSource) => later((db) => db.registerFile(alias, source)),
    registerBuffer: (alias: string, bytes: Uint8Array) => later((db) => db.registerBuffer(alias, bytes)),
    dropFile: async (alias) => (await settled()).dropFile(alias),
  };
  for (const add of capabilities) add(port);
  return port;
}
