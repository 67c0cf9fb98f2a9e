/**
 * End-to-end (web build in Debian's Chromium): mapping edits are atomic and remembered, and a
 * load can be cancelled. Two quick mapping changes both stick; the remembered mapping of a
 * header layout is re-applied after a reload; cancelling a load keeps the previous dataset.
 */
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { CHROMIUM } from '../helpers/chromium.ts';
import { loaded, openAppPage, text, type AppPage } from '../helpers/e2e-page.ts';

const SAMPLE = path.resolve(import.meta.dirname, '../../assets/sample/sample-transactions.csv');
const RETAIL = path.resolve(import.meta.dirname, '../../../shared/data/online-retail/by-day');
const hasChromium = existsSync(CHROMIUM);

/** Opens files through the file picker (a fresh open: the mapping is detected, or remembered). */
async function openFiles(page: Page, files: string[]): Promise<void> {
  await page.setInputFiles('#ss-open-files', files);
  await page
    .waitForFunction(() => document.querySelector('.progress-bar')?.getAttribute('style')?.includes('visible'), undefined, { timeout: 10_000 })
    .catch(() => undefined);
  await loaded(page);
  await page.getByTestId('nav-data').click();
  await page.getByTestId('kpis').waitFor({ timeout: 90_000 });
}

describe.skipIf(!hasChromium)('mapping edits and loads in Chromium', () => {
  let app: AppPage;
  let page: Page;
  let tmp: string;
  /** The sample under another name, opened as a user's own file. */
  let export1: string;
  let errors: string[];

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ss-mapping-e2e-'));
    export1 = path.join(tmp, 'shop-export.csv');
    copyFileSync(SAMPLE, export1);
    // A private copy: other test runs rebuild dist/web, and this test reloads the page.
    const webRoot = path.join(tmp, 'web');
    cpSync(await buildWeb({ quiet: true }), webRoot, { recursive: true });
    app = await openAppPage(webRoot, { context: { viewport: { width: 1440, height: 960 } } });
    ({ page, errors } = app);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('two quick mapping changes both stick', async () => {
    await openFiles(page, [export1]);
    expect(await page.getByTestId('mapping-remembered').count()).toBe(0);
    expect(await page.getByTestId('map-category').inputValue()).toBe('');
    expect(await page.getByTestId('map-city').inputValue()).toBe('');
    await page.getByTestId('map-category').selectOption('Description');
    await page.getByTestId('map-city').selectOption('Country');
    // The pending values show at once, while the files are read again.
    expect(await page.getByTestId('map-category').inputValue()).toBe('Description');
    expect(await page.getByTestId('map-city').inputValue()).toBe('Country');
    expect(await page.getByTestId('map-pending-category').count()).toBe(1);
    await page.waitForFunction(() => document.querySelector('[data-testid^="map-pending-"]') === null, undefined, { timeout: 60_000 });
    // Both edits are in the dataset read last: pinned by the user, not pending.
    expect(await page.getByTestId('map-category').inputValue()).toBe('Description');
    expect(await page.getByTestId('map-city').inputValue()).toBe('Country');
    const tile = (role: string) => page.locator('.map-tile', { has: page.getByTestId(`map-${role}`) }).innerText();
    expect(await tile('category')).toContain('set by you');
    expect(await tile('city')).toContain('set by you');
    // Confirmed by loading: remembered for this layout.
    expect(await text(page, 'mapping-remembered')).toMatch(/remembered for files with these columns/);
  }, 120_000);

  it('re-applies the remembered mapping after a reload, and forgets it on request', async () => {
    await page.reload();
    await openFiles(page, [export1]);
    expect(await page.getByTestId('map-category').inputValue()).toBe('Description');
    expect(await page.getByTestId('map-city').inputValue()).toBe('Country');
    expect(await text(page, 'mapping-remembered')).toBe(
      'Applied the mapping remembered for files with these columns: category ← “Description”, city ← “Country”. Forget it',
    );
    await page.getByTestId('forget-mapping').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="mapping-remembered"]') === null, undefined, { timeout: 60_000 });
    await loaded(page);
    expect(await page.getByTestId('map-category').inputValue()).toBe('');
    expect(await page.getByTestId('map-city').inputValue()).toBe('');
    await page.reload();
    await openFiles(page, [export1]);
    expect(await page.getByTestId('map-category').inputValue()).toBe('');
    expect(await page.getByTestId('mapping-remembered').count()).toBe(0);
  }, 180_000);

  it('shows files and bytes read while loading, and Cancel keeps the previous dataset and its name', async () => {
    const kpis = async () => Promise.all(['kpi-lines', 'kpi-customers', 'kpi-invoices', 'kpi-revenue'].map((id) => text(page, id)));
    const before = await kpis();
    expect(await text(page, 'dataset-label')).toBe('shop-export.csv');
    const days = readdirSync(RETAIL)
      .filter((f) => f.endsWith('.csv'))
      .sort()
      .map((f) => path.join(RETAIL, f));
    await page.setInputFiles('#ss-open-files', days);
    // Progress from the engine's read loop: files and bytes read so far.
    await page.waitForFunction(
      () => /read \d+ of \d+ files/.test(document.querySelector('[data-testid="load-progress-message"]')?.textContent ?? ''),
      undefined,
      {
        timeout: 90_000,
      },
    );
    const message = await text(page, 'load-progress-message');
    const [, read, of, mbRead, mbAll] = /read (\d+) of (\d+) files \(([\d.]+) of ([\d.]+) MB\)/.exec(message)!;
    expect(Number(of)).toBe(days.length);
    expect(Number(read)).toBeLessThan(days.length);
    expect(Number(mbRead)).toBeLessThan(Number(mbAll));
    expect(await text(page, 'dataset-label')).toBe(`${days.length} files`);
    await page.getByTestId('cancel-load').click();
    // At once: the previous name and figures, no load under way.
    expect(await text(page, 'dataset-label')).toBe('shop-export.csv');
    expect(await page.getByTestId('load-progress').count()).toBe(0);
    expect(await kpis()).toEqual(before);
    // Once the engine has stopped, the previous tables are back: re-cleaning gives the same figures.
    await page.getByTestId('toggle-duplicate').click();
    await page.waitForFunction((t) => document.querySelector('[data-testid="kpi-lines"]')?.textContent !== t, before[0], { timeout: 90_000 });
    await page.getByTestId('toggle-duplicate').click();
    await page.waitForFunction(() => document.querySelector('[data-testid="count-duplicate"]')?.textContent?.startsWith('−'), undefined, { timeout: 90_000 });
    await page.waitForTimeout(500);
    expect(await kpis()).toEqual(before);
    expect(await text(page, 'dataset-label')).toBe('shop-export.csv');
  }, 240_000);

  it('net returns: customers who only returned are reported and not scored; the Data and Segments screens count the same customers', async () => {
    // 30 buyers (c01..c30), 4 customers with only a return or a cancellation (r1..r4), one buyer who returned everything (c01).
    const lines = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
    for (let i = 1; i <= 30; i++)
      lines.push(
        `${1000 + i},P${i % 7},ITEM ${i % 7},${1 + (i % 3)},2024-0${1 + (i % 9)}-1${i % 10} 10:00,${(2 + (i % 5)).toFixed(2)},c${String(i).padStart(2, '0')},UK`,
      );
    lines.push('C1001,P1,ITEM 1,-2,2024-03-02 10:00,3.00,c01,UK');
    for (let i = 1; i <= 4; i++) lines.push(`${i % 2 ? `C9${i}` : `20${i}`},P2,ITEM 2,-1,2024-05-0${i} 10:00,4.00,r${i},UK`);
    const file = path.join(tmp, 'with-returns.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    await openFiles(page, [file]);
    await page.locator('[data-testid="returns-mode"] button', { hasText: 'Net' }).click();
    await page.getByTestId('rule-returns-only').waitFor({ timeout: 60_000 });
    expect(await text(page, 'returns-only-text')).toMatch(
      /^4 customers with no purchase, only returns or cancellations netting to .*16.*: not scored\. E\.g\. r1 \(1 line, /,
    );
    expect(await text(page, 'count-returns-only')).toBe('−4');
    expect(await text(page, 'kpi-customers')).toMatch(/^customers 30$/i);
    await page.getByTestId('nav-segments').click();
    await page.waitForFunction(() => /^[1-9]/.test(document.querySelector('[data-testid="kpi-scored"] .value')?.textContent ?? ''), undefined, {
      timeout: 60_000,
    });
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="seg-count-0"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    expect(await text(page, 'kpi-scored')).toMatch(/^customers scored 30 /i);
    const counts = await page.locator('[data-testid^="seg-count-"]').allInnerTexts();
    expect(counts.reduce((sum, t) => sum + (Number(t.replace(/[^0-9]/g, '')) || 0), 0)).toBe(30);
    await page.getByTestId('nav-data').click();
  }, 180_000);

  it('"not mapped" sticks, and "detect automatically" hands the role back', async () => {
    await page.getByTestId('kpis').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('map-country').inputValue()).toBe('Country');
    await page.getByTestId('map-country').selectOption('');
    await page.waitForFunction(() => document.querySelector('[data-testid^="map-pending-"]') === null, undefined, { timeout: 60_000 });
    await loaded(page);
    expect(await page.getByTestId('map-country').inputValue()).toBe('');
    const tile = () => page.locator('.map-tile', { has: page.getByTestId('map-country') }).innerText();
    expect(await tile()).toContain('set by you');
    await page.getByTestId('map-country').selectOption('*detect*');
    await page.waitForFunction(() => document.querySelector('[data-testid^="map-pending-"]') === null, undefined, { timeout: 60_000 });
    await loaded(page);
    expect(await page.getByTestId('map-country').inputValue()).toBe('Country');
    expect(await tile()).not.toContain('set by you');
  }, 120_000);

  it('reads a time of day in a column of its own with the date, shown on the date\'s tile; "not mapped" reads the date alone', async () => {
    const file = path.join(tmp, 'till.csv');
    writeFileSync(file, 'Date,Time,Receipt,Customer,Item,Qty,Price\n2024-03-01,08:15,R1,C1,Mug,1,2.50\n2024-03-02,2:05 PM,R2,C2,Cup,1,3.50\n');
    await openFiles(page, [file]);
    const tile = (role: string) => page.locator('.map-tile', { has: page.getByTestId(`map-${role}`) }).innerText();
    expect(await page.getByTestId('map-date').inputValue()).toBe('Date');
    expect(await page.getByTestId('map-time').inputValue()).toBe('Time');
    expect(await tile('date')).toContain('+ “Time”');
    await page.getByTestId('map-time').selectOption('');
    await page.waitForFunction(() => document.querySelector('[data-testid^="map-pending-"]') === null, undefined, { timeout: 60_000 });
    await loaded(page);
    expect(await page.getByTestId('map-time').inputValue()).toBe('');
    expect(await tile('time')).toContain('set by you');
    expect(await tile('date')).not.toContain('+ “Time”');
  }, 120_000);

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
