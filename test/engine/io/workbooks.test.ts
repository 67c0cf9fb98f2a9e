/**
 * Issue 12, item 4 (workbooks) and the rest of item 5: sheets read together, title rows, cover
 * sheets, `sep=` lines, total lines, the 1904 date system, error cells, long ids, stray bytes in
 * UTF-8 and dates per file. Every case checks the figures (lines kept, customers, invoices,
 * revenue) against a computation on the fixture's own rows, written here.
 */
import { utils, write } from '@e965/xlsx';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { figureWarnings, keyedFigureWarnings, openDataset, tableRows, type Dataset, type SqlPort } from '../../../engine/src/index.ts';
import { MemorySource, openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const HEADER = ['Invoice', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'Price', 'Customer ID', 'Country'];

interface Line {
  invoice: string;
  sku: string;
  description: string;
  quantity: number;
  date: Date;
  price: number;
  customer: string;
}

const ITEMS = ['RED MUG', 'BLUE CUP', 'TEA TOWEL', 'CANDLE HOLDER', 'PHOTO FRAME'];

/** Deterministic order lines: `n` lines from invoice `first`, two or three lines per invoice. */
function orders(n: number, first: number, year: number): Line[] {
  return Array.from({ length: n }, (_, i) => {
    const inv = first + Math.floor(i / 3);
    return {
      invoice: String(inv),
      sku: `SKU${(i * 7) % 5}`,
      description: ITEMS[(i * 7) % 5]!,
      quantity: 1 + ((i * 5) % 7),
      date: new Date(Date.UTC(year, (inv * 3) % 12, 1 + (inv % 27), 9 + (i % 8), (i * 13) % 60)),
      price: Math.round((1.25 + ((i * 37) % 400) / 20) * 100) / 100,
      customer: String(12000 + ((inv * 11) % 23)),
    };
  });
}

/** The figures the report must show, computed from the lines themselves. */
function figures(lines: readonly Line[]) {
  return {
    lines: lines.length,
    customers: new Set(lines.map((l) => l.customer)).size,
    invoices: new Set(lines.map((l) => l.invoice)).size,
    revenue: Math.round(lines.reduce((s, l) => s + l.quantity * l.price, 0) * 100) / 100,
  };
}

function reported(ds: Dataset) {
  return { lines: ds.report.rows_kept, customers: ds.report.customers, invoices: ds.report.invoices, revenue: Math.round(ds.report.revenue * 100) / 100 };
}

const row = (l: Line): unknown[] => [l.invoice, l.sku, l.description, l.quantity, l.date, l.price, Number(l.customer), 'United Kingdom'];

type SheetSpec = { name: string; rows: unknown[][] };

async function workbook(sheets: SheetSpec[], date1904 = false): Promise<Uint8Array> {
  const wb = new ExcelJS.Workbook();
  wb.properties.date1904 = date1904;
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name);
    for (const r of s.rows) ws.addRow(r);
  }
  return new Uint8Array(await wb.xlsx.writeBuffer());
}

const iso = (d: Date) => d.toISOString().slice(0, 19).replace('T', ' ');

async function tsBySource(): Promise<{ source_file: string; invoice: string; ts: string }[]> {
  return tableRows(await sql.query(`SELECT source_file, invoice, strftime(ts, '%Y-%m-%d %H:%M:%S') AS ts FROM lines ORDER BY row_id`)) as never;
}

describe('legacy and other workbooks (.xls, .xlsb, .ods)', () => {
  // Dates at midnight: an HTML table holds the dates as shown, without their time.
  const lines = orders(24, 810000, 2012).map((l) => ({ ...l, date: new Date(Date.UTC(l.date.getUTCFullYear(), l.date.getUTCMonth(), l.date.getUTCDate())) }));
  const book = (bookType: 'biff8' | 'html' | 'xlml' | 'xlsb' | 'ods') => {
    const wb = utils.book_new();
    utils.book_append_sheet(wb, utils.aoa_to_sheet([HEADER, ...lines.map(row)], { cellDates: true }), 'Sales');
    return new Uint8Array(write(wb, { bookType, type: 'array' }) as ArrayBuffer);
  };

  it('Excel 97-2003 files, the HTML tables and XML Spreadsheets 2003 back offices save as .xls, .xlsb and .ods read as the same sales', async () => {
    const expected = figures(lines);
    // An HTML table has no sheet name: SheetJS calls it Sheet1.
    for (const [bookType, name, sheet] of [
      ['biff8', 'sales.xls', 'Sales'],
      ['html', 'export.xls', 'Sheet1'],
      ['xlml', 'report.xls', 'Sales'],
      ['xlsb', 'binary.xlsb', 'Sales'],
      ['ods', 'calc.ods', 'Sales'],
    ] as const) {
      const ds = await openDataset(sql, [new MemorySource(name, book(bookType))]);
      expect([name, ds.sources[0]!.kind, ds.sources[0]!.sheet]).toEqual([name, 'xlsx', sheet]);
      expect(reported(ds)).toEqual(expected);
    }
  });

  it('a tab-separated text named .xls is read as text', async () => {
    const text = [
      HEADER.join('\t'),
      ...lines.map((l) => [l.invoice, l.sku, l.description, l.quantity, iso(l.date), l.price, l.customer, 'UK'].join('\t')),
    ].join('\n');
    const ds = await openDataset(sql, [textSource('export.xls', text)]);
    expect([ds.sources[0]!.kind, ds.sources[0]!.format.delimiter]).toEqual(['csv', '\t']);
    expect(reported(ds)).toEqual(figures(lines));
  });
});

describe('workbooks: sheets read together', () => {
  const y1 = orders(40, 489000, 2010);
  const y2 = orders(31, 581000, 2011);
  const periodBook = () =>
    workbook([
      { name: 'Year 2009-2010', rows: [HEADER, ...y1.map(row)] },
      { name: 'Year 2010-2011', rows: [HEADER, ...y2.map(row)] },
    ]);

  it('sheets named by period (UCI Online Retail II) are one dataset by default, one source per sheet', async () => {
    const ds = await openDataset(sql, [new MemorySource('online_retail_II.xlsx', await periodBook())]);
    expect(ds.sources.map((s) => [s.name, s.sheet, s.rows])).toEqual([
      ['online_retail_II.xlsx [Year 2009-2010]', 'Year 2009-2010', 40],
      ['online_retail_II.xlsx [Year 2010-2011]', 'Year 2010-2011', 31],
    ]);
    expect(ds.sources[0]!.workbook).toEqual({
      choice: 'period',
      sheets: [
        { name: 'Year 2009-2010', status: 'read', rows: 40, headerRow: 1 },
        { name: 'Year 2010-2011', status: 'read', rows: 31, headerRow: 1 },
      ],
    });
    expect(ds.report.per_file).toEqual([
      { file: 'online_retail_II.xlsx [Year 2009-2010]', rows_read: 40, rows_kept: 40 },
      { file: 'online_retail_II.xlsx [Year 2010-2011]', rows_read: 31, rows_kept: 31 },
    ]);
    expect(reported(ds)).toEqual(figures([...y1, ...y2]));
    // One sheet by name reads that sheet alone.
    const one = await openDataset(sql, [new MemorySource('online_retail_II.xlsx', await periodBook())], { sheet: 'Year 2010-2011' });
    expect(one.sources.map((s) => s.name)).toEqual(['online_retail_II.xlsx']);
    expect(one.sources[0]!.workbook!.choice).toBe('named');
    expect(reported(one)).toEqual(figures(y2));
  });

  it('sheets named by period whose columns changed (a column added, one renamed) are read together; a summary sheet is not', async () => {
    // The second year's export adds an Email column and calls Quantity "Qty".
    const later = [...HEADER.map((h) => (h === 'Quantity' ? 'Qty' : h)), 'Email'];
    const bytes = await workbook([
      { name: 'Year 2009-2010', rows: [HEADER, ...y1.map(row)] },
      {
        name: 'Summary 2010',
        rows: [
          ['Month', 'Orders', 'Revenue'],
          ['2010-01', 3, 50],
        ],
      },
      { name: 'Year 2010-2011', rows: [later, ...y2.map((l) => [...row(l), `c${l.customer}@example.com`])] },
    ]);
    const ds = await openDataset(sql, [new MemorySource('online_retail_II.xlsx', bytes)]);
    expect(ds.sources[0]!.workbook!.sheets.map((s) => [s.name, s.status])).toEqual([
      ['Year 2009-2010', 'read'],
      ['Summary 2010', 'other_columns'],
      ['Year 2010-2011', 'read'],
    ]);
    expect(reported(ds)).toEqual(figures([...y1, ...y2]));
    expect(figureWarnings(ds).filter((w) => w.includes(' of 2 sheets have '))).toEqual([
      '1 of 2 sheets have "Qty" where the others have "Quantity" (online_retail_II.xlsx [Year 2010-2011]; 31 lines): read as one column, the quantity',
      '1 of 2 sheets have no column "Email" (online_retail_II.xlsx [Year 2009-2010]; 40 lines): their lines are read with no email',
    ]);
  });

  it('a summary or pivot sheet put first is passed over for the sales, by default and with "all", and said', async () => {
    const revenue = figures([...y1, ...y2]).revenue;
    const summary = [['Sales summary'], [], ['Country', 'Revenue', 'Invoices'], ['United Kingdom', revenue, 24], ['Grand Total', revenue, 24]];
    const pivot = [
      ['Row Labels', 'Sum of Revenue', 'Count of Invoice', 'Customer'],
      ['2010', revenue, 24, 'All'],
      ['Grand Total', revenue, 24, ''],
    ];
    const books = [
      [
        'months.xlsx',
        [{ name: 'Summary', rows: summary }, ...[y1, y2].map((ls, i) => ({ name: ['Jan', 'Feb'][i]!, rows: [HEADER, ...ls.map(row)] }))],
        'period',
      ],
      [
        'summary.xlsx',
        [
          { name: 'Summary', rows: summary },
          { name: 'Data', rows: [HEADER, ...[...y1, ...y2].map(row)] },
        ],
        'transactions',
      ],
      [
        'pivot.xlsx',
        [
          { name: 'Pivot', rows: pivot },
          { name: 'Transactions', rows: [HEADER, ...[...y1, ...y2].map(row)] },
        ],
        'transactions',
      ],
    ] as const;
    for (const [file, sheets, how] of books) {
      const bytes = await workbook(sheets.map((s) => ({ name: s.name, rows: s.rows.map((r) => [...r]) })));
      for (const sheet of [undefined, 'all']) {
        const ds = await openDataset(sql, [new MemorySource(file, bytes)], sheet ? { sheet } : {});
        const w = ds.sources[0]!.workbook!;
        expect([file, sheet, w.choice]).toEqual([file, sheet, sheet ?? how]);
        expect(w.sheets.map((s) => [s.name, s.status])).toEqual(sheets.map((s, i) => [s.name, i === 0 ? 'other_columns' : 'read']));
        expect(reported(ds)).toEqual(figures([...y1, ...y2]));
        // Sheets read together are listed in the workbook's order, not their names' ("Feb" before "Jan").
        if (file === 'months.xlsx') expect(ds.report.per_file.map((f) => f.file)).toEqual(['months.xlsx [Jan]', 'months.xlsx [Feb]']);
      }
    }
  });

  it('sheets not named by period: the first by default, the others with its columns named in a figure warning, all of them on "all", other columns skipped', async () => {
    const other = [
      ['Code', 'Name', 'Note'],
      ['x', 'y', 'z'],
    ];
    const bytes = await workbook([
      { name: 'Shop A', rows: [HEADER, ...y1.map(row)] },
      { name: 'Lookup', rows: other },
      { name: 'Shop B', rows: [HEADER, ...y2.map(row)] },
    ]);
    const first = await openDataset(sql, [new MemorySource('shops.xlsx', bytes)]);
    expect(first.sources[0]!.workbook!.sheets.map((s) => [s.name, s.status])).toEqual([
      ['Shop A', 'read'],
      ['Lookup', 'other_columns'],
      ['Shop B', 'not_chosen'],
    ]);
    expect(reported(first)).toEqual(figures(y1));
    // The sheet left unread is a figure warning, which every command prints and the Data screen shows.
    expect(figureWarnings(first).filter((w) => w.includes('not read'))).toEqual([
      '1 other sheet of shops.xlsx has the columns of "Shop A" and was not read ("Shop B", 31 lines): the figures count "Shop A" alone; ' +
        '--sheet all (the Data screen\'s "All sheets with the same columns") reads them together',
    ]);
    const all = await openDataset(sql, [new MemorySource('shops.xlsx', bytes)], { sheet: 'all' });
    expect(all.sources.map((s) => [s.name, s.rows])).toEqual([
      ['shops.xlsx [Shop A]', 40],
      ['shops.xlsx [Shop B]', 31],
    ]);
    expect(all.sources[0]!.workbook!.choice).toBe('all');
    expect(reported(all)).toEqual(figures([...y1, ...y2]));
    expect(figureWarnings(all).filter((w) => w.includes('not read'))).toEqual([]);
  });
});

describe('workbooks and CSV: where the table starts and ends', () => {
  const lines = orders(25, 700100, 2023);

  it('an empty first sheet and a cover are passed over; title rows above the header and a total line below are left out, and said', async () => {
    const total = ['', '', 'Grand total', lines.reduce((s, l) => s + l.quantity, 0), null, null, null, null];
    const bytes = await workbook([
      { name: 'Empty', rows: [] },
      { name: 'Cover', rows: [['Sales export'], ['Shop', 'Example Ltd'], ['Exported', '2024-01-02']] },
      { name: 'Orders', rows: [['Order lines, 2023'], [], [HEADER[0], ...HEADER.slice(1)], ...lines.map(row), total] },
    ]);
    const ds = await openDataset(sql, [new MemorySource('export.xlsx', bytes)]);
    expect(ds.sources.map((s) => [s.name, s.sheet, s.headerLine])).toEqual([['export.xlsx', 'Orders', 3]]);
    expect(ds.sources[0]!.workbook!.sheets.map((s) => [s.name, s.status])).toEqual([
      ['Empty', 'empty'],
      ['Cover', 'cover'],
      ['Orders', 'read'],
    ]);
    // Header on sheet row 3, data on rows 4..28, the total on row 29.
    expect(ds.canonical.totalRows).toEqual([{ file: 'export.xlsx', row: 3 + lines.length + 1, label: 'Grand total' }]);
    expect(ds.report.rows_read).toBe(lines.length);
    expect(reported(ds)).toEqual(figures(lines));
  });

  it('a title merged across the table ("Merge & Center") stays a title row, and a row of group names merged over a two-row header is not the header', async () => {
    const wb = new ExcelJS.Workbook();
    // As Excel saves them: the value in the range's top-left cell, the range in <mergeCells>.
    const titled = wb.addWorksheet('Sales');
    titled.addRow(['ACME Gifts Ltd — Sales export']);
    titled.addRow(['Period: 2023']);
    titled.addRow([]);
    titled.addRow(HEADER);
    for (const l of lines) titled.addRow(row(l));
    titled.mergeCells('A1:H1');
    titled.mergeCells('A2:H2');
    const grouped = wb.addWorksheet('Grouped');
    grouped.addRow(['Order', null, 'Product', null, 'Line', null, 'Customer', null]);
    grouped.addRow(HEADER);
    for (const l of lines) grouped.addRow(row(l));
    for (const range of ['A1:B1', 'C1:D1', 'E1:F1', 'G1:H1']) grouped.mergeCells(range);
    const bytes = new Uint8Array(await wb.xlsx.writeBuffer());
    for (const [sheet, headerLine] of [
      ['Sales', 4],
      ['Grouped', 2],
    ] as const) {
      const ds = await openDataset(sql, [new MemorySource('merged.xlsx', bytes)], { sheet });
      expect([sheet, ds.sources[0]!.headerLine, ds.canonical.mapping.mapping.date, ds.canonical.mapping.mapping.customer]).toEqual([
        sheet,
        headerLine,
        'InvoiceDate',
        'Customer ID',
      ]);
      expect(ds.report.rows_read).toBe(lines.length);
      expect(reported(ds)).toEqual(figures(lines));
    }
  });

  const csvLine = (l: Line, d = ',') => [l.invoice, l.sku, l.description, l.quantity, iso(l.date), l.price, l.customer, 'UK'].join(d);

  it('a CSV with title rows above the header and a Total line below', async () => {
    const amount = lines.reduce((s, l) => s + l.quantity * l.price, 0).toFixed(2);
    const text = ['Sales report, all shops', 'Period: 2023', '', HEADER.join(','), ...lines.map((l) => csvLine(l)), `,,Total,,,${amount},,`].join('\n');
    const ds = await openDataset(sql, [textSource('report.csv', text)]);
    expect(ds.sources[0]).toMatchObject({ headerLine: 4, format: { delimiter: ',', header: true } });
    expect(ds.canonical.totalRows).toEqual([{ file: 'report.csv', row: 4 + lines.length + 1, label: 'Total' }]);
    expect(reported(ds)).toEqual(figures(lines));
  });

  it("notes below the data (a till report's footer) are left out and said; a note-like line above the last sale, or a lone value, is not", async () => {
    const body = lines.map((l) => csvLine(l));
    // A blank line, then the till's notes, one field each, in the first or another column.
    const footer = ['', 'Report generated by TillPro 4.2 on 2024-01-02 09:15,,,,,,,', ',,Page 1 of 1,,,,,'];
    const ds = await openDataset(sql, [textSource('till.csv', [HEADER.join(','), ...body, ...footer].join('\n'))]);
    expect(ds.canonical.totalRows).toEqual([
      { file: 'till.csv', row: lines.length + 3, label: 'Report generated by TillPro 4.2 on 2024-01-02 09:15', note: true },
      { file: 'till.csv', row: lines.length + 4, label: 'Page 1 of 1', note: true },
    ]);
    expect(reported(ds)).toEqual(figures(lines));
    expect(ds.report.rows_read).toBe(lines.length);
    // Above the last sale a line of words is read as a line (and removed by the rules, counted); so is a lone value at the end.
    const inside = [HEADER.join(','), body[0]!, 'Shop closed early,,,,,,,', ...body.slice(1), '38,,,,,,,'].join('\n');
    const kept = await openDataset(sql, [textSource('till.csv', inside)]);
    expect(kept.canonical.totalRows).toBeUndefined();
    expect(kept.report.rows_read).toBe(lines.length + 2);
    expect(reported(kept)).toEqual(figures(lines));
  });

  it("Excel's sep=; first line names the delimiter and is skipped; row numbers count it", async () => {
    const bad = { ...lines[3]!, quantity: Number.NaN };
    const body = lines.map((l, i) => (i === 3 ? csvLine(bad, ';').replace('NaN', 'x') : csvLine(l, ';').replace(/(\d)\.(\d)/g, '$1,$2')));
    const text = ['sep=;', HEADER.join(';'), ...body].join('\r\n');
    const ds = await openDataset(sql, [textSource('excel.csv', text)]);
    expect(ds.sources[0]).toMatchObject({ sepLine: true, headerLine: 2, format: { delimiter: ';', header: true } });
    // The bad line's price keeps its "." where the file's decimal mark is ",": a second value of that line that fails.
    expect(ds.canonical.parseIssues).toEqual([
      { role: 'quantity', column: 'Quantity', count: 1, example: { file: 'excel.csv', row: 6, value: 'x' } },
      { role: 'unit_price', column: 'Price', count: 1, example: { file: 'excel.csv', row: 6, value: String(bad.price) } },
    ]);
    expect(reported(ds)).toEqual(figures(lines.filter((_, i) => i !== 3)));
  });
});

describe('workbook values', () => {
  it('the 1904 date system: date cells and serial numbers both count from 1904-01-01', async () => {
    const lines = orders(12, 900100, 2024);
    // Serial days in the 1904 system, written as plain numbers (no date format) in a second date column.
    const serial1904 = (d: Date) => (d.getTime() - Date.UTC(1904, 0, 1)) / 86_400_000;
    const bytes = await workbook(
      [{ name: 'Orders', rows: [HEADER, ...lines.map((l) => [...row(l).slice(0, 4), serial1904(l.date), ...row(l).slice(5)])] }],
      true,
    );
    const ds = await openDataset(sql, [new MemorySource('mac.xlsx', bytes)]);
    expect(ds.sources[0]!.date1904).toBe(true);
    expect(ds.canonical.dateFormat?.order).toBe('excel_serial');
    expect((await tsBySource()).map((r) => r.ts)).toEqual(lines.map((l) => iso(l.date)));
    // Date-formatted cells in a 1904 workbook.
    const cells = await workbook([{ name: 'Orders', rows: [HEADER, ...lines.map(row)] }], true);
    await openDataset(sql, [new MemorySource('mac-dates.xlsx', cells)]);
    expect((await tsBySource()).map((r) => r.ts)).toEqual(lines.map((l) => iso(l.date)));
    expect(reported(ds)).toEqual(figures(lines));
  });

  it('serial numbers as Excel keeps them (15 significant digits) read to the second they stand for, not the one before', async () => {
    // Excel's 45623.6006944444 is 2024-11-27 14:24:59.9999965: rounded to the microsecond, a time shown a second early.
    const excelSerial = (d: Date) => Number(((d.getTime() - Date.UTC(1899, 11, 30)) / 86_400_000).toPrecision(15));
    const lines = orders(30, 920100, 2024).map((l, i) => ({ ...l, date: new Date(l.date.getTime() + ((i * 17) % 60) * 1000) }));
    const bytes = await workbook([{ name: 'Orders', rows: [HEADER, ...lines.map((l) => [...row(l).slice(0, 4), excelSerial(l.date), ...row(l).slice(5)])] }]);
    const ds = await openDataset(sql, [new MemorySource('serials.xlsx', bytes)]);
    expect(ds.canonical.dateFormat?.order).toBe('excel_serial');
    expect((await tsBySource()).map((r) => r.ts)).toEqual(lines.map((l) => iso(l.date)));
    expect(reported(ds)).toEqual(figures(lines));
    // Any whole second from 1990 to 2060, written so: read back as that second, to the millisecond.
    const seconds = fc.array(fc.integer({ min: Date.UTC(1990, 0, 1) / 1000, max: Date.UTC(2060, 0, 1) / 1000 }), { minLength: 5, maxLength: 40 });
    await fc.assert(
      fc.asyncProperty(seconds, async (secs) => {
        const dates = secs.map((s) => new Date(s * 1000));
        const text = ['Invoice,Customer,InvoiceDate,Amount', ...dates.map((d, i) => `${i + 1},c${i % 3},${excelSerial(d)},1.5`)].join('\n');
        await openDataset(sql, [textSource('serials.csv', text)], { mapping: { date: 'InvoiceDate' } });
        const read = tableRows(await sql.query(`SELECT strftime(ts, '%Y-%m-%d %H:%M:%S.%g') AS ts FROM lines ORDER BY row_id`)) as { ts: string }[];
        expect(read.map((r) => r.ts)).toEqual(dates.map((d) => `${iso(d)}.000`));
      }),
      { numRuns: 12 },
    );
  });

  it('error cells (#DIV/0!, #N/A, #VALUE!, #REF!, #NAME?, #NUM!, #NULL!) are invalid values named by sheet, row and column, never blanks', async () => {
    const lines = orders(30, 910100, 2023);
    const errors: [number, number, string][] = [
      // [line index, column index, error]
      [2, 5, '#DIV/0!'],
      [5, 6, '#N/A'],
      [9, 3, '#VALUE!'],
      [12, 0, '#REF!'],
      [15, 2, '#NAME?'],
      [20, 5, '#NUM!'],
      [24, 1, '#NULL!'],
    ];
    const rows = lines.map(row);
    for (const [i, c, e] of errors) rows[i]![c] = { formula: 'A1/0', result: { error: e } };
    const ds = await openDataset(sql, [new MemorySource('errors.xlsx', await workbook([{ name: 'Data', rows: [HEADER, ...rows] }]))]);
    const issue = (column: string) => ds.canonical.parseIssues.find((p) => p.column === column);
    // Data row i is sheet row i + 2 (header on row 1).
    expect(issue('Price')).toEqual({
      role: 'unit_price',
      column: 'Price',
      count: 2,
      example: { file: 'errors.xlsx', sheet: 'Data', row: 4, value: '#DIV/0!' },
    });
    expect(issue('Customer ID')).toEqual({
      role: 'customer',
      column: 'Customer ID',
      count: 1,
      example: { file: 'errors.xlsx', sheet: 'Data', row: 7, value: '#N/A' },
    });
    expect(issue('Quantity')).toEqual({
      role: 'quantity',
      column: 'Quantity',
      count: 1,
      example: { file: 'errors.xlsx', sheet: 'Data', row: 11, value: '#VALUE!' },
    });
    expect(issue('Invoice')).toEqual({
      role: 'invoice',
      column: 'Invoice',
      count: 1,
      example: { file: 'errors.xlsx', sheet: 'Data', row: 14, value: '#REF!' },
    });
    expect(issue('Description')).toEqual({
      role: 'description',
      column: 'Description',
      count: 1,
      example: { file: 'errors.xlsx', sheet: 'Data', row: 17, value: '#NAME?' },
    });
    expect(issue('StockCode')).toEqual({
      role: 'sku',
      column: 'StockCode',
      count: 1,
      example: { file: 'errors.xlsx', sheet: 'Data', row: 26, value: '#NULL!' },
    });
    expect(ds.report.removed.invalid_value).toBe(errors.length);
    const bad = new Set(errors.map(([i]) => i));
    expect(reported(ds)).toEqual(figures(lines.filter((_, i) => !bad.has(i))));
  });

  it('numeric ids longer than 15 digits are flagged as possibly rounded, with counts and examples', async () => {
    // Customer ids as a spreadsheet writes 18-digit ones: 15 significant digits, then zeros.
    const lines = orders(20, 920100, 2023).map((l, i) => (i % 4 === 0 ? { ...l, customer: `4000000000000${String(i).padStart(2, '0')}000` } : l));
    const sci = lines.map((l, i) => (i === 1 ? { ...l, invoice: '9.20101E+15' } : l));
    const text = [HEADER.join(','), ...sci.map((l) => [l.invoice, l.sku, l.description, l.quantity, iso(l.date), l.price, l.customer, 'UK'].join(','))].join(
      '\n',
    );
    const ds = await openDataset(sql, [textSource('ids.csv', text)]);
    expect(ds.canonical.roundedIds).toEqual([
      { role: 'invoice', column: 'Invoice', count: 1, examples: [{ file: 'ids.csv', row: 3, value: '9.20101E+15' }] },
      {
        role: 'customer',
        column: 'Customer ID',
        count: 5,
        examples: [
          { file: 'ids.csv', row: 2, value: '400000000000000000' },
          { file: 'ids.csv', row: 6, value: '400000000000004000' },
          { file: 'ids.csv', row: 10, value: '400000000000008000' },
        ],
      },
    ]);
    // Said by every command (figure warnings), each in the words its examples bear out.
    expect(
      keyedFigureWarnings(ds)
        .filter((w) => w.key.startsWith('rounded-ids'))
        .map((w) => w.text),
    ).toEqual([
      '1 value in Invoice (invoice) is written in scientific notation, which keeps only the digits shown (e.g. "9.20101E+15" in ids.csv row 3): the program that wrote the file may have rounded it, so different ids may read as one; export ids as text',
      '5 values in Customer ID (customer) are numbers of more than 15 digits or in scientific notation (e.g. "400000000000000000" in ids.csv row 2): the program that wrote the file may have rounded them, so different ids may read as one; export ids as text',
    ]);
    // Flagged, not dropped: the figures are those of the file as written.
    expect(reported(ds)).toEqual(figures(sci));
  });
});

describe('text and dates decided per file', () => {
  it('a UTF-8 file with one stray invalid byte stays UTF-8: the byte becomes U+FFFD, reported by file and line', async () => {
    const lines = orders(10, 930100, 2023).map((l, i) => ({ ...l, description: i === 0 ? 'CRÈME BRÛLÉE DISH' : i === 6 ? 'CAFÉ MUG' : l.description }));
    const enc = new TextEncoder();
    const text = [HEADER.join(','), ...lines.map((l) => [l.invoice, l.sku, l.description, l.quantity, iso(l.date), l.price, l.customer, 'UK'].join(','))].join(
      '\n',
    );
    // Line 8 (data line 7) gets its É as the single Latin-1 byte 0xC9.
    const parts = text.split('CAFÉ');
    const bytes = new Uint8Array([...enc.encode(parts[0]!), ...enc.encode('CAF'), 0xc9, ...enc.encode(parts[1]!)]);
    const ds = await openDataset(sql, [new MemorySource('stray.csv', bytes)]);
    expect(ds.sources[0]!.format.encoding).toBe('utf-8');
    expect(ds.sources[0]!.replacedBytes).toEqual({ count: 1, lines: [8] });
    const descriptions = tableRows(await sql.query('SELECT description FROM lines ORDER BY row_id')).map((r) => r.description);
    expect(descriptions[0]).toBe('CRÈME BRÛLÉE DISH');
    expect(descriptions[6]).toBe('CAF\uFFFD MUG');
    expect(reported(ds)).toEqual(figures(lines));
  });

  it('a folder mixing dd/mm and mm/dd files parses each file in its own order', async () => {
    const a = orders(15, 940100, 2023);
    const b = orders(12, 950100, 2023);
    const pad = (n: number) => String(n).padStart(2, '0');
    const dmy = (d: Date) => `${pad(d.getUTCDate())}/${pad(d.getUTCMonth() + 1)}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    const mdy = (d: Date) => `${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${d.getUTCFullYear()} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
    const csv = (ls: Line[], f: (d: Date) => string) =>
      [HEADER.join(','), ...ls.map((l) => [l.invoice, l.sku, l.description, l.quantity, f(l.date), l.price, l.customer, 'UK'].join(','))].join('\n');
    // Both files hold days past the 12th, so each file's order is plain from its own values.
    expect(a.some((l) => l.date.getUTCDate() > 12) && b.some((l) => l.date.getUTCDate() > 12)).toBe(true);
    const ds = await openDataset(sql, [textSource('eu.csv', csv(a, dmy)), textSource('us.csv', csv(b, mdy))]);
    // The dataset's format is the first file's order; the other file is listed with its own.
    expect(ds.canonical.dateFormat?.order).toBe('dmy');
    expect(Object.entries(ds.canonical.dateFormatsByFile ?? {}).map(([f, d]) => [f, d.order])).toEqual([['us.csv', 'mdy']]);
    const minute = (d: Date) => `${iso(d).slice(0, 16)}:00`;
    expect((await tsBySource()).map((r) => r.ts)).toEqual([...a, ...b].map((l) => minute(l.date)));
    expect(reported(ds)).toEqual(figures([...a, ...b]));
  });
});
