#!/usr/bin/env node
// The `segment-studio` command. Runs the compiled CLI (dist-cli/main.mjs, built by
// `npm install`'s prepare script: build/scripts/build-cli.mjs) while it is newer than every
// TypeScript source under engine/; otherwise — no build, or sources edited since — the
// TypeScript CLI in engine/cli through tsx. SEGMENT_STUDIO_FROM_SOURCE=1 forces tsx, =0 the build
// (when there is one: benchmarks time the build even while engine/ is being edited).
import { readdirSync, statSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const built = new URL('dist-cli/main.mjs', root);

/** Newest modification time (ms) of the .ts files under a folder, recursively. */
function newestSource(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.isDirectory()) newest = Math.max(newest, newestSource(new URL(`${e.name}/`, dir)));
    else if (e.name.endsWith('.ts')) newest = Math.max(newest, statSync(new URL(e.name, dir)).mtimeMs);
  }
  return newest;
}

function compiledIsCurrent() {
  if (process.env.SEGMENT_STUDIO_FROM_SOURCE === '1') return false;
  let builtAt;
  try {
    builtAt = statSync(built).mtimeMs;
  } catch {
    return false;
  }
  if (process.env.SEGMENT_STUDIO_FROM_SOURCE === '0') return true;
  try {
    return newestSource(new URL('engine/', root)) <= builtAt;
  } catch {
    return true; // sources not shipped: the build is all there is
  }
}

let main;
if (compiledIsCurrent()) ({ main } = await import(built.href));
else {
  const { tsImport } = await import('tsx/esm/api');
  ({ main } = await tsImport('../engine/cli/main.ts', import.meta.url));
}
const code = await main(process.argv.slice(2));
// The command is over (main awaits all of its work): exit now, once what was written to stdout and
// stderr is out, instead of letting the process wind down on its own: Node would first tear down
// the JavaScript heap and free the memory native DuckDB holds (every table of the run, hundreds
// of MB for 1M lines), 180-460 ms from the 'exit' event to the end of a gen-1m segment on a busy
// machine, 85-130 ms with process.exit. 'exit' listeners still run (the DuckDB temporary folder).
process.exitCode = code;
let unflushed = 2;
const flushed = () => {
  if (--unflushed === 0) process.exit(code);
};
process.stdout.write('', flushed);
process.stderr.write('', flushed);
