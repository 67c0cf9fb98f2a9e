/**
 * Files in 8-bit code pages other than Windows-1252 read through the engine: names, products and
 * countries come back as written, the encoding is named as UTF-8 and Windows-1252 are, a folder
 * mixing encodings keeps one product one product, and a close call is a figure warning.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { figureWarnings, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import type { CodePage } from '../../../engine/src/io/code-pages.ts';
import { inspectJson, inspectText } from '../../../engine/cli/inspect.ts';
import { MemorySource, openDb, textSource } from '../../helpers/engine.ts';
import { encodeIn } from '../../helpers/code-page-bytes.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const HEADER = 'Invoice;Customer;Date;SKU;Description;Quantity;Price;Country';
const csv = (rows: [string, string, string][]) =>
  `${HEADER}\n${rows.map(([customer, description, country], i) => `${100 + i};${customer};2024-03-0${(i % 9) + 1};S${i};${description};2;3,50;${country}\n`).join('')}`;

async function names(): Promise<string[][]> {
  const rows = await tableRows(await sql.query('SELECT customer, description, country FROM lines ORDER BY row_id'));
  return rows.map((r) => [String(r.customer), String(r.description), String(r.country)]);
}

const CASES: [CodePage, string, [string, string, string][]][] = [
  [
    'cp850',
    'DOS code page 850 (Western European)',
    [
      ['Müller', 'Kaffeetasse Größe L', 'Österreich'],
      ['Schäfer', 'Crème brûlée', 'France'],
      ['Jürgen Weiß', 'Teekanne grün', 'Deutschland'],
    ],
  ],
  [
    'cp437',
    'DOS code page 850 (Western European)',
    [
      ['Müller', 'Kaffeetasse Größe L', 'Österreich'],
      ['Schäfer', 'Crème brûlée', 'Français'],
      ['Jürgen Weiß', 'Teekanne grün', 'Deutschland'],
    ],
  ],
  [
    'macintosh',
    'Mac Roman',
    [
      ['Müller', 'Crème brûlée', 'Österreich'],
      ['Françoise', 'Pâté en croûte', 'France'],
      ['José Muñoz', 'Café con leche', 'España'],
    ],
  ],
  [
    'windows-1250',
    'Windows-1250 (Central European)',
    [
      ['Łódź Żółć', 'Kubek duży łyżka', 'Polska'],
      ['Dvořák', 'Hrnek čaj řízek', 'Česko'],
      ['Świętosław', 'Ściereczka kuchenna', 'Polska'],
    ],
  ],
  [
    'windows-1251',
    'Windows-1251 (Cyrillic)',
    [
      ['Москва', 'Чашка большая', 'Россия'],
      ['Иванов', 'Кофе молотый', 'Россия'],
      ['Петренко', 'Чай зелёный', 'Україна'],
    ],
  ],
  [
    'shift_jis',
    'Shift-JIS',
    [
      ['東京', 'コーヒーカップ', '日本'],
      ['山田太郎', '緑茶 ティーバッグ', '日本'],
      ['鈴木', 'ﾀｵﾙ', '日本'],
    ],
  ],
];

describe('files in 8-bit code pages', () => {
  it.each(CASES)('%s: names come back as written, and the encoding is named', async (encoding, name, rows) => {
    const ds = await openDataset(sql, [new MemorySource(`${encoding}.csv`, encodeIn(csv(rows), encoding))]);
    // CP437 text of lowercase Western letters reads alike in CP850, the code page named.
    expect(ds.sources[0]!.format.encoding).toBe(encoding === 'cp437' ? 'cp850' : encoding);
    expect(inspectText(ds)).toContain(`Format: csv, ${name}, delimiter ";"`);
    expect(await names()).toEqual(rows);
    expect(figureWarnings(ds).filter((w) => w.includes('read as'))).toEqual([]);
  });

  it('a folder mixing encodings reads one product as one: UTF-8, Windows-1250 and Windows-1252 files', async () => {
    const de: [string, string, string][] = [['Müller', 'Kaffeetasse Größe', 'Deutschland']];
    const pl: [string, string, string][] = [
      ['Łucja', 'Kubek żółty', 'Polska'],
      ['Ślązak', 'Łyżka duża', 'Polska'],
    ];
    const utf8: [string, string, string][] = [['Müller', 'Kubek żółty', 'Deutschland']];
    const ds = await openDataset(sql, [
      textSource('a.csv', csv(pl)),
      new MemorySource('b.csv', encodeIn(csv(pl), 'windows-1250')),
      textSource('c.csv', csv(utf8)),
      new MemorySource('d.csv', encodeIn(csv(de), 'latin-1')),
    ]);
    expect(ds.sources.map((s) => s.format.encoding)).toEqual(['utf-8', 'windows-1250', 'utf-8', 'latin-1']);
    const products = await tableRows(await sql.query('SELECT DISTINCT description FROM lines ORDER BY 1'));
    expect(products.map((r) => r.description)).toEqual(['Kaffeetasse Größe', 'Kubek żółty', 'Łyżka duża']);
    expect(inspectText(ds)).toContain('Encodings per file: a.csv UTF-8, b.csv Windows-1250 (Central European), c.csv UTF-8, d.csv Windows-1252 (Latin-1)');
    expect((inspectJson(ds).format as Record<string, unknown>).encodings_by_file).toEqual({
      'a.csv': 'utf-8',
      'b.csv': 'windows-1250',
      'c.csv': 'utf-8',
      'd.csv': 'latin-1',
    });
  });

  it('one basket per line in Windows-1251: the items of the long copy are read in the code page', async () => {
    const baskets = 'молоко,хлеб\nхлеб,сахар,чай\nмолоко,чай\nхлеб,молоко\n';
    const ds = await openDataset(sql, [new MemorySource('baskets.csv', encodeIn(baskets, 'windows-1251'))], { layout: 'baskets' });
    expect(ds.sources[0]!.format).toMatchObject({ encoding: 'windows-1251', baskets: true });
    const items = await tableRows(await sql.query('SELECT DISTINCT description FROM lines ORDER BY 1'));
    expect(items.map((r) => r.description)).toEqual(['молоко', 'сахар', 'хлеб', 'чай']);
  });

  it('an ASCII sample, then Windows-1251 past it: the file is read in its code page', async () => {
    const filler = Array.from({ length: 9000 }, (_, i) => `${100 + i};C${i};2024-03-01;S1;Mug;1;3,50;UK\n`).join('');
    const text = `${HEADER}\n${filler}9999;Иванов;2024-03-02;S2;Чашка большая;1;3,50;Россия\n`;
    expect(text.length).toBeGreaterThan(256 * 1024);
    const ds = await openDataset(sql, [new MemorySource('late.csv', encodeIn(text, 'windows-1251'))]);
    expect(ds.sources[0]!.format.encoding).toBe('windows-1251');
    expect((await names()).at(-1)).toEqual(['Иванов', 'Чашка большая', 'Россия']);
  });

  it('where another code page reads the words as well, Windows-1252 is kept and a figure warning says so', async () => {
    // "Gęś" (goose) in Windows-1250 is "Gêœ" in Windows-1252: letters of Polish, and of French.
    const ds = await openDataset(sql, [new MemorySource('geese.csv', encodeIn(csv([['Gęś', 'Tea', 'X']]), 'windows-1250'))]);
    expect(ds.sources[0]!.format.encoding).toBe('latin-1');
    expect(figureWarnings(ds)).toContain(
      'geese.csv is read as Windows-1252 (Latin-1) ("Gêœ"), but Windows-1250 (Central European) ("Gęś") fits its accented letters as well: names and descriptions may be garbled; if so, choose its encoding',
    );
  });
});

describe('an encoding the user chooses', () => {
  // Hungarian in Windows-1250: "ő" and "ű" are Windows-1252's "õ" and "û", letters of Portuguese
  // and French. Two words with "ő" tell it (code-page-guess.ts readsAsHungarian); one does not.
  const HUNGARIAN: [string, string, string][] = [
    ['Kőszegi', 'Bögre fűszeres tea', 'Magyarország'],
    ['Szűcs', 'Tányér ősz', 'Magyarország'],
    ['Győző', 'Ötös csomag', 'Magyarország'],
  ];
  const hungarian = () => new MemorySource('hu.csv', encodeIn(csv(HUNGARIAN), 'windows-1250'));

  it('reads Hungarian text in Windows-1250: detected from two words with "ő", chosen where one leaves a close call', async () => {
    const guessed = await openDataset(sql, [hungarian()]);
    expect(guessed.sources[0]!.format.encoding).toBe('windows-1250');
    expect(await names()).toEqual(HUNGARIAN);
    const one = () => new MemorySource('hu.csv', encodeIn(csv([HUNGARIAN[0]!]), 'windows-1250'));
    const close = await openDataset(sql, [one()]);
    expect(close.sources[0]!.format.encoding).toBe('latin-1');
    expect((await names())[0]).toEqual(['Kõszegi', 'Bögre fûszeres tea', 'Magyarország']);
    expect(figureWarnings(close).some((w) => w.includes('("Kőszegi") fits its accented letters as well'))).toBe(true);
    const chosen = await openDataset(sql, [one()], { encoding: 'windows-1250' });
    expect(chosen.sources[0]!.format.encoding).toBe('windows-1250');
    expect(await names()).toEqual([HUNGARIAN[0]]);
    expect(figureWarnings(chosen).filter((w) => w.includes('read as'))).toEqual([]);
  });

  it('a close call is not warned once the user chose', async () => {
    const ds = await openDataset(sql, [new MemorySource('geese.csv', encodeIn(csv([['Gęś', 'Tea', 'X']]), 'windows-1250'))], { encoding: 'windows-1250' });
    expect(await names()).toEqual([['Gęś', 'Tea', 'X']]);
    expect(figureWarnings(ds).filter((w) => w.includes('choose its encoding'))).toEqual([]);
  });

  it('chosen UTF-8: bytes that are not UTF-8 read as U+FFFD, counted by line, in the sample and past it', async () => {
    const ds = await openDataset(sql, [hungarian()], { encoding: 'utf-8' });
    expect(ds.sources[0]!.format.encoding).toBe('utf-8');
    expect((await names())[0]).toEqual(['K\uFFFDszegi', 'B\uFFFDgre f\uFFFDszeres tea', 'Magyarorsz\uFFFDg']);
    expect(ds.sources[0]!.replacedBytes).toEqual({ count: 14, lines: [2, 3, 4] });
    // An ASCII sample, then Windows-1252 bytes: undecided, such a file is read in the code page its
    // bytes show; chosen UTF-8, it stays UTF-8, repaired.
    const filler = Array.from({ length: 9000 }, (_, i) => `${100 + i};C${i};2024-03-01;S1;Mug;1;3,50;UK\n`).join('');
    const late = `${HEADER}\n${filler}9999;Müller;2024-03-02;S2;Tasse;1;3,50;Österreich\n`;
    const read = await openDataset(sql, [new MemorySource('late.csv', encodeIn(late, 'latin-1'))], { encoding: 'utf-8' });
    expect(read.sources[0]!.format.encoding).toBe('utf-8');
    expect(read.sources[0]!.replacedBytes).toEqual({ count: 2, lines: [9002] });
    expect((await names()).at(-1)).toEqual(['M\uFFFDller', 'Tasse', '\uFFFDsterreich']);
  });

  it('chosen Windows-1252 reads a UTF-8 file byte by byte, as asked; a byte-order mark still says UTF-8', async () => {
    await openDataset(sql, [textSource('de.csv', csv([['Müller', 'Tasse', 'Österreich']]))], { encoding: 'latin-1' });
    expect(await names()).toEqual([['MÃ¼ller', 'Tasse', 'Ã–sterreich']]);
    const ds = await openDataset(sql, [textSource('bom.csv', `\uFEFF${csv([['Müller', 'Tasse', 'Österreich']])}`)], { encoding: 'windows-1250' });
    expect(ds.sources[0]!.format).toMatchObject({ encoding: 'utf-8', bom: true });
    expect(await names()).toEqual([['Müller', 'Tasse', 'Österreich']]);
  });
});
