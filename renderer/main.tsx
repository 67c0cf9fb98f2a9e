/**
 * The entry, as small as can be: it starts DuckDB's worker (its 34 MB of WebAssembly are the
 * longest step of a cold start), then sets the page's theme, which shows the shell's frame drawn
 * into index.html at build time (hidden until then, theme.css). DuckDB's client (duckdb-wasm,
 * Apache Arrow) and the UI (React, the store, the shell) are imported dynamically, their chunks
 * preloaded by index.html (build/vite.config.ts), so neither the worker nor the frame waits for
 * them. The first query awaits this same start and reports its failure if it fails.
 */
import { startEarlyWorker } from './data/duckdb-worker-early.ts';
import { initialTheme } from './state/slices/ui.ts';
import './app/theme.css';

startEarlyWorker();
document.documentElement.dataset.theme = initialTheme();
void import('./data/duckdb.ts').then(({ getDuckDb }) => getDuckDb()).catch(() => undefined);
import('./app/start.tsx').catch((e: unknown) => {
  document.getElementById('root')!.textContent = `Segment Studio could not start: ${e instanceof Error ? e.message : String(e)}`;
});
