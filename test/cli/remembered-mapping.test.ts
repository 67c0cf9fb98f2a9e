import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { mappingsFile } from '../../engine/cli/remembered-mappings.ts';

/** --save-mapping and --forget-mapping: a mapping remembered per header layout in the config folder. */

const BIN = new URL('../../bin/segment-studio.mjs', import.meta.url).pathname;

// invoice, date, till customer, loyalty card, sku, quantity, price
const ROWS: [string, string, string, string, string, number, number][] = [
  ['1001', '2024-01-02', 'T1', 'L1', 'P10', 2, 1.5],
  ['1002', '2024-01-03', 'T2', 'L1', 'P20', 1, 4],
  ['1003', '2024-01-04', 'T3', 'L2', 'P10', 3, 1.5],
  ['1004', '2024-01-05', 'T4', 'L2', 'P30', 1, 9.99],
  ['1005', '2024-01-06', 'T5', 'L3', 'P20', 2, 4],
];
const HEADER = ['Beleg', 'Datum', 'Kunde', 'Karte', 'Artikel', 'Menge', 'Preis'];

/** The file with its columns in the order given (the layout is the same in any order). */
function fixture(dir: string, name: string, order: number[]): string {
  const file = path.join(dir, name);
  const line = (cells: readonly (string | number)[]) => order.map((i) => String(cells[i])).join(',');
  writeFileSync(file, `${line(HEADER)}\n${ROWS.map(line).join('\n')}\n`);
  return file;
}

describe('CLI: remembered mappings', () => {
  const config = mkdtempSync(path.join(tmpdir(), 'ss-mappings-'));
  const env = { ...process.env, SEGMENT_STUDIO_CONFIG_DIR: config };
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env });
  const data = mkdtempSync(path.join(tmpdir(), 'ss-mappings-data-'));
  const first = fixture(data, 'till.csv', [0, 1, 2, 3, 4, 5, 6]);
  const moved = fixture(data, 'till-moved.csv', [3, 6, 0, 5, 2, 1, 4]);
  const store = path.join(config, 'mappings.json');
  const signature = `h1:${createHash('sha256')
    .update([...HEADER].sort().join('\n'))
    .digest('hex')
    .slice(0, 16)}`;
  const distinct = (k: number) => new Set(ROWS.map((r) => r[k])).size;

  it('saves the --map roles for the layout, re-applies them to files of that layout in any column order, and forgets them', () => {
    const plain = JSON.parse(run('inspect', first, '--json').stdout);
    expect(plain.mapping.customer).toBe('Kunde');
    expect(plain.remembered_mapping).toBeNull();
    expect(plain.layout_signature).toBe(signature);
    expect(plain.report.customers).toBe(distinct(2));

    const saved = run('inspect', first, '--json', '--map', 'customer=Karte', '--save-mapping');
    expect(saved.status, saved.stderr).toBe(0);
    expect(saved.stderr).toContain('remembered customer=Karte for files with these columns');
    const doc = JSON.parse(readFileSync(store, 'utf8'));
    expect(Object.keys(doc.layouts)).toEqual([signature]);
    expect(doc.layouts[signature].mapping).toEqual({ customer: 'Karte' });

    const again = run('inspect', moved, '--json');
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('applied the mapping remembered for these columns: customer=Karte');
    const j = JSON.parse(again.stdout);
    expect(j.mapping.customer).toBe('Karte');
    expect(j.remembered_mapping).toEqual({ customer: 'Karte' });
    expect(j.report.customers).toBe(distinct(3));
    const text = run('inspect', moved).stdout;
    expect(text).toMatch(/customer\s+<- "Karte"\s+confidence 1\.00 \(remembered\)/);

    // --map wins over the remembered role.
    const explicit = JSON.parse(run('inspect', moved, '--json', '--map', 'customer=Kunde').stdout);
    expect(explicit.mapping.customer).toBe('Kunde');
    expect(explicit.remembered_mapping).toBeNull();

    const forgot = run('inspect', moved, '--json', '--forget-mapping');
    expect(forgot.status, forgot.stderr).toBe(0);
    expect(forgot.stderr).toContain('forgot the mapping remembered for these columns');
    expect(JSON.parse(readFileSync(store, 'utf8')).layouts).toEqual({});
    const after = JSON.parse(run('inspect', first, '--json').stdout);
    expect(after.mapping.customer).toBe('Kunde');
    expect(after.remembered_mapping).toBeNull();
  }, 120_000);

  it('a damaged mappings file is reported and ignored, never fatal', () => {
    writeFileSync(store, '{oops');
    const r = run('inspect', first, '--json');
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('not valid JSON');
    expect(JSON.parse(r.stdout).mapping.customer).toBe('Kunde');
  }, 60_000);

  it('lives in the config folder of each platform unless SEGMENT_STUDIO_CONFIG_DIR says otherwise', () => {
    expect(mappingsFile({ SEGMENT_STUDIO_CONFIG_DIR: '/tmp/x' }, 'linux', '/home/u')).toBe('/tmp/x/mappings.json');
    expect(mappingsFile({}, 'linux', '/home/u')).toBe('/home/u/.config/segment-studio/mappings.json');
    expect(mappingsFile({ XDG_CONFIG_HOME: '/cfg' }, 'linux', '/home/u')).toBe('/cfg/segment-studio/mappings.json');
    expect(mappingsFile({}, 'darwin', '/Users/u')).toBe('/Users/u/Library/Application Support/segment-studio/mappings.json');
    expect(existsSync(config)).toBe(true);
  });
});
