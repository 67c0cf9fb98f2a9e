/**
 * NUL bytes among a text file's bytes (nul-bytes.ts): a few are left out, each file then reading
 * as the same file without them, said by line; many still make a binary file.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nulByteNotes, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { encodeIn } from '../../helpers/code-page-bytes.ts';
import { expectSameFigures, MemorySource, openDb } from '../../helpers/engine.ts';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const line = (i: number) =>
  `${536000 + i},${10000 + (i % 7)},Mug ${i % 7},${1 + (i % 3)},2024-01-${String(1 + (i % 28)).padStart(2, '0')} 10:00,1.25,${12000 + (i % 4)},UK`;
const csv = (n: number) => `${[HEADER, ...Array.from({ length: n }, (_, i) => line(i))].join('\n')}\n`;

/** `bytes` with a NUL put before each of `at` (offsets into the original). */
function withNuls(bytes: Uint8Array, at: readonly number[]): Uint8Array {
  const out: number[] = [];
  bytes.forEach((b, i) => {
    for (const a of at) if (a === i) out.push(0);
    out.push(b);
  });
  return Uint8Array.from(out);
}

let sql: SqlPort & { close(): void };
beforeAll(async () => {
  sql = await openDb();
});
afterAll(() => sql.close());

async function valuesWithNul(): Promise<number> {
  const r = await tableRows(await sql.query('SELECT count(*) AS n FROM lines WHERE contains(invoice || customer || sku || description, chr(0))'));
  return Number(r[0]!.n);
}

describe('NUL bytes among the text', () => {
  it('are left out and said by line: the file reads as it would without them', async () => {
    const text = new TextEncoder().encode(csv(40));
    const at = [text.indexOf(0x35, 200), text.indexOf(0x4d, 900), text.indexOf(0x4d, 900)];
    const bare = await openDataset(sql, [new MemorySource('till.csv', text)]);
    const ds = await openDataset(sql, [new MemorySource('till.csv', withNuls(text, at))]);
    const lineOf = (offset: number) => new TextDecoder().decode(text.subarray(0, offset)).split('\n').length;
    expect(ds.sources[0]!.nulBytes).toEqual({ count: 3, lines: [lineOf(at[0]!), lineOf(at[1]!)], moreLines: 0 });
    expect(nulByteNotes(ds.sources)).toEqual([`till.csv: 3 NUL bytes (no text) left out, on line ${lineOf(at[0]!)}, ${lineOf(at[1]!)}`]);
    expect(await valuesWithNul()).toBe(0);
    expectSameFigures(ds, bare);
  });

  it('anywhere in the text, few enough: the same figures as the file without them (property)', async () => {
    const text = new TextEncoder().encode(csv(30));
    await fc.assert(
      fc.asyncProperty(fc.uniqueArray(fc.integer({ min: 0, max: text.length - 1 }), { minLength: 1, maxLength: 12 }), async (at) => {
        const bare = await openDataset(sql, [new MemorySource('till.csv', text)]);
        const ds = await openDataset(sql, [new MemorySource('till.csv', withNuls(text, at))]);
        expect(ds.sources[0]!.nulBytes?.count).toBe(at.length);
        expect(await valuesWithNul()).toBe(0);
        expectSameFigures(ds, bare);
      }),
      { numRuns: 15, seed: 20261206 },
    );
  });

  it("in a gzip'd file and in a code page's, too", async () => {
    const text = csv(20).replace('Mug 3', 'Kubek żółty');
    const plain = encodeIn(text, 'windows-1250');
    const nul = withNuls(plain, [300]);
    for (const source of [new MemorySource('till.csv.gz', gzipSync(nul)), new MemorySource('till.csv', nul)]) {
      const ds = await openDataset(sql, [source]);
      expect(ds.sources[0]!.nulBytes?.count).toBe(1);
      expect(await valuesWithNul()).toBe(0);
      const products = await tableRows(await sql.query("SELECT count(*) AS n FROM lines WHERE description = 'Kubek żółty'"));
      expect(Number(products[0]!.n)).toBeGreaterThan(0);
    }
  });

  it('many (over 8, and over 1 in 100 bytes) are binary data, refused; one in a short file is not', async () => {
    const text = new TextEncoder().encode(csv(10));
    const at = Array.from({ length: Math.ceil(text.length / 50) }, (_, i) => i * 50);
    await expect(openDataset(sql, [new MemorySource('data.bin.csv', withNuls(text, at))])).rejects.toThrow('the file contains binary data, not text');
    const short = new TextEncoder().encode('Order,Customer,Date,Qty,Price\n1,C1,2024-03-01,1,2.50\n');
    const ds = await openDataset(sql, [new MemorySource('short.csv', withNuls(short, [33]))]);
    expect(ds.sources[0]!.nulBytes).toEqual({ count: 1, lines: [2], moreLines: 0 });
    expect(ds.report.rows_kept).toBe(1);
  });
});
