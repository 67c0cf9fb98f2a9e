/**
 * The analytics worker's 'workbook/tables' job (workers/handlers/workbook-tables.ts): a
 * workbook's bytes in, the same CSV tables out as the engine's in-process workbookTables (the
 * CLI's), checked against the CSV written independently from the rows put in the sheet; its
 * progress, its cancellation part-way through a large sheet, its errors (code and file), and a
 * load through the app's port capability (renderer/data/workbook-input.ts) giving the same `raw`
 * table and sources as the in-process conversion.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { tableFromIPC } from 'apache-arrow';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { openNativeDuckDb } from '../../engine/cli/native-duckdb.ts';
import { NodeFileSource, openNodeDuckDb } from '../../engine/cli/node-duckdb.ts';
import { readSources, sheetColumns, sheetCsv, tableRows, workbookTables, type SheetColumns, type SheetTable, type SqlPort } from '../../engine/src/index.ts';
import { sheetArrowIpc } from '../../engine/src/io/sheet-columns.ts';
import { EngineClient } from '../../renderer/engine-client/client.ts';
import { withWorkbookInput } from '../../renderer/data/workbook-input.ts';
import { runJob, serveJobs } from '../../workers/host.ts';
import { analyticsHandlers } from '../../workers/handlers/index.ts';
import type { FromWorker } from '../../workers/protocol.ts';
import { fakePort } from '../helpers/worker-port.ts';

const HEADER = ['Invoice', 'Customer', 'Amount', 'Note'];

/** Row `i` of the data: a number, a code, an amount with a fraction, text needing CSV quotes. */
const row = (i: number) => [1000 + i, `C${i % 97}`, (i % 50) + 0.5, `a, "b" ${i}`];

const inlineCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text.replace(/&/g, '&amp;').replace(/</g, '&lt;')}</t></is></c>`;

/** Sheet XML: a title in row 1, row 2 empty, the header in row 3, `n` data rows from row 4. */
function sheetXml(n: number): string {
  const parts = ['<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'];
  parts.push(`<row r="1">${inlineCell('A1', 'Orders export')}</row>`);
  parts.push(`<row r="3">${HEADER.map((h, c) => inlineCell(`${'ABCD'[c]}3`, h)).join('')}</row>`);
  for (let i = 0; i < n; i++) {
    const r = i + 4;
    const [inv, cust, amount, note] = row(i);
    parts.push(
      `<row r="${r}"><c r="A${r}"><v>${inv}</v></c>${inlineCell(`B${r}`, String(cust))}<c r="C${r}"><v>${amount}</v></c>${inlineCell(`D${r}`, String(note))}</row>`,
    );
  }
  parts.push('</sheetData></worksheet>');
  return parts.join('');
}

/** A minimal SpreadsheetML package (the parts a workbook reader needs) with one sheet per entry. */
function workbook(sheets: { name: string; xml: string }[]): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '_rels/.rels': strToU8(
      '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    ),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>${sheets
        .map((s, k) => `<sheet name="${s.name}" sheetId="${k + 1}" r:id="rId${k + 1}"/>`)
        .join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets
        .map(
          (_, k) =>
            `<Relationship Id="rId${k + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${k + 1}.xml"/>`,
        )
        .join('')}</Relationships>`,
    ),
  };
  for (const [k, s] of sheets.entries()) files[`xl/worksheets/sheet${k + 1}.xml`] = strToU8(s.xml);
  return zipSync(files, { level: 1 });
}

/** The CSV of the sheet, written here from the rows: the title line, the header, the data. */
function expectedCsv(n: number): string {
  const field = (v: string | number) => (/[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));
  const lines = ['Orders export,,,', HEADER.join(',')];
  for (let i = 0; i < n; i++) lines.push(row(i).map(field).join(','));
  return `${lines.join('\n')}\n`;
}

const tick = () => new Promise((r) => setTimeout(r, 0));
const decode = (b: Uint8Array) => new TextDecoder().decode(b);

/** Each column's values, row by row (null for NULL), read from its Arrow buffers. */
const columnTexts = (c: SheetColumns) =>
  c.batches.flatMap((b) =>
    b.columns.map((col) =>
      Array.from({ length: b.rows }, (_, r) => ((col.valid[r >> 3]! >> (r & 7)) & 1 ? decode(col.bytes.subarray(col.offsets[r]!, col.offsets[r + 1]!)) : null)),
    ),
  );

/** A table's buffers as the worker transfers them: the cells' and the record batches', each once. */
const transferOf = (t: SheetTable) => [...new Set([...t.cells!.columns.flatMap((c) => [c.ends.buffer, c.bytes.buffer]), t.arrowBatches!.buffer])];

/** Each column's values read back from the stream the page makes of the worker's record batches. */
const streamTexts = (batches: Uint8Array, names: string[]) => {
  const table = tableFromIPC(sheetArrowIpc(batches, names, '__source', 'book.xlsx'));
  return [...names, '__source'].map((name) => Array.from(table.getChild(name)!.toArray() as ArrayLike<string | null>));
};

describe("the analytics worker's workbook job", () => {
  it('gives the tables of the in-process conversion, with the CSV of the rows put in', async () => {
    const n = 2_000;
    const bytes = workbook([{ name: 'Orders', xml: sheetXml(n) }]);
    const inProcess = await workbookTables('book.xlsx', bytes);
    const out = await runJob(
      analyticsHandlers,
      'workbook/tables',
      { name: 'book.xlsx' },
      { bytes: bytes.slice() },
      { signal: new AbortController().signal, onProgress: () => {} },
    );
    // The same tables, the sheet's rows as cells and its data rows as record batches for DuckDB's Arrow insert.
    const [t] = out.result.tables;
    const csvTable = inProcess.tables[0]!;
    expect(out.result.facts).toEqual(inProcess.facts);
    expect({ ...t, cells: undefined, arrowBatches: undefined }).toEqual({ ...csvTable, csv: undefined });
    expect(t!.csv).toBeUndefined();
    expect(out.transfer).toEqual(transferOf(t!));
    expect(streamTexts(t!.arrowBatches!, HEADER)).toEqual([...columnTexts(sheetColumns(csvTable)!), Array(n).fill('book.xlsx')]);
    // Its CSV, written from the cells when read_csv needs it, is the in-process conversion's.
    expect(decode(sheetCsv(t!))).toBe(expectedCsv(n));
    expect(decode(csvTable.csv!)).toBe(expectedCsv(n));
    expect(t).toMatchObject({ sheet: 'Orders', header: HEADER, skip: 1, headerRow: 3, rows: n, rowRuns: [[0, 4]], date1904: false });
    expect(out.result.facts).toEqual({ sheets: [{ name: 'Orders', status: 'read', rows: n, headerRow: 3 }], choice: 'first' });
  });

  it('answers through the worker loop: progress while converting, the CSV transferred, errors with their code and file', async () => {
    const f = fakePort();
    serveJobs(f.port, analyticsHandlers);
    const n = 60_000;
    f.send({
      type: 'request',
      id: 1,
      job: 'workbook/tables',
      params: { name: 'book.xlsx' },
      input: { bytes: workbook([{ name: 'Orders', xml: sheetXml(n) }]) },
    });
    for (let i = 0; i < 2_000 && !f.out.some((o) => o.msg.type !== 'progress'); i++) await tick();
    const result = f.out.find((o) => o.msg.type === 'result')!;
    const tables = (result.msg as Extract<FromWorker, { type: 'result'; job: 'workbook/tables' }>).result.tables;
    expect(result.transfer).toEqual(transferOf(tables[0]!));
    expect(decode(sheetCsv(tables[0]!))).toBe(expectedCsv(n));
    const progress = f.out.flatMap((o) => (o.msg.type === 'progress' ? [o.msg] : []));
    expect(progress.length).toBeGreaterThan(0);
    expect(progress.every((p) => p.message === 'converting book.xlsx')).toBe(true);
    expect(progress.map((p) => p.fraction)).toEqual([...progress.map((p) => p.fraction)].sort((a, b) => a - b));

    f.send({
      type: 'request',
      id: 2,
      job: 'workbook/tables',
      params: { name: 'book.xlsx', sheet: 'Returns' },
      input: { bytes: workbook([{ name: 'Orders', xml: sheetXml(3) }]) },
    });
    for (let i = 0; i < 200 && !f.out.some((o) => o.msg.id === 2); i++) await tick();
    expect(f.out.find((o) => o.msg.id === 2)!.msg).toEqual({
      type: 'error',
      id: 2,
      error: { name: 'EngineError', message: 'no sheet named "Returns"; sheets: Orders', code: 'invalid_argument', location: { file: 'book.xlsx' } },
    });
  }, 60_000);

  it('stops part-way through a large sheet when cancelled', async () => {
    const f = fakePort();
    serveJobs(f.port, analyticsHandlers);
    f.send({
      type: 'request',
      id: 3,
      job: 'workbook/tables',
      params: { name: 'big.xlsx' },
      input: { bytes: workbook([{ name: 'Orders', xml: sheetXml(400_000) }]) },
    });
    // Cancelled once the conversion is under way (its first progress report).
    for (let i = 0; i < 20_000 && !f.out.some((o) => o.msg.type === 'progress'); i++) await tick();
    f.send({ type: 'cancel', id: 3 });
    for (let i = 0; i < 20_000 && !f.out.some((o) => o.msg.type !== 'progress'); i++) await tick();
    const answer = f.out.find((o) => o.msg.type !== 'progress')!.msg;
    expect(answer).toMatchObject({ type: 'error', id: 3, error: { code: 'cancelled' } });
    const fractions = f.out.flatMap((o) => (o.msg.type === 'progress' ? [o.msg.fraction] : []));
    expect(Math.max(...fractions)).toBeLessThan(0.5);
  }, 120_000);
});

describe('a load through the app port capability', () => {
  it('reads the same raw table and sources as the in-process conversion, several sheets of one period layout', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ss-workbook-job-'));
    const file = path.join(dir, 'orders.xlsx');
    writeFileSync(
      file,
      workbook([
        { name: 'About', xml: '<worksheet><sheetData/></worksheet>' },
        { name: 'Year 2022', xml: sheetXml(700) },
        { name: 'Year 2023', xml: sheetXml(300) },
      ]),
    );
    const load = async (viaWorker: boolean) => {
      const sql = (await openNativeDuckDb()) as SqlPort & { close(): void };
      try {
        const progress: string[] = [];
        const fractions: number[] = [];
        if (viaWorker) withWorkbookInput(sql, new EngineClient({ forceInProcess: true }));
        const read = await readSources(sql, [new NodeFileSource(file)], {
          control: {
            onProgress: (f, m) => {
              fractions.push(f);
              progress.push(m ?? '');
            },
          },
        });
        const raw = tableRows(await sql.query('SELECT * FROM raw ORDER BY rowid'));
        return { read, raw, converting: [...new Set(progress.filter((m) => m.startsWith('converting')))], fractions, messages: progress };
      } finally {
        sql.close();
      }
    };
    const inProcess = await load(false);
    const viaWorker = await load(true);
    expect(viaWorker).toEqual(inProcess);
    expect(viaWorker.raw).toHaveLength(1_000);
    // Converting is the first half of the read, DuckDB's reading the second: never backwards.
    const f = viaWorker.fractions;
    expect(f).toEqual([...f].sort((a, b) => a - b));
    expect(f.at(-1)).toBe(1);
    const convertingAt = f.filter((_, i) => viaWorker.messages[i]!.startsWith('converting'));
    expect(convertingAt.length).toBeGreaterThan(0);
    expect(Math.max(...convertingAt)).toBeLessThanOrEqual(0.5);
    expect(viaWorker.read.sources.map((s) => [s.name, s.rows, s.headerLine])).toEqual([
      ['orders.xlsx [Year 2022]', 700, 3],
      ['orders.xlsx [Year 2023]', 300, 3],
    ]);
    expect(viaWorker.converting).toEqual([
      'converting orders.xlsx, sheet "About" (1 of 3)',
      'converting orders.xlsx, sheet "Year 2022" (2 of 3)',
      'converting orders.xlsx, sheet "Year 2023" (3 of 3)',
    ]);
  }, 120_000);

  it("inserts the worker's record batches into DuckDB-WASM with only the schema written in front: the same raw as the in-process conversion", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ss-wb-arrow-'));
    const file = path.join(dir, 'orders.xlsx');
    writeFileSync(
      file,
      workbook([
        { name: 'Year 2022', xml: sheetXml(700) },
        { name: 'Year 2023', xml: sheetXml(300) },
      ]),
    );
    const load = async (viaWorker: boolean) => {
      const sql = await openNodeDuckDb();
      try {
        const streams: { ipc: Uint8Array; create: boolean }[] = [];
        const insert = sql.insertArrow!.bind(sql);
        sql.insertArrow = (table, ipc, options) => {
          streams.push({ ipc, create: options.create });
          return insert(table, ipc, options);
        };
        const tables: SheetTable[] = [];
        if (viaWorker) {
          withWorkbookInput(sql, new EngineClient({ forceInProcess: true }));
          const convert = sql.workbookTables!;
          sql.workbookTables = async (...a) => {
            const out = await convert(...a);
            tables.push(...out.tables);
            return out;
          };
        }
        const read = await readSources(sql, [new NodeFileSource(file)]);
        const raw = tableRows(await sql.query('SELECT rowid AS id, * FROM raw ORDER BY rowid'));
        return { read, raw, streams, tables };
      } finally {
        sql.close();
      }
    };
    const inProcess = await load(false);
    const viaWorker = await load(true);
    expect(viaWorker.raw).toEqual(inProcess.raw);
    expect(viaWorker.read).toEqual(inProcess.read);
    expect(viaWorker.raw).toHaveLength(1_000);
    expect(viaWorker.raw[700]).toMatchObject({ id: 700, Invoice: '1000', Note: 'a, "b" 0', __source: 'orders.xlsx [Year 2023]' });
    // One stream per sheet, each a view of the buffer the worker's batches came in: the rows were not copied on this thread.
    expect(viaWorker.streams.map((s) => s.create)).toEqual([true, false]);
    expect(viaWorker.streams.every((s, k) => s.ipc.buffer === viaWorker.tables[k]!.arrowBatches!.buffer)).toBe(true);
  }, 120_000);
});
