import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { bootstrap } from './app/bootstrap.ts';
import { sql } from './state/services.ts';
import './app/theme.css';

// DuckDB-WASM (34 MB of WebAssembly) downloads and compiles in its own worker while the shell
// renders, whether or not files are open yet; the first query awaits this same start, and
// reports its failure if it fails.
void sql().catch(() => undefined);
bootstrap();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
