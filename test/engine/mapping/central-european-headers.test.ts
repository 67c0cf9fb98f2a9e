/**
 * Exports of Hungarian, Polish and Czech shops, which the 8-bit code pages they come in
 * (Windows-1250) made readable: their column names map to the roles without a hand.
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
  ])('%s: every column maps to its role', async (_language, header, line, columns) => {
    const text = `${[header, ...rows(40, line)].join('\n')}\n`;
    const ds = await openDataset(sql, [new MemorySource('export.csv', encodeIn(text, 'windows-1250'))], { encoding: 'windows-1250' });
    const [invoice, customer, date, sku, description, quantity, unit_price, country] = columns;
    expect(ds.canonical.mapping.mapping).toEqual({ invoice, customer, date, sku, description, quantity, unit_price, country });
    expect(ds.report.rows_kept).toBe(40);
  });
});
