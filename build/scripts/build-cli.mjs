#!/usr/bin/env node
// Compiles the CLI (engine/cli/main.ts and everything it imports) into JavaScript, dist-cli/main.mjs
// and its chunks, so that `segment-studio` starts without compiling TypeScript. Run by `npm install`
// (the prepare script) and by hand after editing engine/; bin/segment-studio.mjs uses the build only
// while it is newer than every engine/ source, and tsx otherwise.
// esbuild comes with tsx, a runtime dependency; without it this prints a note and the CLI keeps
// running through tsx.
import { mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
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
// Built into a folder of its own, then moved in: a half-written build is never picked up.
const tmpDir = path.join(outDir, `.build-${process.pid}`);
let result;
try {
  result = await esbuild.build({
    entryPoints: { main: path.join(root, 'engine/cli/main.ts') },
    outdir: tmpDir,
    outExtension: { '.js': '.mjs' },
    // What is imported dynamically (SheetJS for odd workbooks, pg for PostgreSQL) becomes a chunk
    // of its own, loaded when used: every start no longer parses it (SheetJS alone is 455 kB).
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
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
  rmSync(tmpDir, { recursive: true, force: true });
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
// The clustering thread (engine/cli/cluster-thread.ts) as one file of its own: in main's build
// it would split the clustering code into a chunk that every start loads.
try {
  await esbuild.build({
    entryPoints: { 'cluster-worker': path.join(root, 'engine/cli/cluster-worker.ts') },
    outdir: tmpDir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
  });
} catch (e) {
  rmSync(tmpDir, { recursive: true, force: true });
  process.stderr.write(`build-cli: the clustering thread could not be compiled (${e.errors?.length ?? 1} errors above); segment-studio will run through tsx\n`);
  process.exit(process.argv.includes('--strict') ? 1 : 0);
}
// The chunks first (named by their content, so a running CLI's chunks stay valid), main.mjs last.
const chunks = path.join(outDir, 'chunks');
mkdirSync(chunks, { recursive: true });
const fresh = new Set(readdirSync(path.join(tmpDir, 'chunks')));
for (const f of fresh) renameSync(path.join(tmpDir, 'chunks', f), path.join(chunks, f));
renameSync(path.join(tmpDir, 'cluster-worker.mjs'), path.join(outDir, 'cluster-worker.mjs'));
renameSync(path.join(tmpDir, 'main.mjs'), path.join(outDir, 'main.mjs'));
rmSync(tmpDir, { recursive: true, force: true });
for (const f of readdirSync(chunks)) if (!fresh.has(f)) rmSync(path.join(chunks, f), { force: true });
const bytes = Object.values(result.metafile.outputs).reduce((t, o) => t + o.bytes, 0) + apiBytes;
process.stdout.write(
  `build-cli: dist-cli/main.mjs${apiBytes ? ' and duckdb-node-api.cjs' : ''} (${(bytes / 1024 / 1024).toFixed(1)} MB) in ${Math.round(performance.now() - started)} ms\n`,
);
