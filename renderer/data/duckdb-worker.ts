/**
 * DuckDB-WASM's worker (the exceptions bundle every current Chromium runs). Its module is fetched
 * and compiled from the worker's first moment, while duckdb-wasm's own worker script (a plain
 * script, served unchanged) loads, and is handed to the instantiation that script asks for later,
 * as fetched, so Chromium can cache the compiled code between starts (wasm-response.ts). Messages
 * that arrive while the script loads are kept and handed to its handler in order.
 */
import ehWorkerScript from '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js?url';
import ehWasm from '@duckdb/duckdb-wasm/dist/duckdb-eh.wasm?url';
import { handOriginalWasmResponse, type WasmScope } from './wasm-response.ts';

type Scope = { onmessage: ((e: MessageEvent) => unknown) | null };
const scope = globalThis as unknown as Scope;

const early: MessageEvent[] = [];
scope.onmessage = (e) => early.push(e);
// The same absolute URL the page gives duckdb-wasm (renderer/data/duckdb.ts: the bundle's mainModule).
handOriginalWasmResponse(globalThis as unknown as WasmScope, new URL(ehWasm, location.href).href);
await import(/* @vite-ignore */ ehWorkerScript);
// duckdb-wasm's script has installed its handler: it gets what came meanwhile, then everything else.
const handler = scope.onmessage;
for (const e of early) void handler?.(e);
