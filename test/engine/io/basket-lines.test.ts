/**
 * One basket per line (basket-lines.ts): told apart from tables, malformed ones included, and read
 * from a long copy (basket, item) whose rows are named by their original lines. The real case is
 * arules' Groceries set, read as published: its rule counts are the literature's.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import {
  defaultAnalysis,
  deriveRules,
  loadAnalysisBaskets,
  locateRow,
  mineItemsets,
  openDataset,
  splitRecord,
  tableRows,
  type SqlPort,
} from '../../../engine/src/index.ts';
import { generateRules } from '../../../engine/src/assoc/index.ts';
import { basketCopy, basketLine, looksLikeBaskets } from '../../../engine/src/io/basket-lines.ts';
import { sampleLines } from '../../../engine/src/io/sniff.ts';
import { GROCERIES_CSV, latin1Source, MemorySource, ONLINE_RETAIL_DIR, openDb, textSource } from '../../helpers/engine.ts';

const GROCERIES = readFileSync(GROCERIES_CSV);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);
const head = (text: string) => sampleLines(text, true, 200);
const sniffBaskets = (text: string) => looksLikeBaskets(head(text), ',', '"');

/** Groceries as Kaggle ships it: a header "Item(s),Item 1,...", each line its item count, then its items, padded with empty fields. */
function countedGroceries(): string {
  const lines = dec(GROCERIES)
    .split('\n')
    .filter((l) => l !== '');
  const width = Math.max(...lines.map((l) => l.split(',').length));
  const header = ['Item(s)', ...Array.from({ length: width }, (_, i) => `Item ${i + 1}`)].join(',');
  return `${[header, ...lines.map((l) => [String(l.split(',').length), ...l.split(','), ...Array(width - l.split(',').length).fill('')].join(','))].join('\n')}\n`;
}

/** A table of `n` lines: the generator's columns, one line in `broken` with an unquoted comma in its description. */
function table(n: number, broken: (i: number) => boolean = () => false): string {
  const lines = ['InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country'];
  for (let i = 0; i < n; i++) {
    const d = broken(i) ? 'MUG, RED' : ['WHITE MUG', 'RED LANTERN', 'HAND WARMER'][i % 3];
    lines.push(
      `${536365 + (i >> 2)},8512${i % 7},${d},${1 + (i % 5)},2010-12-01 08:${String(i % 60).padStart(2, '0')},${(i % 9) + 0.55},${17850 + (i % 11)},United Kingdom`,
    );
  }
  return `${lines.join('\n')}\n`;
}

describe('looksLikeBaskets', () => {
  it('takes the Groceries set, without a header', () => {
    expect(sniffBaskets(dec(GROCERIES.subarray(0, 65536)))).toEqual({ header: false, itemCounts: false, basketIds: false, delimiter: ',' });
  });

  it('takes a header line whose fields appear nowhere below', () => {
    const body = dec(GROCERIES.subarray(0, 65536));
    expect(sniffBaskets(`Item 1,Item 2,Item 3,Item 4\n${body}`)).toEqual({ header: true, itemCounts: false, basketIds: false, delimiter: ',' });
  });

  it("reads a short file's first basket as one though its items recur nowhere, and a short file's header by its words", () => {
    // Ten baskets: "bread" is bought once, first. Read as a header, the file lost a basket without a word.
    const body = ['milk', 'milk', 'milk', 'milk', 'jam,milk', 'milk,tea', 'milk,tea', 'milk,jam', 'milk', 'tea,jam', 'milk,jam,tea'];
    expect(sniffBaskets(['bread', ...body].join('\n'))).toEqual({ header: false, itemCounts: false, basketIds: false, delimiter: ',' });
    expect(sniffBaskets(['eggs,bread', ...body].join('\n'))).toMatchObject({ header: false });
    for (const header of ['Items', 'Item 1,Item 2,Item 3', 'Products', 'Artikel 1,Artikel 2', 'Productos', 'Item #1,Item #2'])
      expect(sniffBaskets([header, ...body].join('\n')), header).toMatchObject({ header: true });
  });

  it('takes lines that start with their item count, as Kaggle ships Groceries, and only those', () => {
    expect(sniffBaskets(countedGroceries().slice(0, 65536))).toEqual({ header: true, itemCounts: true, basketIds: false, delimiter: ',' });
    // A first column of distinct numbers that are not the line's item count names each basket (a till's transaction ids).
    const ids = dec(GROCERIES.subarray(0, 65536))
      .split('\n')
      .slice(0, 100)
      .map((l, i) => `${i + 7},${l}`)
      .join('\n');
    expect(sniffBaskets(ids)).toEqual({ header: false, itemCounts: false, basketIds: true, delimiter: ',' });
    // Numbers that repeat are neither counts nor ids, and numbers are not items.
    const repeated = ids
      .split('\n')
      .map((l, i) => l.replace(/^\d+/, String(7 + (i % 3))))
      .join('\n');
    expect(sniffBaskets(repeated)).toBeNull();
    // Labels holding digits, the first few lines' first ones distinct: they recur further down, so they are items.
    const FOOD = ['milk', 'bread', 'eggs', 'tea', 'jam'];
    const codes = Array.from({ length: 60 }, (_, i) => [`P${i % 20}`, ...Array.from({ length: i % 4 }, (_, k) => FOOD[(i + k) % 5])].join(',')).join('\n');
    expect(sniffBaskets(codes)).toEqual({ header: false, itemCounts: false, basketIds: false, delimiter: ',' });
  });

  it('takes lines whose items are listed in one field, after an id or alone, and no table of two columns', () => {
    const groceries = dec(GROCERIES.subarray(0, 65536)).split('\n').slice(0, 150);
    const quoted = (l: string, sep: string) => `"${l.split(',').join(`${sep} `)}"`;
    expect(sniffBaskets(`Transaction,Items\n${groceries.map((l, i) => `${i + 1},${quoted(l, ',')}`).join('\n')}`)).toEqual({
      header: true,
      itemCounts: false,
      basketIds: true,
      itemList: ',',
      delimiter: ',',
    });
    expect(sniffBaskets(`Items\n${groceries.map((l) => quoted(l, ';')).join('\n')}`)).toEqual({
      header: true,
      itemCounts: false,
      basketIds: false,
      itemList: ';',
      delimiter: ',',
    });
    // Customers and their addresses: a comma in most second fields, but the parts keep to their places and rarely repeat.
    const streets = ['Main St', 'High St', 'Church Rd', 'Mill Lane', 'Park Ave', 'Station Rd', 'Green Way'];
    const towns = ['Leeds', 'York', 'Hull', 'Bath'];
    const addresses = Array.from({ length: 80 }, (_, i) => `C${1000 + i},"${i * 7 + 1} ${streets[i % 7]}, ${towns[i % 4]}"`);
    expect(sniffBaskets(`Customer,Address\n${addresses.join('\n')}`)).toBeNull();
  });

  it('refuses tables: real exports, a table with unquoted commas on some lines, free text, too few lines', () => {
    const day = readFileSync(`${ONLINE_RETAIL_DIR}2010-12-01.csv`, 'utf8');
    expect(sniffBaskets(day)).toBeNull();
    expect(sniffBaskets(readFileSync('assets/sample/sample-transactions.csv', 'utf8'))).toBeNull();
    expect(sniffBaskets(table(300, (i) => i % 3 === 0))).toBeNull();
    const prose = Array.from({ length: 40 }, (_, i) => `line ${i} says this, then that, and word${i}${i % 3 ? `, more words ${i}` : ''}`).join('\n');
    expect(sniffBaskets(prose)).toBeNull();
    expect(sniffBaskets(dec(GROCERIES).split('\n').slice(0, 9).join('\n'))).toBeNull();
  });
});

describe('basketCopy', () => {
  const label = fc.stringMatching(/^[A-Za-z][A-Za-z ,"/é-]{0,10}$/).filter((s) => s.trim() !== '');
  const quoted = (s: string) => (/[",]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s);

  it('gives a row per item of each line, in order, named by the line, an item count first left out (property)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(label, { maxLength: 6 }), { minLength: 1, maxLength: 30 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.boolean(),
        fc.boolean(),
        (baskets, eol, header, itemCounts) => {
          const line = (b: string[]) => (itemCounts ? [String(b.length), ...b.map(quoted)] : b.map(quoted)).join(',');
          const text = (header ? `a,b${eol}` : '') + baskets.map(line).join(eol) + eol;
          const format = { encoding: 'utf-8', bom: false, delimiter: ',', quote: '"', header, itemCounts } as const;
          const copy = basketCopy(new TextEncoder().encode(text), format, String);
          const rows = dec(copy.bytes)
            .split('\n')
            .filter((l) => l !== '')
            .map((l) => splitRecord(l, ',', '"'));
          expect(rows[0]).toEqual(['basket', 'item']);
          const expected = baskets.flatMap((b, i) => b.map((item) => [String(i + 1 + (header ? 1 : 0)), item]));
          expect(rows.slice(1)).toEqual(expected);
          expected.forEach(([line], row) => expect(basketLine(copy.starts, row)).toBe(Number(line)));
        },
      ),
    );
  });

  it('drops a BOM, converts Windows-1252 and repairs stray bytes in UTF-8, naming their lines', () => {
    const enc = (s: string) => new TextEncoder().encode(s);
    const f = { delimiter: ',', quote: '"', header: false };
    expect(dec(basketCopy(Uint8Array.from([0xef, 0xbb, 0xbf, ...enc('a,b\n')]), { ...f, encoding: 'utf-8', bom: true }, String).bytes)).toBe(
      'basket,item\n1,a\n1,b\n',
    );
    expect(dec(basketCopy(Uint8Array.from([...enc('K'), 0xfc, ...enc(',x\n')]), { ...f, encoding: 'latin-1', bom: false }, String).bytes)).toBe(
      'basket,item\n1,Kü\n1,x\n',
    );
    const strays = basketCopy(Uint8Array.from([...enc('é,é,é\nx,'), 0xff, ...enc('\n')]), { ...f, encoding: 'utf-8', bom: false }, String);
    expect(dec(strays.bytes)).toBe('basket,item\n1,é\n1,é\n1,é\n2,x\n2,\ufffd\n');
    expect(strays.replaced).toEqual({ count: 1, lines: [2] });
  });
});

describe('reading a file of baskets', () => {
  let sql: SqlPort;
  beforeAll(async () => {
    sql = await openDb();
  });

  it('loads Groceries as published and mines the arules reference counts (410 and 5,668 rules)', async () => {
    const ds = await openDataset(sql, [new MemorySource('groceries.csv', new Uint8Array(GROCERIES))]);
    expect(ds.sources[0]!.format).toMatchObject({ delimiter: ',', header: false, baskets: true });
    expect(ds.canonical.mapping.mapping).toMatchObject({ invoice: 'basket', description: 'item' });
    expect(ds.report.rows_read).toBe(43367);
    expect(ds.report.rows_kept).toBe(43367);
    // Every item as written, in order, its basket the line it is on.
    const expected = dec(GROCERIES)
      .split('\n')
      .flatMap((l, i) => (l === '' ? [] : l.split(',').map((item) => ({ basket: String(i + 1), item }))));
    expect(tableRows(await sql.query('SELECT basket, item FROM raw ORDER BY rowid'))).toEqual(expected);
    const b = { ...defaultAnalysis().baskets, minSupport: 0.001, maxLen: 10 };
    const loaded = await loadAnalysisBaskets(sql, b, ds.canonical.mapping.mapping);
    expect(loaded.baskets.basketOffsets.length - 1).toBe(9835);
    expect(loaded.baskets.nItems).toBe(169);
    const sets = mineItemsets(loaded.baskets, null, b);
    expect(deriveRules(sets, { ...b, minConfidence: 0.8 }).rules.n).toBe(410);
    // Past the output's cap (MAX_RULES): counted by the miner itself.
    expect(generateRules(sets.raw, { minConfidence: 0.5 }).nRules).toBe(5668);
  });

  it('names an item by its line, in a header file, a gzip’d one and a Windows-1252 one', async () => {
    const lines = dec(GROCERIES).split('\n').slice(0, 40);
    const text = `Item 1,Item 2,Item 3\n${lines.join('\n')}\n`;
    for (const source of [textSource('b.csv', text), new MemorySource('b.csv.gz', gzipSync(new TextEncoder().encode(text))), latin1Source('b.csv', text)]) {
      const ds = await openDataset(sql, [source]);
      expect(ds.sources[0]!.format).toMatchObject({ header: true, baskets: true });
      // Line 7 of the file (its sixth basket): "whole milk,butter,yogurt,rice,abrasive cleaner".
      const r = tableRows(await sql.query(`SELECT rowid AS id, item FROM raw WHERE basket = '7' ORDER BY rowid`));
      expect(r.map((x) => x.item)).toEqual(lines[5]!.split(','));
      for (const x of r) expect(locateRow(ds.sources, Number(x.id))).toEqual({ file: source.name, row: 7 });
    }
  });

  it('leaves the item counts out of Kaggle’s Groceries and mines the same 410 rules', async () => {
    const ds = await openDataset(sql, [textSource('groceries.csv', countedGroceries())]);
    expect(ds.sources[0]!.format).toMatchObject({ header: true, baskets: true, itemCounts: true });
    expect(ds.report.rows_read).toBe(43367);
    const b = { ...defaultAnalysis().baskets, minSupport: 0.001, maxLen: 10, minConfidence: 0.8 };
    const loaded = await loadAnalysisBaskets(sql, b, ds.canonical.mapping.mapping);
    expect(loaded.baskets.nItems).toBe(169);
    expect(deriveRules(mineItemsets(loaded.baskets, null, b), b).rules.n).toBe(410);
    // Line 7 (the sixth basket, below the header): its five items, the count 5 not among them.
    const r = tableRows(await sql.query(`SELECT rowid AS id, item FROM raw WHERE basket = '7' ORDER BY rowid`));
    expect(r.map((x) => x.item)).toEqual(['whole milk', 'butter', 'yogurt', 'rice', 'abrasive cleaner']);
    expect(locateRow(ds.sources, Number(r[0]!.id))).toEqual({ file: 'groceries.csv', row: 7 });
  });

  it('keeps baskets of several files apart, named by file and line', async () => {
    const lines = dec(GROCERIES).split('\n');
    const ds = await openDataset(sql, [textSource('a.csv', `${lines.slice(0, 60).join('\n')}\n`), textSource('b.csv', `${lines.slice(60, 120).join('\n')}\n`)]);
    const r = tableRows(await sql.query('SELECT count(DISTINCT basket) AS n, min(basket) AS first, max(basket) AS last FROM raw'));
    expect(r[0]).toEqual({ n: 120, first: 'a.csv:1', last: 'b.csv:9' });
    const id = tableRows(await sql.query(`SELECT min(rowid) AS id FROM raw WHERE basket = 'b.csv:60'`))[0]!.id;
    expect(locateRow(ds.sources, Number(id))).toEqual({ file: 'b.csv', row: 60 });
  });
});
