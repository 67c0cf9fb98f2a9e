/** The UI: the platform, the session and the shell's first render (loaded by main.tsx once DuckDB-WASM is starting). */
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { bootstrap } from './bootstrap.ts';
import { startSpinnerTicker } from './spinner-ticker.ts';

bootstrap();
startSpinnerTicker();
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
