/**
 * The byte scanner of the streaming XLSX reader against workbooks written by another library
 * (exceljs): every cell reads back as the value that was written, worked out here from the
 * values themselves (not by the code under test), and as SheetJS's reading gives it.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { xlsxSheetToCsv } from '../../../engine/src/io/xlsx.ts';
import { isCanonicalNumber, SheetScanner } from '../../../engine/src/io/xlsx-sheet-scan.ts';
import { xlsxSheetToCsvStreaming, xlsxSheetToCsvStreamingAsync } from '../../../engine/src/io/xlsx-stream.ts';

type Value = null | string | number | boolean | Date | { error: string };

/** Workbook bytes from exceljs's streaming writer: shared strings, or formula strings (t="str") turned into inline strings. */
async function exceljsBook(grid: Value[][], strings: 'shared' | 'str' | 'inline'): Promise<Uint8Array> {
  const stream = new PassThrough();
  const parts: Buffer[] = [];
  stream.on('data', (c: Buffer) => parts.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useSharedStrings: strings === 'shared', useStyles: true });
  const ws = wb.addWorksheet('Data');
  for (const values of grid) {
    const row = ws.addRow(values);
    values.forEach((v, i) => {
      if (v instanceof Date) row.getCell(i + 1).numFmt = 'yyyy-mm-dd hh:mm:ss';
    });
    row.commit();
  }
  ws.commit();
  await wb.commit();
  const bytes = new Uint8Array(Buffer.concat(parts));
  if (strings !== 'inline') return bytes;
  const files = unzipSync(bytes);
  const sheet = 'xl/worksheets/sheet1.xml';
  files[sheet] = strToU8(strFromU8(files[sheet]!).replace(/t="str"><v>([^<]*)<\/v>/g, 't="inlineStr"><is><t xml:space="preserve">$1</t></is>'));
  return zipSync(files);
}

/** A cell's text as written: what the CSV should hold, computed from the value alone. */
function expectedText(v: Value): string {
  if (v === null) return '';
  if (v instanceof Date) return `${v.toISOString().slice(0, 10)} ${v.toISOString().slice(11, 19)}`;
  if (typeof v === 'object') return v.error;
  return String(v);
}

function quote(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** The CSV of a grid: rows without a value left out, every row as wide as the widest. */
function expectedCsv(grid: Value[][]): string {
  const width = Math.max(0, ...grid.map((r) => r.reduce<number>((w, v, i) => (v === null ? w : i + 1), 0)));
  return grid
    .filter((r) => r.some((v) => v !== null))
    .map((r) => `${Array.from({ length: width }, (_, i) => quote(expectedText(r[i] ?? null))).join(',')}\n`)
    .join('');
}

// Text with XML's special characters, CSV's, spaces, line breaks and non-ASCII; no ';' (so no
// entity can form: SheetJS unescapes a formula string twice) and no '_' (no _xHHHH_ escape).
const text = fc
  .array(fc.constantFrom('a', 'Z', '1', ' ', '<', '>', '&', '"', "'", ',', '\n', 'é', '日', '€', '#', 'x', 'amp', 'lt'), { minLength: 1, maxLength: 8 })
  .map((cs) => cs.join(''))
  .filter((s) => s.trim() !== '');
const value: fc.Arbitrary<Value> = fc.oneof(
  { arbitrary: fc.constant(null), weight: 3 },
  { arbitrary: text, weight: 4 },
  { arbitrary: fc.double({ noNaN: true, noDefaultInfinity: true }), weight: 2 },
  { arbitrary: fc.integer({ min: -1e9, max: 1e9 }), weight: 2 },
  { arbitrary: fc.constantFrom(0.1, 1.95, 12.5, -0.001, 1e21, 1e-7, 123456789012345, 0.000001), weight: 1 },
  { arbitrary: fc.boolean(), weight: 1 },
  {
    arbitrary: fc.integer({ min: Date.UTC(1900, 2, 1) / 1000, max: Date.UTC(2200, 0, 1) / 1000 }).map((s) => new Date(s * 1000)),
    weight: 2,
  },
  { arbitrary: fc.constantFrom('#N/A', '#DIV/0!', '#VALUE!', '#REF!').map((error) => ({ error })), weight: 1 },
);

describe('streaming XLSX scanner on exceljs workbooks', () => {
  it('reads every cell as written: strings (shared, formula, inline), numbers, dates, booleans, errors, blanks, escaped characters', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(value, { maxLength: 7 }), { minLength: 1, maxLength: 8 }),
        fc.constantFrom('shared' as const, 'str' as const, 'inline' as const),
        async (grid, strings) => {
          fc.pre(grid.some((r) => r.some((v) => v !== null)));
          const bytes = await exceljsBook(grid, strings);
          const want = expectedCsv(grid);
          const sync = xlsxSheetToCsvStreaming('t.xlsx', bytes);
          expect(sync, 'the streaming reader handled it').toBeDefined();
          expect(new TextDecoder().decode(sync!.csv)).toBe(want);
          const async = await xlsxSheetToCsvStreamingAsync('t.xlsx', bytes);
          expect(new TextDecoder().decode(async!.csv)).toBe(want);
          expect(new TextDecoder().decode(xlsxSheetToCsv('t.xlsx', bytes).csv)).toBe(want);
          const rows = grid.map((r, i) => (r.some((v) => v !== null) ? i + 1 : 0)).filter((n) => n > 0);
          expect(sync!.rowNumbers).toEqual(rows);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('a cell split across inflated pieces reads the same: the sheet scanned one byte at a time', async () => {
    const grid: Value[][] = [
      ['Invoice', 'When', 'Qty', 'Note'],
      ['536365', new Date(Date.UTC(2010, 11, 1, 8, 26)), 6, 'a <b> & "c"'],
      ['C536379', new Date(Date.UTC(2010, 11, 1, 9, 41)), -1, { error: '#N/A' }],
    ];
    for (const strings of ['shared', 'inline'] as const) {
      const bytes = await exceljsBook(grid, strings);
      expect(new TextDecoder().decode(xlsxSheetToCsvStreaming('t.xlsx', bytes)!.csv)).toBe(expectedCsv(grid));
      // The sheet's XML pushed one byte at a time: every tag, attribute and value cut at every place.
      const files = unzipSync(bytes);
      const sst =
        strings === 'shared' ? [...strFromU8(files['xl/sharedStrings.xml']!).matchAll(/<t[^>]*>([^<]*)<\/t>/g)].map((m) => unescapeForTest(m[1]!)) : [];
      const styles = strFromU8(files['xl/styles.xml']!);
      const cellXfs = /<cellXfs[^>]*>([\s\S]*?)<\/cellXfs>/.exec(styles)![1]!;
      const isDate = [...cellXfs.matchAll(/<xf [^>]*numFmtId="(\d+)"/g)].map((m) => Number(m[1]) >= 164);
      const scanner = new SheetScanner({ sst, isDate, date1904: false });
      const sheet = files['xl/worksheets/sheet1.xml']!;
      for (let i = 0; i < sheet.length; i++) scanner.push(sheet.subarray(i, i + 1));
      scanner.finish();
      expect(new TextDecoder().decode(scanner.out.buf.subarray(0, scanner.out.length))).toBe(expectedCsv(grid));
    }
  });

  it('a number is copied as is only when it is what String(parseFloat(text)) gives', () => {
    const digits = fc.array(fc.constantFrom('0', '1', '5', '9', '.', '-', 'e', '+'), { minLength: 1, maxLength: 22 }).map((cs) => cs.join(''));
    const numbers = fc.oneof(
      fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
      fc.integer().map(String),
      digits,
      fc.constantFrom('0', '-0', '1.50', '0.000001', '0.0000001', '123456789012345', '1234567890123456', '00', '.5', '5.', '1e3'),
    );
    fc.assert(
      fc.property(numbers, (s) => {
        const bytes = new TextEncoder().encode(s);
        if (isCanonicalNumber(bytes, 0, bytes.length)) expect(String(parseFloat(s))).toBe(s);
      }),
      { numRuns: 3000 },
    );
    const copied = ['0', '1.5', '-2', '45627', '0.000001', '123456789012345', '1.95'];
    for (const s of copied) expect(isCanonicalNumber(new TextEncoder().encode(s), 0, s.length), s).toBe(true);
    const notCopied = ['-0', '1.50', '0.0000001', '1234567890123456', '00', '.5', '5.', '1e3', '45627.34027777778'];
    for (const s of notCopied) expect(isCanonicalNumber(new TextEncoder().encode(s), 0, s.length), s).toBe(false);
  });
});

/** The five XML entities, for reading exceljs's sharedStrings.xml in the test itself. */
function unescapeForTest(s: string): string {
  return s.replace(/&(lt|gt|quot|apos|amp);/g, (_m, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);
}
