#!/usr/bin/env node
// Compiles the CLI (engine/cli/main.ts and everything it imports) into one JavaScript file,
// dist-cli/main.mjs, so that `segment-studio` starts without compiling TypeScript. Run by
// `npm install` (the prepare script) and by hand after editing engine/; bin/segment-studio.mjs
// uses the build only while it is newer than every engine/ source, and tsx otherwise.
// esbuild comes with tsx, a runtime dependency; without it this prints a note and the CLI keeps
// running through tsx.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const outDir = path.join(root, 'dist-cli');

let esbuild;
try {
  esbuild = await import('esbuild');
} catch {
  process.stdout.write('build-cli: esbuild is not installed; segment-studio will run through tsx\n');
  process.exit(0);
}

const started = performance.now();
mkdirSync(outDir, { recursive: true });
const tmp = path.join(outDir, `main.${process.pid}.mjs`);
let result;
try {
  result = await esbuild.build({
    entryPoints: [path.join(root, 'engine/cli/main.ts')],
    outfile: tmp,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // Native and WebAssembly packages stay in node_modules (binaries, .wasm files found at run time).
    external: ['@duckdb/node-api', '@duckdb/node-bindings', '@duckdb/duckdb-wasm'],
    // Bundled CommonJS (SheetJS, fflate's node build) may call require(): give the module one.
    banner: { js: "import { createRequire as __ssCreateRequire } from 'node:module'; const require = __ssCreateRequire(import.meta.url);" },
    legalComments: 'none',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    metafile: true,
  });
} catch (e) {
  // Never fail `npm install` over it: the CLI still runs, through tsx.
  rmSync(tmp, { force: true });
  process.stderr.write(`build-cli: the CLI could not be compiled (${e.errors?.length ?? 1} errors above); segment-studio will run through tsx\n`);
  process.exit(process.argv.includes('--strict') ? 1 : 0);
}
// @duckdb/node-api as one CommonJS file beside the CLI (its native bindings stay in node_modules):
// loading the package's ~120 files costs ~150 ms of CPU at each start, the one file ~80 ms.
// native-duckdb.ts loads it when present and the package otherwise (running through tsx).
const apiOut = path.join(outDir, 'duckdb-node-api.cjs');
const apiTmp = path.join(outDir, `duckdb-node-api.${process.pid}.cjs`);
let apiBytes = 0;
try {
  const api = await esbuild.build({
    entryPoints: [createRequire(import.meta.url).resolve('@duckdb/node-api')],
    outfile: apiTmp,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['@duckdb/node-bindings'],
    legalComments: 'none',
    minifyWhitespace: true,
    logLevel: 'warning',
    metafile: true,
  });
  renameSync(apiTmp, apiOut);
  apiBytes = Object.values(api.metafile.outputs).reduce((t, o) => t + o.bytes, 0);
} catch {
  rmSync(apiTmp, { force: true });
  rmSync(apiOut, { force: true });
  process.stderr.write('build-cli: @duckdb/node-api could not be bundled; the CLI loads the package\n');
}
// Written under another name and renamed: a half-written build is never picked up.
renameSync(tmp, path.join(outDir, 'main.mjs'));
const bytes = Object.values(result.metafile.outputs).reduce((t, o) => t + o.bytes, 0) + apiBytes;
process.stdout.write(
  `build-cli: dist-cli/main.mjs${apiBytes ? ' and duckdb-node-api.cjs' : ''} (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${Math.round(performance.now() - started)} ms\n`,
);
