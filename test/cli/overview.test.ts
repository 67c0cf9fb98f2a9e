import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { planDataset } from '../../engine/src/index.ts';
import { ONLINE_RETAIL_DIR } from '../helpers/engine.ts';

const BIN = new URL('../../bin/segment-studio.mjs', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });
const DAYS = ['2010-12-01.csv', '2010-12-02.csv', '2010-12-03.csv'].map((f) => path.join(ONLINE_RETAIL_DIR, f));

describe('segment-studio overview', () => {
  it('--json prints every Overview figure, consistent with inspect', () => {
    const r = run('overview', ...DAYS, '--json', '--grain', 'day', '--top', '5');
    expect(r.status, r.stderr).toBe(0);
    const o = JSON.parse(r.stdout);
    expect(Object.keys(o).sort()).toEqual(
      ['churn', 'churnDays', 'cohorts', 'countries', 'grain', 'kpis', 'newVsReturning', 'scope', 'segment', 'series', 'topProducts', 'weekdayHour'].sort(),
    );
    const inspect = JSON.parse(run('inspect', ...DAYS, '--json').stdout);
    expect(o.scope.lines).toBe(inspect.report.rows_kept);
    expect(o.series.map((p: { period: string }) => p.period)).toEqual(['2010-12-01', '2010-12-02', '2010-12-03']);
    const revenue = o.series.reduce((a: number, p: { revenue: number }) => a + p.revenue, 0);
    expect(revenue).toBeCloseTo(inspect.report.revenue, 1);
    expect(o.series.reduce((a: number, p: { orders: number }) => a + p.orders, 0)).toBe(inspect.report.invoices);
    expect(o.cohorts[0].size).toBe(inspect.report.customers);
    expect(o.topProducts.byRevenue).toHaveLength(5);
    expect(o.weekdayHour.counts.flat().reduce((a: number, b: number) => a + b, 0)).toBe(inspect.report.invoices);
    expect(o.kpis.figures.customers.current).toBe(inspect.report.customers);
  });

  it('prints a readable text form without --json, and filters to a segment', () => {
    const text = run('overview', ...DAYS);
    expect(text.status, text.stderr).toBe(0);
    for (const heading of ['KPIs', 'Per month', 'New vs returning', 'Orders by weekday', 'Countries', 'Top products by revenue', 'Cohort retention', 'Churn']) {
      expect(text.stdout).toContain(heading);
    }
    const all = JSON.parse(run('overview', ...DAYS, '--json').stdout);
    const champions = JSON.parse(run('overview', ...DAYS, '--json', '--segment', 'Champions').stdout);
    expect(champions.segment).toBe('Champions');
    expect(champions.scope.filtered).toBe(true);
    expect(champions.scope.lines).toBeGreaterThan(0);
    expect(champions.scope.lines).toBeLessThan(all.scope.lines);
    // Another case and surrounding spaces name the same segment (resolveGroupName, as export and baskets).
    const loose = JSON.parse(run('overview', ...DAYS, '--json', '--segment', ' champions ').stdout);
    expect([loose.segment, loose.scope.lines]).toEqual(['Champions', champions.scope.lines]);
    const bad = run('overview', ...DAYS, '--segment', 'Nobody');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/no segment "Nobody"; the segments are "Champions", /);
  });

  it('without a customer column leaves out what counts customers, and without times of day shows orders by weekday only', () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ss-overview-')), 'orders.csv');
    // 2025-01-03 is a Friday, 2025-01-04 a Saturday; no customer column, no times.
    writeFileSync(file, 'Order,Date,Product,Qty,Price\n1001,2025-01-03,Mug,2,4.50\n1002,2025-01-04,Tea,1,3.00\n1003,2025-01-04,Mug,1,4.50\n');
    const r = run('overview', file);
    expect(r.status, r.stderr).toBe(0);
    const kpis = r.stdout.slice(r.stdout.indexOf('KPIs'), r.stdout.indexOf('Per month'));
    expect(kpis).not.toMatch(/customer/);
    expect(kpis).toMatch(/orders\s+3\b/);
    expect(r.stdout).toContain('No customer column: customers, new vs returning customers, cohorts and churn need one (--map customer=COLUMN).');
    // Nor a country column: no countries (one "(none)" row before).
    for (const heading of ['New vs returning', 'Cohort retention', 'Churn', 'Top products by customers', 'Countries']) expect(r.stdout).not.toContain(heading);
    const weekdays = r.stdout.split('\n');
    const at = weekdays.indexOf('Orders by weekday (the dates carry no time of day)');
    expect(at).toBeGreaterThan(0);
    expect(weekdays[at + 2]!.trim().split(/\s+/).map(Number)).toEqual([0, 0, 0, 0, 1, 2, 0]);
    // inspect: counts the mapping cannot give are no counts, not zeros.
    const inspected = run('inspect', file);
    expect(inspected.stdout).toContain('Customers - (no customer column), invoices 3, products 2, revenue 16.50');
    const bare = path.join(path.dirname(file), 'amounts.csv');
    writeFileSync(bare, 'Date,Amount\n2025-01-03,4.50\n2025-01-04,3.00\n');
    expect(run('inspect', bare).stdout).toContain(
      'Customers - (no customer column), invoices - (no invoice or customer column), products - (no product column), revenue 7.50',
    );
    // Baskets, one per line (arules' Groceries): no price, so no revenue.
    const baskets = path.join(path.dirname(file), 'baskets.csv');
    writeFileSync(baskets, 'milk,bread\nbread,butter,jam\nmilk\n');
    expect(run('inspect', baskets, '--layout', 'baskets').stdout).toContain(
      'Customers - (no customer column), invoices 3, products 4, revenue - (no price or amount column)',
    );
  });
});

describe('segment-studio backtest', () => {
  let file: string;
  beforeAll(() => {
    file = path.join(mkdtempSync(path.join(tmpdir(), 'ss-backtest-')), 'generated.csv');
    writeFileSync(file, [...planDataset({ rows: 30_000, customers: 1_200, seed: 5 }).csvChunks()].join(''));
  });

  it('--json gives per-segment outcomes of the window after the as-of date', () => {
    const r = run('backtest', file, '--as-of', '2025-09-01', '--window', '60', '--preset', 'sum5', '--json');
    expect(r.status, r.stderr).toBe(0);
    const b = JSON.parse(r.stdout);
    expect(b).toMatchObject({ asOf: '2025-09-01', windowDays: 60, windowLastDay: '2025-10-30', churnDays: 90, windowComplete: true, rules: 'sum5' });
    expect(b.groups.map((g: { group: string }) => g.group)).toEqual(['Champions', 'Loyal', 'Potential Loyalists', 'At Risk', 'Dormant']);
    expect(b.groups.reduce((a: number, g: { customers: number }) => a + g.customers, 0)).toBe(b.total.customers);
    expect(b.groups.reduce((a: number, g: { boughtAgain: number }) => a + g.boughtAgain, 0)).toBe(b.total.boughtAgain);
    const seg = (name: string) => b.groups.find((g: { group: string }) => g.group === name);
    expect(seg('Champions').boughtAgainShare).toBeGreaterThan(seg('Dormant').boughtAgainShare);
    expect(b).not.toHaveProperty('assignment');
    expect(b).not.toHaveProperty('clusters');
  });

  it('--k adds the same outcomes per k-means cluster fitted on the as-of RFM', () => {
    const r = run('backtest', file, '--as-of', '2025-09-01', '--k', '3', '--json');
    expect(r.status, r.stderr).toBe(0);
    const b = JSON.parse(r.stdout);
    expect(b.clusters.k).toBe(3);
    expect(b.clusters.groups.map((g: { group: string }) => g.group.slice(0, 9))).toEqual(['Cluster 1', 'Cluster 2', 'Cluster 3']);
    expect(b.clusters.total).toEqual(b.total);
    expect(b.clusters.groups.reduce((a: number, g: { customers: number }) => a + g.customers, 0)).toBe(b.total.customers);
    // Cluster 1 is the most valuable at the as-of date; it buys again more than the least valuable one.
    expect(b.clusters.groups[0].revenuePerCustomer).toBeGreaterThan(b.clusters.groups[2].revenuePerCustomer);
  });

  it('prints a table without --json; without --as-of, the latest date whose whole window the data covers', () => {
    const text = run('backtest', file, '--as-of', '2025-09-01');
    expect(text.status, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/^Back-test of rfm6: segments as of 2025-09-01/);
    expect(text.stdout).toContain('All customers');
    const latest = JSON.parse(run('backtest', file, '--window', '30', '--json').stdout);
    const overview = JSON.parse(run('overview', file, '--json').stdout);
    // The window's last day is the data's.
    expect(latest).toMatchObject({ windowDays: 30, windowLastDay: overview.scope.lastDay, windowComplete: true });
  });
});
