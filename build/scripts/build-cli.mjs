#!/usr/bin/env node
// Compiles the CLI (engine/cli/main.ts and everything it imports) into one JavaScript file,
// dist-cli/main.mjs, so that `segment-studio` starts without compiling TypeScript. Run by
// `npm install` (the prepare script) and by hand after editing engine/; bin/segment-studio.mjs
// uses the build only while it is newer than every engine/ source, and tsx otherwise.
// esbuild comes with tsx, a runtime dependency; without it this prints a note and the CLI keeps
// running through tsx.
import { mkdirSync, renameSync, rmSync } from 'node:fs';
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
// Written under another name and renamed: a half-written build is never picked up.
renameSync(tmp, path.join(outDir, 'main.mjs'));
const bytes = Object.values(result.metafile.outputs).reduce((t, o) => t + o.bytes, 0);
process.stdout.write(`build-cli: dist-cli/main.mjs (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${Math.round(performance.now() - started)} ms\n`);
