// Builds the web UI into dist/web (npm start, build:web, Electron; under Vitest, a private directory per build).
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const TEST_BUILDS = path.join(root, 'test/.artifacts/web');

const alive = (pid) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
};

let testBuilds = 0;
/**
 * Under Vitest every call builds into a directory of its own: test files run in parallel, and a
 * page still open on a shared dist/web that another file rebuilds (emptied, then rewritten)
 * gets 404s for the chunks it loads later (screens, Plotly). Each goes when its process exits
 * (or, if it was killed, at the next test build).
 */
function privateTestDir() {
  mkdirSync(TEST_BUILDS, { recursive: true });
  for (const name of readdirSync(TEST_BUILDS)) {
    const pid = Number(name.split('-')[0]);
    if (pid !== process.pid && !alive(pid)) rmSync(path.join(TEST_BUILDS, name), { recursive: true, force: true });
  }
  const dir = path.join(TEST_BUILDS, `${process.pid}-${testBuilds++}`);
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

export async function buildWeb({ quiet = false } = {}) {
  const outDir = process.env.VITEST ? privateTestDir() : path.join(root, 'dist/web');
  // Always the production build: under Vitest NODE_ENV=test would otherwise give development React.
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      configFile: path.join(root, 'build/vite.config.ts'),
      logLevel: quiet ? 'error' : 'warn',
      mode: 'production',
      build: { outDir, emptyOutDir: true },
    });
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
  return outDir;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildWeb();
  console.log(`web UI built into ${path.relative(process.cwd(), out)}`);
}
