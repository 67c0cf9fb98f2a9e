// Builds the web UI into dist/web (used by npm start, build:web and the e2e tests).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'vite';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function buildWeb({ quiet = false } = {}) {
  await build({ configFile: path.join(root, 'build/vite.config.ts'), logLevel: quiet ? 'error' : 'warn' });
  return path.join(root, 'dist/web');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = await buildWeb();
  console.log(`web UI built into ${path.relative(process.cwd(), out)}`);
}
