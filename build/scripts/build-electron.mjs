// Bundles the Electron main process and preload into dist/electron (CommonJS, one file each:
// a sandboxed preload cannot require our other modules).
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export async function buildElectron() {
  const common = { bundle: true, platform: 'node', format: 'cjs', target: 'node22', external: ['electron'], logLevel: 'warning', sourcemap: false };
  await build({ ...common, entryPoints: [path.join(root, 'electron/main/index.ts')], outfile: path.join(root, 'dist/electron/main.cjs') });
  await build({ ...common, entryPoints: [path.join(root, 'electron/preload/index.ts')], outfile: path.join(root, 'dist/electron/preload.cjs') });
  return path.join(root, 'dist/electron/main.cjs');
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  console.log(`built ${path.relative(process.cwd(), await buildElectron())}`);
}
