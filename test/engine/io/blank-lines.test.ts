/**
 * Blank lines between a CSV's rows (blank-lines.ts): DuckDB skips them, and the rows after one
 * keep their own numbers in every message — blank lines counted as rows, quoted line breaks not,
 * as a spreadsheet numbers them.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locateRow, openDataset, tableRows, type DataSource, type SqlPort } from '../../../engine/src/index.ts';
import { blankLineRuns, checkBlankLines, loadLineFacts, LOAD_GZIP_BYTES, LOAD_SCAN_BYTES } from '../../../engine/src/io/blank-lines.ts';
import { sheetRow } from '../../../engine/src/io/sheet-layout.ts';
import { openNativeDuckDb } from '../../../engine/cli/native-duckdb.ts';
import { NodeFileSource } from '../../../engine/cli/node-duckdb.ts';
import { inspectText } from '../../../engine/cli/inspect.ts';
import { MemorySource, openDb, textSource } from '../../helpers/engine.ts';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const line = (invoice: number, quantity = '1', description = 'Mug') =>
  `${invoice},A${invoice},${description},${quantity},2024-01-0${1 + (invoice % 9)} 10:00,1.5,${100 + invoice},UK`;

/** Each file line's record: a data line's invoice, or null for a blank line. */
type Piece = { invoice: number; quoted: boolean } | null;

/** The file, and the row a spreadsheet gives each invoice (header row 1, blank lines counted, quoted breaks not). */
function fileOf(pieces: Piece[], eol: string): { text: string; rows: Map<number, number> } {
  const rows = new Map<number, number>();
  const out = [HEADER];
  for (const p of pieces) {
    if (p) {
      rows.set(p.invoice, out.length + 1);
      out.push(line(p.invoice, '1', p.quoted ? `"Mug${eol}${eol}with a note"` : 'Mug'));
    } else out.push('');
  }
  return { text: `${out.join(eol)}${eol}`, rows };
}

/** `source` with its reads handed out `offset` bytes into a buffer (views not aligned to a word, as a prefetched head's may be). */
const shifted = (source: DataSource, offset: number): DataSource => ({
  name: source.name,
  size: source.size,
  read: async (start, end) => {
    const bytes = await source.read(start, end);
    const out = new Uint8Array(bytes.length + offset);
    out.set(bytes, offset);
    return out.subarray(offset);
  },
});

describe('blankLineRuns', () => {
  it("names every row as a spreadsheet does, whatever blank lines and quoted line breaks come between, gzip'd or not (property)", async () => {
    const piece = fc.oneof(fc.constant(null), fc.record({ quoted: fc.boolean() }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { minLength: 1, maxLength: 30 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.integer({ min: 0, max: 3 }),
        fc.boolean(),
        async (shape, eol, offset, gzip) => {
          const pieces = shape.map((p, i) => (p ? { invoice: i + 1, quoted: p.quoted } : null));
          const { text, rows } = fileOf(pieces, eol);
          const file = gzip ? new MemorySource('f.csv.gz', gzipSync(text)) : textSource('f.csv', text);
          const runs = await blankLineRuns(shifted(file, offset), { delimiter: ',', quote: '"', linesAbove: 1, compression: gzip ? 'gzip' : 'none' });
          const data = pieces.filter((p) => p !== null);
          data.forEach((p, index) => {
            expect(runs ? sheetRow(runs, 1, index) : index + 2).toBe(rows.get(p.invoice));
          });
          // Only blank lines between or above rows make runs (after the last row they change nothing).
          const last = pieces.map((p) => p !== null).lastIndexOf(true);
          const inner = last > 0 && pieces.slice(0, last).some((p) => p === null);
          expect(runs !== undefined).toBe(inner);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("counts the lines of the data records, blank ones left out, whatever the blank lines, quoted line breaks and last line, gzip'd or not (property)", async () => {
    const piece = fc.oneof(fc.constant(null), fc.record({ quoted: fc.boolean() }));
    await fc.assert(
      fc.asyncProperty(
        fc.array(piece, { minLength: 1, maxLength: 30 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.integer({ min: 0, max: 2 }),
        fc.boolean(),
        fc.boolean(),
        async (shape, eol, trailing, ended, gzip) => {
          const pieces = shape.map((p, i) => (p ? { invoice: i + 1, quoted: p.quoted } : null));
          // A file of its header alone is no table (nor does a CR at its end tell a file of CRs alone).
          fc.pre(pieces.some((p) => p !== null));
          const { text: whole } = fileOf(pieces, eol);
          // Blank lines after the last row, or the last line without its line break.
          const text = ended ? whole + eol.repeat(trailing) : whole.slice(0, -eol.length);
          const file = gzip ? new MemorySource('f.csv.gz', gzipSync(text)) : textSource('f.csv', text);
          const facts = await loadLineFacts(file, { delimiter: ',', quote: '"', linesAbove: 1, compression: gzip ? 'gzip' : 'none' });
          // A quoted value "Mug<eol><eol>with a note" is two lines and a blank one.
          const lines = pieces.reduce((n, p) => n + (p === null ? 0 : p.quoted ? 2 : 1), 0);
          expect(facts).toMatchObject({ dataLines: lines, breaksAbove: 1 });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('finds a pair of line breaks across the edge of its 4 MB reads, and knows title lines above the header', async () => {
    const CHUNK = 4 * 1024 * 1024;
    for (const eol of ['\n', '\r\n'])
      for (const cut of [-1, 0, 1]) {
        // The first line's break lands at byte CHUNK - 1 + cut: the blank line after it starts in
        // the first read, astride its edge, or in the second.
        const head = `${HEADER}${eol}1,A1,Mug,1,2024-01-02 10:00,1.5,101,`;
        const pad = CHUNK - 1 + cut - head.length - (eol.length - 1);
        const text = `${head}${'x'.repeat(pad)}${eol}${eol}${line(2)}${eol}`;
        expect(text.indexOf('\n', head.length)).toBe(CHUNK - 1 + cut);
        const runs = await blankLineRuns(textSource('big.csv', text), { delimiter: ',', quote: '"', linesAbove: 1 });
        expect(runs).toEqual([
          [0, 2],
          [1, 4],
        ]);
      }
    const titled = `Sales report\n\n${HEADER}\n${line(1)}\n\n\n${line(2)}\n`;
    expect(await blankLineRuns(textSource('t.csv', titled), { delimiter: ',', quote: '"', linesAbove: 3 })).toEqual([
      [0, 4],
      [1, 7],
    ]);
    expect(
      await blankLineRuns(textSource('t.csv', `Sales report\n\n${HEADER}\n${line(1)}\n${line(2)}\n\n\n`), { delimiter: ',', quote: '"', linesAbove: 3 }),
    ).toBeUndefined();
  });
});

describe('rows past blank lines in messages', () => {
  const cases: [string, () => Promise<SqlPort & { close(): void }>][] = [
    ['DuckDB-WASM', () => openDb()],
    ['native DuckDB', async () => openNativeDuckDb()],
  ];
  for (const [name, open] of cases) {
    it(`names the file's own row of a bad value, an example and a ragged row (${name})`, async () => {
      const sql = await open();
      try {
        const text = `Sales report\n\n${HEADER}\n${line(1)}\n\n${line(2, 'x2')}\n\n\n${line(3, '-1')}\n${line(4)}\n`;
        const ds = await openDataset(sql, [textSource('shop.csv', text)]);
        const ids = tableRows(await sql.query('SELECT rowid AS id, "InvoiceNo" AS inv FROM raw ORDER BY rowid'));
        expect(ids.map((r) => locateRow(ds.sources, Number(r.id))?.row)).toEqual([4, 6, 9, 10]);
        expect(ds.report.examples.invalid_value?.[0]).toMatchObject({ file: 'shop.csv', row: 6, invoice: '2' });
        expect(ds.report.examples.return?.[0]).toMatchObject({ file: 'shop.csv', row: 9, invoice: '3' });
        // The same file with old Mac line endings (CR alone), then gzip'd: its text looked at as decompressed.
        const cr = await openDataset(sql, [textSource('mac.csv', text.replaceAll('\n', '\r'))]);
        expect(cr.report.examples.invalid_value?.[0]).toMatchObject({ file: 'mac.csv', row: 6, invoice: '2' });
        expect(cr.report.examples.return?.[0]).toMatchObject({ file: 'mac.csv', row: 9, invoice: '3' });
        const gz = await openDataset(sql, [new MemorySource('shop.csv.gz', gzipSync(text))]);
        expect(gz.report.examples.invalid_value?.[0]).toMatchObject({ file: 'shop.csv.gz', row: 6, invoice: '2' });
        expect(gz.report.examples.return?.[0]).toMatchObject({ file: 'shop.csv.gz', row: 9, invoice: '3' });
        const ragged = `${HEADER}\n${line(1)}\n\n${line(2)},extra\n`;
        await expect(openDataset(sql, [textSource('ragged.csv', ragged)])).rejects.toMatchObject({ location: { file: 'ragged.csv', row: 4 } });
      } finally {
        sql.close();
      }
    });
  }
});

/** `bytes` handed out `size` at a time, as a host's inflater hands out its text. */
async function* inPieces(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

describe("a gzip'd file", () => {
  it("has the runs of its text, a blank line anywhere across the inflater's pieces, its own or the host's (property)", async () => {
    const rows = Array.from({ length: 6000 }, (_, i) => line(i + 1, '1', `Mug ${(i * 7919) % 1000}`));
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: rows.length - 1 }),
        fc.constantFrom('\n', '\r\n', '\r'),
        fc.integer({ min: 2, max: 100_000 }),
        async (at, eol, piece) => {
          const text = [HEADER, ...rows.slice(0, at), '', ...rows.slice(at), ''].join(eol);
          const shape = { delimiter: ',', quote: '"', linesAbove: 1 };
          const plain = await blankLineRuns(textSource('f.csv', text), shape);
          expect(plain).toEqual([
            [0, 2],
            [at, at + 3],
          ]);
          const gz = gzipSync(text);
          expect(await blankLineRuns(new MemorySource('f.csv.gz', gz), { ...shape, compression: 'gzip' })).toEqual(plain);
          // A host inflating it itself, in pieces of any size from 2 bytes.
          const host = Object.assign(new MemorySource('f.csv.gz', gz), { gunzipped: () => inPieces(new TextEncoder().encode(text), piece) });
          expect(await blankLineRuns(host, { ...shape, compression: 'gzip' })).toEqual(plain);
        },
      ),
      { numRuns: 25 },
    );
    expect(
      await blankLineRuns(new MemorySource('f.csv.gz', gzipSync([HEADER, ...rows, '', ''].join('\r\n'))), {
        delimiter: ',',
        quote: '"',
        linesAbove: 1,
        compression: 'gzip',
      }),
    ).toBeUndefined();
  });

  it(`is looked at during the load up to ${LOAD_GZIP_BYTES / 1024 / 1024} MB, past it after; at any size where the host inflates it (the CLI)`, async () => {
    // Text that barely compresses, so the gzip'd file passes the limit; a blank line after the first row.
    let seed = 1;
    const noise = () => Array.from({ length: 24 }, () => String.fromCharCode(97 + ((seed = (seed * 48271) % 2147483647) % 26))).join('');
    const rows = Math.ceil((LOAD_GZIP_BYTES * 3) / line(1, '1', noise()).length);
    const body = Array.from({ length: rows }, (_, i) => line(i + 3, '1', noise())).join('\n');
    const bytes = gzipSync(`${HEADER}\n${line(1)}\n\n${line(2, 'x2')}\n${body}\n`);
    expect(bytes.length).toBeGreaterThan(LOAD_GZIP_BYTES);
    const readsCheaply = Object.assign(new MemorySource('big.csv.gz', bytes), {
      readInto: async (start: number, into: Uint8Array) => {
        const part = bytes.subarray(start, start + into.length);
        into.set(part);
        return part.length;
      },
    });
    const dir = mkdtempSync(path.join(os.tmpdir(), 'ss-gz-'));
    const sql = await openNativeDuckDb();
    try {
      const first = await openDataset(sql, [readsCheaply]);
      expect(first.sources[0]!.blankLinesUnchecked).toBe(true);
      expect(first.report.examples.invalid_value?.[0]).toMatchObject({ row: 3, invoice: '2' });
      expect(inspectText(first)).toContain(
        '  warning: not looked through for blank lines between the rows: big.csv.gz. Any row after a blank line is named a row too early in messages',
      );
      expect(await checkBlankLines([readsCheaply])).toBe(true);
      const again = await openDataset(sql, [readsCheaply]);
      expect(again.sources[0]!.blankLinesUnchecked).toBeUndefined();
      expect(again.report.examples.invalid_value?.[0]).toMatchObject({ row: 4, invoice: '2' });
      // The CLI's file, inflated by Node's zlib: looked at during the load.
      writeFileSync(path.join(dir, 'big.csv.gz'), bytes);
      const cli = await openDataset(sql, [new NodeFileSource(path.join(dir, 'big.csv.gz'))]);
      expect(cli.sources[0]!.blankLinesUnchecked).toBeUndefined();
      expect(cli.report.examples.invalid_value?.[0]).toMatchObject({ file: 'big.csv.gz', row: 4, invoice: '2' });
    } finally {
      sql.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('a large file read through costly reads (the app in a browser)', () => {
  it('is loaded unchecked, rows named as if it had no blank lines; checked after, a load of the same file names them right; a host reading cheaply has it looked at during the load', async () => {
    // Past LOAD_SCAN_BYTES, with a blank line after the first row and a bad quantity after it.
    const rows = Math.ceil(LOAD_SCAN_BYTES / line(1).length) + 10;
    const body = Array.from({ length: rows }, (_, i) => line(i + 3)).join('\n');
    const text = `${HEADER}\n${line(1)}\n\n${line(2, 'x2')}\n${body}\n`;
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBeGreaterThan(LOAD_SCAN_BYTES);
    const browserLike = new MemorySource('big.csv', bytes);
    const sql = await openNativeDuckDb();
    try {
      const first = await openDataset(sql, [browserLike]);
      expect(first.sources[0]!.blankLinesUnchecked).toBe(true);
      expect(first.report.examples.invalid_value?.[0]).toMatchObject({ row: 3, invoice: '2' });
      expect(await checkBlankLines([browserLike])).toBe(true);
      const again = await openDataset(sql, [browserLike]);
      expect(again.sources[0]!.blankLinesUnchecked).toBeUndefined();
      expect(again.report.examples.invalid_value?.[0]).toMatchObject({ row: 4, invoice: '2' });
      // A host reading into one buffer (the CLI) has it looked at during the load.
      const cliLike = Object.assign(new MemorySource('big.csv', bytes), {
        readInto: async (start: number, into: Uint8Array) => {
          const part = bytes.subarray(start, start + into.length);
          into.set(part);
          return part.length;
        },
      });
      const cli = await openDataset(sql, [cliLike]);
      expect(cli.sources[0]!.blankLinesUnchecked).toBeUndefined();
      expect(cli.report.examples.invalid_value?.[0]).toMatchObject({ row: 4, invoice: '2' });
      // A file the host holds in memory (the desktop app's, read ahead whole) too.
      const held = Object.assign(new MemorySource('big.csv', bytes), { inMemory: true });
      const desktop = await openDataset(sql, [held]);
      expect(desktop.sources[0]!.blankLinesUnchecked).toBeUndefined();
      expect(desktop.report.examples.invalid_value?.[0]).toMatchObject({ row: 4, invoice: '2' });
    } finally {
      sql.close();
    }
  });
});
