// Type-checks each runtime against its own tsconfig: engine code that touches the DOM or
// Node fails here, because engine/tsconfig.json has neither lib.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const projects = [
  'engine/tsconfig.json',
  'engine/cli/tsconfig.json',
  'workers/tsconfig.json',
  'renderer/tsconfig.json',
  'electron/tsconfig.json',
  'test/tsconfig.json',
];
let failed = false;
for (const p of projects) {
  if (!existsSync(p)) continue;
  try {
    execFileSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', p], { stdio: 'inherit' });
    console.log(`typecheck ok: ${p}`);
  } catch {
    failed = true;
    console.error(`typecheck FAILED: ${p}`);
  }
}
process.exit(failed ? 1 : 0);
