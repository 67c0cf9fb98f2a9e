/**
 * The entry: DuckDB-WASM (34 MB of WebAssembly) is the longest step of a cold start, so its worker
 * starts before anything else, from this small chunk; the UI (React, the store, the shell) loads
 * meanwhile as a chunk of its own (preloaded by index.html, see build/vite.config.ts). The first
 * query awaits this same start and reports its failure if it fails.
 */
import { getDuckDb } from './data/duckdb.ts';
import './app/theme.css';

void getDuckDb().catch(() => undefined);
import('./app/start.tsx').catch((e: unknown) => {
  document.getElementById('root')!.textContent = `Segment Studio could not start: ${e instanceof Error ? e.message : String(e)}`;
});
