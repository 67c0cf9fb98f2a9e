/**
 * Node and DOM globals do not compile in engine/src: a file planted beside the engine's sources,
 * type-checked with the engine's own tsconfig, fails on each of them (and a clean one passes).
 * Guards the typeRoots stub that stops apache-arrow's `reference types="node"` from leaking
 * Node's globals into the engine.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const TSC = path.join(ROOT, 'node_modules/typescript/bin/tsc');

/** Type-checks engine/src plus `planted` under the engine's compiler options. */
function typecheckWith(planted: string) {
  const dir = mkdtempSync(path.join(tmpdir(), 'ss-globals-'));
  writeFileSync(path.join(dir, 'planted.ts'), planted);
  writeFileSync(
    path.join(dir, 'tsconfig.json'),
    JSON.stringify({
      extends: path.join(ROOT, 'engine/tsconfig.json'),
      include: [path.join(ROOT, 'engine/src/**/*.ts'), path.join(dir, 'planted.ts')],
    }),
  );
  return spawnSync(process.execPath, [TSC, '-p', path.join(dir, 'tsconfig.json')], { encoding: 'utf8' });
}

describe('engine globals', () => {
  it('refuses process, Buffer, performance, timers and the DOM', () => {
    const r = typecheckWith(
      [
        'export const a = process.env.HOME;',
        "export const b = Buffer.from('x');",
        'export const c = performance.now();',
        'export const d = setTimeout(() => 0, 1);',
        'export const e = window.location;',
        'export const f = document.title;',
      ].join('\n'),
    );
    expect(r.status).not.toBe(0);
    const errors = r.stdout.split('\n').filter((l) => l.includes('planted.ts'));
    for (const name of ['process', 'Buffer', 'performance', 'setTimeout', 'window', 'document']) {
      expect(
        errors.some((l) => l.includes(`'${name}'`)),
        `${name} compiled`,
      ).toBe(true);
    }
    expect(r.stdout.split('\n').filter((l) => l.includes('error') && !l.includes('planted.ts'))).toEqual([]);
  });

  it('accepts what every runtime has: TextEncoder, TextDecoder, structuredClone', () => {
    const r = typecheckWith(
      "export const a = new TextEncoder().encode('x');\nexport const b = new TextDecoder().decode(a);\nexport const c = structuredClone({ a: 1 });\n",
    );
    expect(r.stdout).toBe('');
    expect(r.status).toBe(0);
  });
});
