import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const CHECKER = new URL('../../build/scripts/check-imports.mjs', import.meta.url).pathname;

/** A throwaway tree with the project's top-level layout and the given files. */
function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), 'ss-imports-'));
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    writeFileSync(path.join(root, file), text);
  }
  return root;
}

const check = (root: string) => spawnSync(process.execPath, [CHECKER, root], { encoding: 'utf8' });

const ALLOWED = {
  'engine/src/index.ts': "import { tableFromArrays } from 'apache-arrow';\nexport const x = tableFromArrays;\n",
  'engine/cli/main.ts': "import { x } from '../src/index.ts';\nexport const y = x;\n",
  'workers/host.ts': "import { x } from '../engine/src/index.ts';\nexport const y = x;\n",
  'electron/contract.ts': 'export interface DesktopApi { open(): void }\n',
  'electron/preload/index.ts':
    "import type { DesktopApi } from '../contract.ts';\nimport { contextBridge } from 'electron';\nexport type A = DesktopApi;\nvoid contextBridge;\n",
  'renderer/platform/index.ts': "import type { DesktopApi } from '../../electron/contract.ts';\nexport type P = DesktopApi;\n",
  'electron/main/mart.ts': "import { x } from '../../engine/src/index.ts';\nexport const y = x;\n",
  'renderer/engine-client/client.ts': "import { y } from '../../workers/host.ts';\nexport const z = y;\n",
};

describe('import-direction check', () => {
  it('accepts the allowed directions, type-only contract imports included', () => {
    const r = check(tree(ALLOWED));
    expect(r.status, r.stderr).toBe(0);
  });

  it.each([
    ['engine importing the renderer', 'engine/src/bad.ts', "import { a } from '../../renderer/x.ts';\n", /leaves engine\/src/],
    ['engine using an unlisted package', 'engine/src/bad.ts', "import React from 'react';\n", /not on engine's package allow-list/],
    ['engine reading the wall clock', 'engine/src/bad.ts', 'export const t = Date.now();\n', /Date\.now/],
    [
      'renderer importing engine values outside the client',
      'renderer/features/bad.ts',
      "import { x } from '../../engine/src/index.ts';\n",
      /outside renderer\/engine-client/,
    ],
    [
      'renderer importing Electron main',
      'renderer/features/bad.ts',
      "import type { A } from '../../electron/main/index.ts';\n",
      /only types from electron\/contract/,
    ],
    ['renderer using Node', 'renderer/features/bad.ts', "import fs from 'node:fs';\n", /reaches into Node or Electron/],
    [
      'Electron main importing the CLI',
      'electron/main/bad.ts',
      "import { a } from '../../engine/cli/main.ts';\n",
      /imports nothing outside electron\/ \(main: also engine\/src\)/,
    ],
    ['preload importing the engine', 'electron/preload/bad.ts', "import { a } from '../../engine/src/index.ts';\n", /imports nothing outside electron\//],
    ['preload importing main', 'electron/preload/bad.ts', "import { a } from '../main/index.ts';\n", /preload may import only electron\/contract/],
    ['a worker importing React', 'workers/bad.ts', "import React from 'react';\n", /pulls UI or Electron into a worker/],
  ])('refuses %s', (_what, file, text, message) => {
    const r = check(tree({ ...ALLOWED, [file]: text }));
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
  });
});
