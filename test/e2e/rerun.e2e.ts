/**
 * End-to-end (web build in Debian's Chromium): the monthly re-run. Online Retail's days to the
 * end of June are opened and scored; *Re-run on new files* with the days to the end of September
 * keeps every setting, and the Migration screen and the report then start from the snapshot of
 * the run before ("since the last run") instead of 90 days back; a fresh open of the same files
 * starts 90 days back again. Its Baskets screen says that a quarter of the lines, without a
 * customer, feed no basket, and turns missing_customer off.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { CHROMIUM } from '../helpers/chromium.ts';
import { loaded, openAppPage, shows, type AppPage } from '../helpers/e2e-page.ts';
import { ONLINE_RETAIL_DIR } from '../helpers/engine.ts';

const days = readdirSync(ONLINE_RETAIL_DIR)
  .filter((f) => f.endsWith('.csv'))
  .sort();
const through = (last: string) => days.filter((f) => f <= `${last}.csv`).map((f) => path.join(ONLINE_RETAIL_DIR, f));

describe.skipIf(!existsSync(CHROMIUM) || days.length === 0)('re-run on new files', () => {
  let app: AppPage;
  let page: Page;

  beforeAll(async () => {
    app = await openAppPage(await buildWeb({ quiet: true }), { context: { viewport: { width: 1440, height: 960 } } });
    ({ page } = app);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  /** The Migration screen's two dates, once the matrix for them is drawn. */
  async function migrationDates(): Promise<{ from: string; to: string }> {
    await page.getByTestId('nav-migration').click();
    await page.getByTestId('migration-matrix').waitFor({ timeout: 120_000 });
    return { from: await page.getByTestId('migration-from').inputValue(), to: await page.getByTestId('migration-to').inputValue() };
  }

  it('starts the migration and the report at the last run’s snapshot', async () => {
    await page.setInputFiles('#ss-open-files', through('2011-06-30'));
    await loaded(page, 180_000);
    await page.getByTestId('nav-segments').click();
    // The days to 2011-06-30: customers scored the day after.
    await shows(page, 'kpi-scored', /snapshot 2011-07-01/);

    await page.locator('summary', { hasText: 'Analysis' }).click();
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByTestId('rerun').click()]);
    await chooser.setFiles(through('2011-09-30'));
    await shows(page, 'kpi-scored', /snapshot 2011-10-01/);
    expect(await migrationDates()).toEqual({ from: '2011-07-01', to: '2011-10-01' });
    expect(await page.getByTestId('migration-from-last-run').innerText()).toBe("the last run's snapshot");
    await page.getByTestId('nav-export').click();
    expect(await page.getByTestId('report-compare').inputValue()).toBe('2011-07-01');
  }, 300_000);

  it('a fresh open of the same files starts 90 days back', async () => {
    await page.getByTestId('nav-data').click();
    await page.setInputFiles('#ss-open-files', through('2011-09-30'));
    await loaded(page, 180_000);
    await page.getByTestId('nav-segments').click();
    await shows(page, 'kpi-scored', /snapshot 2011-10-01/);
    expect(await migrationDates()).toEqual({ from: '2011-07-03', to: '2011-10-01' });
    expect(await page.getByTestId('migration-from-last-run').count()).toBe(0);
  }, 300_000);

  it('says the lines without a customer feed no basket while missing_customer is on, and turns the rule off', async () => {
    await page.getByTestId('nav-baskets').click();
    const notice = page.getByTestId('baskets-anonymous');
    await notice.waitFor({ timeout: 120_000 });
    expect(await notice.innerText()).toMatch(/^[\d,]+ lines \(\d+\.\d%\) have no customer and are left out of the baskets by the missing_customer rule/);
    await shows(page, 'kpi-baskets', /\d/);
    const before = Number((await page.getByTestId('kpi-baskets').locator('.value').innerText()).replace(/,/g, ''));
    await notice.getByRole('button', { name: 'Turn the rule off' }).click();
    await notice.waitFor({ state: 'detached', timeout: 120_000 });
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="kpi-baskets"] .value')?.textContent?.replace(/,/g, '') ?? '0') > n, before, {
      timeout: 120_000,
    });
  }, 300_000);

  it('logged no page errors', () => {
    expect(app.errors).toEqual([]);
  });
});
