/**
 * End-to-end: the DESKTOP code path (renderer/platform/electron.ts, the lazy DesktopFileSource,
 * the real main-process IPC handlers and byte-range server) in Debian's Chromium, with a test
 * double of the preload (test/helpers/electron-path-double.ts) because Electron cannot run here.
 * Opens a generated CSV over 200 MB picked in the "native dialog" and shows its segments, and
 * proves the file never crossed the boundary whole. Skips only when /usr/bin/chromium is absent.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { MAX_SLICE_BYTES } from '../../electron/main/validate.ts';
import { desktopInitScript, findPidByArg, processTreeRss, startDesktopDouble, type DesktopDouble } from '../helpers/electron-path-double.ts';
import { CHROMIUM } from '../helpers/chromium.ts';
import { collectErrors, launchChromium } from '../helpers/e2e-page.ts';

const ROOT = path.resolve(import.meta.dirname, '../..');
const hasChromium = existsSync(CHROMIUM);
if (!hasChromium) console.warn(`e2e skipped: ${CHROMIUM} not found (apt-get install -y chromium)`);

const TAG = `--ss-electron-path-e2e=${process.pid}`;
/** About 85 bytes a line: 2.5 million lines make a file of about 212 MB. */
const BIG_ROWS = 2_500_000;
const MB = 1e6;

const numberIn = (s: string) => Number(s.replace(/[^0-9.]/g, ''));

/** Runs the project's generator; returns its summary line ("wrote N lines, C customers, …"). */
function generate(rows: number, out: string): string {
  return execFileSync(process.execPath, [path.join(ROOT, 'bin/run-ts.mjs'), 'engine/cli/gen.ts', '--rows', String(rows), '--out', out], {
    cwd: ROOT,
    encoding: 'utf8',
  });
}

describe.skipIf(!hasChromium)('desktop platform path in Chromium (preload test double)', () => {
  let browser: Browser;
  let page: Page;
  let double: DesktopDouble;
  let tmp: string;
  let bigCsv: string;
  let bigLines: number;
  let browserPid: number | null = null;
  let errors: string[];

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ss-electron-path-'));
    bigCsv = path.join(tmp, 'big-export.csv');
    const summary = generate(BIG_ROWS, bigCsv);
    bigLines = Number(/wrote (\d+) lines/.exec(summary)![1]);
    double = await startDesktopDouble(await buildWeb({ quiet: true }));
    browser = await launchChromium([TAG]);
    browserPid = findPidByArg(TAG);
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    await context.addInitScript(desktopInitScript);
    page = await context.newPage();
    errors = collectErrors(page);
    await page.goto(double.url);
  }, 600_000);

  afterAll(async () => {
    await browser?.close();
    await double?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('the page runs the Electron platform (the double stands in for the preload)', async () => {
    expect(await page.evaluate(() => (window as { segmentStudio?: { platform: string } }).segmentStudio?.platform)).toBe('electron');
    // The browser platform would have added its hidden file inputs.
    expect(await page.locator('[data-testid="ss-open-files"]').count()).toBe(0);
  });

  it(`opens a generated CSV over 200 MB picked in the dialog and shows its segments`, async () => {
    const size = statSync(bigCsv).size;
    expect(size).toBeGreaterThan(200 * MB);
    double.resetStats();
    double.answerOpen([bigCsv]);
    let peakRss = 0;
    const sampler = setInterval(() => {
      if (browserPid) peakRss = Math.max(peakRss, processTreeRss(browserPid));
    }, 250);
    const t0 = performance.now();
    try {
      await page.getByRole('button', { name: 'Open files…' }).first().click();
      // Loaded: the app opens on the Overview (or fail at once on an error message); the Data screen has the line counts.
      await page.locator('[data-testid="overview"], [data-testid="toast-error"]').first().waitFor({ timeout: 480_000 });
      expect(await page.getByTestId('toast-error').allInnerTexts()).toEqual([]);
      const loadedMs = performance.now() - t0;
      await page.getByTestId('nav-data').click();
      await page.getByTestId('kpis').waitFor();
      expect(await page.getByTestId('dataset-label').innerText()).toBe('big-export.csv');
      // Every generated line was read (the KPI says "of N read").
      const read = /of ([\d,]+) read/.exec(await page.getByTestId('kpi-lines').innerText())![1]!;
      expect(numberIn(read)).toBe(bigLines);
      // Read by ranges, never whole by the page: not looked through for blank lines, and said so.
      expect(await page.getByTestId('source-notice-blank-lines-unchecked').innerText()).toBe(
        'Not looked through for blank lines between the rows: big-export.csv. Any row after a blank line is named a row too early in messages.',
      );

      await page.getByTestId('nav-segments').click();
      await page.getByTestId('segment-bars').waitFor({ timeout: 240_000 });
      await page.waitForFunction(() => /\d/.test(document.querySelector('[data-testid="seg-count-0"]')?.textContent ?? ''), undefined, { timeout: 240_000 });
      const firstSegment = numberIn(await page.getByTestId('seg-count-0').innerText());
      expect(firstSegment).toBeGreaterThan(0);
      const segmentsMs = performance.now() - t0;

      const s = double.stats;
      // DuckDB read the whole file, range by range, each range within the slice cap...
      expect(s.rangeBytes).toBeGreaterThanOrEqual(size);
      expect(s.largestRange).toBeLessThanOrEqual(MAX_SLICE_BYTES);
      expect(s.rangeGets).toBeGreaterThan(size / MAX_SLICE_BYTES);
      // ...and the engine's own slices were only the heads it sniffs, never the file.
      expect(s.sliceBytes).toBeLessThan(4 * MB);
      expect(s.refused).toEqual([]);
      const heap = await page.evaluate(() => (performance as { memory?: { usedJSHeapSize: number } }).memory?.usedJSHeapSize ?? 0);
      expect(heap).toBeLessThan(size / 2); // the page never held the file
      console.log(
        `[electron-path] ${(size / MB).toFixed(1)} MB, ${bigLines.toLocaleString('en-US')} lines: data screen in ${(loadedMs / 1000).toFixed(1)} s, ` +
          `segments in ${(segmentsMs / 1000).toFixed(1)} s; ${s.rangeGets} range reads (largest ${(s.largestRange / MB).toFixed(1)} MB, ${(s.rangeBytes / MB).toFixed(0)} MB in all), ` +
          `${s.sliceCalls} slices (${(s.sliceBytes / 1024).toFixed(0)} KiB); page JS heap ${(heap / MB).toFixed(0)} MB; ` +
          `browser peak RSS ${(peakRss / MB).toFixed(0)} MB`,
      );
    } finally {
      clearInterval(sampler);
    }
    expect(errors).toEqual([]);
  }, 900_000);

  it('exports the campaign list through the desktop save dialog (written atomically by the main process), its manifest beside it', async () => {
    const target = path.join(tmp, 'campaign.csv');
    double.answerSave(target);
    await page.getByTestId('nav-export').click();
    await page.getByTestId('export-campaign-btn').waitFor({ timeout: 120_000 });
    await page.waitForFunction(() => !(document.querySelector('[data-testid="export-campaign-btn"]') as HTMLButtonElement | null)?.disabled, undefined, {
      timeout: 240_000,
    });
    const customers = numberIn(await page.getByTestId('export-campaign-btn').innerText());
    await page.getByTestId('export-campaign-btn').click();
    // The main process renames the list into place, then the manifest: wait for both.
    const manifestPath = path.join(tmp, 'campaign.manifest.json');
    await expect.poll(() => existsSync(target) && existsSync(manifestPath), { timeout: 120_000 }).toBe(true);
    const lines = readFileSync(target, 'utf8').trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\uFEFF?customer_id,/); // with the BOM Excel needs
    expect(lines.length - 1).toBe(customers);
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
    expect(manifest.outputs).toEqual([
      {
        name: expect.stringMatching(/^campaign-\w+\.csv$/),
        size: statSync(target).size,
        sha256: createHash('sha256').update(readFileSync(target)).digest('hex'),
      },
    ]);
  }, 300_000);

  it('a picked .json says it cannot be read, and the open dataset keeps its name and figures', async () => {
    const json = path.join(tmp, 'customers.json');
    writeFileSync(json, JSON.stringify([{ customer: 'C1', spend: 10 }]));
    await page.getByTestId('nav-data').click();
    await page.getByTestId('kpis').waitFor();
    const linesBefore = await page.getByTestId('kpi-lines').innerText();
    double.resetStats();
    double.answerOpen([json]);
    await page.getByTestId('open-files-btn').click();
    const toast = page.getByTestId('toast-error').filter({ hasText: 'customers.json' });
    await toast.waitFor({ timeout: 30_000 });
    expect(await toast.innerText()).toMatch(/^customers\.json: JSON files cannot be read: open a CSV, TSV or TXT export/);
    expect(await page.getByTestId('dataset-label').innerText()).toBe('big-export.csv');
    expect(await page.getByTestId('kpi-lines').innerText()).toBe(linesBefore);
    // Refused before any byte was read or DuckDB touched the file.
    expect(double.stats).toMatchObject({ sliceCalls: 0, rangeGets: 0, refused: [] });
    errors.length = 0; // the toast's error is expected
  });

  it('a file past the WebAssembly memory budget is refused up front with the limit in words', async () => {
    // Sparse: the size is all the engine's estimate looks at, so no 700 MB is written or read.
    const huge = path.join(tmp, 'huge-export.csv');
    writeFileSync(huge, 'InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n');
    truncateSync(huge, 700 * 1024 * 1024);
    double.resetStats();
    double.answerOpen([huge]);
    await page.getByTestId('open-files-btn').click();
    const toast = page.getByTestId('toast-error').filter({ hasText: 'huge-export.csv' });
    await toast.waitFor({ timeout: 30_000 });
    expect(await toast.innerText()).toMatch(
      /^huge-export\.csv: the file holds about 700 MiB of text, which needs about 3\.4 GiB of memory once loaded; the limit is 3\.0 GiB of memory, about 614 MiB of CSV text in total/,
    );
    expect(await page.getByTestId('dataset-label').innerText()).toBe('big-export.csv');
    expect(double.stats.rangeGets).toBe(0);
    expect(double.stats.sliceBytes).toBeLessThan(1024);
    errors.length = 0;
  });

  it('the main process refuses oversized slices and files it never granted', async () => {
    const outcome = await page.evaluate(async (cap) => {
      const api = (window as unknown as { segmentStudio: { readSlice(t: string, a: number, b: number): Promise<Uint8Array> } }).segmentStudio;
      const tryRead = (t: string, a: number, b: number) =>
        api.readSlice(t, a, b).then(
          (b) => `ok ${b.byteLength}`,
          (e: Error) => e.message,
        );
      const res = await fetch(`/picked/${'f'.repeat(32)}`, { headers: { Range: 'bytes=0-9' } });
      return { notGranted: await tryRead('f'.repeat(32), 0, 10), tooLarge: await tryRead('f'.repeat(32), 0, cap + 1), rangeStatus: res.status };
    }, MAX_SLICE_BYTES);
    expect(outcome.notGranted).toMatch(/not opened by the user/);
    expect(outcome.tooLarge).toMatch(/at most \d+ bytes per slice/);
    expect(outcome.rangeStatus).toBe(404);
  });

  it('a folder of small daily files: each read whole in one slice, DuckDB reading them from memory (no range requests)', async () => {
    const [header, ...rows] = readFileSync(path.join(ROOT, 'assets/sample/sample-transactions.csv'), 'utf8').trimEnd().split('\n');
    const days = 12;
    const per = Math.ceil(rows.length / days);
    const files = Array.from({ length: days }, (_, d) => {
      const file = path.join(tmp, `day-${String(d + 1).padStart(2, '0')}.csv`);
      writeFileSync(file, `${[header, ...rows.slice(d * per, (d + 1) * per)].join('\n')}\n`);
      return file;
    });
    errors.length = 0; // the refusals above are logged by the page
    double.resetStats();
    double.answerOpen(files);
    await page.getByTestId('open-files-btn').click();
    await page.getByTestId('nav-data').click();
    await page.getByTestId('kpis').waitFor();
    // Loaded once the Data screen counts the new files' lines ("of N read").
    const read = async () => numberIn(/of ([\d,]+) read/.exec(await page.getByTestId('kpi-lines').innerText())?.[1] ?? '');
    await expect.poll(read, { timeout: 120_000 }).toBe(rows.length);
    expect(await page.getByTestId('dataset-label').innerText()).toBe(`${days} files`);
    expect(double.stats).toMatchObject({ sliceCalls: days, rangeGets: 0, refused: [] });
    expect(double.stats.sliceBytes).toBe(files.reduce((n, f) => n + statSync(f).size, 0));
    expect(errors).toEqual([]);
  }, 300_000);

  it("a gzip'd file: its text inflated by the browser over the file's slices, rows past a blank line named right", async () => {
    const file = path.join(tmp, 'till.csv.gz');
    const row = (i: number, q = '1') => `${4000 + i},A1,RED MUG,${q},2011-03-01 10:00,3.50,c${i},UK`;
    writeFileSync(
      file,
      gzipSync(`InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country\n${row(1)}\n\n${row(2, 'x2')}\n${row(3)}\n`),
    );
    double.answerOpen([file]);
    await page.getByTestId('open-files-btn').click();
    await page.getByTestId('nav-data').click();
    // The header is row 1, the first order row 2, the blank line 3: the bad quantity is on row 4.
    await page.getByText('"x2" in till.csv.gz row 4').waitFor({ timeout: 60_000 });
    expect(double.stats.refused).toEqual([]);
    expect(errors).toEqual([]);
  }, 300_000);
});
