import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/** The implausible-data flags of the CLI: --today, --min-date, --snapshot and --keep-implausible. */

const BIN = new URL('../../bin/segment-studio.mjs', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

// invoice, date, quantity, price, customer
const ROWS: [string, string, number, number, string][] = [
  ['1001', '2011-03-01 10:00', 2, 3.5, 'c1'],
  ['1002', '2011-06-30 23:59', 1, 10, 'c2'],
  ['1003', '2011-07-01 08:00', 4, 2.25, 'c2'],
  ['1004', '2011-09-15 12:00', 1, 7, 'c3'],
  ['1005', '2011-05-05 09:00', 0, 4, 'c4'],
  ['1006', '2031-01-05 10:00', 1, 99, 'c5'],
  ['1007', '1985-06-01 10:00', 2, 5, 'c6'],
];

function fixture(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'ss-implausible-'));
  const file = path.join(dir, 'sales.csv');
  const lines = ROWS.map(([inv, d, q, p, c]) => `${inv},A1,RED MUG,${q},${d},${p.toFixed(2)},${c},UK`);
  writeFileSync(file, `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n${lines.join('\n')}\n`);
  return file;
}

const day = (r: (typeof ROWS)[number]) => r[1].slice(0, 10);
const revenue = (rows: typeof ROWS) => Math.round(rows.reduce((a, r) => a + r[2] * r[3], 0) * 100) / 100;

describe('CLI: implausible data', () => {
  it('inspect --json reports and excludes every kind by default, today as given', () => {
    const r = run('inspect', fixture(), '--json', '--today', '2026-12-01', '--snapshot', '2011-06-30');
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const future = ROWS.filter((x) => day(x) > '2026-12-01');
    const early = ROWS.filter((x) => day(x) < '1990-01-01');
    const after = ROWS.filter((x) => day(x) > '2011-06-30');
    const voids = ROWS.filter((x) => x[2] === 0);
    expect(j.report.implausible.future_date.lines).toBe(future.length);
    expect(j.report.implausible.early_date.lines).toBe(early.length);
    expect(j.report.implausible.after_snapshot.lines).toBe(after.length);
    expect(j.report.implausible.zero_quantity.lines).toBe(voids.length);
    const kept = ROWS.filter((x) => !future.includes(x) && !early.includes(x) && !after.includes(x) && !voids.includes(x));
    expect(j.report.rows_kept).toBe(kept.length);
    expect(j.report.revenue).toBe(revenue(kept));
    expect(j.report.implausible_warnings).toHaveLength(4);
    expect(j.report.checks).toEqual({ today: '2026-12-01', minDate: '1990-01-01', snapshot: '2011-06-30' });
  });

  it('--keep-implausible and --min-date change the choice; segment warns and the kept lines give negative recency', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'ss-implausible-out-'));
    const r = run(
      'segment',
      fixture(),
      '--out',
      out,
      '--json',
      '--today',
      '2026-12-01',
      '--snapshot',
      '2011-06-30',
      '--keep-implausible',
      'after_snapshot',
      '--min-date',
      '1980-01-01',
    );
    expect(r.status, r.stderr).toBe(0);
    const j = JSON.parse(r.stdout);
    const after = ROWS.filter((x) => day(x) > '2011-06-30');
    const afterCustomers = new Set(after.map((x) => x[4])).size;
    expect(after.length).toBe(3);
    expect(j.warnings).toContainEqual(
      expect.stringMatching(
        `^${after.length} lines dated after the snapshot 2011-06-30 \\(${afterCustomers} customers would get a negative recency\\): kept, as chosen`,
      ),
    );
    expect(j.warnings).toContainEqual(expect.stringMatching(/^1 line dated after today \(2026-12-01\): excluded/));
    // Kept: all but the future line and the void (1985 is after --min-date 1980-01-01).
    const kept = ROWS.filter((x) => day(x) <= '2026-12-01' && x[2] !== 0);
    expect(j.rows_kept).toBe(kept.length);
    const customers = readFileSync(path.join(out, 'customers.csv'), 'utf8')
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\n');
    const header = customers[0]!.split(',');
    const recency = customers.slice(1).map((l) => Number(l.split(',')[header.indexOf('recency_days')]));
    expect(recency.filter((d) => d < 0).length).toBe(2); // c2 (2011-07-01) and c3 (2011-09-15)
  });

  it('refuses an unknown kind and a bad date with one line and exit 1', () => {
    const r = run('inspect', fixture(), '--keep-implausible', 'tomorrow');
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/--keep-implausible: unknown kind "tomorrow"/);
    const t = run('inspect', fixture(), '--today', '01/12/2026');
    expect(t.status).toBe(1);
    expect(t.stderr).toMatch(/--today must be a date YYYY-MM-DD/);
  });
});
