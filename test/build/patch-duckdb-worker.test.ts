import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { describe, expect, it } from 'vitest';
import { patchDuckDbWorker } from '../../build/scripts/patch-duckdb-worker.mjs';

const ORIGINAL = readFileSync(createRequire(import.meta.url).resolve('@duckdb/duckdb-wasm/dist/duckdb-browser-eh.worker.js'), 'utf8');
const PATCHED = patchDuckDbWorker(ORIGINAL);

/** The runtime's GOT code of a script (updateGOT and relocateExports, adjacent in it), with stand-ins for what it calls. */
function gotRuntime(script: string) {
  const from = script.indexOf('updateGOT=');
  const to = script.indexOf(',isSymbolDefined=', from);
  expect(from).toBeGreaterThan(0);
  expect(to).toBeGreaterThan(from);
  const table: unknown[] = [null];
  const context = vm.createContext({
    WebAssembly,
    GOT: {} as Record<string, WebAssembly.Global>,
    // The runtime's own checks, as in the script.
    isInternalSym: (name: string) => ['__wasm_call_ctors', '__dso_handle'].includes(name) || name.startsWith('__em_js__'),
    addFunction: (f: unknown) => {
      const at = table.indexOf(f);
      return at > 0 ? at : table.push(f) - 1;
    },
    err: (message: string) => {
      throw new Error(message);
    },
  });
  vm.runInContext(`var ${script.slice(from, to)};`, context);
  return { context: context as unknown as { GOT: Record<string, WebAssembly.Global>; relocateExports: (...a: unknown[]) => Record<string, unknown> }, table };
}

describe('duckdb-wasm worker script rewrite (build/scripts/patch-duckdb-worker.mjs)', () => {
  it('finds each rewrite once in the installed duckdb-wasm and gives a script that parses', () => {
    expect(PATCHED).not.toBe(ORIGINAL);
    expect(() => new vm.Script(PATCHED)).not.toThrow();
    expect(PATCHED).toContain('relocateExports(wasmExports,1024,void 0,!0)');
    expect(PATCHED).not.toContain('sourceMappingURL');
    // Applying it twice fails: the originals are gone.
    expect(() => patchDuckDbWorker(PATCHED)).toThrow(/not found/);
  });

  it('fills the GOT entries that exist with the same values as before, and makes no others', () => {
    const fns = Object.fromEntries(['a', 'b', 'c', 'orig$c', 'd', 'dynCall_v'].map((n) => [n, function named() {}]));
    const exports = { ...fns, data1: new WebAssembly.Global({ value: 'i32' }, 16), data2: 32, __wasm_call_ctors: () => undefined };
    const imported = ['b', 'c', 'data1', 'zz_undefined'];
    const run = (script: string, existingOnly: boolean) => {
      const { context, table } = gotRuntime(script);
      for (const name of imported) context.GOT[name] = new WebAssembly.Global({ value: 'i32', mutable: true }, 0);
      const relocated = existingOnly ? context.relocateExports(exports, 1024, undefined, true) : context.relocateExports(exports, 1024);
      const got = Object.fromEntries(Object.entries(context.GOT).map(([k, g]) => [k, typeof relocated[k] === 'function' ? table[g.value] : g.value]));
      return { relocated, got };
    };
    const before = run(ORIGINAL, false);
    const after = run(PATCHED, true);
    expect(after.relocated).toEqual(before.relocated);
    expect(after.relocated.data1).toBe(1040);
    expect(Object.keys(after.got).sort()).toEqual([...imported].sort());
    for (const name of imported) expect(after.got[name]).toBe(before.got[name]);
    // `c` has an orig$ twin: both runs give the entry orig$c's function.
    expect(after.got.c).toBe(fns.orig$c);
    // Every other export still got its entry in the original (the work the rewrite leaves out).
    expect(Object.keys(before.got).length).toBeGreaterThan(imported.length);
    // Side modules' exports (no flag) are handled as before.
    const side = run(PATCHED, false);
    expect(side.got).toEqual(before.got);
  });

  it('merges symbols and dynCall_ functions as before', () => {
    const section = (script: string) => {
      const from = script.indexOf('mergeLibSymbols=');
      const to = script.indexOf(',asyncLoad=', from);
      const reg = script.indexOf('registerDynCallSymbols=');
      const regEnd = script.indexOf(';function ', reg);
      expect(Math.min(from, to, reg, regEnd)).toBeGreaterThan(0);
      return `var ${script.slice(from, to)}; var ${script.slice(reg, regEnd)};`;
    };
    const run = (script: string) => {
      const context = vm.createContext({ Module: { dynCall_x: 'kept' }, wasmImports: { a: 'defined', s: { stub: true } } as Record<string, unknown> });
      vm.runInContext(`${section(script)} var isSymbolDefined=e=>{var t=wasmImports[e];return!(!t||t.stub)};`, context);
      vm.runInContext('mergeLibSymbols({a:1,b:2,s:3,dynCall_x:4,dynCall_y:5},"main")', context);
      return { Module: { ...(context.Module as object) }, wasmImports: { ...(context.wasmImports as object) } };
    };
    const before = run(ORIGINAL);
    expect(run(PATCHED)).toEqual(before);
    expect(before.wasmImports).toEqual({ a: 'defined', s: 3, b: 2, dynCall_x: 4, dynCall_y: 5 });
    expect(before.Module).toEqual({ dynCall_x: 'kept', dynCall_y: 5 });
  });
});
