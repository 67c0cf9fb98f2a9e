/**
 * End-to-end: the web build (the same UI Electron shows) in Debian's Chromium, driven by
 * playwright-core. Opens the sample and real Online Retail daily files, toggles a cleaning
 * rule, edits a segment rule, changes k and minSupport, exports and checks the files, and
 * saves a screenshot of every screen to test/.artifacts/screenshots (git-ignored).
 * Skips only when /usr/bin/chromium is absent (CI installs it).
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { SCREENS } from '../../renderer/app/screens.ts';
import { CHROMIUM } from '../helpers/chromium.ts';
import { openAppPage, type AppPage } from '../helpers/e2e-page.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SHOTS = path.join(ROOT, 'test/.artifacts/screenshots');
const RETAIL = path.resolve(ROOT, '../shared/data/online-retail/by-day');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`e2e skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).first().innerText()).trim();
}

/** Waits until the element's text differs from `before`; returns the new text. */
async function changed(page: Page, testId: string, before: string, timeout = 60_000): Promise<string> {
  await page.waitForFunction(
    ([id, prev]) => {
      const el = document.querySelector(`[data-testid="${id}"]`);
      return el !== null && (el as HTMLElement).innerText.trim() !== prev;
    },
    [testId, before] as const,
    { timeout },
  );
  return text(page, testId);
}

const numberIn = (s: string) => Number(s.replace(/[^0-9.]/g, ''));

describe.skipIf(!hasChromium)('Segment Studio web build in Chromium', () => {
  let app: AppPage;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await openAppPage(await buildWeb({ quiet: true }), { context: { viewport: { width: 1440, height: 960 }, acceptDownloads: true } });
    ({ page, errors } = app);
  });

  afterAll(async () => {
    await app?.close();
  });

  it('opens the bundled sample on the Overview, and the Data screen shows it', async () => {
    await page.getByTestId('open-sample').click();
    await page.getByTestId('ov-kpis').waitFor({ timeout: 90_000 });
    await page.getByTestId('nav-data').click();
    await page.getByTestId('kpis').waitFor();
    await page.locator('[data-testid="preview"] .vrow').first().waitFor();
    expect(await text(page, 'dataset-label')).toBe('sample-transactions.csv');
    expect(numberIn(await text(page, 'kpi-customers'))).toBeGreaterThan(1000);
    await page.screenshot({ path: path.join(SHOTS, '1-data.png') });
  });

  it('toggling a cleaning rule updates the counts and KPIs', async () => {
    // Read before the click: read after it, the text may already be the new one (a loaded machine).
    const before = await text(page, 'kpi-lines');
    const lines = before.split('\n')[1]!;
    expect(await text(page, 'count-duplicate')).toMatch(/^−\d/);
    await page.getByTestId('toggle-duplicate').click();
    const after = await changed(page, 'kpi-lines', before);
    expect(numberIn(after.split('\n')[1]!)).toBeGreaterThan(numberIn(lines));
    expect(await text(page, 'count-duplicate')).toBe('off');
    await page.getByTestId('toggle-duplicate').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="count-duplicate"]')?.textContent?.startsWith('−'));
  });

  it('edits a segment rule and the counts follow', async () => {
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('segment-bars').waitFor();
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="seg-count-0"]')?.textContent ?? ''));
    const champions = await text(page, 'seg-count-0');
    await page.getByTestId('cond-0-0-value').fill('5'); // Champions: r >= 4  ->  r >= 5
    const after = await changed(page, 'seg-count-0', champions);
    expect(numberIn(after)).toBeLessThan(numberIn(champions));
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, '2-segments.png') });
  });

  it('refuses a segment name used twice, keeping the last segments, until the name is unique again', async () => {
    const name1 = page.getByTestId('seg-rule-1').locator('input.seg-name');
    const original = await name1.inputValue();
    const first = await page.getByTestId('seg-rule-0').locator('input.seg-name').inputValue();
    const table = async () => (await page.getByTestId('segment-table').locator('tbody').textContent()) ?? '';
    const before = await table();
    await name1.fill(first);
    await page
      .getByTestId('rule-issue')
      .filter({ hasText: `the name "${first}" is used twice` })
      .waitFor();
    await page.waitForTimeout(400);
    // The last good segments stay: no merged or renamed row.
    expect(await table()).toBe(before);
    await name1.fill(original);
    await page.getByTestId('rule-issue').filter({ hasText: 'used twice' }).waitFor({ state: 'detached' });
    expect(await table()).toBe(before);
  });

  it('changes k and the clusters are refitted', async () => {
    await page.getByTestId('nav-clusters').click();
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="profiles"] tbody tr').length > 0, undefined, { timeout: 60_000 });
    await page.getByTestId('k-slider').fill('6');
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="profiles"] tbody tr').length === 6, undefined, { timeout: 60_000 });
    expect(await text(page, 'k-value')).toBe('6');
    await page.getByTestId('elbow-chart').waitFor();
    await page.waitForTimeout(600);
    await page.screenshot({ path: path.join(SHOTS, '3-clusters.png') });
  });

  it('changes minSupport and the itemsets follow', async () => {
    await page.getByTestId('nav-baskets').click();
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="kpi-itemsets"] .value')?.textContent ?? ''), undefined, {
      timeout: 60_000,
    });
    const before = await text(page, 'kpi-itemsets');
    await page.getByTestId('min-support').fill('3'); // 1% -> 0.5%
    const after = await changed(page, 'kpi-itemsets', before);
    expect(numberIn(after.split('\n')[1]!)).toBeGreaterThan(numberIn(before.split('\n')[1]!));
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, '4-baskets.png') });
  });

  it('keeps the rules chart on the ranges rules could take when thresholds leave none, and says so', async () => {
    const support = await page.getByTestId('min-support').inputValue();
    const confidence = await page.getByTestId('min-confidence').inputValue();
    await page.getByTestId('min-support').fill('11'); // 10%, the highest step
    await page.getByTestId('min-confidence').fill('1');
    await page.waitForFunction(() => document.querySelector('[data-testid="kpi-rules"] .value')?.textContent === '0', undefined, { timeout: 60_000 });
    await page.waitForFunction(
      () => document.querySelector('[data-testid="rules-scatter"] .annotation-text')?.textContent === 'No rules at these thresholds',
      undefined,
      {
        timeout: 30_000,
      },
    );
    const ticks = await page.$$eval('[data-testid="rules-scatter"] .ytick text', (els) => els.map((e) => e.textContent));
    expect(ticks[0]).toBe('0%');
    expect(ticks.at(-1)).toBe('100%');
    const xTicks = await page.$$eval('[data-testid="rules-scatter"] .xtick text', (els) => els.map((e) => e.textContent ?? ''));
    expect(xTicks.every((t) => !t.startsWith('−') && !t.startsWith('-'))).toBe(true);
    await page.getByTestId('min-support').fill(support);
    await page.getByTestId('min-confidence').fill(confidence);
    await page.waitForFunction(() => document.querySelector('[data-testid="kpi-rules"] .value')?.textContent !== '0', undefined, { timeout: 60_000 });
  });

  it('exports a campaign list and the rules as CSV', async () => {
    await page.getByTestId('nav-export').click();
    // The sample has a country column and no contact columns: those are offered but off.
    for (const c of ['email', 'name', 'phone', 'city', 'postcode']) expect(await page.getByTestId(`export-col-${c}`).isDisabled(), c).toBe(true);
    for (const c of ['country', 'top_product', 'top_product_name', 'orders']) expect(await page.getByTestId(`export-col-${c}`).isDisabled(), c).toBe(false);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-campaign-btn').click()]);
    const file = path.join(os.tmpdir(), `ss-e2e-${process.pid}-campaign.csv`);
    await download.saveAs(file);
    const csv = readFileSync(file, 'utf8');
    expect(csv.charCodeAt(0)).toBe(0xfeff); // Excel-friendly BOM on by default
    const lines = csv.slice(1).trimEnd().split('\n');
    expect(lines[0]).toBe('customer_id,recency_days,frequency,monetary,first_purchase,last_purchase,r_score,f_score,m_score,rfm_code,segment,cluster');
    const customers = numberIn(await page.getByTestId('export-campaign-btn').innerText());
    expect(lines.length - 1).toBe(customers);
    expect(lines[1]).toMatch(/^[^,]+,\d+,\d+,-?[\d.]+,\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2},[1-5],[1-5],[1-5],[1-5]{3},[^,]+,\d+$/);
    const [rules] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-rules-btn').click()]);
    const rulesFile = path.join(os.tmpdir(), `ss-e2e-${process.pid}-rules.csv`);
    await rules.saveAs(rulesFile);
    expect(
      readFileSync(rulesFile, 'utf8')
        .replace(/^\uFEFF/, '')
        .split('\n')[0],
    ).toBe('antecedent,consequent,antecedent_names,consequent_names,support,confidence,lift,leverage,conviction,count');
    await page.screenshot({ path: path.join(SHOTS, '5-export.png') });
  });

  it('opens several daily Online Retail files', async () => {
    const files = readdirSync(RETAIL)
      .filter((f) => f.endsWith('.csv'))
      .sort()
      .slice(0, 12)
      .map((f) => path.join(RETAIL, f));
    await page.getByTestId('nav-data').click();
    await page.setInputFiles('#ss-open-files', files);
    await page.waitForFunction(() => document.querySelector('[data-testid="dataset-label"]')?.textContent === '12 files', undefined, { timeout: 90_000 });
    await page.waitForFunction(() => document.querySelectorAll('[data-testid="files"] tbody tr').length === 12, undefined, { timeout: 90_000 });
    expect(numberIn(await text(page, 'kpi-customers'))).toBeGreaterThan(100);
    expect(await page.getByTestId('map-customer').inputValue()).toBe('CustomerID');
    await page.waitForTimeout(500);
    await page.screenshot({ path: path.join(SHOTS, '6-data-online-retail.png') });
  });

  it('renders the dark theme', async () => {
    await page.getByTestId('theme-toggle').click();
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('segment-bars').waitFor();
    await page.waitForTimeout(800);
    await page.screenshot({ path: path.join(SHOTS, '7-segments-dark.png') });
    await page.getByTestId('nav-clusters').click();
    await page.waitForTimeout(1500);
    await page.screenshot({ path: path.join(SHOTS, '8-clusters-dark.png') });
    await page.getByTestId('theme-toggle').click();
  });

  it('at 1280x720 and 1440x900 no card or table overflows horizontally on any screen, and product names are never cut', async () => {
    for (const [width, height] of [
      [1280, 720],
      [1440, 900],
    ] as const) {
      await page.setViewportSize({ width, height });
      for (const { id } of SCREENS) {
        await page.getByTestId(`nav-${id}`).click();
        await page.waitForTimeout(1500); // charts laid out
        const cut = await page.evaluate(() => ({
          cards: [...document.querySelectorAll('.card')]
            .filter((e) => e.scrollWidth > e.clientWidth + 1)
            .map((e) => e.getAttribute('data-testid') ?? e.textContent?.slice(0, 30)),
          // A table scrolling sideways inside its card hides columns as surely (the segment table beside the rules, the migration matrix).
          tables: [...document.querySelectorAll('.table-wrap')]
            .filter((e) => e.scrollWidth > e.clientWidth + 1)
            .map((e) => e.closest('.card')?.getAttribute('data-testid') ?? e.querySelector('th')?.textContent),
          names: [...document.querySelectorAll('td.wrap')].filter((e) => e.scrollWidth > e.clientWidth + 1).map((e) => e.textContent),
        }));
        expect(cut, `${id} at ${width}x${height}`).toEqual({ cards: [], tables: [], names: [] });
      }
    }
    await page.setViewportSize({ width: 1440, height: 960 });
  });

  it('writes each tick of the rules chart once, for rules whose confidences lie a percent apart', async () => {
    // Three pairs of products, each product in 100 baskets and a pair together in 43, 44 or 45 of
    // them: six rules at 43-45% confidence, which Plotly ticks every half percent.
    const lines = ['Invoice,Customer,Date,Item,Qty,Price'];
    let invoice = 0;
    const basket = (...items: string[]) => {
      invoice++;
      for (const item of items) lines.push(`${invoice},c${invoice % 40},2024-03-01 10:00,${item},1,2.00`);
    };
    for (const [a, b, both] of [
      ['Tea', 'Scone', 43],
      ['Coffee', 'Bagel', 44],
      ['Juice', 'Muffin', 45],
    ] as const) {
      for (let i = 0; i < both; i++) basket(a, b);
      for (let i = both; i < 100; i++) basket(a);
      for (let i = both; i < 100; i++) basket(b);
    }
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'ss-e2e-ticks-')), 'pairs.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    await page.setInputFiles('#ss-open-files', [file]);
    await page.waitForFunction(() => document.querySelector('[data-testid="dataset-label"]')?.textContent === 'pairs.csv', undefined, { timeout: 90_000 });
    await page.getByTestId('nav-baskets').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="kpi-rules"] .value')?.textContent === '6', undefined, { timeout: 60_000 });
    await page.waitForSelector('[data-testid="rules-scatter"] .ytick text', { timeout: 30_000 });
    for (const axis of ['xtick', 'ytick']) {
      const ticks = await page.$$eval(`[data-testid="rules-scatter"] .${axis} text`, (els) => els.map((e) => e.textContent ?? ''));
      expect(ticks.length, axis).toBeGreaterThan(2);
      expect(new Set(ticks).size, `${axis}: ${ticks.join(' ')}`).toBe(ticks.length);
    }
  });

  it('logged no page errors or CSP violations', () => {
    expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});
