/**
 * Exports of Hungarian, Polish, Czech, Slovak, Romanian, Croatian and Slovenian shops, which the
 * 8-bit code page they come in (Windows-1250) made readable: their column names map to the roles
 * without a hand.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { openDataset, type SqlPort } from '../../../engine/src/index.ts';
import { encodeIn } from '../../helpers/code-page-bytes.ts';
import { MemorySource, openDb } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const rows = (n: number, line: (i: number) => string) => Array.from({ length: n }, (_, i) => line(i));

describe('column names of Central European exports', () => {
  it.each([
    [
      'Hungarian',
      'Rendelésszám;Vevőkód;Dátum;Cikkszám;Megnevezés;Mennyiség;Egységár;Ország',
      (i: number) =>
        `${1000 + i};V${i % 7};2024-03-${String((i % 28) + 1).padStart(2, '0')};A${i % 5};Bögre ${i % 5};${1 + (i % 3)};${(i % 4) + 1},50;Magyarország`,
      ['Rendelésszám', 'Vevőkód', 'Dátum', 'Cikkszám', 'Megnevezés', 'Mennyiség', 'Egységár', 'Ország'],
    ],
    [
      'Polish',
      'Numer zamówienia;Klient;Data sprzedaży;Indeks;Nazwa towaru;Ilość;Cena jednostkowa;Kraj',
      (i: number) => `Z/${100 + i};K${i % 7};2024-03-${String((i % 28) + 1).padStart(2, '0')};T${i % 5};Kubek ${i % 5};${1 + (i % 3)};${(i % 4) + 1},50;Polska`,
      ['Numer zamówienia', 'Klient', 'Data sprzedaży', 'Indeks', 'Nazwa towaru', 'Ilość', 'Cena jednostkowa', 'Kraj'],
    ],
    [
      'Czech',
      'Číslo objednávky;Zákazník;Datum;Kód zboží;Název;Množství;Cena za kus;Země',
      (i: number) => `${5000 + i};Z${i % 7};2024-03-${String((i % 28) + 1).padStart(2, '0')};K${i % 5};Hrnek ${i % 5};${1 + (i % 3)};${(i % 4) + 1},50;Česko`,
      ['Číslo objednávky', 'Zákazník', 'Datum', 'Kód zboží', 'Název', 'Množství', 'Cena za kus', 'Země'],
    ],
    [
      'Slovak',
      'Číslo dokladu;Odberateľ;Dátum predaja;Kód tovaru;Názov tovaru;Množstvo;Jednotková cena;Krajina',
      (i: number) =>
        `${7000 + i};O${i % 7};2024-03-${String((i % 28) + 1).padStart(2, '0')};T${i % 5};Hrnček ${i % 5};${1 + (i % 3)};${(i % 4) + 1},50;Slovensko`,
      ['Číslo dokladu', 'Odberateľ', 'Dátum predaja', 'Kód tovaru', 'Názov tovaru', 'Množstvo', 'Jednotková cena', 'Krajina'],
    ],
    [
      'Romanian',
      'Număr factură;Cod client;Data facturii;Cod produs;Denumire produs;Cantitate;Preţ unitar;Ţară',
      (i: number) => `F${300 + i};C${i % 7};2024-03-${String((i % 28) + 1).padStart(2, '0')};P${i % 5};Cană ${i % 5};${1 + (i % 3)};${(i % 4) + 1},50;România`,
      ['Număr factură', 'Cod client', 'Data facturii', 'Cod produs', 'Denumire produs', 'Cantitate', 'Preţ unitar', 'Ţară'],
    ],
    [
      'Croatian',
      'Broj računa;Šifra kupca;Datum računa;Šifra artikla;Naziv artikla;Količina;Jedinična cijena;Država',
      (i: number) =>
        `R-${400 + i};K${i % 7};2024-03-${String((i % 28) + 1).padStart(2, '0')};A${i % 5};Šalica ${i % 5};${1 + (i % 3)};${(i % 4) + 1},50;Hrvatska`,
      ['Broj računa', 'Šifra kupca', 'Datum računa', 'Šifra artikla', 'Naziv artikla', 'Količina', 'Jedinična cijena', 'Država'],
    ],
    [
      'Slovenian',
      'Številka računa;Kupec;Datum;Šifra izdelka;Izdelek;Količina;Cena na enoto;Država',
      (i: number) =>
        `${800 + i};S${i % 7};2024-03-${String((i % 28) + 1).padStart(2, '0')};I${i % 5};Skodelica ${i % 5};${1 + (i % 3)};${(i % 4) + 1},50;Slovenija`,
      ['Številka računa', 'Kupec', 'Datum', 'Šifra izdelka', 'Izdelek', 'Količina', 'Cena na enoto', 'Država'],
    ],
  ])('%s: every column maps to its role', async (_language, header, line, columns) => {
    const text = `${[header, ...rows(40, line)].join('\n')}\n`;
    const ds = await openDataset(sql, [new MemorySource('export.csv', encodeIn(text, 'windows-1250'))], { encoding: 'windows-1250' });
    const [invoice, customer, date, sku, description, quantity, unit_price, country] = columns;
    expect(ds.canonical.mapping.mapping).toEqual({ invoice, customer, date, sku, description, quantity, unit_price, country });
    expect(ds.report.rows_kept).toBe(40);
  });

  it('Hungarian "Ár" (price) and "Vevő" (customer) in a Windows-1250 file detected as such', async () => {
    const text = `${['Rendelés;Vevő;Dátum;Termék;Mennyiség;Ár', ...rows(40, (i) => `${1000 + i};Kőszegi${i % 7};2024-03-${String((i % 28) + 1).padStart(2, '0')};Bögre ${i % 5};${1 + (i % 3)};${(i % 4) + 1},50`)].join('\n')}\n`;
    const ds = await openDataset(sql, [new MemorySource('hu.csv', encodeIn(text, 'windows-1250'))]);
    expect(ds.sources[0]!.format.encoding).toBe('windows-1250');
    expect(ds.canonical.mapping.mapping).toMatchObject({ invoice: 'Rendelés', customer: 'Vevő', quantity: 'Mennyiség', unit_price: 'Ár' });
  });
});
