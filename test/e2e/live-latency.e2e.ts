/**
 * Change-to-chart latency on 100k customers (issue 6, item 4), measured, not asserted:
 * generates 1M lines / 100k customers with the project's generator, loads them in the web
 * build, then times segment-rule edits, k changes and minSupport changes from the input event
 * to the chart redrawn with the new data (the app records these in window.__ssTimings).
 * Prints the figures and writes them to test/.artifacts/latency.json.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chromium, type Browser, type Page } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { startStaticServer } from '../../build/scripts/static-server.mjs';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = path.resolve(import.meta.dirname, '../..');
const ARTIFACTS = path.join(ROOT, 'test/.artifacts');
const DATA = path.join(ARTIFACTS, 'gen-100k.csv');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`latency e2e skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

interface Timing { kind: string; ms: number }

async function timed(page: Page, kind: string, act: () => Promise<void>): Promise<number> {
  await page.evaluate(() => { window.__ssTimings = []; });
  await act();
  await page.waitForFunction((k) => (window.__ssTimings ?? []).some((x: Timing) => x.kind === k), kind, { timeout: 60_000 });
  return page.evaluate((k) => window.__ssTimings!.find((x: Timing) => x.kind === k)!.ms, kind);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

describe.skipIf(!hasChromium)('live updates on 100k customers', () => {
  let browser: Browser;
  let page: Page;
  let server: { url: string; close(): Promise<void> };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    if (!existsSync(DATA)) {
      execFileSync(process.execPath, ['bin/run-ts.mjs', 'engine/cli/gen.ts', '--rows', '1000000', '--customers', '100000', '--out', DATA], { cwd: ROOT, stdio: 'ignore' });
    }
    server = await startStaticServer({ root: await buildWeb({ quiet: true }) });
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'] });
    page = await browser.newPage({ viewport: { width: 1440, height: 960 } });
    await page.goto(server.url);
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('measures rule, k and minSupport changes', async () => {
    const t0 = Date.now();
    await page.setInputFiles('#ss-open-files', [DATA]);
    await page.waitForFunction(() => document.querySelector('[data-testid="kpi-customers"] .value')?.textContent === '100,000', undefined, { timeout: 110_000 });
    const loadMs = Date.now() - t0;
    await page.waitForFunction(() => document.querySelector('[data-testid="nav-clusters"] .badge')?.textContent?.startsWith('k='), undefined, { timeout: 110_000 });

    await page.getByTestId('nav-segments').click();
    await page.locator('[data-testid="segment-bars"] .main-svg').first().waitFor();
    const segments: number[] = [];
    for (const v of ['5', '4', '3', '4', '5', '4']) segments.push(await timed(page, 'segments', () => page.getByTestId('cond-0-0-value').fill(v)));

    await page.getByTestId('nav-clusters').click();
    await page.locator('[data-testid="pca-chart"] .main-svg').first().waitFor();
    const clusters: number[] = [];
    for (const k of ['5', '6', '3', '4']) clusters.push(await timed(page, 'clusters', () => page.getByTestId('k-slider').fill(k)));

    await page.getByTestId('nav-baskets').click();
    await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="kpi-itemsets"] .value')?.textContent ?? ''), undefined, { timeout: 60_000 });
    const baskets: number[] = [];
    for (const s of ['4', '6', '5', '3']) baskets.push(await timed(page, 'baskets', () => page.getByTestId('min-support').fill(s)));

    const report = {
      customers: 100_000, lines: 1_000_000, load_ms: loadMs,
      segment_rule_change_ms: { median: median(segments), all: segments.map(Math.round) },
      k_change_ms: { median: median(clusters), all: clusters.map(Math.round) },
      min_support_change_ms: { median: median(baskets), all: baskets.map(Math.round) },
    };
    writeFileSync(path.join(ARTIFACTS, 'latency.json'), JSON.stringify(report, null, 2));
    console.log(`latency on 100k customers: ${JSON.stringify(report)}`);
    expect(segments.length).toBe(6);
  }, 240_000);
});
