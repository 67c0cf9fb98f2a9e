/**
 * Several small files are loaded in one transaction (read-sources.ts, loadOnce): the rows come in
 * file order, and a read that fails inside it rolls the load back and reports its error with the
 * connection still usable. Expected rows are written here from the files.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { EngineError, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

/** Day `d`'s file: `n` lines, invoice 1000·d + k. */
function day(d: number, n: number, extra = ''): { name: string; text: string } {
  const lines = Array.from(
    { length: n },
    (_, k) => `${1000 * d + k},A${k},ITEM ${k},${k + 1},2024-01-${String(d).padStart(2, '0')} 10:00:00,1.50,C${k % 7},France`,
  );
  return { name: `day-${String(d).padStart(2, '0')}.csv`, text: `${HEADER}\n${lines.join('\n')}\n${extra}` };
}

let sql: SqlPort;
/** Statements run, to see that the load took the path under test. */
const statements: string[] = [];
beforeAll(async () => {
  const db = await openDb();
  sql = {
    ...db,
    exec: (s, o) => {
      statements.push(s);
      return db.exec(s, o);
    },
  };
});

async function invoices(): Promise<string[]> {
  return tableRows(await sql.query('SELECT invoice FROM lines ORDER BY row_id')).map((r) => String(r.invoice));
}

describe('a load of many small files', () => {
  it('reads them in runs within one transaction, a quoted line break and a short line included, in file order', async () => {
    const files = Array.from({ length: 20 }, (_, i) => day(i + 1, 30));
    // A description holding a line break, and a short line (padded with empty values).
    files[12] = day(13, 30, `13999,Z1,"TWO\nLINES",1,2024-01-13 11:00:00,2.00,C1,France\n13998,Z2\n`);
    const ds = await openDataset(
      sql,
      files.map((f) => textSource(f.name, f.text)),
    );
    const expected = files.flatMap((_, i) => [...Array.from({ length: 30 }, (_, k) => String(1000 * (i + 1) + k)), ...(i === 12 ? ['13999', '13998'] : [])]);
    expect(await invoices()).toEqual(expected);
    expect(ds.report.rows_read).toBe(expected.length);
    const text = tableRows(await sql.query(`SELECT description FROM lines WHERE invoice = '13999'`));
    expect(text[0]!.description).toBe('TWO\nLINES');
    expect(statements.filter((s) => s === 'BEGIN TRANSACTION' || s === 'ROLLBACK' || s === 'COMMIT')).toEqual(['BEGIN TRANSACTION', 'COMMIT']);
    expect(statements.filter((s) => s.startsWith('INSERT INTO raw')).length).toBeGreaterThan(1);
  });

  it('reports a broken file by name, then loads the next files on the same connection', async () => {
    statements.length = 0;
    const files = Array.from({ length: 20 }, (_, i) => day(i + 1, 30));
    files[15] = day(16, 30, '16999,Z1,"NEVER CLOSED,1,2024-01-16 11:00:00,2.00,C1,France\n');
    const error = await openDataset(
      sql,
      files.map((f) => textSource(f.name, f.text)),
    ).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).location.file).toBe('day-16.csv');
    expect(statements.filter((s) => s === 'BEGIN TRANSACTION' || s === 'ROLLBACK' || s === 'COMMIT').at(-1)).toBe('ROLLBACK');
    const good = Array.from({ length: 12 }, (_, i) => day(i + 1, 10));
    await openDataset(
      sql,
      good.map((f) => textSource(f.name, f.text)),
    );
    expect(await invoices()).toEqual(good.flatMap((_, i) => Array.from({ length: 10 }, (_, k) => String(1000 * (i + 1) + k))));
  });
});
