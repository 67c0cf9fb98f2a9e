/**
 * Mixed line endings (line-breaks.ts): DuckDB refuses a file whose lines end in more than one way,
 * so the load reads a copy with LF throughout, on that failure only; in DuckDB-WASM (the app) and
 * native DuckDB (the CLI) alike, the figures those of the same file with one kind of line break.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { uniformLineBreaks } from '../../../engine/src/io/line-breaks.ts';
import { openNativeDuckDb } from '../../../engine/cli/native-duckdb.ts';
import { inspectText } from '../../../engine/cli/inspect.ts';
import { expectSameFigures, MemorySource, openDb, textSource, utf16Source } from '../../helpers/engine.ts';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const line = (i: number, description = 'Mug') =>
  `${1000 + Math.floor(i / 3)},A${i % 7},${description},${1 + (i % 4)},2024-01-0${1 + (i % 9)} 10:00,1.5,${100 + (i % 11)},UK`;
/** The header and `n` lines, each ended by `eol(k)` (k = 0 for the header). */
const file = (n: number, eol: (k: number) => string, description?: (k: number) => string) =>
  [HEADER, ...Array.from({ length: n }, (_, i) => line(i, description?.(i + 1)))].map((l, k) => l + eol(k)).join('');

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (copy: { bytes: Uint8Array } | undefined) => (copy === undefined ? undefined : new TextDecoder().decode(copy.bytes));

describe('uniformLineBreaks', () => {
  it('leaves a file with one kind of line break alone, whatever its quoted fields hold', () => {
    for (const eol of ['\n', '\r\n', '\r']) expect(uniformLineBreaks(bytes(`a,b${eol}1,"x\r\ny\nz"${eol}2,3${eol}`), ',', '"')).toBeUndefined();
  });

  it('makes every line break outside quotes one LF: "\\r\\r\\n" one, a CR alone one, quoted ones kept', () => {
    expect(text(uniformLineBreaks(bytes('a,b\r\n1,2\n3,4\r\r\n5,"x\r\ny"\r6,"say ""hi""\r\n",7\r\n'), ',', '"'))).toBe(
      'a,b\n1,2\n3,4\n5,"x\r\ny"\n6,"say ""hi""\r\n",7\n',
    );
    // Converted twice throughout: one kind, but not one DuckDB reads.
    expect(text(uniformLineBreaks(bytes('a,b\r\r\n1,2\r\r\n'), ',', '"'))).toBe('a,b\n1,2\n');
  });

  it('gives the records of the file as written with LF, whatever mix of endings it was written with', () => {
    const field = fc.oneof(
      fc.stringMatching(/^[A-Za-z0-9 .-]{1,6}$/),
      fc.stringMatching(/^[A-Za-z ,"\r\n]{0,6}$/).map((s) => `"${s.replaceAll('"', '""')}"`),
    );
    // A table: records of one width (a CR alone that ends a short record, and the next fits in it, is read inside the value).
    const table = fc.integer({ min: 1, max: 4 }).chain((width) =>
      fc.array(
        fc.tuple(
          fc.array(field, { minLength: width, maxLength: width }).map((f) => f.join(',')),
          fc.constantFrom('\n', '\r\n', '\r', '\r\r\n'),
        ),
        { minLength: 1, maxLength: 12 },
      ),
    );
    fc.assert(
      fc.property(table, (lines) => {
        const out = text(uniformLineBreaks(bytes(lines.map(([r, eol]) => r + eol).join('')), ',', '"'));
        const kinds = new Set(lines.map(([, eol]) => eol));
        if (kinds.size === 1 && !kinds.has('\r\r\n')) expect(out).toBeUndefined();
        else expect(out).toBe(lines.map(([r]) => `${r}\n`).join(''));
      }),
    );
  });
});

describe('a CR alone inside a value', () => {
  it('is a space in its value where its record read on fits the widest record, else a line end', () => {
    expect(uniformLineBreaks(bytes('a,b,c\r\n1,Mug\rBig,3\r\n4,5,6\r\n'), ',', '"')).toEqual({
      bytes: bytes('a,b,c\n1,Mug Big,3\n4,5,6\n'),
      carriageReturns: { count: 1, row: 2, field: 1 },
    });
    // Several in one value count once; one in the last field; in a LF file too.
    expect(uniformLineBreaks(bytes('a,b,c\n1,x\ry\r\rz,3\n4,5,U\rK\n'), ',', '"')).toEqual({
      bytes: bytes('a,b,c\n1,x y  z,3\n4,5,U K\n'),
      carriageReturns: { count: 2, row: 2, field: 1 },
    });
    // After a whole record, or in a file of CRs alone, a CR ends its line.
    expect(text(uniformLineBreaks(bytes('a,b,c\r\n1,2,3\r4,5,6\r\n'), ',', '"'))).toBe('a,b,c\n1,2,3\n4,5,6\n');
    expect(uniformLineBreaks(bytes('a,b,c\r1,2\r3\r'), ',', '"')).toBeUndefined();
  });

  it('leaves the rows of a table written with LF or CRLF as they are, each CR read as a space (property)', () => {
    // A CR may be anywhere in a value but at the end of a line (a CR before the line's CRLF or LF is part of its line break) or in the header.
    const value = fc.stringMatching(/^[A-Za-z0-9 \r]{1,6}$/);
    const row = (width: number) =>
      fc
        .tuple(fc.array(value, { minLength: width - 1, maxLength: width - 1 }), fc.stringMatching(/^[A-Za-z0-9 \r]{0,5}[A-Za-z0-9 ]$/))
        .map(([r, last]) => [...r, last]);
    const header = (width: number) => fc.array(fc.stringMatching(/^[A-Za-z]{1,6}$/), { minLength: width, maxLength: width });
    fc.assert(
      fc.property(
        fc
          .integer({ min: 2, max: 5 })
          .chain((width) => fc.tuple(header(width), fc.array(row(width), { minLength: 1, maxLength: 10 })).map(([h, r]) => [h, ...r])),
        fc.constantFrom('\n', '\r\n'),
        (rows, eol) => {
          const written = rows.map((r) => r.join(',') + eol).join('');
          const copy = uniformLineBreaks(bytes(written), ',', '"');
          const withCr = rows.flatMap((r, i) => r.flatMap((v, field) => (v.includes('\r') ? [{ row: i + 1, field }] : [])));
          if (withCr.length === 0) expect(copy).toBeUndefined();
          else {
            expect(text(copy)).toBe(rows.map((r) => `${r.join(',').replaceAll('\r', ' ')}\n`).join(''));
            expect(copy!.carriageReturns).toEqual({ count: withCr.length, ...withCr[0]! });
          }
        },
      ),
    );
  });
});

describe('files with mixed line endings are read', () => {
  const cases: [string, () => Promise<SqlPort & { close(): void }>][] = [
    ['DuckDB-WASM', () => openDb()],
    ['native DuckDB', async () => openNativeDuckDb()],
  ];
  for (const [name, open] of cases) {
    it(`reads them as the same file with one kind (${name})`, async () => {
      const sql = await open();
      try {
        const crlf = await openDataset(sql, [
          textSource(
            'crlf.csv',
            file(40, () => '\r\n'),
          ),
        ]);
        const mixed = {
          // A CRLF export with one more LF at its end, or its last line's LF only; LF with a last CRLF.
          'extra-lf.csv': `${file(40, () => '\r\n')}\n`,
          'last-lf.csv': file(40, (k) => (k === 40 ? '\n' : '\r\n')),
          'extra-crlf.csv': `${file(40, () => '\n')}\r\n`,
          // Converted twice, and every kind in turn.
          'cr-cr-lf.csv': file(40, () => '\r\r\n'),
          'every-kind.csv': file(40, (k) => ['\r\n', '\n', '\r'][k % 3]!),
        };
        for (const [file, body] of Object.entries(mixed)) expectSameFigures(await openDataset(sql, [textSource(file, body)]), crlf);
        expectSameFigures(await openDataset(sql, [new MemorySource('mixed.csv.gz', gzipSync(mixed['every-kind.csv']))]), crlf);
        const utf16 = await openDataset(sql, [utf16Source('mixed.txt', mixed['extra-lf.csv'])]);
        expectSameFigures(utf16, crlf);
        expect(utf16.sources[0]!.format.encoding).toBe('utf-16');
        // A quoted line break is a value: kept as the file has it.
        const quoted = await openDataset(sql, [
          textSource(
            'q.csv',
            file(
              40,
              (k) => (k === 40 ? '\n' : '\r\n'),
              (k) => (k === 5 ? '"two\r\nlines"' : 'Mug'),
            ),
          ),
        ]);
        expect(quoted.report.rows_read).toBe(40);
        expect(tableRows(await sql.query(`SELECT description AS d FROM lines WHERE description LIKE 'two%'`))).toEqual([{ d: 'two\r\nlines' }]);
      } finally {
        sql.close();
      }
    });

    it(`reads a CR alone inside a value of a CRLF or LF file as part of it, saying so, early or past DuckDB's sample (${name})`, async () => {
      const sql = await open();
      try {
        for (const [n, at, eol] of [
          [200, 52, '\r\n'],
          [8000, 7950, '\r\n'],
          [200, 52, '\n'],
        ] as const) {
          const ds = await openDataset(sql, [
            textSource(
              'cr.csv',
              file(
                n,
                () => eol,
                (k) => (k + 1 === at ? 'Mug\rBig' : 'Mug'),
              ),
            ),
          ]);
          expect(ds.report.rows_read).toBe(n);
          expect(ds.canonical.parseIssues).toEqual([]);
          expect(tableRows(await sql.query(`SELECT description AS d FROM lines WHERE description LIKE 'Mug %'`))).toEqual([{ d: 'Mug Big' }]);
          expect(ds.sources[0]!.carriageReturns).toEqual({ count: 1, row: at, column: 'Description' });
          expect(inspectText(ds)).toContain(
            `cr.csv: 1 value holds a carriage return (a CR alone, not a line end in this file) inside, read as a space in the value: "Description" on row ${at}`,
          );
        }
      } finally {
        sql.close();
      }
    });

    it(`reads a file past DuckDB's sniffed sample whose endings change late, and one in Windows-1252 (${name})`, async () => {
      const sql = await open();
      try {
        // Over DuckDB's sample, so its sniffer passes and its reader fails late.
        const n = 8000;
        const lf = await openDataset(sql, [
          textSource(
            'lf.csv',
            file(n, () => '\n'),
          ),
        ]);
        expectSameFigures(
          await openDataset(sql, [
            textSource(
              'late.csv',
              file(n, (k) => (k > 7000 ? '\r\n' : '\n')),
            ),
          ]),
          lf,
        );
        // Windows-1252 with a € (0x80, transcoded) and mixed endings, the € before the change and after.
        const euro = (at: number) => (k: number) => (k === at ? 'Gift \u20ac' : 'Mug');
        const cp1252 = (s: string) => Uint8Array.from(s, (c) => (c === '\u20ac' ? 0x80 : c.charCodeAt(0)));
        const uniform = await openDataset(sql, [new MemorySource('w.csv', cp1252(file(n, () => '\n', euro(7500))))]);
        for (const at of [10, 7500]) {
          const ds = await openDataset(sql, [new MemorySource('w.csv', cp1252(file(n, (k) => (k > 7000 ? '\r\n' : '\n'), euro(at))))]);
          expect(ds.report.rows_read).toBe(uniform.report.rows_read);
          expect(ds.report.revenue).toBe(uniform.report.revenue);
          expect(tableRows(await sql.query(`SELECT description AS d FROM lines WHERE description LIKE 'Gift%'`))).toEqual([{ d: 'Gift \u20ac' }]);
        }
      } finally {
        sql.close();
      }
    });
  }
});
