// `npm start`: builds the web UI, then launches Electron with the sample loaded — or, where
// the Electron binary is absent (as on CI machines), says so in one line and serves the same
// UI on localhost instead.
import { existsSync, readFileSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { buildWeb } from './build-web.mjs';
import { startStaticServer } from './static-server.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(import.meta.url);

/** The Electron executable if its binary was downloaded at install time, else null. */
export function electronBinary() {
  try {
    const pkg = path.dirname(require.resolve('electron/package.json', { paths: [root] }));
    const pathTxt = path.join(pkg, 'path.txt');
    if (!existsSync(pathTxt)) return null;
    const exe = path.join(pkg, 'dist', readFileSync(pathTxt, 'utf8').trim());
    return existsSync(exe) ? exe : null;
  } catch {
    return null;
  }
}

const webRoot = await buildWeb({ quiet: true });
const exe = electronBinary();
if (exe && !process.argv.includes('--web')) {
  const { buildElectron } = await import('./build-electron.mjs');
  const main = await buildElectron();
  const child = spawn(exe, [main], { stdio: 'inherit' });
  child.on('exit', (code) => process.exit(code ?? 0));
} else {
  console.log('Electron binary not installed (node_modules/electron/dist is missing): serving the same UI in your browser instead.');
  const port = Number(process.env.PORT ?? 5178);
  const srv = await startStaticServer({ root: webRoot, host: '127.0.0.1', port }).catch(() => startStaticServer({ root: webRoot, host: '127.0.0.1', port: 0 }));
  console.log(`Segment Studio: ${srv.url}?sample   (Ctrl+C to stop)`);
}
