/**
 * A zip archive of exports is read as the folder it packs (archives.ts): its data files in the
 * order of their paths, named "archive.zip/path", the same figures as the files opened by
 * themselves; what it cannot read is refused with a message naming the archive or the file.
 */
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { zipSync, type Zippable } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { openDataset, type SqlPort } from '../../../engine/src/index.ts';
import { expandArchives } from '../../../engine/src/io/archives.ts';
import { expectSameFigures, MemorySource, openDb, textSource } from '../../helpers/engine.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const enc = (s: string) => new TextEncoder().encode(s);

/** A day's export: `orders` of [customer, quantity, cents], one line each. */
function day(d: number, orders: [number, number, number][]): string {
  const date = `2024-03-${String(d).padStart(2, '0')}`;
  const rows = orders.map(
    ([c, q, cents], i) => `${d * 100 + i},SKU${cents % 5},ITEM ${cents % 5},${q},${date} 10:00,${(cents / 100).toFixed(2)},${1000 + c},UK`,
  );
  return `${HEADER}\n${rows.join('\n')}\n`;
}

/** Central directory records of a zip: where each starts. */
function centralRecords(zip: Uint8Array): number[] {
  const at: number[] = [];
  for (let p = 0; p + 4 <= zip.length; p++) if (zip[p] === 0x50 && zip[p + 1] === 0x4b && zip[p + 2] === 0x01 && zip[p + 3] === 0x02) at.push(p);
  return at;
}

async function failure(sources: MemorySource[]): Promise<{ message: string; location?: { file?: string } }> {
  try {
    await openDataset(sql, sources);
  } catch (e) {
    return e as never;
  }
  throw new Error('expected the open to fail');
}

const orders = fc.array(fc.tuple(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 9 }), fc.integer({ min: 50, max: 5000 })), {
  minLength: 1,
  maxLength: 6,
});
const folders = fc.constantFrom('', 'march/', 'exports/march/', 'a/b/c/');

describe('a zip archive of exports', () => {
  it('reads its data files in the order of their paths, the figures those of the files themselves (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(orders, folders, fc.boolean()), { minLength: 1, maxLength: 4 }), fc.boolean(), async (days, junk) => {
        const files = days.map(([o, folder], i) => ({ path: `${folder}2024-03-${String(i + 1).padStart(2, '0')}.csv`, text: day(i + 1, o) }));
        const members: Zippable = {};
        // Stored or deflated, as archivers choose per file.
        days.forEach(([, , stored], i) => {
          members[files[i]!.path] = [enc(files[i]!.text), { level: stored ? 0 : 6 }];
        });
        if (junk) {
          // What macOS and people leave in archives: resource forks, hidden files, other documents, a folder entry.
          members['__MACOSX/._2024-03-01.csv'] = enc('\u0000\u0005junk');
          members['.hidden.csv'] = enc('not,read\n1,2\n');
          members['notes.pdf'] = enc('%PDF-1.4');
          members['empty folder/'] = new Uint8Array(0);
        }
        const archive = new MemorySource('march.zip', zipSync(members));
        const fromArchive = await openDataset(sql, [archive]);
        const byPath = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
        expect(fromArchive.sources.map((s) => s.name)).toEqual(byPath.map((f) => `march.zip/${f.path}`));
        expect(fromArchive.sources.map((s) => s.rows)).toEqual(byPath.map((f) => f.text.trim().split('\n').length - 1));
        const direct = await openDataset(
          sql,
          byPath.map((f) => textSource(f.path, f.text)),
        );
        expectSameFigures(fromArchive, direct);
        const cents = days.flatMap(([o]) => o).reduce((a, [, q, c]) => a + q * c, 0);
        expect(Math.round(fromArchive.report.revenue * 100)).toBe(cents);
      }),
      { numRuns: 12, seed: 20261205 },
    );
  });

  it('reads a workbook packed in an archive (a dataset as published), as the workbook itself', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Year 2010-2011');
    ws.addRow(['Invoice', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'Price', 'Customer ID', 'Country']);
    for (let i = 0; i < 30; i++)
      ws.addRow([
        String(500 + Math.floor(i / 3)),
        `S${i % 4}`,
        `ITEM ${i % 4}`,
        1 + (i % 5),
        new Date(Date.UTC(2011, i % 12, 3, 10)),
        1.5 + i,
        12000 + (i % 7),
        'UK',
      ]);
    const xlsx = new Uint8Array(await wb.xlsx.writeBuffer());
    const archive = new MemorySource('online_retail_II.zip', zipSync({ 'online_retail_II.xlsx': xlsx }));
    const packed = await openDataset(sql, [archive]);
    expect(packed.sources.map((s) => s.name)).toEqual(['online_retail_II.zip/online_retail_II.xlsx']);
    expectSameFigures(packed, await openDataset(sql, [new MemorySource('online_retail_II.xlsx', xlsx)]));
  });

  it('names the file inside the archive, its row and column, when a value does not read', async () => {
    const text = `${HEADER}\n1,S1,MUG,2,2024-03-01 10:00,1.50,1001,UK\n2,S2,CUP,1,someday,2.00,1002,UK\n`;
    const e = await failure([new MemorySource('sales.zip', zipSync({ 'exports/day.csv': enc(text) }))]);
    expect(e.location?.file).toBe('sales.zip/exports/day.csv');
  });

  it('reads archives inside an archive one level down, in place of each', async () => {
    const month = (m: number) => zipSync({ [`2024-0${m}-01.csv`]: enc(day(m, [[m, 1, 100 * m]])), [`2024-0${m}-02.csv`]: enc(day(m + 10, [[m, 2, 100]])) });
    // Deeper still: not opened (an archive holding itself would never end).
    const deeper = zipSync({ 'deep.zip': zipSync({ 'x.csv': enc(day(20, [[9, 1, 999]])) }) });
    const year = { '2024-02.zip': month(2), '2024-01.zip': month(1), 'summary.csv': enc(day(28, [[5, 1, 500]])) };
    const expanded = await expandArchives([new MemorySource('2024.zip', zipSync(year))]);
    expect(expanded.map((s) => s.name)).toEqual([
      '2024.zip/2024-01.zip/2024-01-01.csv',
      '2024.zip/2024-01.zip/2024-01-02.csv',
      '2024.zip/2024-02.zip/2024-02-01.csv',
      '2024.zip/2024-02.zip/2024-02-02.csv',
      '2024.zip/summary.csv',
    ]);
    const e = await failure([new MemorySource('2024.zip', zipSync({ ...year, 'old.zip': deeper }))]);
    expect([e.message, e.location?.file]).toEqual([
      'the archive holds no data files (.csv, .tsv, .txt, .gz, .xlsx, .xlsm, .xls, .xlsb, .ods, .parquet); it holds deep.zip',
      '2024.zip/old.zip',
    ]);
  });

  it('stops when the load is cancelled, between files or within one', async () => {
    const big = enc(
      day(
        1,
        Array.from({ length: 4000 }, (_, i) => [i % 50, 1 + (i % 3), 100 + i] as [number, number, number]),
      ),
    );
    const archive = new MemorySource('big.zip', zipSync({ 'a.csv': big, 'b.csv': big }));
    const before = { aborted: true };
    await expect(expandArchives([archive], { control: { signal: before } })).rejects.toThrow('cancelled');
    // One file, cancelled once its inflating has begun: only the check between its pieces can stop it.
    const one = new MemorySource('one.zip', zipSync({ 'a.csv': big }));
    let pieces = 0;
    const during = {
      get aborted() {
        return ++pieces > 1;
      },
    };
    await expect(expandArchives([one], { control: { signal: during } })).rejects.toThrow('cancelled');
  });

  it('keeps sources that are not archives as given, beside an archive', async () => {
    const loose = textSource('2024-02-29.csv', day(29, [[1, 1, 100]]));
    const archive = new MemorySource('march.zip', zipSync({ 'b.csv': enc(day(2, [[2, 1, 200]])), 'a.csv': enc(day(1, [[3, 1, 300]])) }));
    const expanded = await expandArchives([loose, archive]);
    expect(expanded.map((s) => s.name)).toEqual(['2024-02-29.csv', 'march.zip/a.csv', 'march.zip/b.csv']);
    expect(expanded[0]).toBe(loose);
  });
});

describe('an archive that cannot be read says why', () => {
  it('an empty archive', async () => {
    const e = await failure([new MemorySource('empty.zip', zipSync({}))]);
    expect([e.message, e.location?.file]).toEqual(['the archive is empty', 'empty.zip']);
  });

  it('an archive without data files lists what it holds', async () => {
    const e = await failure([new MemorySource('docs.zip', zipSync({ 'report.pdf': enc('%PDF'), 'logo.png': enc('png') }))]);
    expect(e.message).toBe('the archive holds no data files (.csv, .tsv, .txt, .gz, .xlsx, .xlsm, .xls, .xlsb, .ods, .parquet); it holds report.pdf, logo.png');
    expect(e.location?.file).toBe('docs.zip');
  });

  it('a file named .zip that is none, and a workbook named .zip', async () => {
    const notZip = await failure([textSource('sales.zip', day(1, [[1, 1, 100]]))]);
    expect(notZip.message).toBe('not a zip archive, though named .zip');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').addRow(['a']);
    const book = await failure([new MemorySource('book.zip', new Uint8Array(await wb.xlsx.writeBuffer()))]);
    expect(book.message).toBe('this is a workbook (XLSX) named .zip: rename it to .xlsx');
  });

  it('an encrypted file, or one compressed by another method, is named inside its archive', async () => {
    const zip = () => zipSync({ 'a.csv': enc(day(1, [[1, 1, 100]])), 'b.csv': enc(day(2, [[1, 1, 100]])) });
    const encrypted = zip();
    const [, second] = centralRecords(encrypted);
    encrypted[second! + 8]! |= 1;
    const e1 = await failure([new MemorySource('s.zip', encrypted)]);
    expect([e1.message, e1.location?.file]).toEqual(['the file is encrypted in its archive: unzip it and open the file', 's.zip/b.csv']);
    const bzip2 = zip();
    const [first] = centralRecords(bzip2);
    bzip2[first! + 10] = 12;
    const e2 = await failure([new MemorySource('s.zip', bzip2)]);
    expect([e2.message, e2.location?.file]).toEqual([
      'the file is compressed by a method not read here (zip method 12): unzip it and open the file',
      's.zip/a.csv',
    ]);
  });

  it('where memory is bounded, files too large for it are refused by their declared sizes, before any is inflated', async () => {
    const big = zipSync({ 'a.csv': enc(day(1, [[1, 1, 100]])) });
    const [rec] = centralRecords(big);
    // Declared inflated size 2 GiB: more text than DuckDB-WASM's memory holds.
    new DataView(big.buffer, big.byteOffset).setUint32(rec! + 24, 2 ** 31, true);
    const source = new MemorySource('huge.zip', big);
    await expect(expandArchives([source], { boundedMemory: true })).rejects.toThrow(/^the file holds about 2\.0 GiB of text/);
    // Unbounded (native DuckDB spills to disk): inflated, its real bytes read.
    const [member] = await expandArchives([source]);
    expect(new TextDecoder().decode(await member!.read(0, member!.size))).toBe(day(1, [[1, 1, 100]]));
  });
});
