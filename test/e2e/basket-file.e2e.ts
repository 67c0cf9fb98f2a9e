/**
 * End-to-end (web build in Debian's Chromium): a file of one basket per line, arules' Groceries,
 * opened as a user's file. The Data screen says which layout was read, and the Baskets screen
 * mines it as published: at minSupport 0.1%, minConfidence 80% and up to 6 items (Groceries'
 * longest itemset), 13,492 itemsets and arules' 410 rules. Data without invoice numbers (member,
 * date, item) is mined by visit, a customer's purchases on one day, and the screen says so.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { startStaticServer } from '../../build/scripts/static-server.mjs';
import { CHROMIUM, CHROMIUM_ARGS } from '../helpers/chromium.ts';
import { GROCERIES_CSV } from '../helpers/engine.ts';

const SHOTS = path.resolve(import.meta.dirname, '../.artifacts/screenshots');
const hasChromium = existsSync(CHROMIUM);

async function text(page: Page, testId: string): Promise<string> {
  return (await page.getByTestId(testId).first().innerText()).replace(/\s+/g, ' ').trim();
}

/** Waits until the element's text matches `pattern`. */
async function shows(page: Page, testId: string, pattern: RegExp): Promise<void> {
  await page.waitForFunction(
    ([id, source, flags]) => new RegExp(source, flags).test((document.querySelector(`[data-testid="${id}"]`) as HTMLElement | null)?.innerText ?? ''),
    [testId, pattern.source, pattern.flags] as const,
    { timeout: 90_000 },
  );
}

describe.skipIf(!hasChromium)('a file of baskets in Chromium', () => {
  let browser: Browser;
  let page: Page;
  let server: { url: string; close(): Promise<void> };
  const errors: string[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startStaticServer({ root: await buildWeb({ quiet: true }) });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: [...CHROMIUM_ARGS] });
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(m.text());
    });
    await page.goto(server.url);
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('reads Groceries as baskets and mines arules’ 410 rules', async () => {
    await page.setInputFiles('#ss-open-files', [GROCERIES_CSV]);
    await page.getByTestId('nav-data').click();
    await shows(page, 'basket-layout', /9,835 baskets/);
    expect(await text(page, 'basket-layout')).toBe('one basket per line, its fields the items: 9,835 baskets, 43,367 items');
    await page.screenshot({ path: path.join(SHOTS, 'basket-file-data.png') });

    await page.getByTestId('nav-baskets').click();
    await shows(page, 'kpi-itemsets', /\d/);
    await page.getByTestId('min-support').fill('0'); // the first step: 0.1%
    await page.getByTestId('min-confidence').fill('0.8');
    await page.getByTestId('max-len').selectOption('6');
    await shows(page, 'kpi-itemsets', /13,492/);
    await shows(page, 'kpi-rules', /\b410\b/);
    expect(await text(page, 'min-support-value')).toBe('0.10%');
    await page.waitForTimeout(400);
    await page.screenshot({ path: path.join(SHOTS, 'basket-file-rules.png') });
    expect(errors).toEqual([]);
  }, 180_000);

  it('mines data without invoice numbers by visit', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-visits-'));
    const file = path.join(dir, 'members.csv');
    // Visits: 7 on the 1st, 8 on the 2nd, 7 on the 5th (two lines of it at other hours), 9 on the 5th.
    writeFileSync(
      file,
      'Member_number,Date,itemDescription\n7,01-03-2015 09:00,soda\n7,01-03-2015 09:00,yogurt\n8,02-03-2015 10:00,soda\n' +
        '7,05-03-2015 11:00,soda\n7,05-03-2015 18:00,rolls/buns\n9,05-03-2015 12:00,yogurt\n',
    );
    try {
      await page.setInputFiles('#ss-open-files', [file]);
      await page.getByTestId('nav-baskets').click();
      await shows(page, 'kpi-baskets', /^\s*Baskets\s+4\b/i);
      expect(await page.locator('[data-testid="basket-by"] button.on').innerText()).toBe('Visit');
      expect((await text(page, 'kpi-baskets')).toLowerCase()).toBe('baskets 4 3 distinct items');
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);
});
