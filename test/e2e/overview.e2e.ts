/**
 * End-to-end, the Overview and the as-of back-test (issue 17) in the web build in Chromium, on
 * the bundled sample: after loading, the app opens on the Overview; its KPIs equal the engine's
 * computeOverview run in Node (native DuckDB) on the same file with the same settings; filtering
 * to a segment changes them to that segment's figures; the back-test table shows each segment's
 * outcomes as runBacktest computes them.
 */
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import {
  applyRules,
  computeGroupBreakdown,
  computeOverview,
  computeRfm,
  defaultAnalysis,
  openDataset,
  prepareOverviewBase,
  runBacktest,
  scoreRfm,
  type BacktestResult,
  type GroupBreakdown,
  type Overview,
  type SqlPort,
} from '../../engine/src/index.ts';
import { MemorySource, openDb } from '../helpers/engine.ts';
import { CHROMIUM } from '../helpers/chromium.ts';
import { openAppPage, text, type AppPage } from '../helpers/e2e-page.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLE = path.join(ROOT, 'assets/sample/sample-transactions.csv');
const SHOTS = path.join(ROOT, 'test/.artifacts/screenshots');
const hasChromium = existsSync(CHROMIUM);
const KPIS = ['revenue', 'orders', 'customers', 'averageOrderValue', 'itemsPerOrder', 'repeatCustomerRate'] as const;

/** The exact KPI values the page shows (each value element carries its number in data-value). */
async function shownKpis(page: Page): Promise<Record<string, number>> {
  return page.evaluate(
    (keys) => {
      const out: Record<string, number> = {};
      for (const k of keys) out[k] = Number(document.querySelector(`[data-testid="ov-kpi-${k}"] [data-value]`)!.getAttribute('data-value'));
      return out;
    },
    KPIS as unknown as string[],
  );
}

const kpisOf = (o: Overview) => Object.fromEntries(KPIS.map((k) => [k, o.kpis.figures[k].current]));

describe.skipIf(!hasChromium)('the Overview and the back-test in Chromium', () => {
  let app: AppPage;
  let page: Page;
  let errors: string[];
  // Expected figures: the engine in Node on the same file, with the app's defaults.
  let sql: SqlPort;
  let all: Overview;
  let champions: Overview;
  let championsCount: number;
  let backtest: BacktestResult;
  let earlier: BacktestResult;
  let perSegment: GroupBreakdown;
  let asOf: string;

  beforeAll(async () => {
    const a = defaultAnalysis();
    sql = await openDb();
    await openDataset(sql, [new MemorySource('sample-transactions.csv', new Uint8Array(readFileSync(SAMPLE)))], { cleaning: { ...a.cleaning } });
    const base = await prepareOverviewBase(sql);
    all = await computeOverview(sql, { grain: 'month', churnDays: 90, kpiPeriod: { days: 30 } }, base);
    const rfm = await computeRfm(sql);
    const seg = applyRules(a.segments, scoreRfm(rfm, a.scoring), rfm);
    const code = seg.names.indexOf('Champions');
    const ids = rfm.customerIds.filter((_, i) => seg.codes[i] === code);
    championsCount = ids.length;
    perSegment = await computeGroupBreakdown(
      sql,
      rfm.customerIds,
      Array.from(seg.codes, (c) => seg.names[c]!),
      'month',
    );
    champions = await computeOverview(sql, { grain: 'month', churnDays: 90, kpiPeriod: { days: 30 }, customerIds: ids }, base);
    // The default as-of date: the latest whose 90-day window lies in the data.
    asOf = new Date(Date.parse(`${base.lastDay!}T00:00:00Z`) - 89 * 86_400_000).toISOString().slice(0, 10);
    backtest = await runBacktest(sql, { asOf, windowDays: 90, churnDays: 90, rules: a.segments, scores: a.scoring }, base);
    earlier = await runBacktest(sql, { asOf: '2025-06-01', windowDays: 60, churnDays: 90, rules: a.segments, scores: a.scoring }, base);

    app = await openAppPage(await buildWeb({ quiet: true }), { context: { viewport: { width: 1440, height: 960 } } });
    ({ page, errors } = app);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  it('opens on the Overview after loading, and its KPIs equal computeOverview on the same file', async () => {
    await page.getByTestId('open-sample').click();
    await page.getByTestId('ov-kpis').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('nav-overview').getAttribute('class')).toContain('active');
    expect(await shownKpis(page)).toEqual(kpisOf(all));
    expect(all.kpis.figures.revenue.current).toBeGreaterThan(0);
    // The repeat-customer rate changes by percentage points (a relative change beside two rates reads as points).
    const rate = all.kpis.figures.repeatCustomerRate;
    expect(rate.change).not.toBeNull();
    const pp = (rate.current - rate.previous) * 100;
    expect(await page.getByTestId('ov-kpi-repeatCustomerRate').innerText()).toContain(`${pp >= 0 ? '+' : ''}${pp.toFixed(1)} pp`);
    const period = await page.getByTestId('ov-kpi-period').innerText();
    expect(period).toContain(`${all.kpis.period.from} to ${all.kpis.period.to}`);
    expect(period).toContain(`${all.kpis.previousPeriod.from} to ${all.kpis.previousPeriod.to}`);
    // Every chart card is drawn.
    for (const id of ['ov-series', 'ov-new-returning', 'ov-heatmap', 'ov-countries', 'ov-top-products', 'ov-cohorts', 'ov-churn'])
      await page
        .locator(`[data-testid="${id}"] .main-svg`)
        .first()
        .or(page.locator(`[data-testid="${id}"] table`))
        .first()
        .waitFor();
    // The top-products table lists the engine's top products by revenue, in order.
    const names = await page.locator('[data-testid="ov-top-products"] tbody tr td:first-child').allInnerTexts();
    expect(names.map((n) => n.trim())).toEqual(all.topProducts.byRevenue.map((p) => p.description ?? p.product));
    await page.screenshot({ path: path.join(SHOTS, 'overview.png'), fullPage: true });
  });

  it('filtering to a segment changes every KPI to that segment’s figures', async () => {
    expect(championsCount).toBeGreaterThan(0);
    const before = await page.getByTestId('ov-kpi-revenue').innerText();
    await page.getByTestId('ov-scope').selectOption('segment:Champions');
    await page.waitForFunction(
      ([prev]) => (document.querySelector('[data-testid="ov-kpi-revenue"]') as HTMLElement | null)?.innerText !== prev,
      [before] as const,
      { timeout: 60_000 },
    );
    await page.waitForFunction(() => !document.querySelector('[data-testid="ov-status"] .spinner'));
    expect(await shownKpis(page)).toEqual(kpisOf(champions));
    expect(champions.kpis.figures.customers.current).toBeLessThan(all.kpis.figures.customers.current);
    await page.getByTestId('ov-scope').selectOption('all');
    await page.waitForFunction(
      (v) => document.querySelector('[data-testid="ov-kpi-revenue"] [data-value]')?.getAttribute('data-value') === String(v),
      all.kpis.figures.revenue.current,
    );
  });

  it('shows spend over time and the top products of each segment', async () => {
    await page.getByTestId('ov-groups-toggle').click();
    await page.getByTestId('ov-groups-figures').waitFor({ timeout: 60_000 });
    const rows = await page
      .locator('[data-testid="ov-groups-figures"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim())));
    // Per segment, its top products by revenue in the engine's order and with its shares.
    const bySegment = new Map<string, string[]>();
    let current = '';
    for (const cells of rows) {
      if (cells[0]) current = cells[0];
      bySegment.set(current, [...(bySegment.get(current) ?? []), `${cells[1]}|${cells[3]}`]);
    }
    const expected = new Map<string, string[]>();
    for (const p of perSegment.topProducts)
      expected.set(p.group, [...(expected.get(p.group) ?? []), `${p.description ?? p.product}|${(p.revenueShare * 100).toFixed(1)}%`]);
    expect(bySegment).toEqual(expected);
    expect(perSegment.topProducts.length).toBeGreaterThan(0);
  });

  it('the back-test table shows each segment’s outcomes in the window after the as-of date', async () => {
    await page.getByTestId('overview-tab').getByText('As-of back-test').click();
    await page.getByTestId('bt-table').waitFor({ timeout: 90_000 });
    expect(await page.getByTestId('bt-as-of').inputValue()).toBe(asOf);
    const rows = await page
      .locator('[data-testid="bt-table"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => (td as HTMLElement).innerText.trim())));
    const expected = [...backtest.groups, backtest.total];
    expect(rows.length).toBe(expected.length);
    rows.forEach((cells, i) => {
      const g = expected[i]!;
      expect(cells[0]).toBe(g.group);
      expect(Number(cells[1]!.replace(/,/g, ''))).toBe(g.customers);
      expect(cells[2]).toBe(`${(g.boughtAgainShare * 100).toFixed(1)}%`);
      expect(cells[6]).toBe(`${(g.lostShare * 100).toFixed(1)}%`);
    });
    expect(backtest.total.customers).toBeGreaterThan(0);
    await page.getByTestId('bt-chart').locator('.main-svg').first().waitFor();
    await page.screenshot({ path: path.join(SHOTS, 'overview-backtest.png'), fullPage: true });
  });

  it('another as-of date and window: the table follows, and the settings are saved with the analysis', async () => {
    await page.getByTestId('bt-window').fill('60');
    await page.getByTestId('bt-as-of').fill('2025-06-01');
    await page.waitForFunction(
      () => /2025-06-01 to 2025-07-30 \(60 days\).*Computed in/s.test(document.querySelector('[data-testid="bt-summary"]')?.textContent ?? ''),
      undefined,
      {
        timeout: 60_000,
      },
    );
    const cells = await page.locator('[data-testid="bt-row-total"] td').allInnerTexts();
    expect(Number(cells[1]!.replace(/,/g, ''))).toBe(earlier.total.customers);
    expect(cells[2]).toBe(`${(earlier.total.boughtAgainShare * 100).toFixed(1)}%`);
    expect(cells[6]).toBe(`${(earlier.total.lostShare * 100).toFixed(1)}%`);
    expect(earlier.windowLastDay).toBe('2025-07-30');
    await page.waitForFunction(() => JSON.parse(localStorage.getItem('ss-session') ?? '{}').overview?.asOf === '2025-06-01');
    const saved = await page.evaluate(() => JSON.parse(localStorage.getItem('ss-session')!).overview);
    expect(saved).toEqual({ churnDays: 90, asOf: '2025-06-01', windowDays: 60 });
  });

  it('back-tests clusters fitted as of the date too', async () => {
    await page.getByTestId('bt-groups').getByText('Clusters').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="bt-row-0"] td')?.textContent?.includes('Cluster 1'), undefined, { timeout: 90_000 });
    const customers = await page
      .locator('[data-testid="bt-table"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => Number((tr.querySelectorAll('td')[1] as HTMLElement).innerText.replace(/,/g, ''))));
    // Every customer with history before the as-of date is in exactly one cluster.
    const total = customers.pop()!;
    expect(total).toBe(earlier.total.customers);
    expect(customers.reduce((a, b) => a + b, 0)).toBe(total);
    expect(customers.length).toBe(4); // the analysis' k
  });

  it('a file without customers or times of day: no customer figures (not zeros), orders by weekday only', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ss-ov-')), 'orders.csv');
    // 2025-01-03 is a Friday, 2025-01-04 a Saturday.
    writeFileSync(file, 'Order,Date,Product,Qty,Price\n1001,2025-01-03,Mug,2,4.50\n1002,2025-01-04,Tea,1,3.00\n1003,2025-01-04,Mug,1,4.50\n');
    await page.setInputFiles('#ss-open-files', [file]);
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('overview-tab').getByText('Business').click();
    await page.getByTestId('ov-no-customers').waitFor({ timeout: 90_000 });
    // The file's figures (the sample's stay on screen while they are computed).
    await page.waitForFunction(() => /^3 lines/.test(document.querySelector('[data-testid="ov-status"]')?.textContent ?? ''), undefined, { timeout: 90_000 });
    expect(await page.getByTestId('ov-kpi-orders').locator('[data-value]').getAttribute('data-value')).toBe('3');
    for (const gone of ['ov-kpi-customers', 'ov-kpi-repeatCustomerRate', 'ov-new-returning', 'ov-cohorts', 'ov-churn', 'ov-countries'])
      expect(await page.getByTestId(gone).count(), gone).toBe(0);
    expect(await page.locator('[data-testid="ov-top-products"] th').allInnerTexts()).not.toContain('CUSTOMERS');
    expect(await page.getByTestId('ov-series').innerText()).not.toMatch(/customers/i);
    const heatmap = page.getByTestId('ov-heatmap');
    expect(await heatmap.innerText()).toContain('the dates carry no time of day');
    await page.getByTestId('ov-weekdays').locator('.main-svg').first().waitFor();
    const bars = await page.getByTestId('ov-weekdays').evaluate((el) => (el as HTMLElement & { data: { y: number[] }[] }).data[0]!.y);
    expect(bars).toEqual([0, 0, 0, 0, 1, 2, 0]);
    await page.screenshot({ path: path.join(SHOTS, 'overview-no-customers.png'), fullPage: true });
    // The Data screen's counts too: no customer count (not 0); the orders and products it has.
    await page.getByTestId('nav-data').click();
    await expect.poll(() => text(page, 'kpi-customers'), { timeout: 30_000 }).toBe('CUSTOMERS – no customer column');
    expect(await text(page, 'kpi-invoices')).toBe('INVOICES 3 2 products');
  }, 120_000);

  it('a file with a price and no quantity (a line per unit, as RFM reads it) opens the Overview, its revenue the prices summed', async () => {
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'ss-ov-')), 'units.csv');
    writeFileSync(file, 'Customer,Date,Product,Price\nC1,2025-01-03,Mug,4.50\nC2,2025-01-04,Tea,3.00\nC1,2025-01-04,Mug,4.50\nC1,2025-01-04,Tea,3.00\n');
    await page.setInputFiles('#ss-open-files', [file]);
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('overview-tab').getByText('Business').click();
    await page.waitForFunction(() => /^4 lines/.test(document.querySelector('[data-testid="ov-status"]')?.textContent ?? ''), undefined, { timeout: 90_000 });
    // Three visits (a customer's purchases on one day), 15.00 in all; no items per order without a quantity.
    expect(await page.getByTestId('ov-kpi-revenue').locator('[data-value]').getAttribute('data-value')).toBe('15');
    expect(await page.getByTestId('ov-kpi-orders').locator('[data-value]').getAttribute('data-value')).toBe('3');
    expect(await page.getByTestId('ov-kpi-itemsPerOrder').count()).toBe(0);
  }, 120_000);

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
