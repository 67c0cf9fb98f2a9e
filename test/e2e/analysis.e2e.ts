/**
 * End-to-end, the analysis as data (issue 11): in the web build in Debian's Chromium,
 * - opening a file computes nothing for the Clusters and Baskets screens until they are opened;
 * - settings changed in the app are saved as an analysis file, and after a reload (the
 *   autosaved session) every setting is back;
 * - the same analysis file run by the CLI gives byte-identical campaign, rules and itemsets files.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { parseAnalysis, parseCsv } from '../../engine/src/index.ts';
import { CHROMIUM } from '../helpers/chromium.ts';
import { openAppPage, type AppPage } from '../helpers/e2e-page.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLE = path.join(ROOT, 'assets/sample/sample-transactions.csv');
const BIN = path.join(ROOT, 'bin/segment-studio.mjs');
const hasChromium = existsSync(CHROMIUM);

const jobs = (page: Page) => page.evaluate(() => (window.__ssJobs ?? []).map((j) => j.name));

async function download(page: Page, testId: string, dir: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = path.join(dir, d.suggestedFilename());
  await d.saveAs(file);
  return file;
}

describe.skipIf(!hasChromium)('the analysis as data, in Chromium', () => {
  let app: AppPage;
  let page: Page;
  let server: AppPage['server'];
  let errors: string[];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-analysis-e2e-'));

  beforeAll(async () => {
    app = await openAppPage(await buildWeb({ quiet: true }), {
      context: { viewport: { width: 1440, height: 960 }, acceptDownloads: true },
      goto: '?sample',
      consoleErrors: false,
    });
    ({ page, server, errors } = app);
    await page.getByTestId('ov-kpis').waitFor({ timeout: 60_000 }); // a first load opens on the Overview
  });

  afterAll(async () => {
    await app?.close();
  });

  it('computes nothing for the Clusters and Baskets screens until they are opened', async () => {
    await page.waitForTimeout(1500); // time for anything eager to have started
    for (const name of ['rfm', 'segments', 'elbow', 'fit', 'baskets', 'mined']) expect(await jobs(page)).not.toContain(name);
    await page.getByTestId('nav-segments').click();
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="seg-count-0"]')?.textContent ?? ''));
    const afterSegments = await jobs(page);
    expect(afterSegments).toContain('segments');
    for (const name of ['elbow', 'fit', 'baskets', 'mined']) expect(afterSegments).not.toContain(name);
    await page.getByTestId('nav-clusters').click();
    await page.waitForFunction(() => /k = \d/.test(document.querySelector('[data-testid="fit-status"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    expect(await jobs(page)).toEqual(expect.arrayContaining(['elbow', 'fit']));
    expect(await jobs(page)).not.toContain('mined');
    await page.getByTestId('nav-baskets').click();
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="kpi-itemsets"] .value')?.textContent ?? ''), undefined, {
      timeout: 60_000,
    });
    expect(await jobs(page)).toEqual(expect.arrayContaining(['baskets', 'mined']));
  });

  it('changing only the confidence re-derives rules without mining again', async () => {
    const minedBefore = (await jobs(page)).filter((n) => n === 'baskets').length;
    const rules = await page.getByTestId('kpi-rules').innerText();
    await page.getByTestId('min-confidence').fill('0.6');
    await page.waitForFunction((prev) => (document.querySelector('[data-testid="kpi-rules"]') as HTMLElement).innerText !== prev, rules);
    expect((await jobs(page)).filter((n) => n === 'baskets').length).toBe(minedBefore);
  });

  it('the Analysis menu closes on Escape and on a click elsewhere, as menus do', async () => {
    const menu = page.getByTestId('analysis-menu');
    const isOpen = () => menu.evaluate((d) => (d as HTMLDetailsElement).open);
    await menu.locator('summary').click();
    expect(await isOpen()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(isOpen).toBe(false);
    await menu.locator('summary').click();
    await page.getByTestId('analysis-name').click(); // inside: stays open
    expect(await isOpen()).toBe(true);
    await page.locator('.topbar h1').click();
    await expect.poll(isOpen).toBe(false);
  });

  it('saves the analysis; after a reload every setting is back', async () => {
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('preset').selectOption('sum5');
    await page.getByTestId('nav-clusters').click();
    await page.getByTestId('k-slider').fill('5');
    await page.waitForFunction(() => /k = 5/.test(document.querySelector('[data-testid="fit-status"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    await page.getByTestId('nav-baskets').click();
    await page.getByTestId('min-support').fill('7'); // the 8th step: 2 %
    await page.getByTestId('nav-export').click();
    await page.getByTestId('export-group-by').getByText('Clusters').click();
    await page.locator('summary', { hasText: 'Analysis' }).click();
    await page.getByTestId('analysis-name').fill('Monthly sample');
    const saved = await download(page, 'save-analysis', dir);
    expect(path.basename(saved)).toBe('monthly-sample.analysis.json');
    const a = parseAnalysis(JSON.parse(readFileSync(saved, 'utf8')));
    expect(a).toMatchObject({
      name: 'Monthly sample',
      sources: { paths: ['sample-transactions.csv'] },
      clustering: { k: 5 },
      baskets: { minSupport: 0.02, minConfidence: 0.6 },
      export: { groupBy: 'cluster' },
    });
    expect(a.segments.name).toBe('sum5');

    await page.goto(server.url); // a restart: no ?sample, the session comes back from storage
    await page.getByTestId('restored-session').waitFor();
    expect(await page.getByTestId('recent-analysis').first().innerText()).toContain('Monthly sample');
    const restored = await page.evaluate(() => localStorage.getItem('ss-session'));
    expect(parseAnalysis(JSON.parse(restored!))).toEqual(a);
    // Open the files again: the restored settings apply.
    await page.getByTestId('open-sample').click();
    await page.getByTestId('ov-kpis').waitFor({ timeout: 60_000 });
    await page.getByTestId('nav-segments').click();
    expect(await page.getByTestId('preset').inputValue()).toBe('sum5');
    await page.getByTestId('nav-clusters').click();
    expect(await page.getByTestId('k-value').innerText()).toBe('5');
  });

  it('the CLI runs the saved analysis to the same bytes as the app exports', async () => {
    await page.getByTestId('nav-clusters').click();
    await page.waitForFunction(() => /k = 5/.test(document.querySelector('[data-testid="fit-status"]')?.textContent ?? ''), undefined, { timeout: 60_000 });
    await page.getByTestId('nav-baskets').click();
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="kpi-itemsets"] .value')?.textContent ?? ''), undefined, {
      timeout: 60_000,
    });
    await page.getByTestId('nav-export').click();
    const appDir = mkdtempSync(path.join(dir, 'app-'));
    const campaign = await download(page, 'export-campaign-btn', appDir);
    const rules = await download(page, 'export-rules-btn', appDir);
    // Its manifest, saved on demand: the sources, the basket thresholds and rules.csv's SHA-256.
    const rulesManifest = JSON.parse(readFileSync(await download(page, 'export-manifest-btn', mkdtempSync(path.join(dir, 'manifest-'))), 'utf8'));
    const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
    expect(rulesManifest.outputs).toEqual([{ name: 'rules.csv', size: readFileSync(rules).length, sha256: sha(readFileSync(rules)) }]);
    expect(rulesManifest.sources).toEqual([{ name: 'sample-transactions.csv', size: readFileSync(SAMPLE).length, sha256: sha(readFileSync(SAMPLE)) }]);
    expect(rulesManifest.baskets.minSupport).toBeGreaterThan(0);
    const itemsets = await download(page, 'export-itemsets-btn', appDir);
    await page.locator('summary', { hasText: 'Analysis' }).click();
    const analysis = await download(page, 'save-analysis', appDir);
    const out = path.join(dir, 'cli');
    const r = spawnSync(process.execPath, [BIN, 'run', analysis, SAMPLE, '--out', out], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(path.basename(campaign)).toBe('campaign-clusters.csv');
    for (const f of [campaign, rules, itemsets]) {
      const cli = readFileSync(path.join(out, path.basename(f)));
      expect(cli.length).toBeGreaterThan(100);
      expect(cli.equals(readFileSync(f)), `${path.basename(f)} differs`).toBe(true);
    }
  });

  it('a contactable campaign list with next-best products: the same bytes from the app and the CLI', async () => {
    // The sample with an email per customer.
    const [header, ...rows] = parseCsv(readFileSync(SAMPLE, 'utf8')).filter((r) => r.length > 1);
    const cust = header!.indexOf('CustomerID');
    const cell = (v: string) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
    const shop = path.join(dir, 'shop.csv');
    writeFileSync(
      shop,
      `${[[...header!, 'Email'], ...rows.map((r) => [...r, r[cust] ? `c${r[cust]}@example.com` : ''])].map((r) => r.map(cell).join(',')).join('\n')}\n`,
    );
    await page.getByTestId('nav-data').click();
    await page.setInputFiles('#ss-open-files', [shop]);
    // The label changes when loading starts; the mapping once the file is read.
    await page.waitForFunction(() => (document.querySelector('[data-testid="map-email"]') as HTMLSelectElement | null)?.value === 'Email', undefined, {
      timeout: 90_000,
    });
    expect(await page.getByTestId('dataset-label').innerText()).toBe('shop.csv');
    await page.getByTestId('nav-baskets').click();
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="kpi-rules"] .value')?.textContent ?? ''), undefined, { timeout: 60_000 });
    await page.getByTestId('nav-export').click();
    await page.getByTestId('export-group-by').getByText('Segments').click();
    await page.getByTestId('export-col-email').check();
    await page.getByTestId('export-col-next_best_product').check();
    await page.getByTestId('export-col-next_best_product_name').check();
    await page.waitForFunction(() => !(document.querySelector('[data-testid="export-campaign-btn"]') as HTMLButtonElement).disabled, undefined, {
      timeout: 60_000,
    });
    const appDir = mkdtempSync(path.join(dir, 'contacts-'));
    const campaign = await download(page, 'export-campaign-btn', appDir);
    await page.locator('summary', { hasText: 'Analysis' }).click();
    const analysis = await download(page, 'save-analysis', appDir);
    const lines = parseCsv(readFileSync(campaign, 'utf8'));
    expect(lines[0]!.slice(-3)).toEqual(['email', 'next_best_product', 'next_best_product_name']);
    expect(lines.slice(1).every((l) => l[l.length - 3] === `c${l[0]}@example.com`)).toBe(true);
    const recommended = lines.slice(1).filter((l) => l[l.length - 2] !== '');
    expect(recommended.length).toBeGreaterThan(100);
    // Each code's name is one of the descriptions the file gives that code, on every line with a code.
    const [sku, description] = [header!.indexOf('StockCode'), header!.indexOf('Description')];
    const names = new Map<string, Set<string>>();
    for (const r of rows) names.set(r[sku]!, (names.get(r[sku]!) ?? new Set()).add(r[description]!));
    expect(recommended.every((l) => names.get(l[l.length - 2]!)?.has(l[l.length - 1]!))).toBe(true);
    const out = path.join(dir, 'cli-contacts');
    const r = spawnSync(process.execPath, [BIN, 'run', analysis, shop, '--out', out], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(readFileSync(path.join(out, 'campaign-segments.csv')).equals(readFileSync(campaign))).toBe(true);
  });

  it('stops at the mapping while a role RFM needs is missing, naming it and the free columns', async () => {
    // An export without a customer column (the sample with CustomerID cut out).
    const lines = readFileSync(SAMPLE, 'utf8')
      .split('\n')
      .filter((l) => l !== '');
    const at = lines[0]!.split(',').indexOf('CustomerID');
    const file = path.join(dir, 'no-customer.csv');
    writeFileSync(
      file,
      `${lines
        .map((l) =>
          l
            .split(',')
            .filter((_, i) => i !== at)
            .join(','),
        )
        .join('\n')}\n`,
    );
    await page.getByTestId('nav-data').click();
    await page.setInputFiles('#ss-open-files', [file]);
    await page.getByTestId('required-roles').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('required-roles').innerText()).toMatch(/Segments need customer/);
    expect(await page.getByTestId('nav-segments').isDisabled()).toBe(true);
    expect(await page.getByTestId('nav-clusters').isDisabled()).toBe(true);
    expect(await page.getByTestId('nav-baskets').isDisabled()).toBe(false); // baskets by invoice need no customer
  });

  it('logged no page errors', () => {
    expect(errors).toEqual([]);
  });
});
