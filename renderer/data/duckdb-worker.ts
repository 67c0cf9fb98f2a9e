/**
 * DuckDB-WASM's worker (the exceptions bundle every current Chromium runs), with its module's
 * fetch handed to instantiation as fetched, so Chromium can cache the compiled code between
 * starts (wasm-response.ts). duckdb-wasm's own worker script (a plain script, served unchanged)
 * runs after the patch; messages that arrive while it loads are kept and handed to its handler
 * in order.
 */
import ehWorkerScript from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import { handOriginalWasmResponse, type WasmScope } from './wasm-response.ts';

type Scope = { onmessage: ((e: MessageEvent) => unknown) | null };
const scope = globalThis as unknown as Scope;

const early: MessageEvent[] = [];
scope.onmessage = (e) => early.push(e);
handOriginalWasmResponse(globalThis as unknown as WasmScope);
await import(/* @vite-ignore */ ehWorkerScript);
// duckdb-wasm's script has installed its handler: it gets what came meanwhile, then everything else.
const handler = scope.onmessage;
for (const e of early) void handler?.(e);
