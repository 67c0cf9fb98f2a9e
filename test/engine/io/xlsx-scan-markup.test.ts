/**
 * The sheet scanner on hand-written sheet XML in the many spellings SpreadsheetML allows
 * (attributes in any order, extra and prefixed attributes, single quotes, spaces around `=`,
 * text between tags, cells without `r`, rows without `r`, self-closing cells and rows, prefixed
 * elements, rows marked hidden="1" or "true" or not hidden "0"): the CSV and the hidden rows are
 * worked out here from the generated cell values and row marks alone, and must be what
 * the scanner gives whether the XML arrives whole (the usual markup then takes the tight loop,
 * fastRun) or cut at random places (the general tag loop), and what SheetJS reads (but for
 * spaces around `=`, which SheetJS misreads).
 */
import fc from 'fast-check';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { xlsxSheetToCsv } from '../../../engine/src/io/xlsx.ts';
import { cellsCsv, CellWriter } from '../../../engine/src/io/sheet-cells.ts';
import { SheetScanner } from '../../../engine/src/io/xlsx-sheet-scan.ts';
import { xlsxSheetToCsvStreaming } from '../../../engine/src/io/xlsx-stream.ts';

type Cell = { kind: 'shared'; index: number } | { kind: 'number'; text: string } | { kind: 'date'; serial: number } | { kind: 'empty' }; // a stored cell without a value

const SST = ['Invoice', 'a, "quoted" item', 'plain', 'é日€', 'x<y & z', 'two\nlines'];

/** Excel serial day → "YYYY-MM-DD HH:MM:SS", counted here by hand (1899-12-30 is day 0). */
function serialText(serial: number): string {
  let secs = Math.round(serial * 86400);
  const tod = ((secs % 86400) + 86400) % 86400;
  let days = (secs - tod) / 86400 - 25569; // days since 1970-01-01
  const p2 = (n: number) => String(n).padStart(2, '0');
  // Civil date from days since the epoch (Howard Hinnant's algorithm).
  days += 719468;
  const era = Math.floor(days / 146097);
  const doe = days - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  secs = tod;
  return `${y}-${p2(m)}-${p2(d)} ${p2(Math.floor(secs / 3600))}:${p2(Math.floor(secs / 60) % 60)}:${p2(secs % 60)}`;
}

function expectedText(c: Cell): string {
  switch (c.kind) {
    case 'shared': {
      const s = SST[c.index]!;
      return /[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    }
    case 'number':
      return String(Number(c.text));
    case 'date':
      return serialText(c.serial);
    case 'empty':
      return '';
  }
}

/** How one tag is spelled: the variations a writer may choose, none changing the meaning. */
interface Spelling {
  prefix: boolean;
  quote: '"' | "'";
  eqSpace: boolean;
  extra: boolean;
  order: number;
  writeRef: boolean;
  gap: '' | '\n' | '  ';
}
const spelling: fc.Arbitrary<Spelling> = fc.record({
  prefix: fc.boolean(),
  quote: fc.constantFrom('"' as const, '"' as const, '"' as const, "'" as const),
  eqSpace: fc.constantFrom(false, false, false, true),
  extra: fc.boolean(),
  order: fc.nat(5),
  writeRef: fc.constantFrom(true, true, true, false),
  gap: fc.constantFrom('' as const, '' as const, '\n' as const, '  ' as const),
});

function attrs(list: [string, string][], sp: Spelling): string {
  const all = sp.extra ? [...list, ['x14ac:dyDescent', '0.25'] as [string, string]] : list;
  const k = all.length ? sp.order % all.length : 0;
  const rotated = [...all.slice(k), ...all.slice(0, k)];
  const eq = sp.eqSpace ? ' = ' : '=';
  return rotated.map(([n, v]) => ` ${n}${eq}${sp.quote}${v}${sp.quote}`).join('');
}

const colName = (c: number): string => (c < 26 ? String.fromCharCode(65 + c) : colName(Math.floor(c / 26) - 1) + String.fromCharCode(65 + (c % 26)));

/** A sheet: rows of (column, cell) with ascending columns, and where each row sits. */
interface Sheet {
  rows: { row: number; cells: { col: number; cell: Cell; sp: Spelling }[]; sp: Spelling; hidden: string | undefined }[];
}

const cell: fc.Arbitrary<Cell> = fc.oneof(
  { arbitrary: fc.nat(SST.length - 1).map((index): Cell => ({ kind: 'shared', index })), weight: 4 },
  {
    arbitrary: fc
      .constantFrom('12', '-3', '1.95', '0.5', '1.50', '007', '45627', '1e3', '123456789012345678', '0.0000001', '-0')
      .map((text): Cell => ({ kind: 'number', text })),
    weight: 3,
  },
  { arbitrary: fc.integer({ min: 1, max: 80000 * 1440 }).map((m): Cell => ({ kind: 'date', serial: m / 1440 })), weight: 2 },
  { arbitrary: fc.constant<Cell>({ kind: 'empty' }), weight: 1 },
);

const sheet: fc.Arbitrary<Sheet> = fc
  .array(
    fc.record({
      skip: fc.constantFrom(0, 0, 0, 1, 3),
      sp: spelling,
      hidden: fc.constantFrom(undefined, undefined, undefined, '1', '1', 'true', '0', 'false'),
      cells: fc.array(fc.record({ skip: fc.constantFrom(0, 0, 0, 1), cell, sp: spelling }), { minLength: 1, maxLength: 6 }),
    }),
    { minLength: 1, maxLength: 8 },
  )
  .map((rows) => {
    let r = 0;
    return {
      rows: rows.map((row) => {
        r += 1 + row.skip;
        let c = -1;
        return { row: r, sp: row.sp, hidden: row.hidden, cells: row.cells.map((x) => ({ col: (c += 1 + x.skip), cell: x.cell, sp: x.sp })) };
      }),
    };
  });

/** The sheet's XML. A cell or row leaves out r only where its place follows from the one before. */
function sheetXml(s: Sheet): string {
  const parts: string[] = [];
  let lastRow = 0;
  for (const row of s.rows) {
    const rp = row.sp.prefix ? 'x:' : '';
    const rowRef = row.sp.writeRef || row.row !== lastRow + 1;
    const rowAttrs: [string, string][] = rowRef ? [['r', String(row.row)]] : [];
    if (row.hidden !== undefined) rowAttrs.push(['hidden', row.hidden]);
    parts.push(`${row.sp.gap}<${rp}row${attrs(rowAttrs, row.sp)}>`);
    let lastCol = -1;
    for (const { col, cell: c, sp } of row.cells) {
      const p = sp.prefix ? 'x:' : '';
      const list: [string, string][] = [];
      if (sp.writeRef || col !== lastCol + 1) list.push(['r', `${colName(col)}${row.row}`]);
      if (c.kind === 'shared') list.push(['t', 's']);
      if (c.kind === 'date') list.push(['s', '1']);
      const value = c.kind === 'shared' ? String(c.index) : c.kind === 'number' ? c.text : c.kind === 'date' ? String(c.serial) : undefined;
      parts.push(value === undefined ? `${sp.gap}<${p}c${attrs(list, sp)}/>` : `${sp.gap}<${p}c${attrs(list, sp)}><${p}v>${value}</${p}v></${p}c>`);
      lastCol = col;
    }
    parts.push(`</${rp}row>`);
    lastRow = row.row;
  }
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
    'xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac"><sheetData>' +
    `${parts.join('')}</sheetData></worksheet>`
  );
}

/** The CSV of the sheet: rows with a value, each as wide as the widest row with a value. */
function expectedCsv(s: Sheet): string {
  const valued = s.rows.filter((r) => r.cells.some((c) => c.cell.kind !== 'empty'));
  const width = Math.max(0, ...s.rows.flatMap((r) => r.cells.filter((c) => c.cell.kind !== 'empty').map((c) => c.col + 1)));
  return valued
    .map((r) => {
      const fields = Array.from({ length: width }, () => '');
      for (const c of r.cells) if (c.cell.kind !== 'empty') fields[c.col] = expectedText(c.cell);
      return `${fields.join(',')}\n`;
    })
    .join('');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function workbook(xml: string): Uint8Array {
  return zipSync({
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>' +
        '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    ),
    '_rels/.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="${NS}" xmlns:r="${REL}"><sheets><sheet name="Data" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>` +
        `<Relationship Id="rId2" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>` +
        `<Relationship Id="rId3" Type="${REL}/styles" Target="styles.xml"/></Relationships>`,
    ),
    'xl/sharedStrings.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><sst xmlns="${NS}" count="${SST.length}" uniqueCount="${SST.length}">${SST.map((s) => `<si><t xml:space="preserve">${esc(s)}</t></si>`).join('')}</sst>`,
    ),
    'xl/styles.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="${NS}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm:ss"/></numFmts>` +
        '<cellXfs count="2"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>',
    ),
    'xl/worksheets/sheet1.xml': strToU8(xml),
  });
}

describe('sheet scanner: every spelling of the usual markup reads the same', () => {
  it('whole, cut at random places, and as SheetJS reads it: the CSV computed from the values', () => {
    fc.assert(
      fc.property(sheet, fc.array(fc.nat(), { maxLength: 12 }), (s, cuts) => {
        fc.pre(s.rows.some((r) => r.cells.some((c) => c.cell.kind !== 'empty')));
        const want = expectedCsv(s);
        const xml = sheetXml(s);
        const bytes = workbook(xml);
        const whole = xlsxSheetToCsvStreaming('t.xlsx', bytes);
        expect(whole, 'the streaming reader handled it').toBeDefined();
        expect(new TextDecoder().decode(whole!.csv)).toBe(want);
        const valued = s.rows.filter((r) => r.cells.some((c) => c.cell.kind !== 'empty'));
        expect(whole!.rowNumbers).toEqual(valued.map((r) => r.row));
        // The rows with a value marked hidden, whichever path read their tag.
        const hidden = valued.filter((r) => r.hidden === '1' || r.hidden === 'true').map((r) => r.row);
        expect(whole!.hiddenRows ?? []).toEqual(hidden);
        // Read as cells (a DuckDB taking Arrow): the CSV written from them is the same.
        const cells = xlsxSheetToCsvStreaming('t.xlsx', bytes, undefined, true)!;
        expect(new TextDecoder().decode(cells.csv ?? cellsCsv(cells.cells!))).toBe(want);
        expect(cells.rowNumbers).toEqual(whole!.rowNumbers);
        expect(cells.hiddenRows).toEqual(whole!.hiddenRows);
        // SheetJS misreads spaces around an attribute's `=` (XML allows them; the scanner reads them).
        const spaced = s.rows.some((r) => r.sp.eqSpace || r.cells.some((c) => c.sp.eqSpace));
        if (!spaced) {
          const sheetJs = xlsxSheetToCsv('t.xlsx', bytes);
          expect(new TextDecoder().decode(sheetJs.csv)).toBe(want);
          expect(sheetJs.hiddenRows ?? []).toEqual(hidden);
        }
        // The same XML pushed whole and in pieces cut at random places: the same scan, byte for byte.
        const raw = strToU8(xml);
        const at = [...new Set(cuts.map((c) => c % (raw.length + 1)))].sort((a, b) => a - b);
        const scans = [[raw.length], [...at, raw.length]].map((ends) => {
          const scanner = new SheetScanner({ sst: SST, isDate: [false, true], date1904: false });
          let from = 0;
          for (const end of ends) {
            scanner.push(raw.subarray(from, end));
            from = end;
          }
          scanner.finish();
          const { recRow, recStart, recEnd, recCells, presentEmpty, width, maxRow, hiddenRows } = scanner;
          return {
            csv: new TextDecoder().decode(scanner.out.buf.subarray(0, scanner.out.length)),
            recRow,
            recStart,
            recEnd,
            recCells,
            presentEmpty,
            width,
            maxRow,
            hiddenRows,
          };
        });
        expect(scans[1]).toEqual(scans[0]);
        // And as cells: the same columns whole and in pieces.
        const cellScans = [[raw.length], [...at, raw.length]].map((ends) => {
          const scanner = new SheetScanner({ sst: SST, isDate: [false, true], date1904: false }, new CellWriter());
          let from = 0;
          for (const end of ends) {
            scanner.push(raw.subarray(from, end));
            from = end;
          }
          scanner.finish();
          return { cells: scanner.cells!.finish(scanner.textRows, scanner.width), recRow: scanner.recRow, recCells: scanner.recCells };
        });
        expect(cellScans[1]).toEqual(cellScans[0]);
      }),
      { numRuns: 250 },
    );
  });
});
