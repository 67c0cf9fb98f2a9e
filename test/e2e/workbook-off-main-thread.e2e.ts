/**
 * End-to-end (web build in Debian's Chromium), issue 14: opening a workbook keeps the page's
 * thread free. The sheet's conversion to CSV (unzip, sheet XML scan) runs in the analytics
 * worker, so during the open of a 100k-line workbook Chromium reports no long task near the
 * conversion's length (PerformanceObserver 'longtask'), and from the conversion until DuckDB has
 * the sheet's rows (the worker builds their Arrow record batches, the page only writes the schema
 * in front) none of 100 ms, the standard; the load shows the conversion's
 * progress, and the lines, customers and segment sizes are those of `segment-studio segment`
 * on the same file (the CLI converts in-process).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generatedXlsx } from '../../bench/data.ts';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { generateCsv } from '../../engine/src/index.ts';
import { CHROMIUM } from '../helpers/chromium.ts';
import { openAppPage, type AppPage } from '../helpers/e2e-page.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/segment-studio.mjs');
const int = (s: string) => Number(s.replace(/[^\d.-]/g, ''));

/**
 * The longest main-thread task allowed during the open. Converting this workbook costs the
 * thread doing it about 0.5 s of CPU (2.4 s for 500k lines); the page's other work during an
 * open (DuckDB's answers, React commits) stays well under this on the loaded test machine.
 */
const LONGEST_TASK_MS = 200;

/** The standard for the page's thread: no task this long from the conversion until the sheet is in DuckDB. */
const LONG_TASK_MS = 100;

interface CliSegment {
  rows_kept: number;
  customers: number;
  segments: { segment: string; customers: number }[];
}

declare global {
  interface Window {
    __longTasks: { start: number; duration: number }[];
    /** When the load's message first and last read "converting ...". */
    __converting: { from: number; to: number } | null;
    /** When the load's message first read "read gen-100k.xlsx": the sheet's rows are in DuckDB's raw table. */
    __inserted: number | null;
  }
}

describe.skipIf(!existsSync(CHROMIUM))('a workbook opens off the page thread, in Chromium', () => {
  let app: AppPage;
  let page: Page;
  let book: string;
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'ss-workbook-worker-e2e-'));

  function cliSegment(file: string, out: string): CliSegment {
    const r = spawnSync(process.execPath, [BIN, 'segment', file, '--out', path.join(tmp, out), '--json'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    return JSON.parse(r.stdout) as CliSegment;
  }

  /** Loaded: `label` shown, the Data item shows a line count and no load is under way. */
  async function loaded(label: string): Promise<void> {
    await page.waitForFunction(
      (name) =>
        document.querySelector('[data-testid="dataset-label"]')?.textContent === name &&
        /\d/.test(document.querySelector('[data-testid="nav-data"] .badge')?.textContent ?? '') &&
        document.querySelector('.progress-bar')?.getAttribute('style')?.includes('hidden'),
      label,
      { timeout: 300_000 },
    );
  }

  async function converting(): Promise<void> {
    await page.waitForFunction(
      () => /converting gen-100k\.xlsx/.test(document.querySelector('[data-testid="load-progress-message"]')?.textContent ?? ''),
      undefined,
      { timeout: 300_000, polling: 20 },
    );
  }

  beforeAll(async () => {
    // bench/data/gen-100k.xlsx, written once by the benchmark's generator (git-ignored).
    book = await generatedXlsx(100_000, () => {});
    // Not opened yet: the init script below goes in first.
    app = await openAppPage(await buildWeb({ quiet: true }), { context: { viewport: { width: 1440, height: 960 } }, goto: false });
    ({ page } = app);
    await page.addInitScript(() => {
      window.__longTasks = [];
      window.__converting = null;
      window.__inserted = null;
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push({ start: e.startTime, duration: e.duration });
      }).observe({ type: 'longtask', buffered: true });
      new MutationObserver(() => {
        const message = document.querySelector('[data-testid="load-progress-message"]')?.textContent ?? '';
        if (/· read gen-100k\.xlsx/.test(message)) window.__inserted ??= performance.now();
        if (!/· converting /.test(message)) return;
        const now = performance.now();
        window.__converting = { from: window.__converting?.from ?? now, to: now };
      }).observe(document, { subtree: true, childList: true, characterData: true });
    });
    await page.goto(app.server.url);
    // Start-up done (DuckDB-WASM and the sample's chunks): its long tasks are not the open's.
    await page.waitForFunction(() => document.querySelector('.progress-bar')?.getAttribute('style')?.includes('hidden'), undefined, { timeout: 300_000 });
  }, 900_000);

  afterAll(async () => {
    await app?.close();
    rmSync(tmp, { recursive: true, force: true });
  });

  it('converts the sheet in the worker: no long task on the page, progress shown, the CLI figures', async () => {
    const cli = cliSegment(book, 'cli-book');

    const from = await page.evaluate(() => performance.now());
    await page.setInputFiles('#ss-open-files', book);
    await converting();
    await loaded('gen-100k.xlsx');
    const to = await page.evaluate(() => performance.now());
    const all = await page.evaluate(() => window.__longTasks);
    const conversion = (await page.evaluate(() => window.__converting))!;
    const inserted = (await page.evaluate(() => window.__inserted))!;
    const tasks = all.filter((t) => t.start + t.duration >= from && t.start <= to);
    // Tasks overlapping the conversion (its progress shown until the next step's message).
    const during = all.filter((t) => t.start + t.duration >= conversion.from && t.start <= conversion.to);
    // Tasks from the conversion until the sheet's rows are in DuckDB (the page receives the worker's tables, inserts them).
    const reading = all.filter((t) => t.start + t.duration >= conversion.from && t.start <= inserted);
    const ms = (list: { duration: number }[]) => list.map((t) => Math.round(t.duration)).join(', ') || 'none';
    console.log(
      `open ${Math.round(to - from)} ms, converting shown for ${Math.round(conversion.to - conversion.from)} ms; ` +
        `long tasks during the open: ${ms(tasks)}; during the conversion: ${ms(during)}; until the rows are in DuckDB (${Math.round(inserted - conversion.from)} ms): ${ms(reading)}`,
    );
    expect(conversion.to - conversion.from).toBeGreaterThan(0);
    expect(inserted).toBeGreaterThan(conversion.to);
    expect(Math.max(0, ...during.map((t) => t.duration))).toBeLessThan(LONGEST_TASK_MS);
    expect(Math.max(0, ...reading.map((t) => t.duration))).toBeLessThan(LONG_TASK_MS);

    await page.getByTestId('nav-data').click();
    await expect.poll(async () => int(await page.getByTestId('kpi-lines').locator('.value').innerText()), { timeout: 300_000 }).toBe(cli.rows_kept);
    expect(int(await page.getByTestId('kpi-customers').locator('.value').innerText())).toBe(cli.customers);
    await page.getByTestId('nav-segments').click();
    await page.getByTestId('seg-row-0').waitFor({ timeout: 300_000 });
    const shown: { segment: string; customers: number }[] = [];
    for (const row of await page.locator('[data-testid^="seg-row-"]').all()) {
      const cells = await row.locator('td').allInnerTexts();
      shown.push({ segment: cells[0]!.trim(), customers: int(cells[1]!) });
    }
    expect(shown.filter((s) => s.customers > 0)).toEqual(
      cli.segments.filter((s) => s.customers > 0).map((s) => ({ segment: s.segment, customers: s.customers })),
    );
  }, 900_000);

  it('a new open during the conversion stops it and loads the new file', async () => {
    const chunks: string[] = [];
    generateCsv({ rows: 3_000, seed: 5 }, (c) => chunks.push(c));
    const csv = path.join(tmp, 'next.csv');
    writeFileSync(csv, chunks.join(''));
    const cli = cliSegment(csv, 'cli-next');
    await page.setInputFiles('#ss-open-files', book);
    await converting();
    await page.setInputFiles('#ss-open-files', csv);
    await loaded('next.csv');
    await page.getByTestId('nav-data').click();
    await expect.poll(async () => int(await page.getByTestId('kpi-lines').locator('.value').innerText()), { timeout: 300_000 }).toBe(cli.rows_kept);
    expect(int(await page.getByTestId('kpi-customers').locator('.value').innerText())).toBe(cli.customers);
    expect(await page.getByTestId('toast-error').count()).toBe(0);
  }, 900_000);
});
