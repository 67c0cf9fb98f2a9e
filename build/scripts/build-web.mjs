// Builds the web UI into dist/web (used by npm start, build:web and the e2e tests).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function buildWeb({ quiet = false } = {}) {
  // Always the production build: under Vitest NODE_ENV=test would otherwise give development React.
  const before = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({ configFile: path.join(root, 'build/vite.config.ts'), logLevel: quiet ? 'error' : 'warn', mode: 'production' });
  } finally {
    if (before === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = before;
  }
  return path.join(root, 'dist/web');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildWeb();
  console.log(`web UI built into ${path.relative(process.cwd(), out)}`);
}
