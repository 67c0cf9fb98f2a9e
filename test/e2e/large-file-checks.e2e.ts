/**
 * End-to-end (web build in Debian's Chromium): a CSV over LOAD_SCAN_BYTES picked in the browser is
 * not looked through during the open (blank-lines.ts); its blank lines and stray quotes are looked
 * for after it (renderer/state/actions/data.ts checkRowsPastBlankLines). A clean one's open and the
 * look after it run no search for stray quotes (the merged-lines statement over every row); one with
 * a stray quote runs it after the open, and the Data screen then warns of it, a cleaning rule
 * switched meanwhile notwithstanding.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { LOAD_SCAN_BYTES } from '../../engine/src/io/blank-lines.ts';
import { CHROMIUM } from '../helpers/chromium.ts';
import { loaded, openAppPage, shows, text, type AppPage } from '../helpers/e2e-page.ts';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const line = (i: number, description: string) =>
  `${100000 + Math.floor(i / 3)},A${i % 97},${description},${1 + (i % 4)},2024-0${1 + (i % 9)}-1${i % 10} 10:00,1.5,${10000 + (i % 2003)},United Kingdom`;
/** Past LOAD_SCAN_BYTES: the header and data lines, line k's description given (k from 1). */
function largeCsv(description: (k: number) => string): string {
  const n = Math.ceil(LOAD_SCAN_BYTES / line(1, 'Mug').length) + 1000;
  const text = `${[HEADER, ...Array.from({ length: n }, (_, i) => line(i, description(i + 1)))].join('\n')}\n`;
  expect(Buffer.byteLength(text)).toBeGreaterThan(LOAD_SCAN_BYTES);
  return text;
}
/** The merged-lines statement (merged-lines.ts), as the page's SQL trace holds it. */
const SEARCH = 'QUALIFY col IS NOT NULL';
/** The stray quote opens on data line 100 (row 101) and closes 3 lines down. */
const AT = 100;

describe.skipIf(!existsSync(CHROMIUM))('stray quotes in a large file, looked for after the open', () => {
  let app: AppPage;
  let page: Page;
  let tmp: string;

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ss-large-checks-e2e-'));
    writeFileSync(
      path.join(tmp, 'clean.csv'),
      largeCsv(() => 'Mug'),
    );
    writeFileSync(
      path.join(tmp, 'stray.csv'),
      largeCsv((k) => (k === AT ? '"Mug' : k === AT + 3 ? 'Big"' : 'Mug')),
    );
    app = await openAppPage(await buildWeb({ quiet: true }), { context: { viewport: { width: 1440, height: 960 } } });
    ({ page } = app);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  /** The statements the page has sent DuckDB so far. */
  const statements = () => page.evaluate(() => (window.__ssSql ?? []).map((c) => c.what));
  /** Until the look after the open is done: the Data screen's notices of it are gone. */
  async function looked(): Promise<void> {
    await page.waitForFunction(
      () => !document.querySelector('[data-testid="source-notice-blank-lines-unchecked"], [data-testid="source-notice-merged-lines-unchecked"]'),
      undefined,
      { timeout: 120_000 },
    );
  }

  it('a clean file: neither the open nor the look after it searches its rows', async () => {
    await page.setInputFiles('#ss-open-files', [path.join(tmp, 'clean.csv')]);
    await loaded(page, 180_000);
    await page.getByTestId('nav-data').click();
    await looked();
    expect(await page.getByTestId('source-notice-merged-lines-0').count()).toBe(0);
    expect((await statements()).filter((s) => s.includes(SEARCH))).toEqual([]);
  }, 300_000);

  it('a file with a stray quote: searched after the open, and the Data screen warns of it', async () => {
    const before = (await statements()).length;
    await page.setInputFiles('#ss-open-files', [path.join(tmp, 'stray.csv')]);
    await loaded(page, 180_000);
    await page.getByTestId('nav-data').click();
    await shows(page, 'source-notice-merged-lines-0', /stray\.csv: 1 value holds 3 lines of the file read as text/);
    expect(await text(page, 'source-notice-merged-lines-0')).toContain(
      `a quote opens "Description" on row ${AT + 1} (line ${AT + 1} of the file) and closes 3 lines down, on line ${AT + 4}`,
    );
    await looked();
    // One search, after the open: past its last step, the view of the kept lines (the load searched before reading the columns).
    const sent = (await statements()).slice(before);
    const kept = sent.findIndex((s) => s.startsWith('CREATE OR REPLACE VIEW kept'));
    expect(kept).toBeGreaterThanOrEqual(0);
    expect(sent.filter((s) => s.includes(SEARCH))).toHaveLength(1);
    expect(sent.findIndex((s) => s.includes(SEARCH))).toBeGreaterThan(kept);
    expect(app.errors).toEqual([]);
  }, 300_000);

  it('a cleaning rule switched while the look is under way neither stops it nor drops what it found', async () => {
    await page.getByTestId('nav-data').click();
    await page.setInputFiles('#ss-open-files', [path.join(tmp, 'stray.csv')]);
    // The rule is switched in the page's turn that still shows the look's notice: the look has not
    // ended (it takes the notice down when it does), so the re-clean starts while it goes on.
    // Checked and clicked in one turn, not in two round trips that the look's end could fall between.
    await page.waitForFunction(
      () => {
        const switched =
          document.querySelector<HTMLElement>('[data-testid="source-notice-merged-lines-unchecked"]') &&
          document.querySelector<HTMLElement>('[data-testid="toggle-duplicate"]');
        switched?.click();
        return Boolean(switched);
      },
      undefined,
      { timeout: 180_000, polling: 'raf' },
    );
    await loaded(page, 180_000);
    await shows(page, 'source-notice-merged-lines-0', /stray\.csv: 1 value holds 3 lines of the file read as text/);
    await looked();
    await page.getByTestId('toggle-duplicate').click();
    await page.waitForFunction(() => !document.querySelector('.topbar .spinner'), undefined, { timeout: 60_000 });
    expect(await page.getByTestId('source-notice-merged-lines-0').count()).toBe(1);
    expect(app.errors).toEqual([]);
  }, 300_000);
});
