/**
 * End-to-end (web build in Debian's Chromium): data in the other shapes analysts bring. A file of
 * one basket per line, arules' Groceries,
 * opened as a user's file. The Data screen says which layout was read, and the Baskets screen
 * mines it as published: at minSupport 0.1%, minConfidence 80% and up to 6 items (Groceries'
 * longest itemset), 13,492 itemsets and arules' 410 rules. Data without invoice numbers (member,
 * date, item) is mined by visit, a customer's purchases on one day, and the screen says so. An
 * order table without invoice numbers (customer, date, revenue: R's rfm input) is segmented, each
 * line one order. A till's lines of Groceries, each transaction id first, are the same baskets.
 * mlxtend's five tutorial baskets, too few lines to tell, are read as baskets once
 * that layout is chosen, and its one-hot table is detected as an item matrix. Monthly exports
 * whose columns changed (one added, one renamed) are read together, and the Data screen says how.
 * A till export that names no customer (Toast's) is said to have nobody to score, in the CLI's words.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { utils, write } from '@e965/xlsx';
import ExcelJS from 'exceljs';
import { strToU8, zipSync } from 'fflate';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildWeb } from '../../build/scripts/build-web.mjs';
import { CHROMIUM } from '../helpers/chromium.ts';
import { loaded, openAppPage, shows, text, type AppPage } from '../helpers/e2e-page.ts';
import { GROCERIES_CSV, MLXTEND_BASKETS } from '../helpers/engine.ts';
import { CDNOW_DIR } from '../engine/clv/cdnow.ts';

const SHOTS = path.resolve(import.meta.dirname, '../.artifacts/screenshots');

/** How the Data screen describes mlxtend's baskets as an item matrix with an id column first. */
const MLXTEND_MATRIX = 'an item matrix: a column per item, a row per basket named by the first column, each cell yes or no: 5 baskets, 26 items';

/** The Baskets screen shows mlxtend's five baskets of 11 items. */
async function showsMlxtendBaskets(page: Page): Promise<void> {
  await page.getByTestId('nav-baskets').click();
  await shows(page, 'kpi-baskets', /11 distinct items/i);
  expect((await text(page, 'kpi-baskets')).toLowerCase()).toBe('baskets 5 11 distinct items');
}
const hasChromium = existsSync(CHROMIUM);

describe.skipIf(!hasChromium)('data in other shapes in Chromium', () => {
  let app: AppPage;
  let page: Page;
  let errors: string[];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    app = await openAppPage(await buildWeb({ quiet: true }), { context: { viewport: { width: 1280, height: 720 } } });
    ({ page, errors } = app);
  }, 300_000);

  afterAll(async () => {
    await app?.close();
  });

  it('reads Groceries as baskets and mines arules’ 410 rules', async () => {
    await page.setInputFiles('#ss-open-files', [GROCERIES_CSV]);
    await page.getByTestId('nav-data').click();
    await shows(page, 'basket-layout', /9,835 baskets/);
    expect(await text(page, 'basket-layout')).toBe('one basket per line, items separated by commas: 9,835 baskets, 43,367 items');
    // Baskets have no customers and no prices: those counts are none, not 0.
    await shows(page, 'kpi-revenue', /no price/);
    expect(await text(page, 'kpi-revenue')).toBe('REVENUE – no price or amount column');
    expect(await text(page, 'kpi-customers')).toBe('CUSTOMERS – no customer column');
    expect(await text(page, 'kpi-invoices')).toBe('INVOICES 9,835 169 products');
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

  it('reads a till’s lines, each transaction id first, as the same baskets', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-till-'));
    const file = path.join(dir, 'till.csv');
    const groceries = readFileSync(GROCERIES_CSV, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '');
    const slots = Array.from({ length: 32 }, (_, i) => `Item ${i + 1}`).join(',');
    writeFileSync(file, `Transaction,${slots}\n${groceries.map((l, i) => `${100001 + i},${l}`).join('\n')}\n`);
    try {
      await page.setInputFiles('#ss-open-files', [file]);
      await page.getByTestId('nav-data').click();
      await shows(page, 'basket-layout', /basket id first/);
      expect(await text(page, 'basket-layout')).toBe(
        "one basket per line, items separated by commas, each line's basket id first: 9,835 baskets, 43,367 items",
      );
      await page.getByTestId('nav-baskets').click();
      await shows(page, 'kpi-itemsets', /\d/);
      await page.getByTestId('min-support').fill('0');
      await page.getByTestId('min-confidence').fill('0.8');
      await page.getByTestId('max-len').selectOption('6');
      await shows(page, 'kpi-itemsets', /13,492/);
      await shows(page, 'kpi-rules', /\b410\b/);
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('reads a small file of baskets when the layout is chosen, and an item matrix as detected', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-layouts-'));
    const lines = path.join(dir, 'dataset.csv');
    writeFileSync(lines, `${MLXTEND_BASKETS.map((b) => b.join(',')).join('\n')}\n`);
    const items = [...new Set(MLXTEND_BASKETS.flat())].sort();
    const onehot = path.join(dir, 'onehot.csv');
    writeFileSync(
      onehot,
      `,${items.join(',')}\n${MLXTEND_BASKETS.map((b, i) => [i, ...items.map((x) => (b.includes(x) ? 'True' : 'False'))].join(',')).join('\n')}\n`,
    );
    try {
      // mlxtend's five baskets: too few lines to tell, read as a table; the notice names the choice.
      await page.setInputFiles('#ss-open-files', [lines]);
      await page.getByTestId('nav-data').click();
      await shows(page, 'required-roles', /choose that layout/);
      expect(await text(page, 'basket-layout')).toBe('a table: a header, then a line per row');
      await page.getByTestId('layout').selectOption('baskets');
      await shows(page, 'basket-layout', /5 baskets/);
      expect(await text(page, 'basket-layout')).toBe('one basket per line, items separated by commas: 5 baskets, 27 items');
      // Segments still need a date, a customer and amounts; baskets need nothing more.
      expect(await text(page, 'required-roles')).not.toContain('Baskets need');
      await page.screenshot({ path: path.join(SHOTS, 'layout-chosen-data.png') });
      // An item matrix it is not: the message names the line and column, the baskets shown and their layout stay.
      await page.getByTestId('layout').selectOption('matrix');
      await shows(page, 'toast-error', /not an item matrix/);
      expect(await text(page, 'toast-error')).toContain('dataset.csv, row 2, column Onion: not an item matrix: "Onion" is not a yes/no value');
      expect(await page.getByTestId('layout').inputValue()).toBe('baskets');
      expect(await text(page, 'basket-layout')).toBe('one basket per line, items separated by commas: 5 baskets, 27 items');
      await page.getByTestId('nav-baskets').click();
      await shows(page, 'kpi-baskets', /^\s*Baskets\s+5\b/i);
      expect((await text(page, 'kpi-baskets')).toLowerCase()).toBe('baskets 5 11 distinct items');
      // The one-hot table as pandas writes it (an unnamed index first): detected, and a fresh open detects again.
      await page.setInputFiles('#ss-open-files', [onehot]);
      await page.getByTestId('nav-data').click();
      await shows(page, 'basket-layout', /item matrix/);
      expect(await text(page, 'basket-layout')).toBe(MLXTEND_MATRIX);
      expect(await page.getByTestId('layout').inputValue()).toBe('auto');
      await showsMlxtendBaskets(page);
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('reads an item matrix in a workbook sheet (0/1 cells below a title)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-matrix-book-'));
    const items = [...new Set(MLXTEND_BASKETS.flat())].sort();
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Baskets');
    for (const r of [
      ['Market basket lesson'],
      ['Transaction', ...items],
      ...MLXTEND_BASKETS.map((b, i) => [`T${i + 1}`, ...items.map((x) => (b.includes(x) ? 1 : 0))]),
    ])
      ws.addRow(r);
    const file = path.join(dir, 'lesson.xlsx');
    writeFileSync(file, new Uint8Array(await wb.xlsx.writeBuffer()));
    try {
      await page.setInputFiles('#ss-open-files', [file]);
      await page.getByTestId('nav-data').click();
      // The workbook's facts, not the one-hot file's read before it.
      await shows(page, 'sheets-read', /Baskets/);
      expect(await text(page, 'basket-layout')).toBe(MLXTEND_MATRIX);
      await page.screenshot({ path: path.join(SHOTS, 'matrix-workbook-data.png') });
      await showsMlxtendBaskets(page);
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
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

  it('segments an order table without invoice numbers, each line one order', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-orders-'));
    const file = path.join(dir, 'orders.csv');
    // 40 customers, customer k with k % 5 + 1 orders (two of them on one day for k % 5 = 4): 120 lines.
    const lines = ['customer_id,order_date,revenue'];
    for (let k = 0; k < 40; k++)
      for (let o = 0; o <= k % 5; o++) lines.push(`C${k},2024-0${1 + Math.min(o, 3)}-${String(1 + (k % 28)).padStart(2, '0')},${10 + k + o}.50`);
    writeFileSync(file, `${lines.join('\n')}\n`);
    try {
      await page.setInputFiles('#ss-open-files', [file]);
      await page.getByTestId('nav-data').click();
      await shows(page, 'source-notice-no-invoice', /each line counts as one order/);
      expect(await text(page, 'source-notice-no-invoice')).toBe(
        "No invoice column: each line counts as one order, and baskets are visits, a customer's purchases on one day.",
      );
      await page.getByTestId('nav-segments').click();
      await shows(page, 'kpi-scored', /\b40\b/);
      const counts = await page.$$eval('[data-testid="segment-table"] tbody tr td:nth-child(2)', (tds) =>
        tds.map((td) => Number(td.textContent!.replace(/\D/g, ''))),
      );
      expect(counts.reduce((a, b) => a + b, 0)).toBe(40);
      await page.screenshot({ path: path.join(SHOTS, 'order-table-segments.png') });
      // The Overview counts the lines as orders: 120.
      await page.getByTestId('nav-overview').click();
      await page.getByTestId('ov-kpis').waitFor({ timeout: 60_000 });
      expect(await page.getByTestId('ov-kpi-orders').locator('[data-value]').getAttribute('data-value')).toBe('25');
      // No quantity column: no items per order (not 0).
      expect(await page.getByTestId('ov-kpi-itemsPerOrder').count()).toBe(0);
      await page.screenshot({ path: path.join(SHOTS, 'order-table-overview.png') });
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('reads monthly exports whose columns changed: Email added, Qty renamed Quantity', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-months-'));
    // 30 customers over three months; from April the export adds Email and calls Qty Quantity.
    const month = (m: number, header: string, row: (k: number) => string) =>
      writeFileSync(path.join(dir, `2024-0${m}.csv`), `${header}\n${Array.from({ length: 30 }, (_, k) => row(k)).join('\n')}\n`);
    month(3, 'Invoice,Date,Customer,SKU,Qty,Price', (k) => `${3000 + k},2024-03-${String(1 + (k % 28)).padStart(2, '0')},C${k},P${k % 4},${1 + (k % 3)},2.50`);
    for (const m of [4, 5])
      month(
        m,
        'Invoice,Date,Customer,Email,SKU,Quantity,Price',
        (k) => `${m * 1000 + k},2024-0${m}-${String(1 + (k % 28)).padStart(2, '0')},C${k},c${k}@example.com,P${k % 4},1,2.50`,
      );
    try {
      await page.setInputFiles(
        '#ss-open-files',
        [3, 4, 5].map((m) => path.join(dir, `2024-0${m}.csv`)),
      );
      await page.getByTestId('nav-data').click();
      await shows(page, 'source-notice-differing-columns-0', /Quantity/);
      expect(await text(page, 'source-notice-differing-columns-0')).toBe(
        '2 of 3 files have "Quantity" where the others have "Qty" (2024-04.csv, 2024-05.csv; 60 lines): read as one column, the quantity.',
      );
      expect(await text(page, 'source-notice-differing-columns-1')).toBe(
        '1 of 3 files have no column "Email" (2024-03.csv; 30 lines): their lines are read with no email.',
      );
      // Every line kept: 90, and their revenue, March's quantities with April's and May's.
      await shows(page, 'kpi-lines', /\b90\b/);
      expect(await text(page, 'kpi-revenue')).toContain('300.00');
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('reads a zip archive of daily exports as the files it packs, its README left out and said', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-archive-'));
    // Three days of 20 lines each, in a folder inside the archive, beside macOS's resource forks and a README.
    const day = (d: number) =>
      `Invoice,Date,Customer,SKU,Qty,Price\n${Array.from({ length: 20 }, (_, k) => `${d * 100 + k},2024-03-0${d},C${k % 7},P${k % 4},${1 + (k % 2)},2.50`).join('\n')}\n`;
    const file = path.join(dir, 'march.zip');
    writeFileSync(
      file,
      zipSync({
        'march/2024-03-02.csv': strToU8(day(2)),
        'march/2024-03-01.csv': strToU8(day(1)),
        'march/2024-03-03.csv': strToU8(day(3)),
        '__MACOSX/march/._2024-03-01.csv': strToU8('junk'),
        'march/README.txt': strToU8('March sales\n\nExported from the till on 2024-04-01.\n'),
      }),
    );
    try {
      await page.setInputFiles('#ss-open-files', [file]);
      await loaded(page);
      await page.getByTestId('nav-data').click();
      await shows(page, 'kpi-lines', /\b60\b/);
      // 60 lines of 1 or 2 units at 2.50: 30 of each.
      expect(await text(page, 'kpi-revenue')).toContain('225.00');
      const files = await page.getByTestId('files').locator('tbody tr td:first-child').allInnerTexts();
      expect(files).toEqual(['march.zip/march/2024-03-01.csv', 'march.zip/march/2024-03-02.csv', 'march.zip/march/2024-03-03.csv']);
      expect(await text(page, 'source-notice-text-files')).toBe(
        '1 file is a text of one column, not a table as the others are, and was left out: march.zip/march/README.txt.',
      );
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('reads a legacy Excel 97-2003 workbook (.xls)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-xls-'));
    const rows = [
      ['Invoice', 'Date', 'Customer', 'SKU', 'Qty', 'Price'],
      ...Array.from({ length: 24 }, (_, k) => [String(700 + k), new Date(Date.UTC(2024, 2, 1 + k)), `C${k % 5}`, `P${k % 3}`, 2, 1.25]),
    ];
    const wb = utils.book_new();
    utils.book_append_sheet(wb, utils.aoa_to_sheet(rows, { cellDates: true }), 'Sales');
    const file = path.join(dir, 'till.xls');
    writeFileSync(file, new Uint8Array(write(wb, { bookType: 'biff8', type: 'array' }) as ArrayBuffer));
    try {
      await page.setInputFiles('#ss-open-files', [file]);
      await loaded(page);
      await page.getByTestId('nav-data').click();
      await shows(page, 'kpi-lines', /\b24\b/);
      expect(await text(page, 'kpi-revenue')).toContain('60.00');
      expect(await text(page, 'kpi-customers')).toContain('5');
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it("says when the non_product rule removes a shop's products coded as Online Retail's fees", async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-codes-'));
    // 60 lines, 6 of product "B" (in the default codes: Online Retail's bad debt).
    const file = path.join(dir, 'shop.csv');
    const rows = Array.from(
      { length: 60 },
      (_, i) => `${1000 + i},2024-03-${String(1 + (i % 28)).padStart(2, '0')},C${i % 9},${i % 10 === 0 ? 'B' : `P${i % 4}`},1,2.50`,
    );
    writeFileSync(file, `Invoice,Date,Customer,SKU,Qty,Price\n${rows.join('\n')}\n`);
    try {
      await page.setInputFiles('#ss-open-files', [file]);
      await page.getByTestId('nav-data').click();
      await shows(page, 'non-product-share', /non_product/);
      expect(await text(page, 'non-product-share')).toBe(
        'The non_product rule removed 6 lines (10.0% of those read), most by "B" 6: if one is a product, take it out of the non-product codes or words.',
      );
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('says when most lines are read as returns (an export writing its sales negative)', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-negative-'));
    // 10 lines, 8 with a negative quantity: a stock ledger's movements out.
    const file = path.join(dir, 'ledger.csv');
    const rows = Array.from({ length: 10 }, (_, i) => `${1000 + i},2024-03-${String(1 + i).padStart(2, '0')},C${i % 3},P${i % 4},${i < 2 ? 1 : -2},2.50`);
    writeFileSync(file, `Invoice,Date,Customer,SKU,Qty,Price\n${rows.join('\n')}\n`);
    try {
      await page.setInputFiles('#ss-open-files', [file]);
      await page.getByTestId('nav-data').click();
      await shows(page, 'returns-share', /returns/);
      expect(await text(page, 'returns-share')).toBe(
        "8 of 10 lines read (80%) have a negative quantity (or amount) and are read as returns, left out: a shop's returns are seldom most of its lines; if this export writes its sales negative (a stock ledger's movements, an accounts export's credits), export them as sales, with positive quantities.",
      );
      expect(errors).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 180_000);

  it('names amounts guessed from values alone (the CDNOW sample, without a header)', async () => {
    await page.setInputFiles('#ss-open-files', [path.join(CDNOW_DIR, 'CDNOW_sample.txt')]);
    await page.getByTestId('nav-data').click();
    await shows(page, 'source-notice-guessed-amount', /guessed from their values alone/);
    expect(await text(page, 'source-notice-guessed-amount')).toBe(
      'Revenue comes from columns guessed from their values alone: line_total <- "column4" (confidence 30%); check them, or map the amount columns by hand.',
    );
    expect(await text(page, 'basket-layout')).toBe('a table without a header: a line per row, its columns named column0, column1, …');
    expect(errors).toEqual([]);
  }, 180_000);

  /** Writes `text` as `name` in a folder of its own, opens it, goes to the Data screen and runs `check`; the folder is removed after. */
  async function onDataScreen(name: string, text: string, check: () => Promise<void>): Promise<void> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-shape-'));
    const file = path.join(dir, name);
    writeFileSync(file, text);
    try {
      await page.setInputFiles('#ss-open-files', [file]);
      await loaded(page);
      await page.getByTestId('nav-data').click();
      await check();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  it("says a till export that names no customer (Toast's item selections) has nobody to score, as the CLI does", async () => {
    // Toast's documented columns (doc.toasttab.com, "Data export field reference"); Server is the staff member.
    await onDataScreen(
      'ItemSelectionDetails.csv',
      'Location,Order Id,Order #,Sent Date,Order Date,Check Id,Server,Item Selection Id,SKU,Menu Item,Sales Category,Gross Price,Discount,Net Price,Qty,Void?\n' +
        'Bistro,4000001,101,03/14/2025 18:20:05,03/14/2025 18:20:05,40000011,Alex Kim,4000001A,BUR-01,Classic Burger,Food,28.00,0.00,28.00,2,false\n' +
        'Bistro,4000002,102,03/14/2025 18:59:30,03/14/2025 18:59:30,40000021,Sam Lee,4000002B,WIN-RD,House Red,Food,18.00,0.00,18.00,2,false\n',
      async () => {
        await shows(page, 'required-roles', /names no customer/);
        expect(await text(page, 'required-roles')).toContain(
          'Segments need customer: this file, read as Toast item selection details, names no customer, so there is nobody to score (baskets and the overview need none); map it in the column mapping below, to a column that holds customers, if the file has one.',
        );
        expect(await page.getByTestId('nav-segments').isDisabled()).toBe(true);
        expect(await page.getByTestId('nav-baskets').isDisabled()).toBe(false);
        expect(errors).toEqual([]);
      },
    );
  }, 180_000);

  it("says a payments export (Clover's orders) names no product, rather than suggest a basket layout", async () => {
    await onDataScreen(
      'Orders-20231216.csv',
      'Order Date,Order ID,Invoice Number,Order Number,Order Type,Order Employee ID,Order Employee Name,Order Employee Custom ID,Note,Currency,Tax Amount,Tip,Service Charge,Discount,Order Total,Payments Total,Payment Note,Refunds Total,Manual Refunds Total,Tender,Credit Card Auth Code,Credit Card Transaction ID,Order Payment State\n' +
        '16-Dec-2023 02:44 AM EST,MKP7NKSJDFKF8,,,Dine In,XJ2NZ4EZ9V5Z2,Sena,,,USD,3.56,8.39,,0.00,33.56,33.56,,0.00,0.00,Credit Card,05756C,335000737412,Paid\n',
      async () => {
        await shows(page, 'required-roles', /has no product column/);
        expect(await text(page, 'required-roles')).toContain(
          'Baskets need sku or description: this file, read as Clover orders export, has no product column (map one below, if the file has one).',
        );
        expect(await text(page, 'required-roles')).not.toContain('choose that layout');
        expect(errors).toEqual([]);
      },
    );
  }, 180_000);

  it("says Shopify's sales over time is a summary report: its Orders count no order number, no column to map", async () => {
    await onDataScreen(
      'total-sales-over-time.csv',
      '"Day","Orders","Gross sales","Discounts","Returns","Net sales","Shipping charges","Taxes","Total sales"\n' +
        '"2024-01-01",11,470.45,-23.52,0.00,446.93,49.50,35.75,532.18\n' +
        '"2024-01-02",19,469.62,-23.48,-46.96,399.18,85.50,31.93,516.61\n' +
        '"2024-01-03",4,120.00,0.00,0.00,120.00,18.00,9.60,147.60\n',
      async () => {
        await shows(page, 'required-roles', /summary report/);
        expect(await text(page, 'required-roles')).toBe(
          'Segments and baskets cannot be made: this file looks like a summary report (a row per date; "Orders" is a count, given no role), not a list of orders. To segment customers and find baskets, export the orders themselves, a row per order or order line.',
        );
        await shows(page, 'source-notice-summary-report', /its rows are totals, not orders/);
        expect(await page.getByTestId('kpi-invoices').innerText()).toContain('–');
        expect(errors).toEqual([]);
      },
    );
  }, 180_000);

  it('says a customers report gives no customer to score, until its customer column is mapped by hand: then each row is one order, said', async () => {
    await onDataScreen(
      'customers.csv',
      'Name,Username,Last active,Date registered,Email,Orders,Total spend,AOV,Country / Region\n' +
        'Ann Lee,ann,2024-07-03,2022-06-23,ann@example.com,3,79.23,26.41,GB\n' +
        'Bob Ray,bob,2024-04-18,2022-02-06,bob@example.com,5,188.05,37.61,GB\n' +
        'Cy Dun,cy,2024-04-18,2023-01-10,cy@example.com,1,12.50,12.50,GB\n',
      async () => {
        await shows(page, 'required-roles', /a row per customer/);
        expect(await text(page, 'required-roles')).toContain('To score its rows as they are, each as one order, map “Email” as the customer below.');
        expect(await page.getByTestId('nav-segments').isDisabled()).toBe(true);
        await page.getByTestId('map-customer').selectOption('Email');
        await shows(page, 'source-notice-summary-report', /each row is read as one order, so every customer has one order/);
        await page.waitForFunction(() => (document.querySelector('[data-testid="nav-segments"]') as HTMLButtonElement | null)?.disabled === false, undefined, {
          timeout: 60_000,
        });
        expect(await page.getByTestId('required-roles').count()).toBe(0);
        expect(errors).toEqual([]);
      },
    );
  }, 180_000);
});
