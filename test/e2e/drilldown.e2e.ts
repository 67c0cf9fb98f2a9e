/**
 * End-to-end, who is in a segment (issue 15): in the web build in Debian's Chromium, a click on
 * a segment's row opens its customers in a virtualised table; "Export these" downloads exactly
 * that segment's customers — checked against the CLI's customers.csv for the same analysis;
 * a cross-sell product narrows the list to customers who have not bought it; the Export
 * screen's email layout and per-segment zip carry a manifest with the files' SHA-256, and the
 * CLI's `export` of the same analysis writes the same bytes; contact values come from DuckDB a
 * page at a time.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { unzipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ANOMALY_KINDS, planDataset } from '../../engine/src/index.ts';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { CHROMIUM } from '../helpers/chromium.ts';
import { csvTable, parseCsv } from '../helpers/csv.ts';
import { openAppPage, type AppPage } from '../helpers/e2e-page.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SAMPLE = path.join(ROOT, 'assets/sample/sample-transactions.csv');
const BIN = path.join(ROOT, 'bin/segment-studio.mjs');
const hasChromium = existsSync(CHROMIUM);

const sha = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** Saves the analysis from the Analysis menu (which closes itself after a save). */
async function saveAnalysis(page: Page, dir: string): Promise<string> {
  if ((await page.getByTestId('analysis-menu').getAttribute('open')) === null) await page.locator('summary', { hasText: 'Analysis' }).click();
  const file = await download(page, 'save-analysis', dir);
  if ((await page.getByTestId('analysis-menu').getAttribute('open')) !== null) await page.locator('summary', { hasText: 'Analysis' }).click();
  return file;
}

async function download(page: Page, testId: string, dir: string): Promise<string> {
  const [d] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = path.join(dir, d.suggestedFilename());
  await d.saveAs(file);
  return file;
}

describe.skipIf(!hasChromium)('customer drill-down, in Chromium', () => {
  let app: AppPage;
  let page: Page;
  let errors: string[];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-drill-e2e-'));
  /** customer_id -> segment, from the CLI run of the app's analysis. */
  let cliSegments: Map<string, string>;
  /** customers.csv of that run. */
  let cliCustomers: Record<string, string>[];

  beforeAll(async () => {
    app = await openAppPage(await buildWeb({ quiet: true }), {
      context: { viewport: { width: 1440, height: 960 }, acceptDownloads: true },
      goto: '?sample',
      consoleErrors: false,
    });
    ({ page, errors } = app);
    await page.getByTestId('ov-kpis').waitFor({ timeout: 60_000 });
    // The same analysis through the CLI: the reference for who is in each segment.
    const analysis = await saveAnalysis(page, dir);
    const out = path.join(dir, 'cli');
    const r = spawnSync(process.execPath, [BIN, 'run', analysis, SAMPLE, '--out', out], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    cliCustomers = csvTable(readFileSync(path.join(out, 'customers.csv'), 'utf8'));
    cliSegments = new Map(cliCustomers.map((x) => [x.customer_id!, x.segment!]));
  }, 180_000);

  afterAll(async () => {
    await app?.close();
  });

  it("a click on a segment shows its customers, and 'Export these' downloads exactly them", async () => {
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('seg-row-0').waitFor({ timeout: 60_000 });
    const name = (await page.getByTestId('seg-row-0').locator('td').first().innerText()).trim();
    const members = [...cliSegments].filter(([, s]) => s === name).map(([id]) => id);
    expect(members.length).toBeGreaterThan(40);
    await page.getByTestId('seg-row-0').click();
    await page.getByTestId('drilldown').waitFor();
    expect(await page.getByTestId('drill-title').innerText()).toBe(name);
    await page.waitForFunction(() => /^[\d,]+ customers$/.test(document.querySelector('[data-testid="drill-count"]')?.textContent ?? ''), undefined, {
      timeout: 60_000,
    });
    expect(await page.getByTestId('drill-count').innerText()).toBe(`${members.length.toLocaleString('en')} customers`);
    // Virtualised: only the rows in view (and a few either side) are in the page.
    const inDom = await page.getByTestId('drill-row').count();
    expect(inDom).toBeGreaterThan(5);
    expect(inDom).toBeLessThan(members.length);
    // Every row shown is one of the segment's customers, in the segment.
    const shown = await page.getByTestId('drill-row').evaluateAll((rows) => rows.map((r) => (r.children[0] as HTMLElement).innerText));
    for (const id of shown) expect(cliSegments.get(id)).toBe(name);
    // Sorted by spend, largest first, by default; a click on Recency sorts by it.
    await page.getByTestId('drill-sort-recency').click();
    const recency = await page.getByTestId('drilldown').evaluate((panel) => {
      const header = panel.querySelector('[data-testid="drill-sort-recency"]')!;
      const column = [...header.parentElement!.children].indexOf(header);
      return [...panel.querySelectorAll('[data-testid="drill-row"]')]
        .slice(0, 10)
        .map((r) => Number((r.children[column] as HTMLElement).innerText.replace(/,/g, '')));
    });
    expect(recency).toEqual([...recency].sort((a, b) => b - a));

    await page.waitForFunction(() => !(document.querySelector('[data-testid="drill-export"]') as HTMLButtonElement).disabled);
    const file = await download(page, 'drill-export', dir);
    const rows = csvTable(readFileSync(file, 'utf8'));
    expect(rows.map((x) => x.customer_id).sort()).toEqual([...members].sort());
    expect(new Set(rows.map((x) => x.segment))).toEqual(new Set([name]));
    // Search by part of an id: the count is the members whose id contains it.
    const part = members[0]!.slice(-3);
    await page.getByTestId('drill-search').fill(part);
    expect(await page.getByTestId('drill-count').innerText()).toBe(`${members.filter((id) => id.includes(part)).length.toLocaleString('en')} customers`);
    await page.getByTestId('drill-search').fill('');
    expect(await page.getByTestId('drill-count').innerText()).toBe(`${members.length.toLocaleString('en')} customers`);
  }, 120_000);

  it('adds P(alive) and CLV on request: the customer-value model of `clv` on the same file, sortable', async () => {
    const out = path.join(dir, 'clv');
    const r = spawnSync(process.execPath, [BIN, 'clv', SAMPLE, '--out', out], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const pAlive = new Map(csvTable(readFileSync(path.join(out, 'clv.csv'), 'utf8')).map((x) => [x.customer_id!, Number(x.p_alive)]));
    await page.getByTestId('drill-value').click();
    await page.getByTestId('drill-sort-p_alive').waitFor({ timeout: 120_000 });
    await page.getByTestId('drill-sort-p_alive').click();
    const shown = await page.getByTestId('drilldown').evaluate((panel) => {
      const column = [...panel.querySelector('[data-testid="drill-sort-p_alive"]')!.parentElement!.children].findIndex(
        (h) => h.getAttribute('data-testid') === 'drill-sort-p_alive',
      );
      return [...panel.querySelectorAll('[data-testid="drill-row"]')].slice(0, 10).map((row) => ({
        id: (row.children[0] as HTMLElement).innerText,
        p: Number((row.children[column] as HTMLElement).innerText),
      }));
    });
    expect(shown.length).toBe(10);
    for (const { id, p } of shown) expect(p).toBeCloseTo(pAlive.get(id)!, 3);
    const ps = shown.map((x) => x.p);
    expect([...ps].sort((a, b) => b - a)).toEqual(ps);
  }, 180_000);

  it('narrows to the cross-sell audience of a product: customers of the segment who have not bought it', async () => {
    const name = await page.getByTestId('drill-title').innerText();
    await page.waitForFunction(
      () => ((document.querySelector('[data-testid="drill-product"]') as HTMLSelectElement | null)?.options.length ?? 0) > 1,
      undefined,
      {
        timeout: 60_000,
      },
    );
    const product = await page.getByTestId('drill-product').evaluate((s: HTMLSelectElement) => s.options[1]!.textContent!.split(' · ')[0]!);
    await page.getByTestId('drill-product').selectOption({ index: 1 });
    await page.waitForFunction(() => /^[\d,]+ customers$/.test(document.querySelector('[data-testid="drill-count"]')?.textContent ?? ''), undefined, {
      timeout: 60_000,
    });
    await page.waitForFunction(() => !(document.querySelector('[data-testid="drill-export"]') as HTMLButtonElement).disabled);
    const file = await download(page, 'drill-export', dir);
    const ids = csvTable(readFileSync(file, 'utf8')).map((x) => x.customer_id!);
    // Who bought the product, straight from the sample (purchases: not cancellations, positive quantity and price).
    const [header, ...lines] = parseCsv(readFileSync(SAMPLE, 'utf8')).filter((l) => l.length > 1);
    const at = (h: string) => header!.indexOf(h);
    const purchase = (l: string[]) => !l[at('InvoiceNo')]!.startsWith('C') && Number(l[at('Quantity')]) > 0 && Number(l[at('UnitPrice')]) > 0;
    const bought = new Set(lines.filter((l) => l[at('StockCode')] === product && purchase(l)).map((l) => l[at('CustomerID')]));
    expect(ids.length).toBeGreaterThan(0);
    for (const id of ids) {
      expect(cliSegments.get(id)).toBe(name);
      expect(bought.has(id), `${id} bought ${product}`).toBe(false);
    }
    expect(await page.getByTestId('drill-count').innerText()).toBe(`${ids.length.toLocaleString('en')} customers`);
    await page.getByTestId('drill-close').click();
    expect(await page.getByTestId('drilldown').count()).toBe(0);
  }, 120_000);

  it('a click on an R×F cell shows the customers with those recency and frequency scores', async () => {
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('rf-grid').locator('.main-svg').first().waitFor({ timeout: 60_000 });
    // The chart's own click event, as a click on the cell R 5 · F 4 fires it.
    await page
      .getByTestId('rf-grid')
      .evaluate((el) => (el as HTMLElement & { emit(e: string, d: unknown): void }).emit('plotly_click', { points: [{ x: 5, y: 4 }] }));
    await page.getByTestId('drilldown').waitFor();
    const expected = cliCustomers.filter((x) => x.r_score === '5' && x.f_score === '4').map((x) => x.customer_id!);
    expect(expected.length).toBeGreaterThan(0);
    await page.waitForFunction(() => /^[\d,]+ customers$/.test(document.querySelector('[data-testid="drill-count"]')?.textContent ?? ''));
    expect(await page.getByTestId('drill-count').innerText()).toBe(`${expected.length.toLocaleString('en')} customers`);
    await page.waitForFunction(() => !(document.querySelector('[data-testid="drill-export"]') as HTMLButtonElement).disabled);
    const file = await download(page, 'drill-export', dir);
    expect(
      csvTable(readFileSync(file, 'utf8'))
        .map((x) => x.customer_id)
        .sort(),
    ).toEqual(expected.sort());
    await page.getByTestId('drill-close').click();
  }, 120_000);

  it('Escape closes it, whether a table row or a chart opened it', async () => {
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('seg-row-0').click();
    await page.getByTestId('drilldown').waitFor();
    // Its rows start right under the header (the panel's gap once opened 12 px between them).
    await page.getByTestId('drill-row').first().waitFor();
    const gap = await page.evaluate(
      () =>
        document.querySelector('[data-testid="drill-row"]')!.getBoundingClientRect().top -
        document.querySelector('[data-testid="drill-header"]')!.getBoundingClientRect().bottom,
    );
    expect(Math.round(gap)).toBe(0);
    // A modal panel: the focus stays in it, forwards or back (behind it, the screen is inert).
    const inPanel = () => page.evaluate(() => document.querySelector('[data-testid="drilldown"]')!.contains(document.activeElement));
    for (let i = 0; i < 3; i++) await page.keyboard.press('Shift+Tab');
    expect(await inPanel()).toBe(true);
    for (let i = 0; i < 30; i++) await page.keyboard.press('Tab');
    expect(await inPanel()).toBe(true);
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('drilldown').count()).toBe(0);
    await page
      .getByTestId('rf-grid')
      .evaluate((el) => (el as HTMLElement & { emit(e: string, d: unknown): void }).emit('plotly_click', { points: [{ x: 5, y: 4 }] }));
    await page.getByTestId('drilldown').waitFor();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('drilldown').count()).toBe(0);
  }, 60_000);

  it('exports the email layout, and one file per segment as a zip whose manifest hashes its files', async () => {
    await page.getByTestId('nav-export').click();
    await page.getByTestId('export-format').getByText('Email marketing').click();
    await page.getByTestId('export-layout').getByText('One per group (zip)').click();
    await page.waitForFunction(() => !(document.querySelector('[data-testid="export-campaign-btn"]') as HTMLButtonElement).disabled, undefined, {
      timeout: 60_000,
    });
    const zip = unzipSync(readFileSync(await download(page, 'export-campaign-btn', dir)));
    const manifest = JSON.parse(new TextDecoder().decode(zip['manifest.json']!));
    const names = Object.keys(zip).filter((n) => n !== 'manifest.json');
    expect(names.length).toBeGreaterThan(1);
    expect(manifest.outputs.map((o: { name: string }) => o.name).sort()).toEqual([...names].sort());
    for (const o of manifest.outputs as { name: string; sha256: string; size: number }[]) {
      expect(o.sha256).toBe(sha(zip[o.name]!));
      expect(o.size).toBe(zip[o.name]!.length);
    }
    expect(manifest.sources).toEqual([{ name: 'sample-transactions.csv', size: readFileSync(SAMPLE).length, sha256: sha(readFileSync(SAMPLE)) }]);
    expect(manifest.columns.slice(0, 5)).toEqual(['Email', 'First Name', 'Last Name', 'Phone', 'Tags']);
    // The CLI's export of the same analysis writes the same bytes.
    const analysis = await saveAnalysis(page, mkdtempSync(path.join(dir, 'email-')));
    const out = path.join(dir, 'cli-email');
    const r = spawnSync(process.execPath, [BIN, 'export', analysis, SAMPLE, '--out', out], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    for (const n of names) expect(Buffer.from(zip[n]!).equals(readFileSync(path.join(out, n))), n).toBe(true);
    // The sample has no emails: every file is the header alone.
    for (const n of names)
      expect(
        new TextDecoder()
          .decode(zip[n]!)
          .replace(/^\uFEFF/, '')
          .trim()
          .split('\n')[0]!
          .startsWith('Email,First Name,Last Name,Phone,Tags'),
      ).toBe(true);
    expect(errors).toEqual([]);
  }, 120_000);

  it('shows the contact values of the rows in view, read from DuckDB a page at a time, also after scrolling', async () => {
    const plan = planDataset({ rows: 30_000, customers: 1_500, seed: 3, contacts: true, anomalyRates: Object.fromEntries(ANOMALY_KINDS.map((k) => [k, 0])) });
    const text = [...plan.csvChunks()].join('');
    const shop = path.join(dir, 'contacts.csv');
    writeFileSync(shop, text);
    // The expected email per customer: the latest non-empty one in the file (later line on equal times).
    const [header, ...lines] = parseCsv(text);
    const at = (h: string) => header!.indexOf(h);
    const email = new Map<string, { value: string; when: string }>();
    for (const l of lines) {
      const [id, when, value] = [l[at('CustomerID')]!, l[at('InvoiceDate')]!, l[at('Email')]!];
      const e = email.get(id);
      if (value !== '' && (e === undefined || when >= e.when)) email.set(id, { value, when });
    }
    await page.getByTestId('nav-data').click();
    await page.setInputFiles('#ss-open-files', [shop]);
    await page.waitForFunction(() => (document.querySelector('[data-testid="map-email"]') as HTMLSelectElement | null)?.value === 'Email', undefined, {
      timeout: 90_000,
    });
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('seg-row-0').waitFor({ timeout: 60_000 });
    await page.getByTestId('seg-row-0').click();
    await page.getByTestId('drilldown').waitFor();
    const shownRows = async () =>
      page.getByTestId('drilldown').evaluate((panel) => {
        const headers = [...panel.querySelectorAll('[data-testid="drill-header"] > *')].map((h) => (h as HTMLElement).innerText.replace(/ [▲▼]$/, ''));
        return [...panel.querySelectorAll('[data-testid="drill-row"]')].map((r) =>
          Object.fromEntries(headers.map((h, k) => [h, (r.children[k] as HTMLElement).innerText])),
        );
      });
    const check = async () => {
      // Wait for the page of profiles to arrive ('…' while it loads).
      await page.waitForFunction(() => ![...document.querySelectorAll('[data-testid="drill-row"]')].some((r) => r.textContent?.includes('…')), undefined, {
        timeout: 30_000,
      });
      const rows = await shownRows();
      expect(rows.length).toBeGreaterThan(5);
      for (const r of rows) expect(r.Email, r.Customer).toBe(email.get(r.Customer!)?.value ?? '');
      expect(rows.filter((r) => r.Email !== '').length).toBeGreaterThan(rows.length / 2);
      return rows;
    };
    const top = await check();
    // More customers than two pages of 100: the rows at the bottom come from another query than those at the top.
    expect(Number((await page.getByTestId('drill-count').innerText()).replace(/\D/g, ''))).toBeGreaterThan(200);
    await page.getByTestId('drill-rows').evaluate((el) => el.scrollTo(0, el.scrollHeight));
    // The rows in view change once the scroll has rendered.
    await page.waitForFunction(
      (first) => (document.querySelector('[data-testid="drill-row"]') as HTMLElement | null)?.children[0]?.textContent !== first,
      top[0]!.Customer,
    );
    const bottom = await check();
    expect(bottom.map((r) => r.Customer)).not.toEqual(top.map((r) => r.Customer));
    await page.getByTestId('drill-close').click();
    expect(errors).toEqual([]);
  }, 180_000);
});
