/**
 * Workbook sheets into `raw` through Arrow (engine/src/io/sheet-columns.ts, SqlPort.insertArrow):
 * the columns split from a sheet's CSV against a reading written here, and a load through the
 * Arrow insert giving the same `raw` (values, NULLs, rowids), sources and messages as read_csv
 * over the same CSV, on DuckDB-WASM, for generated sheets of odd values (empty cells, long and
 * unicode strings, quotes, commas and line breaks, numbers, dates, booleans) and for sheets the
 * Arrow path leaves to read_csv (a field past the header, a quoted title row).
 */
import { strToU8, zipSync } from 'fflate';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openNodeDuckDb } from '../../../engine/cli/node-duckdb.ts';
import { Dictionary, Field, Int8, makeData, makeVector, RecordBatch, Schema, Struct, Table, tableFromIPC, tableToIPC, Utf8, type Data } from 'apache-arrow';
import { readSources, sheetColumns, tableRows, workbookTables, type DataSource, type SheetTable, type SqlPort } from '../../../engine/src/index.ts';
import { sheetArrowBatches, sheetArrowIpc, type SheetColumns, type TextColumn } from '../../../engine/src/io/sheet-columns.ts';

const COLS = 'ABCDEFGHIJ';

/** A cell: text (inline or shared), a number, a date serial shown as a date, a boolean, or none. */
type Cell = { t: 'inline' | 'shared'; v: string } | { t: 'n'; v: number } | { t: 'date'; v: number } | { t: 'b'; v: boolean } | null;

const xmlText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function cellXml(ref: string, c: Cell, shared: string[]): string {
  if (c === null) return '';
  switch (c.t) {
    case 'inline':
      return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${xmlText(c.v)}</t></is></c>`;
    case 'shared':
      shared.push(c.v);
      return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`;
    case 'n':
      return `<c r="${ref}"><v>${c.v}</v></c>`;
    case 'date':
      return `<c r="${ref}" s="1"><v>${c.v}</v></c>`;
    case 'b':
      return `<c r="${ref}" t="b"><v>${c.v ? 1 : 0}</v></c>`;
  }
}

/** A one-sheet workbook: optional title rows, then the rows given (the first one the header). */
function workbook(rows: Cell[][], titles: string[] = []): Uint8Array {
  const shared: string[] = [];
  const xmlRows: string[] = [];
  let r = 0;
  for (const t of titles) xmlRows.push(`<row r="${++r}">${cellXml(`A${r}`, { t: 'inline', v: t }, shared)}</row>`);
  for (const row of rows) {
    r++;
    xmlRows.push(`<row r="${r}">${row.map((c, k) => cellXml(`${COLS[k]}${r}`, c, shared)).join('')}</row>`);
  }
  const rel = (id: string, type: string, target: string) =>
    `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
  return zipSync(
    {
      '_rels/.rels': strToU8(
        `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'officeDocument', 'xl/workbook.xml')}</Relationships>`,
      ),
      'xl/workbook.xml': strToU8(
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Orders" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
      'xl/_rels/workbook.xml.rels': strToU8(
        `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'worksheet', 'worksheets/sheet1.xml')}${rel('rId2', 'sharedStrings', 'sharedStrings.xml')}${rel('rId3', 'styles', 'styles.xml')}</Relationships>`,
      ),
      'xl/styles.xml': strToU8(
        '<?xml version="1.0"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="22"/></cellXfs></styleSheet>',
      ),
      'xl/sharedStrings.xml': strToU8(
        `<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${shared.map((s) => `<si><t xml:space="preserve">${xmlText(s)}</t></si>`).join('')}</sst>`,
      ),
      'xl/worksheets/sheet1.xml': strToU8(
        `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${xmlRows.join('')}</sheetData></worksheet>`,
      ),
    },
    { level: 1 },
  );
}

const source = (name: string, bytes: Uint8Array): DataSource => ({ name, size: bytes.length, read: async (s, e) => bytes.subarray(s, e) });

/** A column of sheetColumns' result as strings (null for NULL), read from its Arrow buffers. */
function columnValues(t: SheetTable): (string | null)[][] {
  const cols = sheetColumns(t)!;
  const dec = new TextDecoder();
  const out: (string | null)[][] = t.header.map(() => []);
  for (const b of cols.batches) {
    for (const [k, c] of b.columns.entries()) {
      for (let r = 0; r < b.rows; r++) {
        const valid = (c.valid[r >> 3]! >> (r & 7)) & 1;
        out[k]!.push(valid ? dec.decode(c.bytes.subarray(c.offsets[r]!, c.offsets[r + 1]!)) : null);
      }
    }
  }
  return out;
}

/** The CSV's data records split here, quote by quote: fields as written, '' read as null, short rows padded. */
function expectedColumns(csv: string, skip: number, width: number): (string | null)[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < csv.length; i++) {
    const ch = csv[i]!;
    if (quoted) {
      if (ch === '"' && csv[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n') {
      fields.push(field);
      records.push(fields);
      fields = [];
      field = '';
    } else field += ch;
  }
  const data = records.slice(skip + 1);
  return Array.from({ length: width }, (_, k) => data.map((r) => (r[k] === undefined || r[k] === '' ? null : r[k]!)));
}

describe('sheetColumns', () => {
  it('splits the data rows below title rows and the header into text columns, NULL for empty fields', async () => {
    const bytes = workbook(
      [
        [
          { t: 'inline', v: 'Invoice' },
          { t: 'inline', v: 'Note' },
          { t: 'inline', v: 'Amount' },
        ],
        [{ t: 'n', v: 536365 }, { t: 'inline', v: 'a, "b"\nc' }, null],
        [null, { t: 'shared', v: 'Zoë 顧客 🎉' }, { t: 'n', v: 2.55 }],
        [{ t: 'inline', v: '  ' }, null, { t: 'date', v: 45627.5 }],
      ],
      ['Orders export', 'made by hand'],
    );
    const { tables } = await workbookTables('book.xlsx', bytes);
    const t = tables[0]!;
    expect(t.skip).toBe(2);
    expect(columnValues(t)).toEqual([
      ['536365', null, '  '],
      ['a, "b"\nc', 'Zoë 顧客 🎉', null],
      [null, '2.55', '2024-12-01 12:00:00'],
    ]);
    expect(columnValues(t)).toEqual(expectedColumns(new TextDecoder().decode(t.csv!), t.skip, t.header.length));
    // Read as cells (the app's worker): the same columns, made without the CSV.
    const cells = (await workbookTables('book.xlsx', bytes, undefined, {}, true)).tables[0]!;
    expect(columnValues(cells)).toEqual(columnValues(t));
    expect(cells.csv).toBeUndefined();
  });

  it('leaves to read_csv a sheet with a field past the header and title rows holding a quote', async () => {
    const base = (titles: string[], extra: boolean) =>
      workbook(
        [
          [
            { t: 'inline', v: 'Invoice' },
            { t: 'inline', v: 'Customer' },
            { t: 'inline', v: 'Amount' },
          ],
          [{ t: 'n', v: 1 }, { t: 'inline', v: 'C1' }, { t: 'n', v: 3 }, ...(extra ? [{ t: 'inline' as const, v: 'stray' }] : [])],
        ],
        titles,
      );
    for (const cells of [false, true]) {
      const table = async (bytes: Uint8Array) => (await workbookTables('book.xlsx', bytes, undefined, {}, cells)).tables[0]!;
      expect(sheetColumns(await table(base([], false)))?.rows).toBe(1);
      expect(sheetColumns(await table(base(['Sales, "EU"'], false)))).toBeUndefined();
      expect(sheetColumns(await table(base(['Sales EU'], false)))?.rows).toBe(1);
      // The header's own width: the stray cell widens every row, and its header cell is named column3.
      const wide = await table(base([], true));
      expect(wide.header).toEqual(['Invoice', 'Customer', 'Amount', 'column3']);
      expect(sheetColumns({ ...wide, header: wide.header.slice(0, 3) })).toBeUndefined();
    }
  });
});

describe('sheetArrowIpc', () => {
  it('makes the stream without compiling code, which the app page (CSP without unsafe-eval) refuses', async () => {
    const bytes = workbook([
      [
        { t: 'inline', v: 'Invoice' },
        { t: 'inline', v: 'Customer' },
        { t: 'inline', v: 'Amount' },
      ],
      [{ t: 'n', v: 1 }, { t: 'inline', v: 'C1' }, null],
    ]);
    const cols = sheetColumns((await workbookTables('book.xlsx', bytes)).tables[0]!)!;
    const real = globalThis.Function;
    globalThis.Function = new Proxy(real, {
      construct: () => {
        throw new Error('code compiled at run time');
      },
    });
    try {
      const ipc = sheetArrowIpc(sheetArrowBatches(cols), ['Invoice', 'Customer', 'Amount'], '__source', 'book.xlsx');
      globalThis.Function = real;
      const t = tableFromIPC(ipc);
      expect(t.toArray().map((r) => r.toJSON())).toEqual([{ Invoice: '1', Customer: 'C1', Amount: null, __source: 'book.xlsx' }]);
    } finally {
      globalThis.Function = real;
    }
  });
});

/** Text columns of the values given (null: NULL), in batches of the sizes given. */
function textColumns(rows: (string | null)[][], width: number, sizes: number[]): SheetColumns {
  const enc = new TextEncoder();
  const batches: SheetColumns['batches'] = [];
  let r0 = 0;
  for (const m of sizes) {
    const columns = Array.from({ length: width }, (_, c): TextColumn => {
      const parts = rows.slice(r0, r0 + m).map((row) => row[c] ?? null);
      const texts = parts.map((v) => enc.encode(v ?? ''));
      const offsets = new Int32Array(m + 1);
      texts.forEach((t, i) => (offsets[i + 1] = offsets[i]! + t.length));
      const bytes = new Uint8Array(offsets[m]!);
      texts.forEach((t, i) => bytes.set(t, offsets[i]!));
      const valid = new Uint8Array((m + 7) >> 3);
      parts.forEach((v, i) => v !== null && (valid[i >> 3]! |= 1 << (i & 7)));
      return { offsets, bytes, valid, nulls: parts.filter((v) => v === null).length };
    });
    batches.push({ rows: m, columns });
    r0 += m;
  }
  return { rows: r0, batches };
}

/** The whole stream written in one go, as the insert took it before the worker built the record batches. */
function wholeStream(cols: SheetColumns, names: string[], source: string): Uint8Array {
  const sourceType = new Dictionary(new Utf8(), new Int8(), 0);
  const fields = [...names.map((n) => new Field(n, new Utf8(), true)), new Field('__source', sourceType, false)];
  const schema = new Schema(fields);
  const text = new TextEncoder().encode(source);
  const dictionary = makeVector(makeData({ type: new Utf8(), length: 1, nullCount: 0, valueOffsets: new Int32Array([0, text.length]), data: text }));
  const batches = cols.batches.map((b) => {
    const children: Data[] = b.columns.map((c) =>
      makeData({ type: new Utf8(), length: b.rows, nullCount: c.nulls, nullBitmap: c.valid, valueOffsets: c.offsets, data: c.bytes }),
    );
    children.push(makeData({ type: sourceType, length: b.rows, nullCount: 0, data: new Int8Array(b.rows), dictionary }));
    return new RecordBatch(schema, makeData({ type: new Struct(fields), length: b.rows, nullCount: 0, children }));
  });
  return tableToIPC(new Table(schema, batches), 'stream');
}

describe('sheetArrowBatches + sheetArrowIpc', () => {
  it('give the stream written whole, byte for byte, and its values read back: any names, source and batches', () => {
    const text = fc.option(fc.string({ unit: 'grapheme', maxLength: 12 }), { nil: null, freq: 4 });
    const name = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 40 });
    const input = fc
      .record({ width: fc.integer({ min: 1, max: 6 }), sizes: fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 1, maxLength: 4 }) })
      .chain(({ width, sizes }) =>
        fc.record({
          width: fc.constant(width),
          sizes: fc.constant(sizes),
          rows: fc.array(fc.array(text, { minLength: width, maxLength: width }), {
            minLength: sizes.reduce((a, b) => a + b, 0),
            maxLength: sizes.reduce((a, b) => a + b, 0),
          }),
          names: fc.uniqueArray(name, { minLength: width, maxLength: width }),
          source: fc.string({ unit: 'grapheme', maxLength: 200 }),
        }),
      );
    fc.assert(
      fc.property(input, ({ width, sizes, rows, names, source }) => {
        const cols = textColumns(rows, width, sizes);
        const ipc = sheetArrowIpc(sheetArrowBatches(cols), names, '__source', source);
        expect(ipc).toEqual(wholeStream(cols, names, source));
        const back = tableFromIPC(ipc);
        expect(back.batches.map((b) => b.numRows)).toEqual(sizes);
        expect(back.schema.fields.map((f) => f.name)).toEqual([...names, '__source']);
        const columns = Array.from({ length: width + 1 }, (_, c) => Array.from(back.getChildAt(c)!.toArray() as ArrayLike<string | null>));
        expect(columns).toEqual([...names.map((_, c) => rows.map((row) => row[c])), rows.map(() => source)]);
      }),
      { numRuns: 150 },
    );
  });

  it('write the head in front of the batches when it fits, else copy both: the same stream either way', () => {
    const cols = textColumns(
      [
        ['a', null],
        ['b', 'c'],
      ],
      2,
      [2],
    );
    for (const source of ['book.xlsx', 'x'.repeat(10_000)]) {
      const batches = sheetArrowBatches(cols);
      const ipc = sheetArrowIpc(batches, ['A', 'B'], '__source', source);
      expect(ipc).toEqual(wholeStream(cols, ['A', 'B'], source));
      expect(ipc.buffer === batches.buffer).toBe(source.length < 1000);
    }
  });
});

describe('a workbook loaded through the Arrow insert', () => {
  let arrow: SqlPort & { close(): void };
  let csv: SqlPort;
  let inserts = 0;
  beforeAll(async () => {
    arrow = await openNodeDuckDb();
    const insert = arrow.insertArrow!;
    arrow.insertArrow = (table, ipc, options) => {
      inserts++;
      return insert(table, ipc, options);
    };
    // The same database without the capability: read_csv over the sheet's CSV, as before.
    csv = { ...arrow, insertArrow: undefined };
  });
  afterAll(() => arrow.close());

  async function load(sql: SqlPort, bytes: Uint8Array) {
    try {
      const read = await readSources(sql, [source('odd.xlsx', bytes)]);
      const raw = tableRows(await sql.query('SELECT rowid AS __rowid, * FROM raw ORDER BY rowid'));
      return { read, raw };
    } catch (e) {
      return { error: String(e) };
    }
  }

  const text = fc.oneof(
    fc.string({ maxLength: 12 }),
    fc.string({ unit: 'grapheme', maxLength: 8 }),
    fc.constantFrom('', ' ', '  x ', 'a,b', 'q"q', '"', 'line\nbreak', 'cr\r\nlf', 'Zoë', '顧客', '🎉', '=SUM(A1)', 'NULL', '#N/A', '0012', '1e5'),
    fc.string({ minLength: 200, maxLength: 3000 }),
  );
  // XML 1.0 cannot hold most control characters: the workbook a spreadsheet writes never has them.
  const xmlSafe = (s: string) =>
    [...s]
      .filter((ch) => {
        const c = ch.codePointAt(0)!;
        return (c >= 0x20 || c === 9 || c === 10 || c === 13) && c !== 0xfffe && c !== 0xffff && !(c >= 0xd800 && c <= 0xdfff);
      })
      .join('');
  const cell: fc.Arbitrary<Cell> = fc.oneof(
    fc.constant(null),
    text.map((v) => ({ t: 'inline' as const, v: xmlSafe(v) })),
    text.map((v) => ({ t: 'shared' as const, v: xmlSafe(v) })),
    fc
      .oneof(fc.integer({ min: -1e9, max: 1e9 }), fc.double({ min: -1e12, max: 1e12, noNaN: true, noDefaultInfinity: true }))
      .map((v) => ({ t: 'n' as const, v })),
    fc.double({ min: 1, max: 80_000, noNaN: true }).map((v) => ({ t: 'date' as const, v })),
    fc.boolean().map((v) => ({ t: 'b' as const, v })),
  );
  const header = fc.uniqueArray(fc.constantFrom('Invoice', 'Customer', 'Date', 'Amount', 'Note', 'Qty', 'Prix €', 'Kunde Nr.', '', ' Pad '), {
    minLength: 3,
    maxLength: 6,
  });

  it('gives the raw table, sources and messages of read_csv over the same CSV, for sheets of odd values', async () => {
    await fc.assert(
      fc.asyncProperty(
        header,
        fc.array(fc.array(cell, { maxLength: 7 }), { maxLength: 40 }),
        fc.array(fc.constantFrom('Orders export', 'as of 2024-01-01', 'a, "quoted" title'), { maxLength: 2 }),
        async (names, rows, titles) => {
          const bytes = workbook([names.map((v) => ({ t: 'inline' as const, v })), ...rows], titles);
          const before = inserts;
          const viaArrow = await load(arrow, bytes);
          const viaCsv = await load(csv, bytes);
          expect(viaArrow).toEqual(viaCsv);
          // The Arrow path was taken whenever its conditions hold: no quoted title, no field past the
          // header, and a table (a sheet of yes/no cells under item names is read as an item matrix).
          const t = (await workbookTables('odd.xlsx', bytes).catch(() => undefined))?.tables[0];
          const table = !('error' in viaCsv) && viaCsv.read.sources[0]!.basketStarts === undefined;
          if (t && t.rows > 0 && sheetColumns(t) !== undefined && table) expect(inserts).toBe(before + 1);
        },
      ),
      {
        numRuns: 150,
        // Found by this property: DuckDB's sniffer took a line starting with '#' for a comment (now read unsniffed).
        // And a table whose one row was TRUE was taken for an item matrix of Note, Invoice and Amount.
        examples: [
          [['Amount', 'Invoice', 'Customer'], [[{ t: 'inline', v: '#N/A' }], [{ t: 'date', v: 1 }]], []],
          [['Note', 'Invoice', 'Amount'], [[{ t: 'b', v: true }]], []],
        ],
      },
    );
  }, 300_000);

  it('appends the sheets of one period layout in order, rowids and first rows as read_csv gives them', async () => {
    const sheet = (year: number, n: number) =>
      `<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Invoice</t></is></c><c r="B1" t="inlineStr"><is><t>Customer</t></is></c><c r="C1" t="inlineStr"><is><t>Amount</t></is></c></row>${Array.from(
        { length: n },
        (_, i) =>
          `<row r="${i + 2}"><c r="A${i + 2}"><v>${year * 1000 + i}</v></c><c r="B${i + 2}" t="inlineStr"><is><t>C${i % 7}</t></is></c><c r="C${i + 2}"><v>${i + 0.25}</v></c></row>`,
      ).join('')}</sheetData></worksheet>`;
    const rel = (k: number) =>
      `<Relationship Id="rId${k}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${k}.xml"/>`;
    const bytes = zipSync({
      '_rels/.rels': strToU8(
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
      'xl/workbook.xml': strToU8(
        '<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Year 2022" sheetId="1" r:id="rId1"/><sheet name="Year 2023" sheetId="2" r:id="rId2"/></sheets></workbook>',
      ),
      'xl/_rels/workbook.xml.rels': strToU8(
        `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel(1)}${rel(2)}</Relationships>`,
      ),
      'xl/worksheets/sheet1.xml': strToU8(sheet(2022, 130_000)),
      'xl/worksheets/sheet2.xml': strToU8(sheet(2023, 5)),
    });
    const before = inserts;
    const viaArrow = await load(arrow, bytes);
    expect(inserts).toBe(before + 2);
    const viaCsv = await load(csv, bytes);
    expect(viaArrow).toEqual(viaCsv);
    if ('error' in viaArrow) throw new Error(viaArrow.error);
    expect(viaArrow.read.sources.map((s) => [s.name, s.rows, s.firstRowId])).toEqual([
      ['odd.xlsx [Year 2022]', 130_000, 0],
      ['odd.xlsx [Year 2023]', 5, 130_000],
    ]);
    expect(viaArrow.raw[130_001]).toEqual({ __rowid: 130_001, Invoice: '2023001', Customer: 'C1', Amount: '1.25', __source: 'odd.xlsx [Year 2023]' });
  }, 120_000);
});
