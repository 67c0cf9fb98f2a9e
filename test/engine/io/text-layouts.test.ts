/**
 * Baskets in the layouts they are published in, and the user's choice of layout (text-layout.ts):
 * one basket per line (labels, or FIMI's space-separated item codes), an item matrix (mlxtend's
 * one-hot table, pandas' index column first), each detected where the sample can tell and read
 * as chosen where it cannot (mlxtend's five-basket tutorial set). Every layout of the same baskets
 * mines the same itemsets, with the counts a brute-force count gives.
 */
import { readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  defaultAnalysis,
  emptyBasketWarnings,
  loadAnalysisBaskets,
  locateRow,
  mineItemsets,
  openDataset,
  tableRows,
  type OpenOptions,
  type SqlPort,
} from '../../../engine/src/index.ts';
import { ALIGNED } from '../../../engine/src/io/aligned-text.ts';
import { basketShape, looksLikeBaskets } from '../../../engine/src/io/basket-lines.ts';
import { looksLikeMatrix } from '../../../engine/src/io/item-matrix.ts';
import { sampleLines } from '../../../engine/src/io/sniff.ts';
import { longLayoutText } from '../../../engine/src/io/text-layout.ts';
import { CDNOW_DIR } from '../clv/cdnow.ts';
import { openNativeDuckDb } from '../../../engine/cli/native-duckdb.ts';
import { GROCERIES_CSV, MemorySource, MLXTEND_BASKETS, ONLINE_RETAIL_DIR, openDb, textSource } from '../../helpers/engine.ts';

const MLXTEND = MLXTEND_BASKETS.map((b) => [...b]);

/** Groceries' baskets as lines of text, and a header naming its 32 item slots (a till's or a spreadsheet's). */
const GROCERY_LINES = readFileSync(GROCERIES_CSV, 'utf8')
  .split('\n')
  .filter((l) => l.trim() !== '');
const SLOTS = Array.from({ length: 32 }, (_, i) => `Item ${i + 1}`).join(',');

const head = (text: string) => sampleLines(text, true, 200);

const asLines = (baskets: string[][], sep = ',') => `${baskets.map((b) => b.join(sep)).join('\n')}\n`;

/** As mlxtend's TransactionEncoder and pandas write it: a column per item (sorted), `index` adds pandas' unnamed index column. */
function asMatrix(baskets: string[][], { index = false, yes = 'True', no = 'False' } = {}): string {
  const items = [...new Set(baskets.flat())].sort();
  const rows = baskets.map((b, i) => [...(index ? [String(i)] : []), ...items.map((x) => (b.includes(x) ? yes : no))].join(','));
  return `${[[...(index ? [''] : []), ...items].join(','), ...rows].join('\n')}\n`;
}

/** Every itemset of at least `minCount` baskets, up to `maxLen` items, counted by enumerating each basket's subsets. */
function bruteForce(baskets: string[][], minCount: number, maxLen: number): Map<string, number> {
  const counts = new Map<string, number>();
  for (const b of baskets) {
    const items = [...new Set(b)].sort();
    for (let mask = 1; mask < 1 << items.length; mask++) {
      const set = items.filter((_, i) => mask & (1 << i));
      if (set.length > maxLen) continue;
      const key = set.join('|');
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  }
  return new Map([...counts].filter(([, n]) => n >= minCount));
}

describe('detecting the layout', () => {
  it('takes an item matrix: True/False, 0/1, pandas’ index column first', () => {
    const lines = head(asMatrix(MLXTEND));
    expect(looksLikeMatrix(lines, ',', '"')).toEqual({ matrixId: false, counts: false });
    expect(looksLikeMatrix(head(asMatrix(MLXTEND, { index: true })), ',', '"')).toEqual({ matrixId: true, counts: false });
    expect(looksLikeMatrix(head(asMatrix(MLXTEND, { yes: '1', no: '0' })), ',', '"')).toEqual({ matrixId: false, counts: false });
    // An invoice column first: an id, whatever its header.
    const invoices = asMatrix(MLXTEND, { index: true }).replace(/^,/, 'InvoiceNo,').replace(/^(\d)/gm, '53636$1');
    expect(looksLikeMatrix(head(invoices), ',', '"')).toEqual({ matrixId: true, counts: false });
  });

  it('takes no table for a matrix: real exports, flags beside an id, a header of numbers or of table columns', () => {
    for (const text of [
      readFileSync(`${ONLINE_RETAIL_DIR}2010-12-01.csv`, 'utf8'),
      readFileSync('assets/sample/sample-transactions.csv', 'utf8'),
      readFileSync(GROCERIES_CSV, 'utf8').slice(0, 65536),
      'customer,newsletter,vip\nC1,1,0\nC2,0,1\nC3,1,1\n',
      '1,0,1,1\n0,1,1,0\n1,1,0,0\n',
      // A table whose first rows are flags and blanks: its header names an invoice and an amount.
      'Note,Invoice,Amount\nTRUE,,\n',
      'Paid,Refund,Date,Gift\n1,0,,0\n0,1,,1\n',
    ])
      expect(looksLikeMatrix(head(text), ',', '"')).toBeNull();
  });

  it('takes lines of item codes split by spaces (FIMI) or commas, and no table of numbers', () => {
    const codes = Array.from({ length: 60 }, (_, i) => Array.from({ length: 1 + ((i * 7) % 9) }, (_, k) => String((i * 13 + k * 29) % 40)));
    expect(looksLikeBaskets(head(asLines(codes, ' ').replace(/\n/g, ' \n')), ',', '"')).toEqual({
      header: false,
      itemCounts: false,
      basketIds: false,
      delimiter: ALIGNED,
    });
    expect(looksLikeBaskets(head(asLines(codes)), ',', '"')).toEqual({ header: false, itemCounts: false, basketIds: false, delimiter: ',' });
    // The same numbers under a header, a last column often empty: a table.
    expect(looksLikeBaskets(head(`id,qty,extra1,extra2\n${asLines(codes.map((c) => c.slice(0, 4)))}`), ',', '"')).toBeNull();
    // CDNOW's aligned columns: numbers of one width per line.
    const cdnow = readFileSync(`${CDNOW_DIR}CDNOW_sample.txt`, 'utf8');
    expect(looksLikeBaskets(head(cdnow), ',', '"')).toBeNull();
  });

  it('reads a small file of baskets when told, without taking its first basket for a header', () => {
    const lines = head(asLines(MLXTEND));
    expect(looksLikeBaskets(lines, ',', '"')).toBeNull();
    expect(basketShape(lines, ',', '"')).toEqual({ header: false, itemCounts: false, basketIds: false, delimiter: ',' });
    // Kaggle's layout (a header, then each line's item count) says itself even in a few lines.
    const counted = `Item(s),Item 1,Item 2\n${MLXTEND.map((b) => [b.length, ...b].join(',')).join('\n')}\n`;
    expect(basketShape(head(counted), ',', '"')).toEqual({ header: true, itemCounts: true, basketIds: false, delimiter: ',' });
    // So does a till's: each line's transaction id first, with or without a header.
    const ids = MLXTEND.map((b, i) => [`T${1001 + i}`, ...b].join(','));
    expect(basketShape(head(`Transaction,Item 1,Item 2\n${ids.join('\n')}\n`), ',', '"')).toEqual({
      header: true,
      itemCounts: false,
      basketIds: true,
      delimiter: ',',
    });
    expect(basketShape(head(`${ids.join('\n')}\n`), ',', '"')).toEqual({ header: false, itemCounts: false, basketIds: true, delimiter: ',' });
  });

  it('takes lines that start with their basket’s id (Transaction, Item 1, Item 2, …), and no id where first items repeat or are codes', () => {
    const groceries = GROCERY_LINES.slice(0, 300);
    const withIds = groceries.map((l, i) => `${1001 + i},${l}`);
    for (const [text, header] of [
      [`Transaction,${SLOTS}\n${withIds.join('\n')}\n`, true],
      [`${withIds.join('\n')}\n`, false],
      // Spreadsheet-style: every line padded to the header's width, ids written as codes.
      [`Basket,${SLOTS}\n${groceries.map((l, i) => `B-${i + 1},${l}${','.repeat(32 - l.split(',').length)}`).join('\n')}\n`, true],
    ] as const)
      expect(looksLikeBaskets(head(text), ',', '"')).toEqual({ header, itemCounts: false, basketIds: true, delimiter: ',' });
    // Groceries as published: its first items repeat ("whole milk"), so they are items.
    expect(looksLikeBaskets(head(groceries.join('\n')), ',', '"')).toMatchObject({ basketIds: false });
    // Kaggle's counts are counts, not ids (they repeat).
    expect(looksLikeBaskets(head(`Item(s),${SLOTS}\n${groceries.map((l) => `${l.split(',').length},${l}`).join('\n')}\n`), ',', '"')).toMatchObject({
      itemCounts: true,
      basketIds: false,
    });
  });

  it('takes items listed in one field where the first baskets hold one item each', () => {
    const single = GROCERY_LINES.filter((l) => !l.includes(',')).slice(0, 4);
    const multi = GROCERY_LINES.filter((l) => l.includes(',')).slice(0, 200);
    const lines = [...single, ...multi].map((l, i) => `${1001 + i},"${l.split(',').join(', ')}"`);
    expect(looksLikeBaskets(head(`Transaction,Items\n${lines.join('\n')}\n`), ',', '"')).toEqual({
      header: true,
      itemCounts: false,
      basketIds: true,
      itemList: ',',
      delimiter: ',',
    });
  });
});

describe('reading baskets in every layout', () => {
  let sql: SqlPort;
  beforeAll(async () => {
    sql = await openDb();
  });

  /** The file's baskets as mined: itemset "a|b" -> count, every itemset of at least `minCount` baskets. */
  async function mined(text: string, name: string, minCount: number, options: OpenOptions = {}) {
    const ds = await openDataset(sql, [textSource(name, text)], options);
    const b = { ...defaultAnalysis().baskets, minSupport: minCount, maxLen: 10, minConfidence: 0 };
    const loaded = await loadAnalysisBaskets(sql, b, ds.canonical.mapping.mapping);
    const sets = mineItemsets(loaded.baskets, null, b).raw;
    const labels = loaded.baskets.itemLabels;
    const out = new Map<string, number>();
    for (let k = 0; k < sets.nItemsets; k++) {
      const items = Array.from(sets.items.subarray(sets.offsets[k]!, sets.offsets[k + 1]!), (i) => labels[i]!).sort();
      out.set(items.join('|'), sets.counts[k]!);
    }
    return { ds, sets: out, baskets: sets.nBaskets };
  }

  it('mines mlxtend’s tutorial set as its user guide does, as lines and as its one-hot table', async () => {
    // apriori(df, min_support=0.6): 11 itemsets.
    const published = new Map([
      ['Eggs', 4],
      ['Kidney Beans', 5],
      ['Milk', 3],
      ['Onion', 3],
      ['Yogurt', 3],
      ['Eggs|Kidney Beans', 4],
      ['Eggs|Onion', 3],
      ['Kidney Beans|Milk', 3],
      ['Kidney Beans|Onion', 3],
      ['Kidney Beans|Yogurt', 3],
      ['Eggs|Kidney Beans|Onion', 3],
    ]);
    const lines = await mined(asLines(MLXTEND), 'dataset.csv', 3, { layout: 'baskets' });
    expect(lines.ds.sources[0]!.format).toMatchObject({ baskets: true, header: false });
    expect(lines.baskets).toBe(5);
    expect(lines.sets).toEqual(published);
    for (const text of [asMatrix(MLXTEND), asMatrix(MLXTEND, { index: true })]) {
      const matrix = await mined(text, 'onehot.csv', 3);
      expect(matrix.ds.sources[0]!.format).toMatchObject({ matrix: true });
      expect(matrix.sets).toEqual(published);
    }
    // Read as detected, the five lines are a table with a header: nothing to mine.
    const table = await openDataset(sql, [textSource('dataset.csv', asLines(MLXTEND))]);
    expect(table.sources[0]!.basketStarts).toBeUndefined();
    expect(table.columns).toEqual(MLXTEND[0]);
  });

  it('mines the same itemsets from lines (with ids or without, items in fields or listed in one), codes and matrices of the same baskets, as counted by brute force (property)', async () => {
    const ITEMS = ['milk', 'bread', 'eggs', 'soda', 'tea', 'jam', 'rice'];
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.uniqueArray(fc.constantFrom(...ITEMS), { minLength: 1, maxLength: 5 }), { minLength: 2, maxLength: 25 }),
        fc.integer({ min: 1, max: 3 }),
        async (baskets, minCount) => {
          const want = bruteForce(baskets, minCount, 10);
          const code = (x: string) => String(100 + ITEMS.indexOf(x));
          const fromCodes = new Map([...want].map(([k, n]) => [k.split('|').map(code).sort().join('|'), n]));
          const read = [
            await mined(asLines(baskets), 'lines.csv', minCount, { layout: 'baskets' }),
            await mined(asMatrix(baskets, { index: true }), 'matrix.csv', minCount, { layout: 'matrix' }),
            await mined(asMatrix(baskets, { yes: '1', no: '0' }), 'matrix01.csv', minCount, { layout: 'matrix' }),
            // A spreadsheet's: the id, then the items listed in one cell.
            await mined(`Transaction,Items\n${baskets.map((b, i) => `T${i + 1},"${b.join(', ')}"`).join('\n')}\n`, 'lists.csv', minCount, {
              layout: 'baskets',
            }),
            // A till's lines: the transaction id first, under a header naming the item slots.
            await mined(`Transaction,Item 1,Item 2\n${asLines(baskets.map((b, i) => [`T${i + 1}`, ...b]))}`, 'till.csv', minCount, { layout: 'baskets' }),
          ];
          for (const r of read) {
            expect(r.baskets).toBe(baskets.length);
            expect(r.sets).toEqual(want);
          }
          const codes = await mined(
            asLines(
              baskets.map((b) => b.map(code)),
              ' ',
            ),
            'codes.dat',
            minCount,
            { layout: 'baskets' },
          );
          expect(codes.sets).toEqual(fromCodes);
        },
      ),
      { numRuns: 12 },
    );
  });

  it('names a matrix item by its line, and a cell that is not yes or no by line and column', async () => {
    const text = asMatrix(MLXTEND, { index: true });
    const ds = await openDataset(sql, [textSource('onehot.csv', text)]);
    const r = tableRows(await sql.query(`SELECT rowid AS id, basket, item FROM raw WHERE basket = '4' ORDER BY rowid`));
    expect(r.map((x) => x.item)).toEqual(['Corn', 'Eggs', 'Ice cream', 'Kidney Beans', 'Onion']);
    expect(locateRow(ds.sources, Number(r[0]!.id))).toEqual({ file: 'onehot.csv', row: 6 });
    const bad = text.replace(/\n3,False/, '\n3,maybe');
    await expect(openDataset(sql, [textSource('onehot.csv', bad)], { layout: 'matrix' })).rejects.toMatchObject({
      code: 'parse',
      location: { file: 'onehot.csv', row: 5, column: 'Apple' },
    });
  });

  it('reads a chosen matrix of counts (pandas’ pivot of quantities), a count above 0 held; detection leaves it a table', async () => {
    const items = [...new Set(MLXTEND.flat())].sort();
    const pivot = `InvoiceNo,${items.join(',')}\n${MLXTEND.map((b, i) => [536365 + i, ...items.map((x) => `${b.filter((y) => y === x).length * 6}.0`)].join(',')).join('\n')}\n`;
    expect(looksLikeMatrix(head(pivot), ',', '"')).toBeNull();
    expect(looksLikeMatrix(head(pivot), ',', '"', true)).toEqual({ matrixId: true, counts: true });
    const counts = await mined(pivot, 'pivot.csv', 3, { layout: 'matrix' });
    expect(counts.ds.sources[0]!.format).toMatchObject({ matrix: true, matrixId: true, matrixCounts: true });
    expect(counts.sets).toEqual((await mined(asMatrix(MLXTEND), 'onehot.csv', 3)).sets);
    await expect(openDataset(sql, [textSource('pivot.csv', pivot.replace('536366,0.0', '536366,-1.0'))], { layout: 'matrix' })).rejects.toMatchObject({
      code: 'parse',
      location: { row: 3, column: 'Apple' },
    });
  });

  it('warns of matrix rows that hold no item, with their lines: supports are then shares of the rest', async () => {
    const text = `${asMatrix(MLXTEND, { index: true })}5,${Array(11).fill('False').join(',')}\n`;
    const ds = await openDataset(sql, [textSource('onehot.csv', text)]);
    expect(ds.sources[0]!.emptyBaskets).toEqual({ count: 1, lines: [7] });
    expect(emptyBasketWarnings(ds.sources)).toEqual([
      'onehot.csv: 1 row holds no item (line 7): no basket is made of it, so supports are shares of the 5 baskets with items',
    ]);
  });

  it('reads an item matrix in a workbook sheet, below its title, baskets and messages named by sheet row, both ways a sheet is read', async () => {
    const items = [...new Set(MLXTEND.flat())].sort();
    const rows = MLXTEND.map((b, i) => [`T${i + 1}`, ...items.map((x) => (b.includes(x) ? 1 : 0))]);
    const book = async (body: unknown[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Baskets');
      // A title, a blank row, the header on row 3; an empty row between the 2nd and 3rd baskets.
      for (const r of [['Market basket lesson'], [], ['Transaction', ...items], ...body.slice(0, 2), [], ...body.slice(2)]) ws.addRow(r);
      return new Uint8Array(await wb.xlsx.writeBuffer());
    };
    const native = await openNativeDuckDb();
    try {
      // The app's DuckDB takes the sheet as cells (openDb), the command line as its CSV.
      for (const port of [sql, native]) {
        const ds = await openDataset(port, [new MemorySource('lesson.xlsx', await book(rows))]);
        expect(ds.sources[0]!.format).toMatchObject({ matrix: true, matrixId: true });
        const b = { ...defaultAnalysis().baskets, minSupport: 3, maxLen: 10, minConfidence: 0 };
        const loaded = await loadAnalysisBaskets(port, b, ds.canonical.mapping.mapping);
        expect(mineItemsets(loaded.baskets, null, b).raw.nItemsets).toBe(11);
        // T3 is on sheet row 7, past the empty row 6.
        const r = tableRows(await port.query(`SELECT min(rowid) AS id FROM raw WHERE basket = 'T3'`));
        expect(locateRow(ds.sources, Number(r[0]!.id))).toEqual({ file: 'lesson.xlsx', row: 7 });
      }
      const bad = rows.map((r, i) => (i === 3 ? [r[0], 'maybe', ...r.slice(2)] : r));
      await expect(openDataset(native, [new MemorySource('lesson.xlsx', await book(bad))], { layout: 'matrix' })).rejects.toMatchObject({
        code: 'parse',
        location: { file: 'lesson.xlsx', row: 8, column: 'Apple' },
      });
    } finally {
      native.close();
    }
  });

  it('reads baskets a row each in a workbook sheet: detected (Groceries), or chosen (mlxtend’s five), named by sheet row', async () => {
    const groceries = readFileSync(GROCERIES_CSV, 'utf8')
      .split('\n')
      .slice(0, 60)
      .map((l) => l.split(','));
    const book = async (rows: unknown[][]) => {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet('Baskets');
      // An empty row after the tenth basket.
      for (const r of [...rows.slice(0, 10), [], ...rows.slice(10)]) ws.addRow(r);
      return new Uint8Array(await wb.xlsx.writeBuffer());
    };
    const native = await openNativeDuckDb();
    try {
      for (const port of [sql, native]) {
        const ds = await openDataset(port, [new MemorySource('groceries.xlsx', await book(groceries))]);
        expect(ds.sources[0]!.format).toMatchObject({ baskets: true, header: false });
        expect(ds.sources[0]!.basketStarts).toHaveLength(60);
        // The eleventh basket is on sheet row 12, past the empty row 11.
        const r = tableRows(await port.query(`SELECT rowid AS id, item FROM raw WHERE basket = '12' ORDER BY rowid`));
        expect(r.map((x) => x.item)).toEqual(groceries[10]);
        expect(locateRow(ds.sources, Number(r[0]!.id))).toEqual({ file: 'groceries.xlsx', row: 12 });
        // mlxtend's five are too few to tell: read as told.
        const five = await openDataset(port, [new MemorySource('five.xlsx', await book(MLXTEND))], { layout: 'baskets' });
        const b = { ...defaultAnalysis().baskets, minSupport: 3, maxLen: 10, minConfidence: 0 };
        const loaded = await loadAnalysisBaskets(port, b, five.canonical.mapping.mapping);
        expect(mineItemsets(loaded.baskets, null, b).raw.nItemsets).toBe(11);
        // A till's sheet: a header naming the item slots, each row's transaction id first.
        const till = [['Transaction', ...groceries[0]!.map((_, i) => `Item ${i + 1}`)], ...groceries.map((g, i) => [5001 + i, ...g])];
        const ids = await openDataset(port, [new MemorySource('till.xlsx', await book(till))]);
        expect(ids.sources[0]!.format).toMatchObject({ baskets: true, header: true, basketIds: true });
        const t = tableRows(await port.query(`SELECT rowid AS id, item FROM raw WHERE basket = '5011' ORDER BY rowid`));
        expect(t.map((x) => x.item)).toEqual(groceries[10]);
        expect(locateRow(ids.sources, Number(t[0]!.id))).toEqual({ file: 'till.xlsx', row: 13 });
        // A column of cells, each a basket's item codes split by spaces (FIMI's lines pasted in).
        const codes = Array.from({ length: 60 }, (_, i) => [Array.from({ length: 1 + ((i * 7) % 9) }, (_, k) => (i * 13 + k * 29) % 40).join(' ')]);
        const fimi = await openDataset(port, [new MemorySource('codes.xlsx', await book(codes))]);
        expect(fimi.sources[0]!.format).toMatchObject({ baskets: true, delimiter: ALIGNED });
        expect(longLayoutText(fimi.sources[0]!.format)).toBe('one basket per line, items separated by spaces');
        const c = tableRows(await port.query(`SELECT item FROM raw WHERE basket = '12' ORDER BY rowid`));
        expect(c.map((x) => x.item)).toEqual(codes[10]![0]!.split(' '));
      }
    } finally {
      native.close();
    }
  });

  it('mines baskets listed in one field (a cell), after their id, as the same baskets, in text and in a sheet', async () => {
    const plain = await mined(GROCERY_LINES.join('\n'), 'GROCERY_LINES.csv', 50);
    const lists = await mined(`Transaction,Items\n${GROCERY_LINES.map((l, i) => `${i + 1},"${l.split(',').join(', ')}"`).join('\n')}\n`, 'lists.csv', 50);
    expect(lists.ds.sources[0]!.format).toMatchObject({ baskets: true, header: true, basketIds: true, itemList: ',' });
    expect(lists.baskets).toBe(9835);
    expect(lists.sets).toEqual(plain.sets);
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Orders');
    for (const r of [['Order', 'Products'], ...GROCERY_LINES.slice(0, 300).map((l, i) => [`SO-${i + 1}`, l.split(',').join('; ')])]) ws.addRow(r);
    const ds = await openDataset(sql, [new MemorySource('orders.xlsx', new Uint8Array(await wb.xlsx.writeBuffer()))]);
    expect(ds.sources[0]!.format).toMatchObject({ baskets: true, basketIds: true, itemList: ';' });
    const r = tableRows(await sql.query(`SELECT rowid AS id, item FROM raw WHERE basket = 'SO-4' ORDER BY rowid`));
    expect(r.map((x) => x.item)).toEqual(GROCERY_LINES[3]!.split(',').map((x) => x.trim()));
    expect(locateRow(ds.sources, Number(r[0]!.id))).toEqual({ file: 'orders.xlsx', row: 5 });
  });

  it('mines a till’s lines, each transaction id first, as the same baskets, named by their ids', async () => {
    const plain = await mined(GROCERY_LINES.join('\n'), 'GROCERY_LINES.csv', 50);
    const till = await mined(`Transaction,${SLOTS}\n${GROCERY_LINES.map((l, i) => `${100001 + i},${l}`).join('\n')}\n`, 'till.csv', 50);
    expect(till.ds.sources[0]!.format).toMatchObject({ baskets: true, header: true, basketIds: true });
    expect(till.baskets).toBe(9835);
    expect(till.sets).toEqual(plain.sets);
    expect(till.sets.size).toBeGreaterThan(100);
    const r = tableRows(await sql.query(`SELECT rowid AS id, item FROM raw WHERE basket = '100004' ORDER BY rowid`));
    expect(r.map((x) => x.item)).toEqual(GROCERY_LINES[3]!.split(','));
    expect(locateRow(till.ds.sources, Number(r[0]!.id))).toEqual({ file: 'till.csv', row: 5 });
  });

  it('reads a file as a table when told (baskets then fail as one), and refuses a layout for a Parquet file', async () => {
    const groceries = readFileSync(GROCERIES_CSV, 'utf8').split('\n').slice(0, 80).join('\n');
    expect((await openDataset(sql, [textSource('g.csv', groceries)])).sources[0]!.basketStarts).toHaveLength(80);
    await expect(openDataset(sql, [textSource('g.csv', groceries)], { layout: 'table' })).rejects.toMatchObject({ code: 'parse', location: { file: 'g.csv' } });
    await expect(openDataset(sql, [textSource('t.parquet', 'PAR1 not really')], { layout: 'matrix' })).rejects.toMatchObject({
      code: 'invalid_argument',
      location: { file: 't.parquet' },
    });
  });
});
