import { describe, expect, it } from 'vitest';
import { openLines, type DataSource, type SqlPort } from '../../engine/src/index.ts';
import { firstRow, num } from '../../engine/src/sql/rows.ts';
import { deferredPort } from '../../renderer/data/deferred-port.ts';
import { duckDbPort, type DuckDbConnection, type DuckDbFiles } from '../../renderer/data/duckdb.ts';
import { withParquetInput } from '../../renderer/data/parquet-input.ts';
import { withWorkbookInput } from '../../renderer/data/workbook-input.ts';
import { openDb, textSource } from '../helpers/engine.ts';

const settle = async () => {
  for (let i = 0; i < 10; i++) await new Promise((r) => setTimeout(r, 0));
};

/** A database that starts when the test says so; every call it gets is logged. */
function starting(real?: SqlPort) {
  const log: string[] = [];
  let start!: () => void;
  const up = new Promise<void>((r) => {
    start = r;
  });
  const db: SqlPort = {
    exec: async (sql, o) => (log.push(`exec ${sql}`), real?.exec(sql, o)),
    query: async (sql, o) => (log.push(`query ${sql}`), real ? real.query(sql, o) : ({ numRows: 0 } as never)),
    registerFile: async (alias, source) => {
      log.push(`register ${alias}`);
      if (alias === 'bad.csv') throw new Error('the file handle went away');
      await real?.registerFile(alias, source);
    },
    registerBuffer: async (alias, bytes) => (log.push(`buffer ${alias}`), real?.registerBuffer(alias, bytes)),
    dropFile: async (alias) => (log.push(`drop ${alias}`), real?.dropFile(alias)),
  };
  return { ready: up.then(() => db), start, log };
}

const file = (name: string) => textSource(name, 'a\n1\n');

describe('deferred SQL port: an open while DuckDB starts', () => {
  it('answers registrations at once, sends them in order once the database is up, and statements wait for both', async () => {
    const s = starting();
    const port = deferredPort(s.ready);
    await port.registerFile('src_0.csv', file('a.csv'));
    await port.registerBuffer('sheet.csv', new Uint8Array([1]));
    await port.registerFile('src_1.csv', file('b.csv'));
    let ran = false;
    const statement = port.exec('CREATE TABLE raw AS SELECT 1').then(() => {
      ran = true;
    });
    await settle();
    expect(s.log).toEqual([]);
    expect(ran).toBe(false);
    s.start();
    await statement;
    expect(s.log).toEqual(['register src_0.csv', 'buffer sheet.csv', 'register src_1.csv', 'exec CREATE TABLE raw AS SELECT 1']);
  });

  it('fails the statement after a registration that failed, once; the next runs', async () => {
    const s = starting();
    s.start();
    const port = deferredPort(s.ready);
    await port.registerFile('bad.csv', file('bad.csv'));
    await port.registerFile('src_1.csv', file('b.csv'));
    await expect(port.query('SELECT 1')).rejects.toThrow('the file handle went away');
    await expect(port.query('SELECT 2')).resolves.toBeDefined();
    expect(s.log).toEqual(['register bad.csv', 'register src_1.csv', 'query SELECT 2']);
  });

  it('has the optional capabilities the app gives DuckDB-WASM’s port (a new one must be deferred too)', () => {
    const conn = { query: async () => ({}), send: async () => [], cancelSent: async () => false } as unknown as DuckDbConnection;
    const real: Record<string, unknown> = { ...duckDbPort({} as DuckDbFiles, conn) };
    const client = { run: async () => ({}) as never };
    withParquetInput(real as unknown as SqlPort, client);
    withWorkbookInput(real as unknown as SqlPort, client);
    const deferred = deferredPort(
      new Promise<SqlPort>(() => undefined),
      (p) => withParquetInput(p, client),
      (p) => withWorkbookInput(p, client),
    );
    // Interrupting a statement is for coordinator jobs, never a load's; dropping the files read ahead comes after a load, on the started database.
    const needed = Object.keys(real).filter((k) => k !== 'execInterruptibly' && k !== 'queryInterruptibly' && k !== 'dropReadAheadFiles');
    expect(Object.keys(deferred).sort()).toEqual(needed.sort());
  });

  it('an engine load sniffs every file before the database is up, and gives the same lines as when it was up', async () => {
    const days = Array.from({ length: 6 }, (_, d) =>
      textSource(
        `day-${d}.csv`,
        `InvoiceNo,StockCode,Quantity,InvoiceDate,UnitPrice,CustomerID\n${d}1,P1,2,2024-01-0${d + 1} 10:00,1.50,C${d % 3}\n${d}2,P2,1,2024-01-0${d + 1} 11:00,4.00,C9\n`,
      ),
    );
    const reads: string[] = [];
    const watched: DataSource[] = days.map((s) => ({ name: s.name, size: s.size, read: (a, b) => (reads.push(s.name), s.read(a, b)) }));
    const s = starting(await openDb());
    const loading = openLines(deferredPort(s.ready), watched);
    await settle();
    // Every file was sniffed (read) while nothing reached the database.
    expect(new Set(reads)).toEqual(new Set(days.map((d) => d.name)));
    expect(s.log).toEqual([]);
    s.start();
    const lines = await loading;
    expect(s.log.slice(0, 6)).toEqual(days.map((_, i) => `register src_${i}.csv`));
    expect(lines.sources.map((x) => x.rows)).toEqual([2, 2, 2, 2, 2, 2]);
    const direct = await openDb();
    const again = await openLines(direct, days);
    const totals = async (db: SqlPort) =>
      firstRow(await db.query('SELECT count(*) AS n, round(sum(amount), 2) AS revenue, count(DISTINCT customer) AS customers FROM kept'));
    // 6 days × (2 × 1.50 + 1 × 4.00) = 42; customers C0, C1, C2, C9.
    const viaDeferred = await totals((await s.ready) as SqlPort);
    expect({ n: num(viaDeferred.n), revenue: num(viaDeferred.revenue), customers: num(viaDeferred.customers) }).toEqual({ n: 12, revenue: 42, customers: 4 });
    expect(await totals(direct)).toEqual(viaDeferred);
    expect(again.columns).toEqual(lines.columns);
  });
});
