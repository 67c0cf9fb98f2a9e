/**
 * Issue 12, item 4 in the CLI (native DuckDB): `--sheet NAME|all`, and `inspect` (text and
 * JSON) lists a workbook's sheets and what was read from each; in a folder, dd/mm and mm/dd
 * files are each read in their own order.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { utils as sheetUtils, write as writeBook } from '@e965/xlsx';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const BIN = new URL('../../bin/segment-studio.mjs', import.meta.url).pathname;
const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

const HEADER = ['Invoice', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'Price', 'Customer ID', 'Country'];

/** `n` lines of a shop, three per invoice, price 2 × (1 + i mod 3), customers cycling over `customers`. */
function shop(n: number, firstInvoice: number, customers: number): (string | number | Date)[][] {
  return Array.from({ length: n }, (_, i) => [
    String(firstInvoice + Math.floor(i / 3)),
    `SKU${i % 4}`,
    `ITEM ${i % 4}`,
    1 + (i % 3),
    new Date(Date.UTC(2023, i % 12, 1 + (i % 28), 12)),
    2 * (1 + (i % 3)),
    14000 + (Math.floor(i / 3) % customers),
    'United Kingdom',
  ]);
}

const figures = (rows: (string | number | Date)[][]) => ({
  rows_kept: rows.length,
  customers: new Set(rows.map((r) => r[6])).size,
  invoices: new Set(rows.map((r) => r[0])).size,
  revenue: rows.reduce((s, r) => s + (r[3] as number) * (r[5] as number), 0),
});

describe('workbooks in the CLI', () => {
  let tmp: string;
  let book: string;
  const a = shop(21, 100, 4);
  const b = shop(15, 200, 6);

  beforeAll(async () => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'ss-cli-workbook-'));
    const wb = new ExcelJS.Workbook();
    for (const [name, rows] of [
      ['Shop A', a],
      ['Shop B', b],
    ] as const) {
      const ws = wb.addWorksheet(name);
      for (const r of [HEADER, ...rows]) ws.addRow(r);
    }
    book = path.join(tmp, 'shops.xlsx');
    writeFileSync(book, new Uint8Array(await wb.xlsx.writeBuffer()));
  });

  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('reads the first sheet by default and warns, in every command, that the other has the same columns; --sheet all reads both', () => {
    const first = run('inspect', book);
    expect(first.status).toBe(0);
    expect(first.stdout).toContain('Workbook shops.xlsx: 2 sheets; read the first sheet with a table');
    expect(first.stdout).toContain(`  sheet "Shop A": read, ${a.length} lines`);
    expect(first.stdout).toContain(`  sheet "Shop B": not read, ${b.length} lines`);
    expect(first.stdout).toContain(
      '  warning: 1 other sheet of shops.xlsx has the columns of "Shop A" and was not read ("Shop B", 15 lines): the figures count "Shop A" alone; --sheet all',
    );
    // Every command says so, not inspect alone.
    const seg = run('segment', book, '--out', path.join(tmp, 'seg'));
    expect(seg.stdout + seg.stderr).toContain('warning: 1 other sheet of shops.xlsx has the columns of "Shop A" and was not read');

    const all = run('inspect', book, '--sheet', 'all', '--json');
    expect(all.status).toBe(0);
    const j = JSON.parse(all.stdout);
    expect(j.format.workbooks).toEqual([
      {
        file: 'shops.xlsx',
        choice: 'all',
        sheets: [
          { name: 'Shop A', status: 'read', rows: a.length, headerRow: 1 },
          { name: 'Shop B', status: 'read', rows: b.length, headerRow: 1 },
        ],
      },
    ]);
    expect(j.format.files.map((f: { name: string; rows: number }) => [f.name, f.rows])).toEqual([
      ['shops.xlsx [Shop A]', a.length],
      ['shops.xlsx [Shop B]', b.length],
    ]);
    const want = figures([...a, ...b]);
    expect({ rows_kept: j.report.rows_kept, customers: j.report.customers, invoices: j.report.invoices }).toEqual({
      rows_kept: want.rows_kept,
      customers: want.customers,
      invoices: want.invoices,
    });
    expect(j.report.revenue).toBeCloseTo(want.revenue, 6);

    const named = JSON.parse(run('inspect', book, '--sheet', 'Shop B', '--json').stdout);
    expect(named.report.rows_kept).toBe(b.length);
    expect(named.report.revenue).toBeCloseTo(figures(b).revenue, 6);
  });

  it('a hidden sheet and rows an AutoFilter hides: inspect lists them (text and JSON) and warns; the rows are read', async () => {
    const wb = new ExcelJS.Workbook();
    const backup = wb.addWorksheet('Backup');
    for (const r of [HEADER, ...b]) backup.addRow(r);
    backup.state = 'hidden';
    const orders = wb.addWorksheet('Orders');
    for (const r of [HEADER, ...a]) orders.addRow(r);
    orders.autoFilter = 'A1:H22';
    for (const r of [3, 4, 7]) orders.getRow(r).hidden = true;
    const file = path.join(tmp, 'filtered.xlsx');
    writeFileSync(file, new Uint8Array(await wb.xlsx.writeBuffer()));
    const text = run('inspect', file);
    expect(text.status).toBe(0);
    expect(text.stdout).toContain('Workbook filtered.xlsx: 2 sheets; read the first visible sheet with a table');
    expect(text.stdout).toContain(`  sheet "Backup" (hidden): not read, ${b.length} lines`);
    expect(text.stdout).toContain(`  sheet "Orders": read, ${a.length} lines, 3 of them hidden in the workbook (rows 3, 4, 7), read`);
    expect(text.stdout).toContain(
      'warning: filtered.xlsx, sheet "Orders": 3 rows are hidden in the workbook (filtered out or hidden by hand; rows 3, 4, 7) and are read with the others',
    );
    expect(text.stdout).toContain('was not read ("Backup" (hidden), 15 lines)');
    const j = JSON.parse(run('inspect', file, '--json').stdout);
    expect(j.format.workbooks).toEqual([
      {
        file: 'filtered.xlsx',
        choice: 'first',
        sheets: [
          { name: 'Backup', status: 'not_chosen', hidden: true, rows: b.length, headerRow: 1 },
          { name: 'Orders', status: 'read', rows: a.length, headerRow: 1, hiddenRows: { count: 3, first: [3, 4, 7] } },
        ],
      },
    ]);
    expect(j.report.rows_kept).toBe(a.length);
  });

  it('a folder of a dd/mm file and an mm/dd file: each file in its own order', () => {
    const dir = path.join(tmp, 'mixed');
    mkdirSync(dir);
    const pad = (n: number) => String(n).padStart(2, '0');
    const line = (r: (string | number | Date)[], date: string) => [r[0], r[1], r[2], r[3], date, r[5], r[6], r[7]].join(',');
    const d = (r: (string | number | Date)[]) => r[4] as Date;
    writeFileSync(
      path.join(dir, 'eu.csv'),
      [HEADER.join(','), ...a.map((r) => line(r, `${pad(d(r).getUTCDate())}/${pad(d(r).getUTCMonth() + 1)}/2023`))].join('\n'),
    );
    writeFileSync(
      path.join(dir, 'us.csv'),
      [HEADER.join(','), ...b.map((r) => line(r, `${pad(d(r).getUTCMonth() + 1)}/${pad(d(r).getUTCDate())}/2023`))].join('\n'),
    );
    const out = run('inspect', dir, '--json');
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout);
    expect(j.format.date_format).toMatch(/^dd\/mm\/yyyy/);
    expect(Object.keys(j.format.date_formats_by_file)).toEqual(['us.csv']);
    expect(j.format.date_formats_by_file['us.csv']).toMatch(/^mm\/dd\/yyyy/);
    expect(j.report.removed.invalid_value).toBe(0);
    const days = [...a, ...b].map((r) => d(r).toISOString().slice(0, 10)).sort();
    expect([j.report.date_min.slice(0, 10), j.report.date_max.slice(0, 10)]).toEqual([days[0], days[days.length - 1]]);
    expect(j.report.rows_kept).toBe(a.length + b.length);
    expect(j.report.revenue).toBeCloseTo(figures([...a, ...b]).revenue, 6);
  });
  it('a workbook the streaming reader leaves aside (an OpenDocument package named .xlsx) is read by SheetJS, loaded on demand', () => {
    // The compiled CLI keeps SheetJS in a chunk of its own (build-cli.mjs): this run loads it.
    const rows = a.map((r) => [r[0], r[1], r[2], r[3], (r[4] as Date).toISOString().slice(0, 19).replace('T', ' '), r[5], r[6], r[7]]);
    const wb = sheetUtils.book_new();
    sheetUtils.book_append_sheet(wb, sheetUtils.aoa_to_sheet([HEADER, ...rows]), 'Shop A');
    const file = path.join(tmp, 'opendocument.xlsx');
    writeFileSync(file, writeBook(wb, { bookType: 'ods', type: 'buffer' }) as Buffer);
    const out = run('inspect', file, '--json');
    expect(out.status).toBe(0);
    const j = JSON.parse(out.stdout);
    expect(j.format.files.map((f: { name: string; rows: number }) => [f.name, f.rows])).toEqual([['opendocument.xlsx', a.length]]);
    const want = figures(a);
    expect({ rows_kept: j.report.rows_kept, customers: j.report.customers }).toEqual({ rows_kept: want.rows_kept, customers: want.customers });
    expect(j.report.revenue).toBeCloseTo(want.revenue, 6);
  });
});
