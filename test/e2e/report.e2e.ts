/**
 * End-to-end, segment migration and the shareable report (issue 17 items 3 and 4), in the web
 * build in Debian's Chromium on the bundled sample:
 * - the Migration screen's matrix, a cell's list and its export equal `segment-studio migrate`;
 * - "Export report" gives the same bytes as `segment-studio report` with the saved analysis;
 * - the report opens with every network request blocked and recorded: none is made, no console
 *   error, and its figures equal the app's (segment sizes, migration total, lines kept).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { parseCsv } from '../../engine/src/index.ts';
import { CHROMIUM } from '../helpers/chromium.ts';
import { openAppPage, type AppPage } from '../helpers/e2e-page.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLE = path.join(ROOT, 'assets/sample/sample-transactions.csv');
const BIN = path.join(ROOT, 'bin/segment-studio.mjs');
const int = (s: string) => Number(s.replace(/[^\d.-]/g, ''));

async function download(page: Page, testId: string, dir: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = path.join(dir, d.suggestedFilename());
  await d.saveAs(file);
  return file;
}

describe.skipIf(!existsSync(CHROMIUM))('segment migration and the shareable report, in Chromium', () => {
  let app: AppPage;
  let browser: Browser;
  let page: Page;
  let errors: string[];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-report-e2e-'));
  let analysisFile = '';

  beforeAll(async () => {
    app = await openAppPage(await buildWeb({ quiet: true }), {
      context: { viewport: { width: 1440, height: 960 }, acceptDownloads: true },
      goto: '?sample',
      consoleErrors: false,
    });
    ({ browser, page, errors } = app);
    // Loaded once the screens that need data are enabled (the app then shows the Overview). The
    // machine may be busy (shared CPU): generous waits.
    await page.waitForFunction(() => (document.querySelector('[data-testid="nav-migration"]') as HTMLButtonElement | null)?.disabled === false, undefined, {
      timeout: 300_000,
    });
    await page.locator('summary', { hasText: 'Analysis' }).click();
    analysisFile = await download(page, 'save-analysis', dir);
    await page.keyboard.press('Escape');
  }, 600_000);

  afterAll(async () => {
    await app?.close();
  });

  it('the migration matrix, a cell and its campaign list equal the CLI', async () => {
    await page.getByTestId('nav-migration').click();
    await page.getByTestId('migration-matrix').waitFor({ timeout: 300_000 });
    const from = await page.getByTestId('migration-from').inputValue();
    const to = await page.getByTestId('migration-to').inputValue();
    const out = path.join(dir, 'migrate');
    const r = spawnSync(process.execPath, [BIN, 'migrate', SAMPLE, '--analysis', analysisFile, '--from', from, '--to', to, '--out', out, '--json'], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    const cli = JSON.parse(r.stdout) as { matrix: { before: string[]; after: string[]; customers: number[][] } };
    // The dates the screen opened on are the CLI's own when none is given.
    const defaults = spawnSync(process.execPath, [BIN, 'migrate', SAMPLE, '--analysis', analysisFile, '--out', path.join(dir, 'migrate-defaults'), '--json'], {
      encoding: 'utf8',
    });
    expect(defaults.status, defaults.stderr).toBe(0);
    expect(JSON.parse(defaults.stdout)).toMatchObject({ from, to });
    const { before, after, customers } = cli.matrix;
    for (let i = 0; i < before.length; i++)
      for (let j = 0; j < after.length; j++)
        expect(int(await page.getByTestId(`migration-cell-${i}-${j}`).innerText()), `${before[i]} → ${after[j]}`).toBe(customers[i]![j]);
    // The biggest off-diagonal cell: its list and its export.
    let best = [0, 1];
    customers.forEach((row, i) => row.forEach((n, j) => i !== j && j < after.length - 1 && n > customers[best[0]!]![best[1]!]! && (best = [i, j])));
    const [i, j] = best as [number, number];
    await page.getByTestId(`migration-cell-${i}-${j}`).click();
    await expect.poll(() => page.getByTestId('migration-cell-title').innerText()).toContain(`${customers[i]![j]} customers`);
    const file = await download(page, 'migration-export-btn', mkdtempSync(path.join(dir, 'cell-')));
    const slug = (s: string) =>
      s
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '');
    const cliFile = path.join(out, 'cells', `${slug(before[i]!)}--${slug(after[j]!)}.csv`);
    expect(readFileSync(file).equals(readFileSync(cliFile)), 'cell list differs from the CLI').toBe(true);
    expect(parseCsv(readFileSync(file, 'utf8')).length - 1).toBe(customers[i]![j]);
    await page.getByTestId('migration-sankey').waitFor();
    await page.screenshot({ path: path.join(ROOT, 'test/.artifacts/screenshots/migration.png'), fullPage: true });
  }, 900_000);

  it('Export report gives the CLI report bytes; the report fetches nothing, logs no error, and shows the app figures', async () => {
    await page.getByTestId('nav-migration').click();
    await page.getByTestId('migration-matrix').waitFor({ timeout: 300_000 });
    const appMigrationTotal = int(await page.getByTestId('migration-total').innerText());
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('seg-row-0').waitFor({ timeout: 300_000 });
    const segments = new Map<string, number>();
    for (const row of await page.locator('[data-testid^="seg-row-"]').all()) {
      const cells = await row.locator('td').allInnerTexts();
      segments.set(cells[0]!.trim(), int(cells[1]!));
    }
    await page.getByTestId('nav-data').click();
    await page.getByTestId('kpi-lines').waitFor({ timeout: 60_000 });
    const kept = int((await page.getByTestId('kpi-lines').locator('.value').innerText()) ?? '');
    // The clusters and rules the report includes, computed on their screens first (as a user would).
    await page.getByTestId('nav-clusters').click();
    await page.waitForFunction(() => /k = \d/.test(document.querySelector('[data-testid="fit-status"]')?.textContent ?? ''), undefined, { timeout: 300_000 });
    await page.getByTestId('nav-baskets').click();
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="kpi-itemsets"] .value')?.textContent ?? ''), undefined, {
      timeout: 300_000,
    });
    await page.getByTestId('nav-export').click();
    // Ready once the clusters and rules the analysis asks for are computed (the button says so meanwhile).
    await page.getByTestId('export-report-btn').waitFor({ timeout: 60_000 });
    await expect
      .poll(
        async () =>
          `${await page.getByTestId('export-report-btn').innerText()} ${JSON.stringify(await page.evaluate(() => (window.__ssJobs ?? []).map((j) => j.name)))}`,
        {
          timeout: 600_000,
          interval: 2000,
        },
      )
      .toMatch(/^Export report /);
    // With no date chosen, the pickers show the ones the report uses (checked in the file below).
    const shownAsOf = await page.getByTestId('report-as-of').inputValue();
    const shownSince = await page.getByTestId('report-compare').inputValue();
    expect(shownAsOf).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    expect(shownSince).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    const started = Date.now();
    const report = await download(page, 'export-report-btn', mkdtempSync(path.join(dir, 'report-')));
    const appMs = Date.now() - started;
    const cliOut = path.join(dir, 'cli-report.html');
    const r = spawnSync(process.execPath, [BIN, 'report', SAMPLE, '--analysis', analysisFile, '--out', cliOut], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const html = readFileSync(report, 'utf8');
    expect(html.length).toBeGreaterThan(20_000);
    expect(html === readFileSync(cliOut, 'utf8'), 'the app and the CLI reports differ').toBe(true);
    expect(html).toContain(`Segments fixed with the data before ${shownAsOf};`);
    expect(html).toContain(`Segment migration from ${shownSince} to `);

    // Open it with every request other than the file itself recorded and blocked.
    const context = await browser.newContext({ offline: true });
    const requests: string[] = [];
    const consoleErrors: string[] = [];
    const self = `file://${report}`;
    await context.route('**/*', (route) => {
      // Local files (the report, and the probe below) load; everything else is recorded and refused.
      if (route.request().url().startsWith('file://')) return route.continue();
      requests.push(route.request().url());
      return route.abort();
    });
    const viewer = await context.newPage();
    viewer.on('request', (q) => q.url() !== self && requests.push(q.url()));
    viewer.on('console', (m) => m.type() === 'error' && consoleErrors.push(m.text()));
    viewer.on('pageerror', (e) => consoleErrors.push(e.message));
    await viewer.goto(self);
    await viewer.waitForLoadState('load');
    expect(requests).toEqual([]);
    expect(consoleErrors).toEqual([]);
    const figures = new Map(
      await viewer.$$eval('[data-figure]', (els) => els.map((e) => [e.getAttribute('data-figure')!, e.getAttribute('data-value')!] as [string, string])),
    );
    expect(segments.size).toBeGreaterThan(3);
    for (const [name, n] of segments) expect(Number(figures.get(`segment-customers-${name}`)), name).toBe(n);
    expect(Number(figures.get('migration-total'))).toBe(appMigrationTotal);
    expect(Number(figures.get('rows-kept'))).toBe(kept);
    expect(await viewer.locator('svg.chart').count()).toBeGreaterThanOrEqual(5);
    // Prints: a PDF of several pages comes out.
    const pdf = await viewer.pdf({ format: 'A4' });
    expect(pdf.length).toBeGreaterThan(20_000);
    // The harness does catch a fetch: the same report without its CSP and with an image from the network.
    const probe = report.replace(/report\.html$/, 'probe.html');
    writeFileSync(
      probe,
      html.replace(/<meta http-equiv="Content-Security-Policy"[^>]*>/, '').replace('<main>', '<main><img src="http://192.0.2.1/x.png" alt="">'),
    );
    const probeRequests: string[] = [];
    const probePage = await context.newPage();
    probePage.on('request', (q) => q.url() !== `file://${probe}` && probeRequests.push(q.url()));
    await probePage.goto(`file://${probe}`);
    await probePage.waitForLoadState('load');
    expect(probeRequests).toEqual(['http://192.0.2.1/x.png']);
    await context.close();
    expect(errors).toEqual([]);
    console.log(`report ${html.length} bytes, app export ${appMs} ms, ${segments.size} segments, migration total ${appMigrationTotal}`);
  }, 1_200_000);

  it('another file, of 40 days, after these views: the Migration screen and the back-test open halfway through it, on figures', async () => {
    // 2025-03-01 to 2025-04-09: shorter than the usual 90 days between the dates.
    const lines = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
    for (let d = 0; d < 40; d++) lines.push(`i${d},A,thing,1,${new Date(Date.UTC(2025, 2, 1 + d)).toISOString().slice(0, 10)} 10:00:00,5,c${d % 7},UK`);
    const file = path.join(dir, 'forty-days.csv');
    writeFileSync(file, `${lines.join('\n')}\n`);
    await page.setInputFiles('#ss-open-files', [file]);
    await page.getByTestId('nav-migration').click();
    await expect.poll(() => page.getByTestId('migration-from').inputValue(), { timeout: 120_000 }).toBe('2025-03-21');
    expect(await page.getByTestId('migration-to').inputValue()).toBe('2025-04-10');
    // The pickers start at the first date with customers before it: the day after the first line's.
    expect(await page.getByTestId('migration-from').getAttribute('min')).toBe('2025-03-02');
    await page.getByTestId('migration-matrix').waitFor({ timeout: 120_000 });
    // Seven customers, all of them buying before the 21st and again after it.
    expect(int(await page.getByTestId('migration-total').innerText())).toBe(7);
    await page.getByTestId('nav-overview').click();
    await page.getByTestId('overview-tab').getByText('As-of back-test').click();
    await page.getByTestId('bt-table').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('bt-as-of').inputValue()).toBe('2025-03-21');
    expect(await page.getByTestId('bt-as-of').getAttribute('min')).toBe('2025-03-02');
    const total = await page.locator('[data-testid="bt-row-total"] td').allInnerTexts();
    expect(int(total[1]!)).toBe(7);
    expect(errors).toEqual([]);
  }, 600_000);
});
