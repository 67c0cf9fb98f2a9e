import { beforeAll, describe, expect, it } from 'vitest';
import { currenciesFromSymbols, detectNumberFormat, figureWarnings, openDataset, parseNumber, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { inspectJson, inspectText } from '../../../engine/cli/inspect.ts';
import { openNativeDuckDb } from '../../../engine/cli/native-duckdb.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

/** Detects the column's format from the values, then parses the first one. */
const read = (...values: string[]) => parseNumber(values[0]!, detectNumberFormat(values));

describe('thousands separators and currencies', () => {
  it.each([
    ['no-break space', ['1\u00a0234,56', '2,50'], 1234.56],
    ['narrow no-break space', ['1\u202f234,56', '2,50'], 1234.56],
    ['thin space', ['12\u2009345,00', '2,50'], 12345],
    ['apostrophe', ["1'234.50", '2.50'], 1234.5],
    ['typographic apostrophe', ['1\u2019234.50', '2.50'], 1234.5],
    ['pound before', ['£1,234.56', '£2.50'], 1234.56],
    ['euro after', ['1.234,56 €', '2,50 €'], 1234.56],
    ['dollar, negative', ['-$4.50', '$12.00'], -4.5],
    ['rupiah: Rp 80.000 is eighty thousand', ['Rp 80.000', 'Rp 125.000'], 80000],
    ['IDR code after', ['1.250.000 IDR', '80.000 IDR'], 1250000],
    ['kronor after', ['12,50 kr', '3,00 kr'], 12.5],
    ['kronor before', ['kr 1 299,00', 'kr 12,50'], 1299],
    ['Swiss francs', ["CHF 1'200.00", 'CHF 12.50'], 1200],
    ['Brazilian reais', ['R$ 1.234,56', 'R$ 12,50'], 1234.56],
    ['złoty after', ['1 234,00 zł', 'zł 12,50'], 1234],
    ['rupees, Rs. and lakh grouping', ['Rs. 1,23,456.00', 'Rs. 499.00'], 123456],
    ['rupees, lakh grouping the only telling value', ['₹1,00,000.37', '₹1,00,000.00'], 100000.37],
    ['lakh grouping without decimals', ['12,34,567', '3'], 1234567],
    ['dirhams', ['AED 1,234.50'], 1234.5],
    ['Turkish lira, TL after', ['1.234,56 TL'], 1234.56],
    ['yen, no decimals: ¥1,200 is twelve hundred', ['¥1,200', '¥980'], 1200],
    ["SAP's trailing minus", ['1.234,56-', '12,50'], -1234.56],
    ['trailing minus, the only telling value', ['1.234,56-'], -1234.56],
    ['accounting parentheses', ['(1,234.56)', '2.50'], -1234.56],
    ['parentheses around a currency sign', ['(£12.50)', '£3.00'], -12.5],
    ['a currency sign before parentheses', ['$(7.25)', '$3.00'], -7.25],
    ['rand, R before, spaces grouping', ['R 1 082,28', 'R 12,50'], 1082.28],
    ['koruna after', ['1 082,28 Kč', '12,50 Kč'], 1082.28],
    ['lei after', ['1.082,28 lei', '12,50 lei'], 1082.28],
    ['baht', ['฿1,082.28', '฿12.50'], 1082.28],
    ['naira', ['₦1,082.28', '₦12.50'], 1082.28],
    ['renminbi, RMB before', ['RMB 1,082.28', 'RMB 12.50'], 1082.28],
    ['Canadian dollars as Intl writes them', ['CA$1,082.28', 'CA$12.50'], 1082.28],
    ['Australian dollars', ['A$1,082.28'], 1082.28],
    ['Mexican pesos', ['MX$1,082.28'], 1082.28],
    ['full-width yen', ['￥1,082', '￥980'], 1082],
    ["Swiss whole francs: 2'466.– is 2466, not a trailing minus", ["2'466.–", '12.–'], 2466],
    ['whole euros written 12,-', ['12,-', '3,50'], 12],
    ['whole francs written 12.--', ['12.--', '3.50'], 12],
  ])('%s', (_name, values, expected) => {
    expect(read(...values)).toBe(expected);
  });
});

describe('currencies named by the prices', () => {
  it('reads the code of each symbol or local abbreviation; "$", "kr" and "Rs" name several and stay as written', () => {
    expect(currenciesFromSymbols(['R$ 12,50', 'R$ 1.234,56'])).toEqual(['BRL']);
    expect(currenciesFromSymbols(['12,50 zł'])).toEqual(['PLN']);
    expect(currenciesFromSymbols(['1.234,56 TL', '₺5,00'])).toEqual(['TRY']);
    expect(currenciesFromSymbols(['Rs. 499.00'])).toEqual(['Rs']);
    expect(currenciesFromSymbols(['AED 12.00', '$3.00', '$4.00'])).toEqual(['$', 'AED']);
    expect(currenciesFromSymbols(['R 1 082,28', '1 082,28 Kč', '1.082,28 lei', '฿1.00', '₦1.00'])).toEqual(['CZK', 'NGN', 'RON', 'THB', 'ZAR']);
    expect(currenciesFromSymbols(['RMB 1.00', 'CA$1.00', 'A$1.00', 'MX$1.00', 'US$1.00', '12.50 CAD'])).toEqual(['CAD', 'AUD', 'CNY', 'MXN', 'USD']);
    expect(currenciesFromSymbols(['￥980', '¥12'])).toEqual(['¥']);
  });
});

const HEADER = 'Rechnung;Kunde;Datum;Artikel;Bezeichnung;Menge;Preis';

describe('prices written with the marks Intl.NumberFormat and local habit write', () => {
  it('reads rand and koruna prices, and counts them as two currencies added up unconverted', async () => {
    const prices = ['R 1 082,28', '1 082,28 Kč', 'R 12,50', '12,50 Kč', 'R 3,00'];
    const text = `${HEADER}\n${prices.map((p, i) => `${i + 1};k${i};0${i + 1}.01.2023;A${i};Tee;2;${p}`).join('\n')}\n`;
    const ds = await openDataset(sql, [textSource('mix.csv', text)]);
    expect(ds.report.rows_kept).toBe(5);
    expect(ds.report.revenue).toBeCloseTo(2 * (1082.28 * 2 + 12.5 * 2 + 3), 9);
    expect(ds.canonical.currency?.codes).toEqual(['ZAR', 'CZK']);
    expect(figureWarnings(ds)).toContain(
      '2 currencies written in the prices, added up unconverted in revenue and monetary values: ZAR on 3 lines (first mix.csv row 2), CZK on 2 lines (first mix.csv row 3)',
    );
  });

  it("reads Swiss whole francs 2'466.– as 2466, never as a trailing minus", async () => {
    const text = `${HEADER}\n1;k1;02.01.2023;A1;Uhr;1;2'466.–\n2;k2;03.01.2023;A2;Band;2;12.50\n3;k3;04.01.2023;A3;Box;1;35.-\n`;
    const ds = await openDataset(sql, [textSource('ch.csv', text)]);
    expect(tableRows(await sql.query('SELECT unit_price FROM lines ORDER BY invoice')).map((r) => r.unit_price)).toEqual([2466, 12.5, 35]);
    expect(ds.report.removed.return).toBe(0);
  });
});

describe('number formats decided per file', () => {
  it('reads each file of a folder in its own format: prices never come out 100 times off', async () => {
    const german = `${HEADER}\n1;k1;02.01.2023;A1;Kaffee 1 kg;2;2.499,00\n2;k2;03.01.2023;A2;Tee;1;12,50\n`;
    const english = 'Rechnung;Kunde;Datum;Artikel;Bezeichnung;Menge;Preis\n3;k1;04.01.2023;A1;Kaffee 1 kg;1;2499.00\n4;k3;05.01.2023;A2;Tee;3;12.50\n';
    const ds = await openDataset(sql, [textSource('januar-de.csv', german), textSource('januar-en.csv', english)]);
    const prices = tableRows(await sql.query('SELECT invoice, quantity, unit_price FROM lines ORDER BY invoice'));
    expect(prices).toEqual([
      { invoice: '1', quantity: 2, unit_price: 2499 },
      { invoice: '2', quantity: 1, unit_price: 12.5 },
      { invoice: '3', quantity: 1, unit_price: 2499 },
      { invoice: '4', quantity: 3, unit_price: 12.5 },
    ]);
    expect(ds.report.revenue).toBe(2 * 2499 + 12.5 + 2499 + 3 * 12.5);
    expect(ds.canonical.numberFormatsByFile?.['januar-de.csv']?.unit_price).toMatchObject({ decimal: ',', thousands: '.' });
    expect(ds.canonical.numberFormatsByFile?.['januar-en.csv']?.unit_price).toMatchObject({ decimal: '.' });
    expect(inspectText(ds)).toContain('Numbers per file: januar-de.csv decimal ",", thousands "."; januar-en.csv decimal "."');
    expect(inspectJson(ds).format).toHaveProperty('number_formats_by_file');
  });

  it('names no numbers per file in inspect where the files differ only in a currency symbol', async () => {
    const plain = 'Invoice,Customer,Date,Item,Qty,Price\n1,k1,2023-01-02,A1,2,12.50\n2,k2,2023-01-03,A2,1,3.00\n';
    const dollars = 'Invoice,Customer,Date,Item,Qty,Price\n3,k1,2023-01-04,A1,1,$12.50\n4,k3,2023-01-05,A2,3,$3.00\n';
    const ds = await openDataset(sql, [textSource('jan.csv', plain), textSource('feb.csv', dollars)]);
    expect(ds.canonical.numberFormatsByFile?.['feb.csv']?.unit_price).toMatchObject({ decimal: '.', symbols: true });
    expect(ds.report.revenue).toBe(2 * 12.5 + 3 + 12.5 + 3 * 3);
    expect(inspectText(ds)).not.toContain('Numbers per file');
  });

  it('reads a quantity 1.200 in a German file as twelve hundred, as its prices show', async () => {
    const text = `${HEADER}\n1;k1;02.01.2023;A1;Schrauben;1.200;0,05\n2;k2;03.01.2023;A2;Muttern;12;1.250,00\n`;
    const ds = await openDataset(sql, [textSource('lager.csv', text)]);
    const rows = tableRows(await sql.query('SELECT quantity, unit_price FROM lines ORDER BY invoice'));
    expect(rows).toEqual([
      { quantity: 1200, unit_price: 0.05 },
      { quantity: 12, unit_price: 1250 },
    ]);
    expect(ds.report.revenue).toBe(1200 * 0.05 + 12 * 1250);
  });

  it('flags a "1.200" in a French file (decimal comma, space grouping) with its row, never reading it as 1.2', async () => {
    // Its prices show "," as the decimal mark and a space between thousands: a "." there is
    // neither, and read as a decimal point the quantity would be a thousand times off.
    const text = `${HEADER}\n1;k1;13.01.2023;A1;Vis;1.200;0,05\n2;k2;03.01.2023;A2;Écrous;12;1 250,00\n3;k3;04.01.2023;A3;Clous;2;2.50\n`;
    const ds = await openDataset(sql, [textSource('stock.csv', text)]);
    expect(ds.canonical.numberFormats.unit_price).toMatchObject({ decimal: ',', thousands: ' ' });
    expect(ds.canonical.parseIssues).toEqual([
      expect.objectContaining({ role: 'quantity', count: 1, example: expect.objectContaining({ file: 'stock.csv', row: 2, value: '1.200' }) }),
      expect.objectContaining({ role: 'unit_price', count: 1, example: expect.objectContaining({ file: 'stock.csv', row: 4, value: '2.50' }) }),
    ]);
    expect(ds.report.removed.invalid_value).toBe(2);
    expect(ds.report.revenue).toBe(12 * 1250);
    // Said with every command's output and on the Data screen; not counted as empty as well.
    expect(figureWarnings(ds)).toEqual([
      '1 value in "Menge" (quantity) does not parse, e.g. "1.200" in stock.csv row 2; its line is left out',
      '1 value in "Preis" (unit_price) does not parse, e.g. "2.50" in stock.csv row 4; its line is left out',
    ]);
    expect(ds.canonical.nulls).toMatchObject({ quantity: 0, unit_price: 0 });
  });

  it('counts every value of a line that fails, not only its first, and none of them as empty', async () => {
    // Row 4 fails twice: quantity "1.200" and price "2.50"; its line is named under quantity (its
    // first), and its price is a value that did not parse, not an empty one.
    const text = `${HEADER}\n1;k1;13.01.2023;A1;Vis;12;0,05\n2;k2;03.01.2023;A2;Écrous;12;1 250,00\n3;k3;04.01.2023;A3;Clous;1.200;2.50\n4;k4;5th of May;A4;Clous;-;#N/A\n`;
    const ds = await openDataset(sql, [textSource('stock.csv', text)]);
    expect(ds.canonical.parseIssues).toEqual([
      expect.objectContaining({ role: 'date', count: 1, example: expect.objectContaining({ row: 5, value: '5th of May' }) }),
      expect.objectContaining({ role: 'quantity', count: 2, example: expect.objectContaining({ row: 4, value: '1.200' }) }),
      expect.objectContaining({ role: 'unit_price', count: 2, example: expect.objectContaining({ row: 4, value: '2.50' }) }),
    ]);
    expect(ds.canonical.nulls).toMatchObject({ date: 0, quantity: 0, unit_price: 0 });
    expect(ds.report.removed.invalid_value).toBe(2);
  });

  it('keeps one format, with no per-file list, when all files agree', async () => {
    const a = `${HEADER}\n1;k1;02.01.2023;A1;Tee;1;12,50\n`;
    const b = `${HEADER}\n2;k2;03.01.2023;A1;Tee;2;12,50\n`;
    const ds = await openDataset(sql, [textSource('a.csv', a), textSource('b.csv', b)]);
    expect(ds.canonical.numberFormatsByFile).toBeUndefined();
    expect(ds.canonical.numberFormats.unit_price).toMatchObject({ decimal: ',' });
    expect(ds.report.revenue).toBe(37.5);
  });

  it('strips no-break spaces, typographic apostrophes and currency codes in SQL too, per file', async () => {
    const sek = `${HEADER}\n1;k1;02.01.2023;A1;Stol;1;1\u202f299,00 kr\n2;k2;03.01.2023;A2;Kopp;2;12,50 kr\n`;
    const chf = `${HEADER}\n3;k1;04.01.2023;A1;Stuhl;1;CHF 1\u2019200.00\n4;k3;05.01.2023;A2;Tasse;2;CHF 12.50\n`;
    const ds = await openDataset(sql, [textSource('se.csv', sek), textSource('ch.csv', chf)]);
    expect(tableRows(await sql.query('SELECT unit_price FROM lines ORDER BY invoice')).map((r) => r.unit_price)).toEqual([1299, 12.5, 1200, 12.5]);
    expect(ds.report.removed.invalid_value).toBe(0);
    expect(ds.report.revenue).toBe(1299 + 25 + 1200 + 25);
  });

  it('decides a long file from its first 500 non-empty prices, not its first 500 lines', async () => {
    // de.csv: 450 lines without a price, 50 prices that tell nothing ("12"), then German prices;
    // en.csv: 600 lines, every one with an English price (its first 500 lines decide).
    const line = (i: number, price: string) => `${i};k${i % 7};02.01.2023;A${i % 5};Tee;1;${price}`;
    const de = [HEADER, ...Array.from({ length: 700 }, (_, i) => line(i + 1, i < 450 ? '' : i < 500 ? '12' : '1.234,56'))].join('\n');
    const en = [HEADER, ...Array.from({ length: 600 }, (_, i) => line(1001 + i, '1,234.56'))].join('\n');
    const ds = await openDataset(sql, [textSource('de.csv', `${de}\n`), textSource('en.csv', `${en}\n`)]);
    expect(ds.canonical.numberFormatsByFile?.['de.csv']?.unit_price).toMatchObject({ decimal: ',', thousands: '.' });
    expect(ds.canonical.numberFormatsByFile?.['en.csv']?.unit_price).toMatchObject({ decimal: '.', thousands: ',' });
    const prices = tableRows(await sql.query("SELECT invoice, unit_price FROM lines WHERE invoice IN ('500', '501', '700', '1001', '1600') ORDER BY row_id"));
    expect(prices).toEqual([
      { invoice: '500', unit_price: 12 },
      { invoice: '501', unit_price: 1234.56 },
      { invoice: '700', unit_price: 1234.56 },
      { invoice: '1001', unit_price: 1234.56 },
      { invoice: '1600', unit_price: 1234.56 },
    ]);
  });

  it('reads rupiah prices written with a point between thousands', async () => {
    const text =
      'No Faktur,ID Pelanggan,Tanggal,Kode Barang,Nama Barang,Jumlah,Harga Satuan\nF1,P1,2023-02-01,K1,Kopi Arabika,2,Rp 80.000\nF2,P2,2023-02-02,K2,Teh Melati,1,Rp 125.000\n';
    const ds = await openDataset(sql, [textSource('penjualan.csv', text)]);
    expect(tableRows(await sql.query('SELECT unit_price FROM lines ORDER BY invoice')).map((r) => r.unit_price)).toEqual([80000, 125000]);
    expect(ds.report.revenue).toBe(2 * 80000 + 125000);
  });
});

describe('negatives in accounting and trailing-minus notation', () => {
  it('keep a sign written inside, or a lone dash, unparsed', () => {
    const f = detectNumberFormat(['12.50']);
    expect(['(-12.50)', '-12.50-', '(12.50', '12.50)', '-', '()', '( )'].map((v) => parseNumber(v, f))).toEqual(Array(7).fill(Number.NaN));
  });

  it("read SAP's credit memo lines (quantity 2-) as returns and a refund (12,50-) as a negative total", async () => {
    const text = `${HEADER};Betrag\n1;k1;13.01.2023;A1;Tee;2;12,50;25,00\n2;k1;14.01.2023;A1;Tee;2-;12,50;25,00-\n3;k2;15.01.2023;A2;Kaffee;1;1.250,00;1.250,00\n`;
    const ds = await openDataset(sql, [textSource('sap.csv', text)]);
    const rows = tableRows(await sql.query('SELECT quantity, unit_price, amount FROM lines ORDER BY invoice'));
    expect(rows).toEqual([
      { quantity: 2, unit_price: 12.5, amount: 25 },
      { quantity: -2, unit_price: 12.5, amount: -25 },
      { quantity: 1, unit_price: 1250, amount: 1250 },
    ]);
    expect(ds.canonical.parseIssues).toEqual([]);
    expect(ds.report.removed.return).toBe(1);
  });
});

describe('spaces between digits', () => {
  it('group thousands only in groups of three, where spaces are stripped', () => {
    const f = detectNumberFormat(['1 234,56 €', '2,50 €']);
    expect(f).toMatchObject({ decimal: ',', thousands: ' ', symbols: true });
    const ok = ['1 234,56 €', '12 345 678,00 €', '€ 1\u00a0234,50', '1\u202f234 €', '- 12,50 €', 'kr. 1 299,00', '12,50 €', '(1 234,00 €)'];
    expect(ok.map((v) => parseNumber(v, f))).toEqual([1234.56, 12345678, 1234.5, 1234, -12.5, 1299, 12.5, -1234]);
    // Read as 1250, 12345, 1234567, 1234, 1500 and 1234 before: each is no number in this convention.
    const bad = ['12 50 €', '1 2345 €', '1234 567 €', '1  234 €', '0 500 €', '1,5 000 €', '12\t34 €'];
    expect(bad.map((v) => parseNumber(v, f))).toEqual(Array(bad.length).fill(Number.NaN));
    // A price with a dollar sign and a space grouping reads the same way ("$1 234.50").
    const us = detectNumberFormat(['$1 234.50', '$2.50']);
    expect([parseNumber('$1 234.50', us), parseNumber('$12 50', us)]).toEqual([1234.5, Number.NaN]);
  });

  it('flag "12 50 €" in a French file with its row, never reading it as 1250', async () => {
    const text = `${HEADER}\n1;k1;13.01.2023;A1;Vis;2;1 250,00 €\n2;k2;14.01.2023;A2;Écrous;1;12 50 €\n3;k3;15.01.2023;A3;Clous;1;2,50 €\n`;
    // On both engines: the CLI's native DuckDB and the app's DuckDB-WASM.
    for (const open of [openDb, async () => openNativeDuckDb()]) {
      const db = await open();
      try {
        const ds = await openDataset(db, [textSource('boutique.csv', text)]);
        expect(ds.canonical.parseIssues).toEqual([
          expect.objectContaining({ role: 'unit_price', count: 1, example: expect.objectContaining({ file: 'boutique.csv', row: 3, value: '12 50 €' }) }),
        ]);
        expect(ds.report.revenue).toBe(2 * 1250 + 2.5);
        expect(figureWarnings(ds)).toContain('1 value in "Preis" (unit_price) does not parse, e.g. "12 50 €" in boutique.csv row 3; its line is left out');
      } finally {
        db.close();
      }
    }
  });
});
