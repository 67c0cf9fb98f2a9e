/**
 * End-to-end (web build in Debian's Chromium): a small shop's export, five customers over two
 * weeks, as an analyst starting out has. Charts of counts tick whole numbers (Plotly ticks a short
 * range in halves: "0.5 customers"); the Overview's lines share the bars' zero; KPIs without a
 * previous period say so; the Value screen's unit choice is as wide as its buttons. A second, tinier
 * file (one or two orders a day) checks every Overview chart of counts.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { CHROMIUM } from '../helpers/chromium.ts';
import { loaded, openAppPage, text, type AppPage } from '../helpers/e2e-page.ts';

const hasChromium = existsSync(CHROMIUM);

/** 5 customers, 14 days, 5 receipts a day: customer (receipt number × 3) mod 5, one to three items. */
function shop(): string {
  const items = [
    ['Coffee', '2.50'],
    ['Croissant', '1.80'],
    ['Bagel', '2.20'],
  ];
  const rows = ['Receipt,Date,Customer,Item,Qty,Price'];
  for (let day = 1; day <= 14; day++)
    for (let r = 0; r < 5; r++) {
      const n = (day - 1) * 5 + r;
      for (let i = 0; i <= n % 3; i++)
        rows.push(`${1000 + n},2024-03-${String(day).padStart(2, '0')} 1${r}:00,C${(n * 3) % 5},${items[i]![0]},1,${items[i]![1]}`);
    }
  return `${rows.join('\n')}\n`;
}

/** 3 customers over 20 days of one month, one or two receipts a day, dates without times. */
function tinyShop(): string {
  const rows = ['Receipt,Date,Customer,Item,Qty,Price'];
  for (let day = 1; day <= 20; day++)
    for (let r = 0; r < 1 + (day % 2); r++) rows.push(`${2000 + day * 2 + r},2024-03-${String(day).padStart(2, '0')},C${(day + r) % 3},Coffee,1,2.50`);
  return `${rows.join('\n')}\n`;
}

/** The tick labels of a chart's axis (xtick, ytick, y2tick). */
function ticks(page: Page, testId: string, axis: string): Promise<string[]> {
  return page.$$eval(`[data-testid="${testId}"] .${axis} text`, (els) => els.map((e) => e.textContent ?? ''));
}

const whole = (labels: readonly string[]) => labels.every((t) => /^\d+$/.test(t.replace(/,/g, '')));

describe.skipIf(!hasChromium)('a small shop in the app', () => {
  let app: AppPage;
  let page: Page;
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ss-small-shop-'));
    writeFileSync(path.join(tmp, 'shop.csv'), shop());
    app = await openAppPage(await buildWeb({ quiet: true }), { context: { viewport: { width: 1280, height: 800 } } });
    ({ page } = app);
    await page.setInputFiles('#ss-open-files', [path.join(tmp, 'shop.csv')]);
    await loaded(page);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('counts customers in whole numbers on the Segments screen', async () => {
    await page.getByTestId('nav-segments').click();
    await page.waitForSelector('[data-testid="segment-bars"] .xtick text', { timeout: 60_000 });
    const bars = await ticks(page, 'segment-bars', 'xtick');
    expect(bars.length).toBeGreaterThan(1);
    expect(whole(bars), bars.join(' ')).toBe(true);
  });

  it('counts customers in whole numbers on the Value screen, whose unit choice is as wide as its buttons', async () => {
    await page.getByTestId('nav-value').click();
    await page.waitForSelector('[data-testid="clv-chart"] .ytick text', { timeout: 60_000 });
    for (const chart of ['palive-chart', 'clv-chart']) {
      const labels = await ticks(page, chart, 'ytick');
      expect(whole(labels), `${chart}: ${labels.join(' ')}`).toBe(true);
    }
    const unit = page.getByTestId('value-unit');
    const widths = await unit.evaluate((el) => ({
      box: el.getBoundingClientRect().width,
      buttons: [...el.querySelectorAll('button')].reduce((w, b) => w + b.getBoundingClientRect().width, 0),
    }));
    expect(widths.box).toBeLessThanOrEqual(widths.buttons + 2); // its border
  });

  it('draws orders and customers from zero beside revenue, and says a KPI has no previous period', async () => {
    await page.getByTestId('nav-overview').click();
    await page.waitForSelector('[data-testid="ov-series-chart"] .y2tick text', { timeout: 60_000 });
    const right = await ticks(page, 'ov-series-chart', 'y2tick');
    expect(right[0]).toBe('0');
    expect(whole(right), right.join(' ')).toBe(true);
    // The two weeks are the KPI period: the 30 days before hold nothing.
    expect(await text(page, 'ov-kpi-revenue')).toMatch(/none in the previous period$/);
  });

  it('counts orders and customers in whole numbers on every Overview chart of counts, one or two a day', async () => {
    writeFileSync(path.join(tmp, 'tiny.csv'), tinyShop());
    await page.setInputFiles('#ss-open-files', [path.join(tmp, 'tiny.csv')]);
    await loaded(page);
    await page.getByTestId('nav-overview').click();
    await page.waitForSelector('[data-testid="ov-weekdays"] .ytick text', { timeout: 60_000 });
    await page.getByTestId('ov-grain').getByRole('button', { name: 'Day' }).click();
    // Per day, no more than 2 orders: wait for the month's axis (up to 30) to be redrawn.
    await page.waitForFunction(
      () => {
        const labels = [...document.querySelectorAll('[data-testid="ov-series-chart"] .y2tick text')].map((e) => Number(e.textContent));
        return labels.length > 1 && Math.max(...labels) <= 5;
      },
      null,
      { timeout: 60_000 },
    );
    const axes: [string, string][] = [
      ['ov-series-chart', 'y2tick'],
      ['ov-new-returning', 'ytick'],
      ['ov-weekdays', 'ytick'],
    ];
    for (const [chart, axis] of axes) {
      await page.waitForSelector(`[data-testid="${chart}"] .${axis} text`, { timeout: 60_000 });
      const labels = await ticks(page, chart, axis);
      expect(labels.length, chart).toBeGreaterThan(1);
      expect(whole(labels), `${chart}: ${labels.join(' ')}`).toBe(true);
    }
  });

  it('logged no page errors', () => {
    expect(app.errors).toEqual([]);
  });
});
