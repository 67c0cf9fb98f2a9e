/**
 * A build-time rewrite of duckdb-wasm's exceptions-bundle worker script (1.32,
 * dist/duckdb-browser-eh.worker.js; node_modules is never edited: the rewrite is written to
 * node_modules/.cache/segment-studio/ and the app's import of the script is pointed there,
 * build/vite.config.ts). Its Emscripten runtime links the module as a dynamic-linking main
 * module, and once instantiated it walks the module's 75,011 exports (65,167 functions) several
 * times, one by one, before DuckDB can start: for each export a GOT entry (a new
 * WebAssembly.Global) and, for each function, a new slot in the function table (the table grown
 * by one each time), all for side modules (dlopen'ed extensions) the app never loads (offline:
 * autoload and autoinstall are off); then every GOT entry checked again. Chromium traces: about
 * half a second of the worker's start, on the critical path of every start.
 *
 * The rewrite, each an exact match of the minified source (the build fails if one is missing
 * or found twice, as after an upgrade of duckdb-wasm: re-check them then):
 * - the main module's exports fill only the GOT entries that exist (the 268 the module itself
 *   imports, GOT.func and GOT.mem), with the same values in the same order (a name with no
 *   entry and no `orig$` prefix, which would only have made one, is passed over before the
 *   rest of the loop's checks); an entry asked for
 *   later (a side module's import, through GOTHandler) is filled by reportUndefinedSymbols
 *   from the main module's symbols (every one is in wasmImports, mergeLibSymbols), as Emscripten
 *   does for any symbol not yet defined. Side modules' exports are handled as before;
 * - mergeLibSymbols and registerDynCallSymbols iterate the exports with for…in instead of
 *   Object.entries (no 75,011 [name, value] arrays; same keys, same order: plain objects);
 * - applySignatureConversions converts the main module's relocated exports in place instead of
 *   in a copy (that object is the runtime's own, made by relocateExports, and referenced by
 *   nothing else once converted).
 * Checked by test/build/patch-duckdb-worker.test.ts and, in Chromium, by every e2e test.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** [what it does, original, rewritten] */
const REWRITES = [
  [
    'updateGOT: a flag to fill existing entries only',
    'updateGOT=(e,t)=>{for(var r in e)if(!isInternalSym(r)){var n=e[r];r.startsWith("orig$")&&(r=r.split("$")[1],t=!0),GOT[r]||(GOT[r]=new WebAssembly.Global({value:"i32",mutable:!0})),(t||GOT[r].value==0)&&',
    'updateGOT=(e,t,ssExisting)=>{for(var r in e)if(!(ssExisting&&!GOT[r]&&!r.startsWith("orig$"))&&!isInternalSym(r)){var n=e[r];r.startsWith("orig$")&&(r=r.split("$")[1],t=!0),(GOT[r]||!ssExisting&&(GOT[r]=new WebAssembly.Global({value:"i32",mutable:!0})))&&(t||GOT[r].value==0)&&',
  ],
  [
    'relocateExports: passes the flag on',
    'relocateExports=(e,t,r)=>{var n={};for(var a in e){var l=e[a];typeof l=="object"&&(l=l.value),typeof l=="number"&&(l+=t),n[a]=l}return updateGOT(n,r),n}',
    'relocateExports=(e,t,r,ssExisting)=>{var n={};for(var a in e){var l=e[a];typeof l=="object"&&(l=l.value),typeof l=="number"&&(l+=t),n[a]=l}return updateGOT(n,r,ssExisting),n}',
  ],
  ['the main module: existing GOT entries only', 'wasmExports=relocateExports(wasmExports,1024);', 'wasmExports=relocateExports(wasmExports,1024,void 0,!0);'],
  [
    'mergeLibSymbols: for…in',
    'mergeLibSymbols=(e,t)=>{registerDynCallSymbols(e);for(var[r,n]of Object.entries(e))(l=>{isSymbolDefined(l)||(wasmImports[l]=n)})(r)}',
    'mergeLibSymbols=(e,t)=>{registerDynCallSymbols(e);for(var r in e)isSymbolDefined(r)||(wasmImports[r]=e[r])}',
  ],
  [
    'registerDynCallSymbols: for…in',
    'registerDynCallSymbols=e=>{for(var[t,r]of Object.entries(e))t.startsWith("dynCall_")&&!Module.hasOwnProperty(t)&&(Module[t]=r)}',
    'registerDynCallSymbols=e=>{for(var t in e)t.startsWith("dynCall_")&&!Module.hasOwnProperty(t)&&(Module[t]=e[t])}',
  ],
  ['applySignatureConversions: in place', 'function applySignatureConversions(e){e=Object.assign({},e);', 'function applySignatureConversions(e){'],
];

/** The rewritten script; throws when an original is not found exactly once. */
export function patchDuckDbWorker(source) {
  let out = source;
  for (const [what, from, to] of REWRITES) {
    const at = out.indexOf(from);
    if (at < 0 || out.indexOf(from, at + 1) >= 0)
      throw new Error(`patch-duckdb-worker: "${what}" ${at < 0 ? 'not found' : 'found more than once'} in duckdb-wasm's worker script (another version?)`);
    out = out.slice(0, at) + to + out.slice(at + from.length);
  }
  // Its source map is not copied along.
  return out.replace(/\n\/\/# sourceMappingURL=\S+\s*$/, '\n');
}

/** The dependency's script, and where its rewrite is written (by writePatchedDuckDbWorker). */
export const DUCKDB_EH_WORKER = '@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js';

/**
 * Writes the rewrite of `original` (the dependency's file) under `cacheDir` (once per content)
 * and returns its path; the file keeps the original's name, so the built asset's does too.
 */
export function writePatchedDuckDbWorker(original, cacheDir) {
  const patched = patchDuckDbWorker(readFileSync(original, 'utf8'));
  const dir = path.join(cacheDir, createHash('sha256').update(patched).digest('hex').slice(0, 16));
  const file = path.join(dir, path.basename(original));
  mkdirSync(dir, { recursive: true });
  writeFileSync(file, patched);
  return file;
}
