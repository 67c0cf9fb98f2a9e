/**
 * Quantities written with their unit, as tills that weigh goods and ERPs print them ("1.25 kg",
 * "2 pcs", "3 Stk.", "2 db"): the column is found and each value read as its number; several
 * measures in one column (kilos beside pieces) are said with counts and first places.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { figureWarnings, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { MemorySource, openDb } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const open = (files: Record<string, string>) =>
  openDataset(
    sql,
    Object.entries(files).map(([name, text]) => new MemorySource(name, new TextEncoder().encode(text))),
  );
const lineFigures = async () =>
  tableRows(await sql.query('SELECT quantity, amount FROM lines ORDER BY row_id')).map((r) => [Number(r.quantity), Number(r.amount)]);

describe('quantities with units', () => {
  it("a grocery till's kilos, grams and pieces: the quantity column is mapped, each value read as its number, the measures said", async () => {
    const ds = await open({
      'till.csv': [
        'Order,Customer,Date,Item,Quantity,Unit price',
        '1001,C1,2024-01-05,Apples,1.25 kg,2.40',
        '1001,C1,2024-01-05,Bread,2 pcs,1.10',
        '1002,C2,2024-01-06,Milk,3,0.90',
        '1002,C2,2024-01-06,Ham,250 g,0.02',
        '1003,C1,2024-02-01,Cheese,0.4kg,12.00',
        '',
      ].join('\n'),
    });
    expect(ds.canonical.mapping.mapping.quantity).toBe('Quantity');
    expect(ds.canonical.numberFormats.quantity?.units).toBe(true);
    const quantityAndPrice = [
      [1.25, 2.4],
      [2, 1.1],
      [3, 0.9],
      [250, 0.02],
      [0.4, 12],
    ];
    expect(await lineFigures()).toEqual(quantityAndPrice.map(([q, p]) => [q, q! * p!]));
    expect(figureWarnings(ds)).toContain(
      'quantities in "Quantity" are written in 3 measures, each read as its number whatever its unit: ' +
        'kg on 2 lines (first "1.25 kg", till.csv row 2), pieces or no unit on 2 lines (first "2 pcs", till.csv row 3), g on 1 line (first "250 g", till.csv row 5); ' +
        "items per order add them alike (500 g counts 500, 1 kg counts 1), revenue is right where each price is per its line's unit",
    );
  });

  it.each([
    ['German', 'Belegnr;Kunde;Datum;Artikel;Menge;Einzelpreis', (q: string) => `1;K1;05.01.2024;Brot;${q};1,10`, ['2 Stk.', '1 St', '3 Stück']],
    ['Hungarian', 'Rendelésszám;Vevőkód;Dátum;Megnevezés;Mennyiség;Egységár', (q: string) => `1;V1;2024.01.05;Kenyér;${q};1,10`, ['2 db', '1 db', '3 DB']],
    [
      'Polish',
      'Numer zamówienia;Klient;Data;Nazwa towaru;Ilość;Cena jednostkowa',
      (q: string) => `1;K1;2024-01-05;Chleb;${q};1,10`,
      ['2 szt.', '1 szt', '3 Szt.'],
    ],
  ])('%s pieces: read as numbers, one measure, nothing to say', async (_language, header, line, quantities) => {
    const ds = await open({ 'export.csv': `${[header, ...quantities.map(line)].join('\n')}\n` });
    expect(ds.canonical.mapping.mapping.quantity).toBe(header.split(';')[4]);
    expect((await lineFigures()).map(([q]) => q)).toEqual([2, 1, 3]);
    expect(ds.report.rows_kept).toBe(3);
    expect(figureWarnings(ds).filter((w) => w.includes('measures'))).toEqual([]);
  });

  it('a decimal comma before the unit ("1,25 kg") is the decimal mark, as the prices show', async () => {
    const ds = await open({
      'kasse.csv': 'Beleg;Kunde;Datum;Artikel;Menge;Preis\n1;K1;05.01.2024;Äpfel;1,25 kg;2,40\n1;K1;05.01.2024;Brot;2 Stk;1,10\n',
    });
    expect(ds.canonical.numberFormats.quantity).toMatchObject({ decimal: ',', units: true });
    expect(await lineFigures()).toEqual([
      [1.25, 3],
      [2, 2.2],
    ]);
  });

  it('a unit past the sample, or one not known, is a value that does not parse, counted with its place', async () => {
    const head = Array.from({ length: 30 }, (_, i) => `${i},C${i % 4},2024-01-05,Bread,2 pcs,1.10`);
    const ds = await open({ 'till.csv': `Order,Customer,Date,Item,Qty,Price\n${head.join('\n')}\n99,C1,2024-01-06,Wine,3 crates,9.00\n` });
    expect(ds.report.rows_kept).toBe(30);
    expect(figureWarnings(ds)).toContain('1 value in "Qty" (quantity) does not parse, e.g. "3 crates" in till.csv row 32; its line is left out');
  });

  it('quantities in any number format, with any of the units, read as the same quantities without them (property)', async () => {
    const units = ['pcs', 'kg', 'g', 'Stk.', 'db', 'szt.', 'ks', 'buc', 'x', 'l', 'ml', 'lb', 'oz', 'ea', 'шт', 'pack'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(fc.integer({ min: 1, max: 99_999 }), fc.constantFrom(...units), fc.constantFrom('', ' ')), { minLength: 3, maxLength: 30 }),
        fc.constantFrom('.', ','),
        async (lines, mark) => {
          const written = (hundredths: number) => (hundredths / 100).toFixed(2).replace('.', mark);
          const sep = mark === ',' ? ';' : ',';
          const body = lines.map(([q, unit, space], i) => [i, `C${i % 3}`, '2024-01-05', `P${i % 4}`, `${written(q)}${space}${unit}`, written(150)].join(sep));
          const ds = await open({ 'x.csv': `${['Order', 'Customer', 'Date', 'Item', 'Quantity', 'Price'].join(sep)}\n${body.join('\n')}\n` });
          expect(ds.canonical.mapping.mapping.quantity).toBe('Quantity');
          const got = await lineFigures();
          expect(got.map(([q]) => q)).toEqual(lines.map(([q]) => q / 100));
          expect(got.map(([, amount]) => amount)).toEqual(lines.map(([q]) => (q / 100) * 1.5));
        },
      ),
      { numRuns: 25 },
    );
  });
});
