/**
 * A plain table reads the same with DuckDB's sniffer off (read-sources.ts reads such files with
 * auto_detect = false): isPlainTable's answers on hand-made cases, and a property comparing
 * DuckDB's read with and without its sniffer on random files, both plain and not.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPlainTable } from '../../../engine/src/io/plain-table.ts';
import { literal, literalList } from '../../../engine/src/sql/quote.ts';
import { tableRows } from '../../../engine/src/sql/rows.ts';
import { openDb } from '../../helpers/engine.ts';

describe('isPlainTable', () => {
  it('accepts rectangular tables, quoted fields, blank lines and any line ending', () => {
    expect(isPlainTable('a,b,c\n1,2,3\n4,5,6\n', 0, 3, ',', '"')).toBe(true);
    expect(isPlainTable('a,b,c\r\n1,"x, y",3\r\n\r\n4,"say ""hi""",6', 0, 3, ',', '"')).toBe(true);
    expect(isPlainTable('a;b\r1;2\r', 0, 2, ';', '"')).toBe(true);
    expect(isPlainTable('Sales report\n\na,b,c\n1,2,3\n', 2, 3, ',', '"')).toBe(true);
  });

  it('refuses what DuckDB’s sniffer could read otherwise', () => {
    expect(isPlainTable('a,b,c\n1,2,3,4\n', 0, 3, ',', '"')).toBe(false); // a long row
    expect(isPlainTable('a,b,c\n1,2\n', 0, 3, ',', '"')).toBe(false); // a short row
    expect(isPlainTable('a,b,c\n#1,2,3\n', 0, 3, ',', '"')).toBe(false); // a comment-like line
    expect(isPlainTable('a,b,c\n #1,2,3\n', 0, 3, ',', '"')).toBe(false); // also after spaces
    expect(isPlainTable('a,b,c\n1,x #2,3\n', 0, 3, ',', '"')).toBe(false); // or within a line
    expect(isPlainTable('Sales report\na,b,c\n1,2,3\n', 0, 3, ',', '"')).toBe(false); // a title not skipped
    expect(isPlainTable('a,b,c\n1,"x\ny",3\n', 0, 3, ',', '"')).toBe(false); // a line break in quotes
    expect(isPlainTable('a,b,c\n1,x"y,3\n', 0, 3, ',', '"')).toBe(false); // a quote inside a field
    expect(isPlainTable('a,b,c\n1,"x"y,3\n', 0, 3, ',', '"')).toBe(false); // text after a closing quote
    expect(isPlainTable('a,b,c\n1,"x,3\n', 0, 3, ',', '"')).toBe(false); // a quote never closed
    expect(isPlainTable('a,b,c\n  \n', 0, 3, ',', '"')).toBe(false); // a line of spaces is one field
  });
});

describe('DuckDB reads a plain table the same without its sniffer', () => {
  let sql: Awaited<ReturnType<typeof openDb>>;
  beforeAll(async () => {
    sql = await openDb();
  });
  afterAll(() => sql.close());

  // Cells a plain table may hold (no '#'), then any cell.
  const plainCells = [
    { weight: 6, arbitrary: fc.stringMatching(/^[A-Za-z0-9 .-]{0,6}$/) },
    { weight: 2, arbitrary: fc.stringMatching(/^[A-Za-z ,;"]{1,5}$/).map((s) => `"${s.replace(/"/g, '""')}"`) },
  ];
  const plainCell = fc.oneof(...plainCells);
  const cell = fc.oneof(
    ...plainCells,
    { weight: 1, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom('#', ' #x', 'a#b', '# ', '\t#', 'x #') },
  );
  const line = (width: number) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.array(cell, { minLength: width, maxLength: width }).map((c) => c.join(',')) },
      { weight: 1, arbitrary: fc.array(cell, { minLength: 1, maxLength: width + 2 }).map((c) => c.join(',')) },
      { weight: 1, arbitrary: fc.constantFrom('', '# note', '#', 'x"y', '"open') },
    );

  // Lines a plain table may hold: cells of the header's width, or blank.
  const plainLine = (width: number) =>
    fc.oneof(
      { weight: 8, arbitrary: fc.array(plainCell, { minLength: width, maxLength: width }).map((c) => c.join(',')) },
      { weight: 1, arbitrary: fc.constant('') },
    );

  it('on random files, whenever isPlainTable says so (property)', async () => {
    let plain = 0;
    await fc.assert(
      fc.asyncProperty(
        // Half the files are drawn from plain lines only, so that plain tables are compared often
        // on every run (most files of any lines are not plain).
        fc
          .tuple(fc.integer({ min: 2, max: 5 }), fc.boolean())
          .chain(([w, plainOnly]) => fc.tuple(fc.constant(w), fc.array(plainOnly ? plainLine(w) : line(w), { minLength: 1, maxLength: 12 }))),
        fc.constantFrom('\n', '\r\n'),
        async ([width, body], eol) => {
          const names = Array.from({ length: width }, (_, i) => `C${i}`);
          const text = [names.join(','), ...body].join(eol) + eol;
          if (!isPlainTable(text, 0, width, ',', '"')) return;
          plain++;
          await sql.registerBuffer('plain.csv', new TextEncoder().encode(text));
          const common = `header = true, delim = ',', quote = '"', escape = '"', null_padding = true`;
          const read = async (how: string) =>
            tableRows(await sql.query(`SELECT * FROM read_csv(${literal('plain.csv')}, ${common}, ${how})`)).map((r) => names.map((n) => r[n] ?? null));
          const sniffed = await read(`all_varchar = true, names = ${literalList(names)}`);
          const told = await read(`auto_detect = false, columns = {${names.map((n) => `${literal(n)}: 'VARCHAR'`).join(', ')}}`);
          expect(told).toEqual(sniffed);
        },
      ),
      { numRuns: 400 },
    );
    expect(plain).toBeGreaterThan(100);
  }, 120_000);
});
