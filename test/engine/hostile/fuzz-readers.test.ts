/**
 * Issue 8, item 2: random bytes, CSV-like text and mutated good files through the whole load
 * pipeline (readers, mapping, cleaning) on DuckDB: nothing escapes but EngineError, nothing
 * hangs (inputs are small and every run has a time limit), and the connection keeps working.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { gzipSync } from 'fflate';
import { EngineError, openDataset, type SqlPort } from '../../../engine/src/index.ts';
import { MemorySource, openDb, textSource } from '../../helpers/engine.ts';
import { goodCsv } from '../../fixtures/make-bad-inputs.ts';

let sql: SqlPort;
beforeAll(async () => {
  sql = await openDb();
});

/** Loads the bytes; returns the EngineError code or 'ok', and rethrows anything else. */
async function load(name: string, bytes: Uint8Array): Promise<string> {
  try {
    await openDataset(sql, [new MemorySource(name, bytes)]);
    return 'ok';
  } catch (e) {
    if (e instanceof EngineError) {
      expect(e.describe()).not.toMatch(/\n/);
      return e.code;
    }
    throw new Error(`${name} (${bytes.length} bytes) let a ${e instanceof Error ? e.name : typeof e} escape: ${String(e).slice(0, 500)}`);
  }
}

const PER_RUN_MS = 10_000;
const NAMES = ['f.csv', 'f.tsv', 'f.txt', 'f.xlsx', 'f.csv.gz', 'f'];
const MAGIC: number[][] = [
  [],
  [0x50, 0x4b, 0x03, 0x04], // zip
  [0x1f, 0x8b], // gzip
  [0xef, 0xbb, 0xbf], // UTF-8 BOM
  [0xff, 0xfe], // UTF-16LE BOM
  [0x89, 0x50, 0x4e, 0x47], // PNG
];

/** Cells that have broken CSV readers: quotes, delimiters, line ends, numbers and dates in odd forms. */
const TOKENS = [
  '',
  ' ',
  '"',
  '""',
  '"a,b"',
  ',',
  ';',
  '\t',
  '|',
  '\n',
  '\r\n',
  '\r',
  '=HYPERLINK("http://x","y")',
  "+cmd|' /C calc'!A0",
  '@SUM(A1)',
  '-1',
  'NaN',
  '1e309',
  '-inf',
  '1.234,56',
  '1,234.56',
  '0',
  '2010-12-01 08:26:00',
  '31/12/2023',
  '12/31/2023',
  '45000',
  'é',
  '\u00a0',
  '\ufeff',
  'InvoiceNo',
  'CustomerID',
  'Quantity',
  'UnitPrice',
  'InvoiceDate',
  'StockCode',
  'Description',
  'C536379',
];

const cell = fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 12 }), fc.integer({ min: -1000, max: 100000 }).map(String));
const csvText = fc.record({
  delimiter: fc.constantFrom(',', ';', '\t', '|'),
  eol: fc.constantFrom('\n', '\r\n'),
  rows: fc.array(fc.array(cell, { minLength: 1, maxLength: 9 }), { minLength: 1, maxLength: 25 }),
  header: fc.boolean(),
});

describe('readers under fuzzing', () => {
  it('random bytes, with or without a magic number, under any name', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...NAMES), fc.constantFrom(...MAGIC), fc.uint8Array({ maxLength: 3000 }), async (name, magic, body) => {
        await load(name, Uint8Array.from([...magic, ...body]));
      }),
      { numRuns: 120, timeout: PER_RUN_MS, seed: 8001 },
    );
  });

  it('CSV-like text built from troublesome cells, plain or gzip-compressed', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.boolean(), async ({ delimiter, eol, rows, header }, gz) => {
        const lines = rows.map((r) => r.join(delimiter));
        if (header) lines.unshift(['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID'].join(delimiter));
        const bytes = new TextEncoder().encode(lines.join(eol) + eol);
        await load(gz ? 'f.csv.gz' : 'f.csv', gz ? gzipSync(bytes) : bytes);
      }),
      { numRuns: 150, timeout: PER_RUN_MS, seed: 8002 },
    );
  });

  it('a good file with bytes overwritten, inserted or cut off', async () => {
    const good = new TextEncoder().encode(goodCsv(30));
    const edit = fc.record({ at: fc.nat({ max: good.length - 1 }), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }), insert: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(fc.array(edit, { minLength: 1, maxLength: 6 }), fc.option(fc.nat({ max: good.length }), { nil: undefined }), async (edits, cut) => {
        let bytes = Uint8Array.from(good);
        for (const e of edits) {
          const at = Math.min(e.at, bytes.length);
          bytes = e.insert
            ? Uint8Array.from([...bytes.subarray(0, at), ...e.bytes, ...bytes.subarray(at)])
            : Uint8Array.from([...bytes.subarray(0, at), ...e.bytes, ...bytes.subarray(at + e.bytes.length)]);
        }
        await load('mutated.csv', cut === undefined ? bytes : bytes.subarray(0, cut));
      }),
      { numRuns: 150, timeout: PER_RUN_MS, seed: 8003 },
    );
  });

  it('the connection still loads a good file after all that', async () => {
    const ds = await openDataset(sql, [textSource('good.csv', goodCsv(7))]);
    expect(ds.report.rows_kept).toBe(7);
  });
});
