/**
 * Lines a stray quote read as text (merged-lines.ts): a quote opened on one line and closed on a
 * later one makes the lines between text inside one value; never silently. Multi-line values that
 * are text stay as they are, with no warning, and a file whose lines are its rows pays no look.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectText } from '../../../engine/cli/inspect.ts';
import { openNativeDuckDb } from '../../../engine/cli/native-duckdb.ts';
import {
  checkBlankLines,
  checkMergedLines,
  figureWarnings,
  mergedLinesUncheckedNote,
  openDataset,
  readSources,
  tableRows,
  type DataSource,
  type SqlPort,
} from '../../../engine/src/index.ts';
import { LOAD_SCAN_BYTES } from '../../../engine/src/io/blank-lines.ts';
import { MemorySource, openDb, textSource } from '../../helpers/engine.ts';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const line = (i: number, description = 'Mug') =>
  `${1000 + Math.floor(i / 3)},A${i % 7},${description},${1 + (i % 4)},2024-01-0${1 + (i % 9)} 10:00,1.5,${100 + (i % 11)},UK`;
/** The header and `n` lines (line k's description given, k from 1), each ended by `eol`. */
const file = (n: number, description: (k: number) => string, eol = '\n') =>
  [HEADER, ...Array.from({ length: n }, (_, i) => line(i, description(i + 1)))].map((l) => l + eol).join('');

/** `sql` with the statements it was given. */
function watched(sql: SqlPort): { sql: SqlPort; statements: string[] } {
  const statements: string[] = [];
  const query: SqlPort['query'] = (q, options) => {
    statements.push(q);
    return sql.query(q, options);
  };
  return { sql: Object.assign(Object.create(sql) as SqlPort, { query }), statements };
}
/** The look for such values (merged-lines.ts). */
const LOOK = 'QUALIFY col IS NOT NULL';

const cases: [string, () => Promise<SqlPort & { close(): void }>][] = [
  ['DuckDB-WASM', () => openDb()],
  ['native DuckDB', async () => openNativeDuckDb()],
];

describe('lines a stray quote read as text', () => {
  for (const [name, open] of cases) {
    it(`are said in the figure warnings, with the rows kept as read, early or past DuckDB's sample (${name})`, async () => {
      const sql = await open();
      try {
        for (const [n, at, eol] of [
          [200, 52, '\n'],
          [200, 52, '\r\n'],
          [8000, 7950, '\n'],
        ] as const) {
          const text = file(n, (k) => (k + 1 === at ? '"Mug' : k + 1 === at + 3 ? 'Big"' : 'Mug'), eol);
          const ds = await openDataset(sql, [textSource('merged.csv', text)]);
          expect(ds.report.rows_read).toBe(n - 3);
          expect(ds.sources[0]!.mergedLines).toEqual({ count: 1, lines: 3, examples: [{ row: at, line: at, column: 'Description', lines: 3 }] });
          const warning = `merged.csv: 1 value holds 3 lines of the file read as text, their rows not read: a quote opens "Description" on row ${at} (line ${at} of the file) and closes 3 lines down, on line ${at + 3}. Its row is kept as read`;
          expect(figureWarnings(ds).some((w) => w.startsWith(warning))).toBe(true);
          expect(inspectText(ds)).toContain(`warning: ${warning}`);
        }
        // A folder: each file's own, rows and lines its own (a quoted line break above the second's counted in its lines).
        const files = [
          textSource(
            'a.csv',
            file(30, () => 'Mug'),
          ),
          textSource(
            'b.csv',
            file(30, (k) => (k === 10 ? '"Mug' : k === 12 ? 'Big"' : 'Mug')),
          ),
          textSource(
            'c.csv',
            file(30, (k) => (k === 3 ? '"Two\nlines"' : k === 20 ? '"Mug' : k === 21 ? 'Big"' : 'Mug')),
          ),
        ];
        const folder = await openDataset(sql, files);
        expect(folder.sources.map((s) => s.mergedLines)).toEqual([
          undefined,
          { count: 1, lines: 2, examples: [{ row: 11, line: 11, column: 'Description', lines: 2 }] },
          { count: 1, lines: 1, examples: [{ row: 21, line: 22, column: 'Description', lines: 1 }] },
        ]);
      } finally {
        sql.close();
      }
    });

    it(`leave text with line breaks alone, unsaid, and cost a file whose lines are its rows no look (${name})`, async () => {
      const db = await open();
      try {
        const { sql, statements } = watched(db);
        // Blank lines and a last one without its line break: lines and rows still agree.
        const clean = `${file(40, () => 'Mug').replace('\n1013', '\n\n1013')}\n${line(41)}`;
        const plain = await readSources(sql, [textSource('clean.csv', clean)]);
        expect(plain.sources[0]!.rows).toBe(41);
        expect(statements.some((q) => q.includes(LOOK))).toBe(false);
        // A description on two lines, one with a few commas: text, as read. So too notes whose lines
        // hold as many commas as a record between them, but not where a record's lines would.
        const notes: Record<number, string> = {
          5: '"Red mug\nDishwasher safe, 300 ml, boxed"',
          9: '"Two\r\nlines"',
          12: '"Gift wrap, please, red paper, bow, tag\nThanks, Ann, Bob, Cy"',
          20: '"Leave at the door\n\nCall first, ring twice, wait, knock, twice, or call, then go"',
        };
        const text = file(40, (k) => notes[k] ?? 'Mug');
        const ds = await openDataset(sql, [textSource('multi.csv', text)]);
        expect(statements.some((q) => q.includes(LOOK))).toBe(true);
        expect(ds.report.rows_read).toBe(40);
        expect(ds.sources[0]!.mergedLines).toBeUndefined();
        expect(figureWarnings(ds).join('\n')).not.toContain('read as text');
        expect(tableRows(await db.query(`SELECT description AS d FROM lines WHERE description LIKE 'Red%'`))).toEqual([
          { d: 'Red mug\nDishwasher safe, 300 ml, boxed' },
        ]);
      } finally {
        db.close();
      }
    });
  }

  it("never lose a table's lines silently: the rows read are the rows written, or a warning or an error names the row the quote opened on (property)", async () => {
    const sql = await openNativeDuckDb();
    try {
      const word = fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9 ]{0,5}$/);
      const table = fc.integer({ min: 3, max: 6 }).chain((width) =>
        fc.record({
          width: fc.constant(width),
          rows: fc.array(fc.array(word, { minLength: width, maxLength: width }), { minLength: 3, maxLength: 30 }),
          eol: fc.constantFrom('\n', '\r\n'),
        }),
      );
      await fc.assert(
        fc.asyncProperty(
          table,
          fc.nat(),
          fc.nat(),
          fc.integer({ min: 0, max: 6 }),
          fc.nat(),
          fc.boolean(),
          async (t, atRow, atField, down, closeField, closed) => {
            const rows = t.rows.map((r) => [...r]);
            const open = atRow % rows.length;
            const field = atField % t.width;
            rows[open]![field] = `"${rows[open]![field]}`;
            // The quote closes `down` lines further (at the end of a field, where DuckDB reads on), or never.
            const close = Math.min(open + down, rows.length - 1);
            const last = close === open ? field + ((closeField % (t.width - field)) as number) : closeField % t.width;
            if (closed) rows[close]![last] = `${rows[close]![last]}"`;
            const header = Array.from({ length: t.width }, (_, i) => `col${i}`).join(',');
            const text = [header, ...rows.map((r) => r.join(','))].map((l) => l + t.eol).join('');
            let read: Awaited<ReturnType<typeof readSources>>;
            try {
              read = await readSources(sql, [textSource('t.csv', text)]);
            } catch (e) {
              expect(e).toMatchObject({ location: { file: 't.csv', row: open + 2 } });
              return;
            }
            const s = read.sources[0]!;
            if (s.rows === rows.length) return;
            expect(s.mergedLines?.examples[0]).toMatchObject({ row: open + 2, line: open + 2, column: `col${field}`, lines: close - open });
            expect(s.rows + s.mergedLines!.lines).toBe(rows.length);
          },
        ),
        { numRuns: 150 },
      );
    } finally {
      sql.close();
    }
  }, 120_000);
});

describe('lines a stray quote read as text in a large file its host looks through after the load (the app in a browser)', () => {
  /** A source read as the app in a browser reads a picked file: each read a copy, nothing held. */
  const browserLike = (name: string, bytes: Uint8Array): DataSource => new MemorySource(name, bytes);
  /** A source the CLI reads, into one buffer: its lines are counted during the load. */
  const cliLike = (name: string, bytes: Uint8Array): DataSource =>
    Object.assign(new MemorySource(name, bytes), {
      readInto: async (start: number, into: Uint8Array) => {
        const part = bytes.subarray(start, start + into.length);
        into.set(part);
        return part.length;
      },
    });
  /** Past LOAD_SCAN_BYTES: `top` (lines above the data), then data lines, line k's description given. */
  const large = (top: string[], description: (k: number) => string, eol: string) => {
    const n = Math.ceil(LOAD_SCAN_BYTES / line(1).length) + 100;
    const text = [...top, ...Array.from({ length: n }, (_, i) => line(i, description(i + 1)))].map((l) => l + eol).join('');
    const bytes = new TextEncoder().encode(text);
    expect(bytes.length).toBeGreaterThan(LOAD_SCAN_BYTES);
    return { bytes, n };
  };

  it('are searched after the load, once the lines are counted, with the figures a load that counted them gives; a clean file runs no search', async () => {
    const db = await openNativeDuckDb();
    try {
      const { sql, statements } = watched(db);
      // A title row, a header with a quoted line break, a two-line description above the stray quote; one early, one past DuckDB's sample.
      const quotedHeader = HEADER.replace('Description', '"Description\n(text)"');
      for (const [eol, at] of [
        ['\n', 60],
        ['\r\n', 150_000],
      ] as const) {
        const { bytes, n } = large(
          ['Sales report', quotedHeader],
          (k) => (k === 5 ? `"Red mug${eol}boxed"` : k === at ? '"Mug' : k === at + 3 ? 'Big"' : 'Mug'),
          eol,
        );
        statements.length = 0;
        const source = browserLike('big.csv', bytes);
        const shown = await openDataset(sql, [source], { checkedAfterLoad: [source] });
        expect(shown.sources[0]).toMatchObject({ rows: n - 3, blankLinesUnchecked: true, mergedLinesUnchecked: true });
        expect(shown.sources[0]!.mergedLines).toBeUndefined();
        expect(statements.some((q) => q.includes(LOOK))).toBe(false);
        expect(mergedLinesUncheckedNote(shown.sources)).toContain('big.csv');
        expect(await checkBlankLines([source])).toBe(false);
        const later = await checkMergedLines(sql, [source], shown.sources);
        expect(statements.filter((q) => q.includes(LOOK))).toHaveLength(1);
        // Row: the title row, the header's and the data rows above; line: the quoted line breaks above it too.
        const expected = { count: 1, lines: 3, examples: [{ row: at + 2, line: at + 4, column: 'Description (text)', lines: 3 }] };
        expect(later).toEqual(new Map([['big.csv', expected]]));
        // Searched once.
        expect(await checkMergedLines(sql, [source], shown.sources)).toEqual(new Map());
        // The load of a host that counts lines as it reads (the CLI) finds the same.
        const counted = await openDataset(sql, [cliLike('big.csv', bytes)]);
        expect(counted.sources[0]!.mergedLines).toEqual(expected);
        expect(counted.sources[0]!.mergedLinesUnchecked).toBeUndefined();
        // A host that does not look after the load (none named) has the file searched during it, as before.
        statements.length = 0;
        const uncounted = await openDataset(sql, [browserLike('big.csv', bytes)]);
        expect(uncounted.sources[0]!.blankLinesUnchecked).toBe(true);
        expect(uncounted.sources[0]!.mergedLinesUnchecked).toBeUndefined();
        expect(uncounted.sources[0]!.mergedLines).toMatchObject({ count: 1, lines: 3, examples: [{ row: at + 2, column: 'Description (text)' }] });
        expect(statements.filter((q) => q.includes(LOOK))).toHaveLength(1);
      }
      // A clean large file: no search during the load, none after (its lines are its rows).
      const { bytes } = large([HEADER], () => 'Mug', '\n');
      const clean = browserLike('clean.csv', bytes);
      statements.length = 0;
      const shown = await openDataset(sql, [clean], { checkedAfterLoad: [clean] });
      expect(shown.sources[0]!.mergedLinesUnchecked).toBe(true);
      expect(await checkBlankLines([clean])).toBe(false);
      expect(await checkMergedLines(sql, [clean], shown.sources)).toEqual(new Map());
      expect(statements.some((q) => q.includes(LOOK))).toBe(false);
    } finally {
      db.close();
    }
  }, 120_000);
});
