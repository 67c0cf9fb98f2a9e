import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { utils, write, type CellObject, type WorkSheet } from '@e965/xlsx';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { xlsxSheetToCsv } from '../../../engine/src/io/xlsx.ts';
import { xlsxSheetToCsvStreaming } from '../../../engine/src/io/xlsx-stream.ts';
import { cellsCsv } from '../../../engine/src/io/sheet-cells.ts';
import { BAD_INPUTS } from '../../fixtures/make-bad-inputs.ts';

function book(sheets: [string, WorkSheet][], bookSST = false): Uint8Array {
  const wb = utils.book_new();
  for (const [name, ws] of sheets) utils.book_append_sheet(wb, ws, name);
  return new Uint8Array(write(wb, { type: 'array', bookType: 'xlsx', bookSST }) as ArrayBuffer);
}

type Outcome = { csv: string; rows: number; sheet: string; sheets: string[] } | { error: string; code: string };

function run(f: () => ReturnType<typeof xlsxSheetToCsv> | undefined): Outcome | undefined {
  try {
    const r = f();
    if (r === undefined) return undefined;
    // A sheet read as cells: the CSV written from them.
    return { csv: new TextDecoder().decode(r.csv ?? cellsCsv(r.cells!)), rows: r.rows, sheet: r.sheet, sheets: r.sheets };
  } catch (e) {
    return { error: (e as Error).message, code: (e as { code?: string }).code ?? '' };
  }
}

/** Both converters give the same result (bytes, row count, sheets, or the same error); the streaming one also as cells. */
function same(bytes: Uint8Array, sheet?: string): Outcome {
  const old = run(() => xlsxSheetToCsv('f.xlsx', bytes, sheet));
  const fresh = run(() => xlsxSheetToCsvStreaming('f.xlsx', bytes, sheet));
  expect(fresh, 'the streaming reader handled it').toBeDefined();
  expect(fresh).toEqual(old);
  expect(run(() => xlsxSheetToCsvStreaming('f.xlsx', bytes, sheet, true))).toEqual(old);
  return old!;
}

const HEADER = ['Invoice', 'Customer', 'Date', 'SKU', 'Description', 'Quantity', 'Unit Price'];

describe('streaming XLSX reader: same CSV as SheetJS', () => {
  it('every XLSX case of the bad-inputs corpus', () => {
    for (const input of BAD_INPUTS.filter((b) => b.name.endsWith('.xlsx') && b.name !== 'picture.xlsx')) {
      const bytes = input.bytes();
      const old = run(() => xlsxSheetToCsv(input.name, bytes));
      const fresh = run(() => xlsxSheetToCsvStreaming(input.name, bytes));
      const cells = run(() => xlsxSheetToCsvStreaming(input.name, bytes, undefined, true));
      if (input.name === 'not-a-workbook.xlsx') {
        expect(fresh).toBeUndefined(); // left to SheetJS
        expect(cells).toBeUndefined();
      } else {
        expect(fresh, input.name).toEqual(old);
        expect(cells, input.name).toEqual(old);
      }
    }
  });

  it('sheets by name, dates as serials, numbers, shared strings', () => {
    const first = utils.aoa_to_sheet([
      ['Invoice', 'Customer', 'Date', 'SKU', 'Quantity', 'Unit Price'],
      ['1', 'c1', 44927.5, 'S1', 2, 1.5],
      ['2', 'c2', 44928, 'S2', 1, 4],
    ]);
    const second = utils.aoa_to_sheet([HEADER, ['9', 'c9', '2023-03-01', 'S9', 'a "quoted", item', 3, 2]]);
    for (const sst of [false, true]) {
      const bytes = book(
        [
          ['January', first],
          ['March & more', second],
        ],
        sst,
      );
      same(bytes);
      same(bytes, 'March & more');
      expect(same(bytes, 'Nope')).toMatchObject({ error: 'no sheet named "Nope"; sheets: January, March & more' });
    }
  });

  it('date formats (built-in and custom), booleans, errors, formulas, gaps, unicode', () => {
    const ws = utils.aoa_to_sheet(
      [
        ['when', 'flag', 'n', 'text'],
        [new Date(Date.UTC(2023, 0, 5, 10, 30)), true, 1e21, 'é € 日本'],
        [null, false, -0.1, 'line\nbreak'],
        [],
        [null, null, null, null, 'far'],
      ],
      { cellDates: true },
    );
    const set = (ref: string, cell: CellObject) => (ws[ref] = cell);
    set('A3', { t: 'n', v: 45000.25, z: 'yyyy-mm-dd hh:mm' });
    set('C3', { t: 'n', v: 12.5, z: '[Red]0.00' });
    set('C4', { t: 'n', v: 45001, z: 'd-mmm-yy' });
    set('D4', { t: 'n', v: 0.5, z: 'h:mm:ss' });
    set('B4', { t: 'e', v: 7, w: '#DIV/0!' });
    set('E2', { t: 's', v: 'fx é', f: 'CONCAT("fx ","é")' });
    set('E3', { t: 'n', v: 3, f: 'C2*2' });
    set('F6', { t: 'b', v: true });
    ws['!ref'] = 'A1:F6';
    for (const sst of [false, true]) same(book([['S', ws]], sst));
  });

  it('merged ranges, including over empty rows and past the data', () => {
    const ws = utils.aoa_to_sheet([
      HEADER,
      ['A1', 'c1', '2023-01-05', 'S1', 'MUG', 2, 1.5],
      [null, 'c1', null, 'S2', 'PLATE', 1, 4],
      [],
      [null, 'c1', null, 'S3', 'BOWL', 3, 2],
      ['A2', 'c2', '2023-01-06', 'S1', 'MUG', 1, 1.5],
    ]);
    ws['!merges'] = [
      { s: { r: 1, c: 0 }, e: { r: 4, c: 0 } },
      { s: { r: 1, c: 2 }, e: { r: 40, c: 2 } },
      { s: { r: 5, c: 5 }, e: { r: 5, c: 30 } },
      { s: { r: 50, c: 0 }, e: { r: 52, c: 1 } },
    ];
    same(book([['Sales', ws]]));
  });

  it('more than 1,000 columns and an empty sheet: the same errors', () => {
    const wide = utils.aoa_to_sheet([Array.from({ length: 1200 }, (_, i) => `c${i}`), [1, 2]]);
    expect(same(book([['W', wide]]))).toMatchObject({ code: 'too_large' });
    const empty = utils.aoa_to_sheet([[null, null], []]);
    expect(same(book([['E', empty]]))).toMatchObject({ code: 'empty_file' });
  });

  /** A two-column workbook whose first sheet's XML is replaced by `xml`: markup SheetJS never writes. */
  const withSheetXml = (xml: string): Uint8Array => {
    const files = unzipSync(
      book([
        [
          'S',
          utils.aoa_to_sheet([
            ['a', 'b'],
            [1, 2],
          ]),
        ],
      ]),
    );
    files[Object.keys(files).find((f) => /worksheets\/sheet1\.xml$/.test(f))!] = strToU8(xml);
    return zipSync(files);
  };

  it('a package SheetJS never writes: inline strings, rich text, prefixes, no r attributes', () => {
    same(
      withSheetXml(
        '<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><x:sheetData>' +
          '<x:row r="1"><x:c t="inlineStr"><x:is><x:t xml:space="preserve"> pad &amp; x_x000D_y </x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:r><x:t>ri</x:t></x:r><x:r><x:rPr/><x:t>ch</x:t></x:r><x:rPh><x:t>no</x:t></x:rPh></x:is></x:c></x:row>' +
          '<x:row><x:c><x:v>1.50</x:v></x:c><x:c r="D2" t="b"><x:v>1</x:v></x:c><x:c t="str"><x:f>A1</x:f><x:v>a&amp;amp;b</x:v></x:c><x:c t="e"><x:v>#N/A</x:v></x:c></x:row>' +
          '<x:row r="4"><x:c r="B4" t="n"/><x:c r="C4" t="s"/><x:c r="D4" t="inlineStr"/></x:row>' +
          '</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="E2:F5"/></x:mergeCells></x:worksheet>',
      ),
    );
  });

  it('cell references written oddly: a leading zero, after other attributes, rows with more attributes', () => {
    same(
      withSheetXml(
        '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>' +
          '<row r="1" spans="1:3"><c r="A1"><v>1</v></c><c r="C1"><v>2</v></c></row>' +
          '<row r="3"><c r="A03"><v>3</v></c><c r="B3"><v>4</v></c><c s="0" r="D3"><v>5</v></c></row>' +
          '<row r="5" x14ac:dyDescent="0.25"><c r="B5" t="b"><v>1</v></c><c t="n" r="C5"><v>6</v></c></row>' +
          '</sheetData></worksheet>',
      ),
    );
  });

  it('random small grids of strings, numbers, booleans and empties', () => {
    const cell = fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 6 }),
      fc.constantFrom('', ' ', '"', ',', 'a,b', 'x\ny', 'é€', '<&>', '_x0041_'),
      fc.double({ noNaN: true, noDefaultInfinity: true }),
      fc.integer({ min: -1e6, max: 1e6 }),
      fc.boolean(),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 6 }), { minLength: 1, maxLength: 6 }), fc.boolean(), (grid, sst) => {
        same(book([['G', utils.aoa_to_sheet(grid)]], sst));
      }),
      { numRuns: 150 },
    );
  });
});
