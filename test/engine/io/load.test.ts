import { beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { utils, write } from '@e965/xlsx';
import { figureWarnings, openDataset, tableRows, type SqlPort, EngineError } from '../../../engine/src/index.ts';
import { inspectText } from '../../../engine/cli/inspect.ts';
import { MemorySource, latin1Source, openDb, textSource, utf16Source } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const UCI = `${HEADER}
536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom
536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom
`;

async function lines(): Promise<Record<string, unknown>[]> {
  return tableRows(
    await sql.query(
      `SELECT source_file, invoice, customer, strftime(ts, '%Y-%m-%d %H:%M:%S') AS ts, sku, description, quantity, unit_price, amount FROM lines ORDER BY row_id`,
    ),
  );
}

describe('readers', () => {
  it('reads a plain UTF-8 CSV into canonical lines', async () => {
    const ds = await openDataset(sql, [textSource('uci.csv', UCI)]);
    expect(ds.report.rows_read).toBe(3);
    expect(ds.sources[0]!.format).toMatchObject({ encoding: 'utf-8', delimiter: ',', header: true, compression: 'none' });
    const rows = await lines();
    expect(rows[0]).toEqual({
      source_file: 'uci.csv',
      invoice: '536365',
      customer: '17850',
      ts: '2010-12-01 08:26:00',
      sku: '85123A',
      description: 'WHITE HANGING HEART T-LIGHT HOLDER',
      quantity: 6,
      unit_price: 2.55,
      amount: 6 * 2.55,
    });
    expect(ds.report.revenue).toBe(Math.round((6 * 2.55 + 6 * 3.39 + 6 * 1.85) * 100) / 100);
  });

  it('reads Latin-1, semicolons, decimal commas, thousands points and dd.mm.yyyy HH:MM', async () => {
    const text =
      'Rechnung;Kunde;Datum;Artikel;Bezeichnung;Menge;Preis\n' + '1;K1;01.02.2023 10:15;A1;Bürste groß;2;1,50\n' + '2;K2;24.12.2023 11:00;A2;Käse;1;1.234,50\n';
    const ds = await openDataset(sql, [latin1Source('de.csv', text)]);
    expect(ds.sources[0]!.format).toMatchObject({ encoding: 'latin-1', delimiter: ';' });
    expect(ds.canonical.numberFormats.unit_price).toMatchObject({ decimal: ',', thousands: '.' });
    expect(ds.canonical.dateFormat).toMatchObject({ order: 'dmy', separator: '.' });
    const rows = await lines();
    expect(rows.map((r) => [r.ts, r.description, r.unit_price])).toEqual([
      ['2023-02-01 10:15:00', 'Bürste groß', 1.5],
      ['2023-12-24 11:00:00', 'Käse', 1234.5],
    ]);
  });

  it('names a Windows-1252 file as such, to the user, and reads its € (byte 0x80)', async () => {
    const text = 'Rechnung;Kunde;Datum;Artikel;Bezeichnung;Menge;Preis\n1;K1;01.02.2023;A1;Gutschein 10 \u0080;1;10,00\n2;K2;03.02.2023;A2;Käse;1;2,50\n';
    const ds = await openDataset(sql, [
      new MemorySource(
        'w.csv',
        Uint8Array.from(text, (c) => c.charCodeAt(0)),
      ),
    ]);
    // The stored identifier is unchanged (documents and --json keep it); what is shown names what is read.
    expect(ds.sources[0]!.format.encoding).toBe('latin-1');
    expect(inspectText(ds)).toContain('Format: csv, Windows-1252 (Latin-1), ');
    expect((await lines()).map((r) => r.description)).toEqual(['Gutschein 10 €', 'Käse']);
  });

  it('reads UTF-16 with BOM, tab-separated, mm/dd/yyyy decided from the data', async () => {
    const text = 'Order ID\tCustomer\tOrder Date\tSKU\tQty\tPrice\n' + 'A1\tc1\t12/31/2023\tS1\t1\t10.00\n' + 'A2\tc2\t01/05/2024\tS2\t2\t5.00\n';
    const ds = await openDataset(sql, [utf16Source('us.tsv', text)]);
    expect(ds.sources[0]!.format).toMatchObject({ encoding: 'utf-16', bom: true, delimiter: '\t' });
    expect(ds.canonical.dateFormat).toMatchObject({ order: 'mdy', ambiguous: false });
    expect((await lines()).map((r) => r.ts)).toEqual(['2023-12-31 00:00:00', '2024-01-05 00:00:00']);
  });

  it('flags ambiguous dd/mm dates and states the day-first default', async () => {
    const text = 'invoice,customer,date,sku,quantity,price\n1,a,01/02/2023,x,1,1\n2,b,03/04/2023,y,1,1\n';
    const ds = await openDataset(sql, [textSource('amb.csv', text)]);
    expect(ds.canonical.dateFormat).toMatchObject({ order: 'dmy', ambiguous: true });
    expect((await lines()).map((r) => r.ts)).toEqual(['2023-02-01 00:00:00', '2023-04-03 00:00:00']);
    // Both values read differently month-first: counted, with where they are.
    expect(ds.canonical.ambiguousDates).toEqual({
      column: 'date',
      count: 2,
      examples: [
        { file: 'amb.csv', row: 2, value: '01/02/2023' },
        { file: 'amb.csv', row: 3, value: '03/04/2023' },
      ],
    });
    expect(figureWarnings(ds)).toEqual([
      '2 dates in date such as "01/02/2023" (amb.csv row 2: day 01, month 02) were read day-first: no date in the files has a day past 12 to tell day-first from month-first; if they are written month-first, choose the date order mdy',
    ]);
    // A date whose day and month are equal reads the same either way: nothing to warn of.
    const same = await openDataset(sql, [textSource('same.csv', 'invoice,customer,date,sku,quantity,price\n1,a,05/05/2023,x,1,1\n')]);
    expect(same.canonical.dateFormat).toMatchObject({ ambiguous: true });
    expect(same.canonical.ambiguousDates).toBeUndefined();
  });

  it('reads dates in the day/month order chosen, every file so, and flags the values that order does not fit', async () => {
    const text = 'invoice,customer,date,sku,quantity,price\n1,a,01/02/2023,x,1,1\n2,b,03/04/2023,y,1,1\n';
    const us = await openDataset(sql, [textSource('amb.csv', text)], { dateOrder: 'mdy' });
    expect(us.canonical.dateFormat).toMatchObject({ order: 'mdy', ambiguous: false, label: 'mm/dd/yyyy [HH:MM[:SS]] (as chosen)' });
    expect(us.canonical.ambiguousDates).toBeUndefined();
    expect((await lines()).map((r) => r.ts)).toEqual(['2023-01-02 00:00:00', '2023-03-04 00:00:00']);
    // A folder whose second file shows day-first (25/03) is read month-first as chosen: that value is flagged.
    const dayFirst = 'invoice,customer,date,sku,quantity,price\n3,c,25/03/2023,z,1,1\n4,d,05/06/2023,z,1,1\n';
    const both = await openDataset(sql, [textSource('amb.csv', text), textSource('eu.csv', dayFirst)], { dateOrder: 'mdy' });
    expect(both.canonical.dateFormatsByFile).toBeUndefined();
    expect((await lines()).map((r) => r.ts)).toEqual(['2023-01-02 00:00:00', '2023-03-04 00:00:00', null, '2023-05-06 00:00:00']);
    expect(both.canonical.parseIssues).toEqual([{ role: 'date', column: 'date', count: 1, example: { file: 'eu.csv', row: 2, value: '25/03/2023' } }]);
    // Detected, that folder reads each file in its own order.
    const detected = await openDataset(sql, [textSource('amb.csv', text), textSource('eu.csv', dayFirst)]);
    expect(detected.canonical.parseIssues).toEqual([]);
    // Other formats are no day/month choice: ISO dates read as written.
    const iso = await openDataset(sql, [textSource('iso.csv', 'invoice,customer,date,sku,quantity,price\n1,a,2023-02-01,x,1,1\n')], { dateOrder: 'mdy' });
    expect(iso.canonical.dateFormat).toMatchObject({ order: 'iso' });
    expect((await lines()).map((r) => r.ts)).toEqual(['2023-02-01 00:00:00']);
  });

  it('reads UTF-8 with BOM, quoted fields with delimiters, and ISO offsets as wall time', async () => {
    const text =
      '\ufeffinvoice,customer,date,description,quantity,unit price\n' +
      '1,a,2023-05-01T23:30:00+02:00,"Mug, large",1,"1,234.50"\n' +
      '2,b,2023-05-02T08:00:00Z,"Say ""hi"" card",2,3.00\n';
    const ds = await openDataset(sql, [textSource('bom.csv', text)]);
    expect(ds.sources[0]!.format.bom).toBe(true);
    const rows = await lines();
    expect(rows.map((r) => [r.ts, r.description, r.unit_price])).toEqual([
      ['2023-05-01 23:30:00', 'Mug, large', 1234.5],
      ['2023-05-02 08:00:00', 'Say "hi" card', 3],
    ]);
  });

  it('reads gzip-compressed CSV', async () => {
    const ds = await openDataset(sql, [new MemorySource('uci.csv.gz', gzipSync(new TextEncoder().encode(UCI)))]);
    expect(ds.sources[0]!.format.compression).toBe('gzip');
    expect(ds.report.rows_read).toBe(3);
  });

  it('reads XLSX: sheets named by period together by default, one by name, dates as serials or text', async () => {
    const wb = utils.book_new();
    const first = utils.aoa_to_sheet([
      ['Invoice', 'Customer', 'Date', 'SKU', 'Quantity', 'Unit Price'],
      ['1', 'c1', 44927.5, 'S1', 2, 1.5],
      ['2', 'c2', 44928, 'S2', 1, 4],
    ]);
    const second = utils.aoa_to_sheet([
      ['Invoice', 'Customer', 'Date', 'SKU', 'Quantity', 'Unit Price'],
      ['9', 'c9', '2023-03-01', 'S9', 3, 2],
    ]);
    utils.book_append_sheet(wb, first, 'January');
    utils.book_append_sheet(wb, second, 'March');
    const bytes = new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    // "January" and "March" name months: one dataset split by period, read as one.
    const both = await openDataset(sql, [new MemorySource('book.xlsx', bytes)]);
    expect(both.sources.map((s) => [s.name, s.sheet, s.rows])).toEqual([
      ['book.xlsx [January]', 'January', 2],
      ['book.xlsx [March]', 'March', 1],
    ]);
    expect((await lines()).map((r) => r.ts)).toEqual(['2023-01-01 12:00:00', '2023-01-02 00:00:00', '2023-03-01 00:00:00']);
    const ds = await openDataset(sql, [new MemorySource('book.xlsx', bytes)], { sheet: 'January' });
    expect(ds.sources[0]).toMatchObject({ kind: 'xlsx', sheet: 'January', sheets: ['January', 'March'] });
    expect(ds.canonical.dateFormat?.order).toBe('excel_serial');
    expect((await lines()).map((r) => r.ts)).toEqual(['2023-01-01 12:00:00', '2023-01-02 00:00:00']);
    const march = await openDataset(sql, [new MemorySource('book.xlsx', bytes)], { sheet: 'March' });
    expect(march.report.rows_read).toBe(1);
    expect((await lines())[0]!.ts).toBe('2023-03-01 00:00:00');
    await expect(openDataset(sql, [new MemorySource('book.xlsx', bytes)], { sheet: 'Nope' })).rejects.toThrow(/no sheet named "Nope"; sheets: January, March/);
  });

  it("keeps every line whose first field starts with '#' (DuckDB's sniffer would take them for comments)", async () => {
    const body = Array.from({ length: 60 }, (_, i) => {
      const invoice = i % 3 === 0 ? `#${536400 + i}` : String(536400 + i);
      return `${invoice},A${i},Mug ${i},1,2010-12-01 08:${String(i).padStart(2, '0')}:00,2.50,1${i},France`;
    });
    const ds = await openDataset(sql, [textSource('hash.csv', `${HEADER}\n#N/A,B1,Spoon,1,2010-12-01 09:00:00,1.00,99,France\n${body.join('\n')}\n`)]);
    expect(ds.report.rows_read).toBe(61);
    const read = tableRows(await sql.query("SELECT invoice, description FROM lines WHERE invoice LIKE '#%' ORDER BY row_id"));
    expect(read).toHaveLength(1 + 20);
    expect(read[0]).toEqual({ invoice: '#N/A', description: 'Spoon' });
    expect(read[1]).toEqual({ invoice: '#536400', description: 'Mug 0' });
  });

  it('an Excel error value is invalid with spaces around it, in any checked text column; other values starting with "#" are not', async () => {
    // [invoice, description, customer]: every text checked for Excel errors, with the role expected invalid.
    const cases: [string, string, string, string | null][] = [
      ['537001', ' #N/A', '101', 'description'],
      ['537002', 'Mug', '#REF!\u00a0', 'customer'],
      ['\u3000#VALUE! ', 'Mug', '102', 'invoice'],
      ['#537004', '#1 MUG', '#103', null],
      ['537005', '#N/A!', '104', null],
      ['537006', 'Mug #N/A', '105', null],
    ];
    const body = cases.map(([inv, desc, cust], i) => `${inv},A${i},${desc},1,2010-12-01 08:0${i}:00,2.50,${cust},France`);
    await openDataset(sql, [textSource('errors.csv', `${HEADER}\n${body.join('\n')}\n`)]);
    const roles = tableRows(await sql.query('SELECT invalid_role FROM lines ORDER BY row_id')).map((r) => r.invalid_role);
    expect(roles).toEqual(cases.map((c) => c[3]));
  });

  it('concatenates daily files of one shape with a source-file column', async () => {
    const day2 = `${HEADER}\n536370,22728,ALARM CLOCK BAKELIKE PINK,24,2010-12-02 08:45:00,3.75,12583.0,France\n`;
    const ds = await openDataset(sql, [textSource('2010-12-01.csv', UCI), textSource('2010-12-02.csv', day2)]);
    expect(ds.sources.map((s) => [s.name, s.rows])).toEqual([
      ['2010-12-01.csv', 3],
      ['2010-12-02.csv', 1],
    ]);
    expect((await lines()).map((r) => r.source_file)).toEqual(['2010-12-01.csv', '2010-12-01.csv', '2010-12-01.csv', '2010-12-02.csv']);
    expect(ds.report.per_file).toEqual([
      { file: '2010-12-01.csv', rows_read: 3, rows_kept: 3 },
      { file: '2010-12-02.csv', rows_read: 1, rows_kept: 1 },
    ]);
  });

  it('refuses files of another shape, empty files and binary files by name', async () => {
    const other = await openDataset(sql, [textSource('a.csv', UCI), textSource('b.csv', 'x,y\n1,2\n')]).catch((e: unknown) => e);
    expect((other as EngineError).describe()).toMatch(/^b\.csv, column \w+: it has no column "\w+", the [a-z ]+ of a\.csv's lines/);
    const err = await openDataset(sql, [textSource('empty.csv', '')]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).describe()).toBe('empty.csv: the file is empty');
    await expect(openDataset(sql, [new MemorySource('pic.csv', Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0]))])).rejects.toThrow(/PNG/);
  });

  it('pads short rows with empty values and refuses long rows, naming the row', async () => {
    const short = await openDataset(sql, [textSource('short.csv', 'invoice,sku,date,quantity,price\n1,a,2023-01-01,1,2\n2,b,2023-01-02\n')]);
    expect(short.report.rows_read).toBe(2);
    expect(tableRows(await sql.query('SELECT quantity FROM lines ORDER BY row_id')).map((r) => r.quantity)).toEqual([1, null]);
    await expect(openDataset(sql, [textSource('long.csv', 'invoice,sku,date\n1,a,2023-01-01\n2,b,2023-01-02\n3,c,2023-01-03,extra\n')])).rejects.toThrow(
      /more fields than the 3 columns/,
    );
    const err = (await openDataset(sql, [textSource('long.csv', 'invoice,sku,date\n1,a,2023-01-01\n3,c,2023-01-03,extra\n')]).catch(
      (e: unknown) => e,
    )) as EngineError;
    expect(err.location).toEqual({ file: 'long.csv', row: 3 });
  });

  it('reports values that do not parse, naming file, row and column', async () => {
    const text = `${HEADER}\n1,A,x,1,2010-12-01 08:26:00,2.5,1,UK\n2,B,y,abc,2010-12-01 08:26:00,2.5,1,UK\n3,C,z,1,not a date,2.5,1,UK\n`;
    const ds = await openDataset(sql, [textSource('bad.csv', text)]);
    expect(ds.canonical.parseIssues).toEqual([
      { role: 'date', column: 'InvoiceDate', count: 1, example: { file: 'bad.csv', row: 4, value: 'not a date' } },
      { role: 'quantity', column: 'Quantity', count: 1, example: { file: 'bad.csv', row: 3, value: 'abc' } },
    ]);
    expect(ds.report.removed.invalid_value).toBe(2);
    expect(ds.report.rows_kept).toBe(1);
  });
});
