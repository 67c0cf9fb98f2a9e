/**
 * End-to-end (web build in Debian's Chromium), issue 12 item 4: a workbook's format panel shows
 * its sheets and what was read from each, not "delimiter comma"; sheets named by period are read
 * together by default, and the sheet picker reads one sheet or "All sheets".
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { CHROMIUM } from '../helpers/chromium.ts';
import { loaded, openAppPage, text, type AppPage } from '../helpers/e2e-page.ts';

const hasChromium = existsSync(CHROMIUM);

const HEADER = ['Invoice', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'Price', 'Customer ID', 'Country'];

/** Order lines of one year: `n` lines, three per invoice, customers cycling over `customers`. */
function year(y: number, n: number, firstInvoice: number, customers: number): unknown[][] {
  return Array.from({ length: n }, (_, i) => [
    String(firstInvoice + Math.floor(i / 3)),
    `SKU${i % 5}`,
    `ITEM ${i % 5}`,
    1 + (i % 4),
    new Date(Date.UTC(y, i % 12, 1 + (i % 28), 10)),
    2.5,
    13000 + (Math.floor(i / 3) % customers),
    'United Kingdom',
  ]);
}

/** The number stands alone in the text (not part of a longer number). */
const shows = (n: number) => new RegExp(`(^|[^\\d,])${n.toLocaleString('en-US')}([^\\d,]|$)`);

describe.skipIf(!hasChromium)('workbooks on the Data screen', () => {
  let app: AppPage;
  let page: Page;
  let tmp: string;
  let book: string;
  const y22 = year(2022, 30, 100, 7);
  const y23 = year(2023, 24, 200, 5);

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ss-workbook-e2e-'));
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('About').addRow(['Sales export, 2022-2023']);
    const a = wb.addWorksheet('Year 2022');
    for (const r of [['Orders 2022'], [], HEADER, ...y22]) a.addRow(r);
    const b = wb.addWorksheet('Year 2023');
    for (const r of [HEADER, ...y23]) b.addRow(r);
    book = path.join(tmp, 'orders.xlsx');
    writeFileSync(book, new Uint8Array(await wb.xlsx.writeBuffer()));
    app = await openAppPage(await buildWeb({ quiet: true }), { context: { viewport: { width: 1440, height: 960 } } });
    ({ page } = app);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('reads the sheets named by period together, says so, and reads one sheet on request', async () => {
    await page.setInputFiles('#ss-open-files', [book]);
    await loaded(page);
    await page.getByTestId('nav-data').click();
    await page.getByTestId('kpis').waitFor({ timeout: 90_000 });
    const format = await text(page, 'format');
    expect(format).not.toMatch(/Delimiter/);
    expect(await text(page, 'sheets-read')).toBe('3 sheets; read “Year 2022”, “Year 2023” — named by period, read as one dataset');
    expect(await text(page, 'header-row')).toBe('row 3 of “Year 2022” (title rows above skipped)');
    expect(await page.getByTestId('sheet').inputValue()).toBe('all');
    expect(await text(page, 'source-notice-skipped')).toBe('Passed over: “About” (no table (cover or notes)).');
    const invoices = (rows: unknown[][]) => new Set(rows.map((r) => r[0])).size;
    const customers = (rows: unknown[][]) => new Set(rows.map((r) => r[6])).size;
    expect(await text(page, 'kpi-lines')).toMatch(shows(y22.length + y23.length));
    expect(await text(page, 'kpi-invoices')).toMatch(shows(invoices([...y22, ...y23])));
    expect(await text(page, 'kpi-customers')).toMatch(shows(customers([...y22, ...y23])));
    // One sheet by name.
    await page.getByTestId('sheet').selectOption('Year 2023');
    await page.waitForFunction(() => /Year 2023”$/.test(document.querySelector('[data-testid="sheets-read"]')?.textContent ?? ''), undefined, {
      timeout: 90_000,
    });
    await loaded(page);
    expect(await text(page, 'sheets-read')).toBe('3 sheets; read “Year 2023”');
    expect(await text(page, 'kpi-lines')).toMatch(shows(y23.length));
    expect(await text(page, 'kpi-invoices')).toMatch(shows(invoices(y23)));
    expect(await text(page, 'kpi-customers')).toMatch(shows(customers(y23)));
  }, 240_000);
});
