import ehWorker from './duckdb-worker.ts?worker&url';

/** The exceptions bundle's worker script (duckdb-worker.ts), as an absolute URL: the bundle duckdb.ts chooses on every current Chromium. */
export const ehWorkerUrl = (): string => new URL(ehWorker, location.href).href;

let early: Worker | undefined;

/**
 * Starts DuckDB's worker (exceptions bundle) from the entry's first moment: the worker fetches and
 * compiles its 34 MB module at once (duckdb-worker.ts), while the page loads DuckDB's client
 * (duckdb-wasm, Apache Arrow) and the UI. The client takes it (takeEarlyWorker) once it has chosen that bundle.
 */
export function startEarlyWorker(): void {
  early ??= new Worker(ehWorkerUrl(), { type: 'module' });
}

/** The worker started early, handed over once (undefined when none was started or it was taken). */
export function takeEarlyWorker(): Worker | undefined {
  const worker = early;
  early = undefined;
  return worker;
}
