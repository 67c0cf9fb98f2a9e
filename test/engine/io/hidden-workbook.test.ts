/**
 * Hidden rows and hidden sheets of a workbook: every row is read (a hidden row is data), and the
 * figure warnings say how many the workbook hides below the header and where; a visible sheet is
 * read before a hidden one of a table as good, a hidden one read all the same is said, and one
 * left unread is named hidden. Workbooks are written here with ExcelJS (the byte scanner reads
 * them) and SheetJS (.xlsb and XML Spreadsheet 2003: the SheetJS reader).
 */
import { utils, write, type WorkBook } from '@e965/xlsx';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { figureWarnings, keyedFigureWarnings, openDataset, workbookTables, type Dataset, type SqlPort } from '../../../engine/src/index.ts';
import { MemorySource, openDb } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const HEADER = ['Invoice', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'Price', 'Customer ID', 'Country'];

/** `n` order lines, three per invoice, from invoice `first`. */
function lines(n: number, first: number): (string | number | Date)[][] {
  return Array.from({ length: n }, (_, i) => [
    String(first + Math.floor(i / 3)),
    `SKU${i % 4}`,
    `ITEM ${i % 4}`,
    1 + (i % 3),
    new Date(Date.UTC(2023, i % 12, 1 + (i % 28), 12)),
    2 * (1 + (i % 3)),
    14000 + (Math.floor(i / 3) % 5),
    'United Kingdom',
  ]);
}

const figures = (rows: (string | number | Date)[][]) => ({
  lines: rows.length,
  invoices: new Set(rows.map((r) => r[0])).size,
  revenue: rows.reduce((s, r) => s + (r[3] as number) * (r[5] as number), 0),
});
const reported = (ds: Dataset) => ({ lines: ds.report.rows_kept, invoices: ds.report.invoices, revenue: Math.round(ds.report.revenue * 100) / 100 });

interface SheetSpec {
  name: string;
  rows: unknown[][];
  /** 1-based sheet rows to hide. */
  hide?: readonly number[];
  state?: 'hidden' | 'veryHidden';
  autoFilter?: string;
}

async function book(sheets: SheetSpec[]): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
    for (const r of s.hide ?? []) ws.getRow(r).hidden = true;
    if (s.state) ws.state = s.state;
    if (s.autoFilter) ws.autoFilter = s.autoFilter;
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

describe('hidden rows', () => {
  it('rows an AutoFilter hides are read with the others, and a warning names the file, sheet, count and first rows; hidden title rows are not counted', async () => {
    const data = lines(30, 500100);
    // Title on row 1, a hidden note on row 2, the header on row 3, data on rows 4..33.
    const hide = [2, 5, 9, 10, 11, 20, 33];
    const bytes = await book([{ name: 'Orders', rows: [['Orders 2023'], ['staff note'], HEADER, ...data], hide, autoFilter: 'A3:H33' }]);
    const ds = await openDataset(sql, [new MemorySource('book.xlsx', bytes)]);
    // Every row is read: the figures are the thirty lines'.
    expect(reported(ds)).toEqual(figures(data));
    expect(ds.sources[0]!.workbook!.sheets).toEqual([
      { name: 'Orders', status: 'read', rows: 30, headerRow: 3, hiddenRows: { count: 6, first: [5, 9, 10, 11, 20] } },
    ]);
    expect(keyedFigureWarnings(ds).filter((w) => w.key.startsWith('hidden'))).toEqual([
      {
        key: 'hidden-rows-0',
        text:
          'book.xlsx, sheet "Orders": 6 rows are hidden in the workbook (filtered out or hidden by hand; rows 5, 9, 10, 11, 20, …) and are read with the others: ' +
          'the figures count them; delete them in the workbook to leave them out',
      },
    ]);
  });

  it('one hidden row, in each sheet read together by period: one warning per sheet, by its name', async () => {
    const a = lines(6, 100);
    const b = lines(9, 200);
    const bytes = await book([
      { name: 'Jan 2023', rows: [HEADER, ...a], hide: [4] },
      { name: 'Feb 2023', rows: [HEADER, ...b], hide: [2, 3] },
    ]);
    const ds = await openDataset(sql, [new MemorySource('months.xlsx', bytes)]);
    expect(reported(ds)).toEqual(figures([...a, ...b]));
    expect(figureWarnings(ds).filter((w) => w.includes('hidden'))).toEqual([
      'months.xlsx, sheet "Jan 2023": 1 row is hidden in the workbook (filtered out or hidden by hand; row 4) and is read with the others: the figures count it; delete it in the workbook to leave it out',
      'months.xlsx, sheet "Feb 2023": 2 rows are hidden in the workbook (filtered out or hidden by hand; rows 2, 3) and are read with the others: the figures count them; delete them in the workbook to leave them out',
    ]);
  });

  it('no hidden row, no warning and no fact', async () => {
    const ds = await openDataset(sql, [new MemorySource('clean.xlsx', await book([{ name: 'Orders', rows: [HEADER, ...lines(12, 300)] }]))]);
    expect(ds.sources[0]!.workbook!.sheets[0]).toEqual({ name: 'Orders', status: 'read', rows: 12, headerRow: 1 });
    expect(figureWarnings(ds).filter((w) => w.includes('hidden'))).toEqual([]);
  });

  it('property: random rows hidden in a random table: the count and first rows are those hidden below the header, and every row is read', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 40 }),
        fc.integer({ min: 0, max: 2 }),
        fc.array(fc.nat(60), { maxLength: 25 }),
        fc.boolean(),
        async (n, titles, picks, asCells) => {
          const headerRow = titles + 1;
          const rows = [...Array.from({ length: titles }, (_, i) => [`Title ${i + 1}`]), HEADER, ...lines(n, 900)];
          const hide = [...new Set(picks.map((p) => 1 + (p % rows.length)))];
          const bytes = await book([{ name: 'S', rows, hide }]);
          const { tables, facts } = await workbookTables('p.xlsx', bytes, undefined, {}, asCells);
          expect(tables[0]!.rows).toBe(n);
          const below = hide.filter((r) => r > headerRow).sort((x, y) => x - y);
          expect(facts.sheets[0]!.hiddenRows).toEqual(below.length ? { count: below.length, first: below.slice(0, 5) } : undefined);
        },
      ),
      { numRuns: 40 },
    );
  });
});

describe('hidden sheets', () => {
  const data = lines(21, 700);
  const backup = lines(33, 800);

  it('a hidden first sheet of the same columns: the visible one is read, and the other-sheets warning says the unread one is hidden', async () => {
    const bytes = await book([
      { name: 'Backup', rows: [HEADER, ...backup], state: 'hidden' },
      { name: 'Orders', rows: [HEADER, ...data] },
    ]);
    const ds = await openDataset(sql, [new MemorySource('shop.xlsx', bytes)]);
    expect(ds.sources[0]!.sheet).toBe('Orders');
    expect(reported(ds)).toEqual(figures(data));
    expect(ds.sources[0]!.workbook).toEqual({
      choice: 'first',
      sheets: [
        { name: 'Backup', status: 'not_chosen', hidden: true, rows: 33, headerRow: 1 },
        { name: 'Orders', status: 'read', rows: 21, headerRow: 1 },
      ],
    });
    expect(figureWarnings(ds).filter((w) => w.includes('sheet'))).toEqual([
      '1 other sheet of shop.xlsx has the columns of "Orders" and was not read ("Backup" (hidden), 33 lines): the figures count "Orders" alone; ' +
        '--sheet all (the Data screen\'s "All sheets with the same columns") reads them together',
    ]);
    // Named, the hidden sheet is read: the user asked, so no warning.
    const named = await openDataset(sql, [new MemorySource('shop.xlsx', bytes)], { sheet: 'Backup' });
    expect(reported(named)).toEqual(figures(backup));
    expect(named.sources[0]!.workbook!.sheets[0]).toEqual({ name: 'Backup', status: 'read', hidden: true, rows: 33, headerRow: 1 });
    expect(figureWarnings(named).filter((w) => w.includes('hidden'))).toEqual([]);
    // All sheets: the hidden one is read with the other, and said (a copy would count twice).
    const all = await openDataset(sql, [new MemorySource('shop.xlsx', bytes)], { sheet: 'all' });
    expect(reported(all)).toEqual(figures([...backup, ...data]));
    expect(figureWarnings(all).filter((w) => w.includes('hidden'))).toEqual([
      'sheet "Backup" of shop.xlsx is hidden in the workbook and was read with the other sheets of its columns: the figures count its lines too (twice, if it is a copy); --sheet NAME reads one sheet alone',
    ]);
  });

  it('a very hidden sheet with the only sales table is read all the same, and said; a visible summary is passed over', async () => {
    const bytes = await book([
      {
        name: 'Summary',
        rows: [
          ['Country', 'Revenue', 'Invoices'],
          ['United Kingdom', 300, 7],
        ],
      },
      { name: 'Data', rows: [HEADER, ...data], state: 'veryHidden' },
    ]);
    const ds = await openDataset(sql, [new MemorySource('report.xlsx', bytes)]);
    expect(ds.sources[0]!.sheet).toBe('Data');
    expect(reported(ds)).toEqual(figures(data));
    expect(ds.sources[0]!.workbook!.sheets.map((s) => [s.name, s.status, s.hidden])).toEqual([
      ['Summary', 'other_columns', undefined],
      ['Data', 'read', true],
    ]);
    expect(keyedFigureWarnings(ds).filter((w) => w.key.startsWith('hidden'))).toEqual([
      {
        key: 'hidden-sheets-0',
        text: 'sheet "Data" of report.xlsx is hidden in the workbook and was read, no visible sheet having a table as good: the figures count it; --sheet NAME (the Data screen\'s sheet choice) reads another',
      },
    ]);
  });

  it('hidden sheets only: the first is read, and said', async () => {
    const bytes = await book([
      { name: 'Notes', rows: [['Read me']] },
      { name: 'A', rows: [HEADER, ...data], state: 'hidden' },
      { name: 'B', rows: [HEADER, ...backup], state: 'hidden' },
    ]);
    const ds = await openDataset(sql, [new MemorySource('only-hidden.xlsx', bytes)]);
    expect([ds.sources[0]!.sheet, ds.sources[0]!.workbook!.choice]).toEqual(['A', 'first']);
    expect(figureWarnings(ds).filter((w) => w.includes('is hidden'))).toHaveLength(1);
  });
});

describe('the SheetJS reader: .xlsb and XML Spreadsheet 2003', () => {
  const data = lines(15, 400);
  const sheetJsBook = (bookType: 'xlsb' | 'xlml') => {
    const wb: WorkBook = utils.book_new();
    utils.book_append_sheet(wb, utils.aoa_to_sheet([HEADER, ...lines(9, 950)], { cellDates: true }), 'Copy');
    const ws = utils.aoa_to_sheet([HEADER, ...data], { cellDates: true });
    // Sheet rows 3 and 8 (0-based 2 and 7).
    ws['!rows'] = [];
    ws['!rows'][2] = { hidden: true };
    ws['!rows'][7] = { hidden: true };
    utils.book_append_sheet(wb, ws, 'Sales');
    wb.Workbook = { Sheets: [{ Hidden: 1 }, { Hidden: 0 }] };
    return new Uint8Array(write(wb, { bookType, type: 'array' }) as ArrayBuffer);
  };

  it('hidden rows are counted and the hidden sheet passed over where the format says so', async () => {
    for (const [bookType, file] of [
      ['xlsb', 'binary.xlsb'],
      ['xlml', 'report.xls'],
    ] as const) {
      const ds = await openDataset(sql, [new MemorySource(file, sheetJsBook(bookType))]);
      expect([file, ds.sources[0]!.sheet]).toEqual([file, 'Sales']);
      expect(reported(ds)).toEqual(figures(data));
      expect(ds.sources[0]!.workbook!.sheets.find((s) => s.name === 'Sales')!.hiddenRows).toEqual({ count: 2, first: [3, 8] });
      expect(figureWarnings(ds).filter((w) => w.includes('hidden in the workbook'))).toHaveLength(1);
      // SheetJS writes a sheet's state to XML Spreadsheet 2003, not to .xlsb.
      if (bookType === 'xlml') expect(ds.sources[0]!.workbook!.sheets[0]).toMatchObject({ name: 'Copy', hidden: true, status: 'not_chosen' });
    }
  });
});
