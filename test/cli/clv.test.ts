import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CDNOW_DIR, publishedSummary, rawTransactions } from '../engine/clv/cdnow.ts';

const BIN = new URL('../../bin/segment-studio.mjs', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

/** The CDNOW transactions as a CSV file (the original is whitespace-separated with YYYYMMDD dates). */
function cdnowCsv(dir: string): string {
  const file = path.join(dir, 'cdnow.csv');
  writeFileSync(file, `${['customer,date,cds,value', ...rawTransactions().map((t) => `${t.customer},${t.date},${t.cds},${t.value}`)].join('\n')}\n`);
  return file;
}

/** The parameters published for CDNOW (../shared/data/cdnow/README.md), to their stated digits. */
function expectPublishedModel(model: { bg_nbd: Record<string, unknown>; gamma_gamma: Record<string, unknown> }): void {
  const near = (v: unknown, ref: number, rel: number) => expect(Math.abs(Number(v) / ref - 1)).toBeLessThan(rel);
  near(model.bg_nbd.r, 0.243, 0.005);
  near(model.bg_nbd.alpha, 4.414, 0.005);
  near(model.bg_nbd.a, 0.793, 0.005);
  near(model.bg_nbd.b, 2.426, 0.005);
  expect(model.bg_nbd.log_likelihood).toBeCloseTo(-9582.4, 1);
  expect(model.bg_nbd.converged).toBe(true);
  expect(model.gamma_gamma.check).toMatchObject({ independent: true });
  near(model.gamma_gamma.p, 6.25, 0.01);
  near(model.gamma_gamma.q, 3.74, 0.01);
  near(model.gamma_gamma.v, 15.44, 0.01);
}

describe('segment-studio clv', () => {
  it('on CDNOW with --holdout-from 1997-10-01 --unit week: the published parameters, clv.csv per customer, holdout groups', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ss-clv-'));
    const r = run(
      'clv',
      cdnowCsv(dir),
      '--out',
      dir,
      '--clean',
      'none',
      '--map',
      'customer=customer',
      '--map',
      'date=date',
      '--map',
      'line_total=value',
      '--holdout-from',
      '1997-10-01',
      '--unit',
      'week',
      '--horizon',
      '12',
      '--discount',
      '0.01',
      '--json',
    );
    expect(r.status, r.stderr).toBe(0);
    const printed = JSON.parse(r.stdout);
    const model = JSON.parse(readFileSync(path.join(dir, 'clv-model.json'), 'utf8'));
    expect(printed.files).toEqual([path.join(dir, 'clv.csv'), path.join(dir, 'clv-model.json')]);
    expect(model).toMatchObject({
      unit: 'week',
      calibration_end: '1997-09-30',
      horizon_months: 12,
      monthly_discount: 0.01,
      customers: 2357,
      repeat_customers: 946,
    });
    expectPublishedModel(model);
    expect(model.holdout.groups.map((g: { frequency: string }) => g.frequency)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(model.holdout.length).toBe(39);

    const lines = readFileSync(path.join(dir, 'clv.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('customer_id,x,t_x,T,mean_spend,p_alive,expected_purchases,expected_aov,clv,holdout_purchases');
    const published = new Map(publishedSummary().map((c) => [c.id, c]));
    expect(lines.length - 1).toBe(published.size);
    let total = 0;
    for (const line of lines.slice(1)) {
      const [id, x, tx, T, , pAlive, expected, aov, clv] = line.split(',');
      const p = published.get(id!)!;
      expect(Number(x), id).toBe(p.x);
      expect(Math.abs(Number(tx) - p.tx), id).toBeLessThanOrEqual(0.0051);
      expect(Math.abs(Number(T) - p.T), id).toBeLessThanOrEqual(0.0051);
      expect(Number(pAlive)).toBeGreaterThan(0);
      expect(Number(pAlive)).toBeLessThanOrEqual(1);
      if (p.x === 0) expect(Number(pAlive)).toBe(1);
      expect(Number(expected)).toBeGreaterThan(0);
      expect(Number(aov)).toBeGreaterThan(0);
      total += Number(clv);
    }
    expect(Math.abs(total - model.total_clv)).toBeLessThan(0.01 * lines.length);
  }, 120_000);

  it('reads the original CDNOW_sample.txt (columns aligned by spaces, no header) to the same published model', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ss-clv-'));
    const maps = ['customer=column1', 'date=column2', 'line_total=column4'].flatMap((m) => ['--map', m]);
    const r = run('clv', `${CDNOW_DIR}CDNOW_sample.txt`, '--out', dir, '--clean', 'none', ...maps, '--holdout-from', '1997-10-01', '--unit', 'week', '--json');
    expect(r.status, r.stderr).toBe(0);
    const model = JSON.parse(readFileSync(path.join(dir, 'clv-model.json'), 'utf8'));
    expect(model).toMatchObject({ calibration_end: '1997-09-30', customers: 2357, repeat_customers: 946 });
    expectPublishedModel(model);
  }, 120_000);

  it('refuses a bad --holdout-from, --unit and a missing --out with one line and exit code 1', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ss-clv-'));
    const file = cdnowCsv(dir);
    for (const [args, message] of [
      [['--out', dir, '--holdout-from', '1/10/1997'], /--holdout-from must be a date YYYY-MM-DD/],
      [['--out', dir, '--unit', 'month'], /--unit must be day or week/],
      [[], /clv needs --out DIR/],
    ] as const) {
      const r = run('clv', file, ...args);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 60_000);
});
