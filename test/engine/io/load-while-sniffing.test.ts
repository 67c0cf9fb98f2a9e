/**
 * A folder of small CSV files is read run by run while its later files are still sniffed
 * (read-sources.ts, loadWhileSniffing). A later file that does not fit (other columns, another
 * delimiter, a read that fails) rolls that back, and the load ends as it did when every file
 * was sniffed first: the same rows in the same order, or the same error with the previous
 * dataset left in place. Expected rows are written here from the files.
 */
import { describe, expect, it } from 'vitest';
import { EngineError, openDataset, tableRows, type SqlPort } from '../../../engine/src/index.ts';
import { firstRow, num } from '../../../engine/src/sql/rows.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

const HEADER = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];

/** Day `d`'s file, 30 lines, invoice 1000·d + k; `delimiter` between fields. */
function day(d: number, delimiter = ',', header = HEADER) {
  const lines = Array.from({ length: 30 }, (_, k) =>
    [1000 * d + k, `A${k}`, `ITEM ${k}`, k + 1, `2024-01-${String(d).padStart(2, '0')} 10:00:00`, '1.50', `C${k % 7}`, 'France'].join(delimiter),
  );
  return textSource(`day-${String(d).padStart(2, '0')}.csv`, `${header.join(delimiter)}\n${lines.join('\n')}\n`);
}

const invoicesOf = (days: number[]) => days.flatMap((d) => Array.from({ length: 30 }, (_, k) => String(1000 * d + k)));

/** The port with its statements and registrations logged, in order. */
function logged(sql: SqlPort) {
  const log: string[] = [];
  const port: SqlPort = Object.create(sql);
  port.exec = (s, o) => (log.push(`sql ${s.trim().split(/\s+/).slice(0, 2).join(' ')}`), sql.exec(s, o));
  port.registerFile = (a, s) => (log.push(`register ${a}`), sql.registerFile(a, s));
  return { port, log };
}

async function invoices(sql: SqlPort): Promise<string[]> {
  return tableRows(await sql.query('SELECT invoice FROM lines ORDER BY row_id')).map((r) => String(r.invoice));
}

const days = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

describe('a folder read while its files are sniffed', () => {
  it('starts reading before its last file is registered, rows in file order', async () => {
    const { port, log } = logged(await openDb());
    const ds = await openDataset(
      port,
      days(20).map((d) => day(d)),
    );
    expect(await invoices(port)).toEqual(invoicesOf(days(20)));
    expect(ds.sources.map((s) => s.firstRowId)).toEqual(days(20).map((d) => 30 * (d - 1)));
    expect(log.indexOf('sql CREATE TABLE')).toBeLessThan(log.indexOf('register src_19.csv'));
    expect(log.filter((l) => /TRANSACTION|COMMIT|ROLLBACK/.test(l))).toEqual(['sql BEGIN TRANSACTION', 'sql COMMIT']);
  });

  it('a later file with another delimiter: read after the files of the first format, as when all were sniffed first', async () => {
    const sql = await openDb();
    const files = days(20).map((d) => day(d, d === 15 ? ';' : ','));
    const ds = await openDataset(sql, files);
    const order = [...days(20).filter((d) => d !== 15), 15];
    expect(await invoices(sql)).toEqual(invoicesOf(order));
    expect(ds.sources.find((s) => s.name === 'day-15.csv')!.format.delimiter).toBe(';');
  });

  it('a later file without a column a line is read from is refused by name, the loaded dataset kept', async () => {
    const sql = await openDb();
    await openDataset(
      sql,
      [1, 2].map((d) => day(d)),
    );
    const files = days(20).map((d) => (d === 17 ? day(d, ',', [...HEADER.slice(0, 5), 'Extra', ...HEADER.slice(6)]) : day(d)));
    const error = await openDataset(sql, files).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(EngineError);
    expect((error as EngineError).message).toMatch(/no column "UnitPrice", the unit price of day-01.csv's lines/);
    expect((error as EngineError).location).toMatchObject({ file: 'day-17.csv', column: 'UnitPrice' });
    expect(await invoices(sql)).toEqual(invoicesOf([1, 2]));
    expect(num(firstRow(await sql.query(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '__previous_%'`)).n)).toBe(0);
  });
});
