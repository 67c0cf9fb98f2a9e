/**
 * The entry, as small as can be: it sets the page's theme, which shows the shell's frame drawn
 * into index.html at build time (hidden until then, theme.css); then starts DuckDB-WASM (34 MB of
 * WebAssembly, the longest step of a cold start) before anything else; the UI (React, the store,
 * the shell) loads meanwhile as a chunk of its own. DuckDB's client and the UI are imported
 * dynamically, their chunks preloaded by index.html (build/vite.config.ts), so the frame waits for
 * neither. The first query awaits this same start and reports its failure if it fails.
 */
import { initialTheme } from './state/slices/ui.ts';
import './app/theme.css';

document.documentElement.dataset.theme = initialTheme();
void import('./data/duckdb.ts').then(({ getDuckDb }) => getDuckDb()).catch(() => undefined);
import('./app/start.tsx').catch((e: unknown) => {
  document.getElementById('root')!.textContent = `Segment Studio could not start: ${e instanceof Error ? e.message : String(e)}`;
});
