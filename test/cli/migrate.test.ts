import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseCsv, planDataset } from '../../engine/src/index.ts';

const BIN = new URL('../../bin/segment-studio.mjs', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

describe('segment-studio migrate', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ss-migrate-'));
  const data = path.join(dir, 'generated.csv');
  beforeAll(() => {
    writeFileSync(data, [...planDataset({ rows: 8_000, customers: 400, seed: 3 }).csvChunks()].join(''));
  });

  it('writes the matrices and a list per cell; the JSON matches the files', () => {
    const out = path.join(dir, 'out');
    const r = run('migrate', data, '--from', '2025-06-01', '--to', '2025-10-01', '--out', out, '--json');
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const matrix = parseCsv(readFileSync(path.join(out, 'migration.csv'), 'utf8'));
    expect(matrix[0]!.slice(1)).toEqual(j.matrix.after);
    expect(matrix.slice(1).map((row) => row[0])).toEqual(j.matrix.before);
    expect(matrix.slice(1).map((row) => row.slice(1).map(Number))).toEqual(j.matrix.customers);
    const perCustomer = parseCsv(readFileSync(path.join(out, 'migration-customers.csv'), 'utf8')).slice(1);
    const total = j.matrix.customers.flat().reduce((a: number, b: number) => a + b, 0);
    expect(perCustomer.length).toBe(total);
    expect(j.stayed + j.moved + j.new + j.gone).toBe(total);
    // Each cell's list holds the customers migration-customers.csv puts in that cell.
    const cells = readdirSync(path.join(out, 'cells'));
    expect(cells.length).toBe(j.matrix.customers.flat().filter((n: number) => n > 0).length);
    const champions = perCustomer.filter((row) => row[1] === 'Champions' && row[2] === 'Champions').map((row) => row[0]);
    const list = parseCsv(readFileSync(path.join(out, 'cells', 'champions--champions.csv'), 'utf8')).slice(1);
    expect(list.map((row) => row[0])).toEqual(champions);
    const revenue = parseCsv(readFileSync(path.join(out, 'migration-revenue.csv'), 'utf8'));
    const spend = perCustomer.reduce((a, row) => a + Number(row[3]), 0);
    const cellsRevenue = revenue.slice(1).reduce((a, row) => a + row.slice(1).reduce((b, x) => b + Number(x), 0), 0);
    expect(cellsRevenue).toBeCloseTo(spend, 0);
    const text = run('migrate', data, '--from', '2025-06-01', '--to', '2025-10-01', '--out', path.join(dir, 'text'));
    expect(text.stdout).toContain(`${j.stayed} stayed, ${j.moved} moved, ${j.new} new, ${j.gone} gone`);
  });

  it('refuses reversed dates with one line and no output', () => {
    const out = path.join(dir, 'bad');
    const r = run('migrate', data, '--from', '2025-10-01', '--to', '2025-06-01', '--out', out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/must be after the from date/);
    expect(existsSync(out)).toBe(false);
  });

  it('without dates, those the Migration screen opens on: the snapshot `segment` scores at, and 90 days before it', () => {
    const seg = run('segment', data, '--out', path.join(dir, 'seg'), '--json');
    expect(seg.status, seg.stderr).toBe(0);
    const snapshot = JSON.parse(seg.stdout).snapshot as string;
    const r = run('migrate', data, '--out', path.join(dir, 'defaults'), '--json');
    expect(r.status, r.stderr).toBe(0);
    const ninetyBefore = new Date(Date.parse(`${snapshot}T00:00:00Z`) - 90 * 86_400_000).toISOString().slice(0, 10);
    expect(JSON.parse(r.stdout)).toMatchObject({ from: ninetyBefore, to: snapshot });
    const given = run('migrate', data, '--to', '2025-06-01', '--out', path.join(dir, 'to-only'), '--json');
    expect(JSON.parse(given.stdout)).toMatchObject({ from: '2025-03-03', to: '2025-06-01' });
  });
});
