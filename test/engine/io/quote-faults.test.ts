/**
 * Quotes that go wrong (quote-faults.ts): a file DuckDB refuses is named with the row and column
 * where its quotes first go wrong, and a file whose quotes are escaped by backslashes (MySQL's
 * exports) is read so, saying so; in DuckDB-WASM (the app) and native DuckDB (the CLI) alike.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inspectText } from '../../../engine/cli/inspect.ts';
import { openNativeDuckDb } from '../../../engine/cli/native-duckdb.ts';
import { openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { backslashEscapes, scanQuotes } from '../../../engine/src/io/quote-faults.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const line = (i: number, description = 'Mug') =>
  `${1000 + Math.floor(i / 3)},A${i % 7},${description},${1 + (i % 4)},2024-01-0${1 + (i % 9)} 10:00,1.5,${100 + (i % 11)},UK`;
/** The header and `n` lines, line k's description (k from 1) given. */
const file = (n: number, description: (k: number) => string = () => 'Mug') =>
  `${[HEADER, ...Array.from({ length: n }, (_, i) => line(i, description(i + 1)))].join('\n')}\n`;
const bytes = (s: string) => new TextEncoder().encode(s);

describe('scanQuotes', () => {
  it('names the row (records, a quoted line break none) and field where the quotes go wrong', () => {
    const text = 'a,b,c\n1,"two\nlines",x\n2,x,"GLOBAL" SIGN\n3,"ok",y\n';
    expect(scanQuotes(bytes(text), ',', '"')).toEqual({ fault: { row: 3, field: 2, unclosed: false } });
    expect(scanQuotes(bytes('a,b\r\n1,x\r\n2,"open\r\n3,y\r\n'), ',', '"')).toEqual({ fault: { row: 3, field: 1, unclosed: true } });
    // A quote inside an unquoted field is text, as DuckDB reads it.
    expect(scanQuotes(bytes('a,b\n1,12" TRAY\n'), ',', '"')).toEqual({});
  });

  it('finds nothing wrong in a file written as RFC 4180 has it', () => {
    const value = fc.stringMatching(/^[A-Za-z ,;"\r\n\\]{0,8}$/);
    const written = (v: string) => (/[",\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v);
    fc.assert(
      fc.property(fc.array(fc.array(value, { minLength: 2, maxLength: 4 }), { minLength: 1, maxLength: 10 }), fc.constantFrom('\n', '\r\n'), (rows, eol) => {
        expect(scanQuotes(bytes(rows.map((r) => r.map(written).join(',')).join(eol) + eol), ',', '"').fault).toBeUndefined();
      }),
    );
  });

  it('reads backslash escapes only where they make the file whole and drop no backslash', () => {
    expect(backslashEscapes(bytes('a,b\n1,"12\\" TRAY"\n2,"C:\\\\x"\n'), ',', '"')).toEqual({ count: 2, row: 2 });
    // A backslash before another character (DuckDB would drop it), a doubled quote, a fault either way: not that reading.
    expect(backslashEscapes(bytes('a,b\n1,"12\\" TRAY"\n2,"C:\\temp"\n'), ',', '"')).toBeUndefined();
    expect(backslashEscapes(bytes('a,b\n1,"12\\" TRAY"\n2,"say ""hi"""\n'), ',', '"')).toBeUndefined();
    expect(backslashEscapes(bytes('a,b\n1,"GLOBAL" SIGN\n'), ',', '"')).toBeUndefined();
  });
});

describe('a file whose quotes go wrong', () => {
  const cases: [string, () => Promise<SqlPort & { close(): void }>][] = [
    ['DuckDB-WASM', () => openDb()],
    ['native DuckDB', async () => openNativeDuckDb()],
  ];
  for (const [name, open] of cases) {
    it(`is refused naming the row and column, early or past DuckDB's sample (${name})`, async () => {
      const sql = await open();
      try {
        for (const [n, at] of [
          [40, 17],
          [8000, 7950],
        ] as const) {
          for (const bad of ['"GLOBAL" WELCOME SIGN', '"12" TRAY"', '"12 INCH TRAY']) {
            const text = file(n, (k) => (k + 1 === at ? bad : 'Mug'));
            await expect(openDataset(sql, [textSource('q.csv', text)]), `${bad} in ${n} lines`).rejects.toMatchObject({
              location: { file: 'q.csv', row: at, column: 'Description' },
            });
          }
        }
      } finally {
        sql.close();
      }
    });

    it(`is read with backslash escapes where that reading makes it whole, saying so (${name})`, async () => {
      const sql = await open();
      try {
        for (const [n, at] of [
          [40, 2],
          [8000, 7950],
        ] as const) {
          const ds = await openDataset(sql, [
            textSource(
              'mysql.csv',
              file(n, (k) => (k + 1 === at ? '"PIZZA TRAY 12\\" WIDE"' : 'Mug')),
            ),
          ]);
          expect(ds.report.rows_read).toBe(n);
          expect(ds.sources[0]!.backslashEscapes).toEqual({ count: 1, row: at });
          expect(tableRows(await sql.query(`SELECT description AS d FROM lines WHERE description LIKE 'PIZZA%'`))).toEqual([{ d: 'PIZZA TRAY 12" WIDE' }]);
          expect(inspectText(ds)).toContain(
            `mysql.csv: its quoted fields escape quotes with a backslash (\\", as MySQL writes them), read so: 1 escaped, the first on row ${at}`,
          );
        }
      } finally {
        sql.close();
      }
    });
  }
});
