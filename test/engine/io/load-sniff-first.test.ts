import { describe, expect, it } from 'vitest';
import { openDataset, openLines, type SqlPort } from '../../../engine/src/index.ts';
import { firstRow, num } from '../../../engine/src/sql/rows.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

/**
 * A load sniffs and registers its files before its first statement (the loaded tables are set
 * aside at that statement): a host whose database is still starting sniffs meanwhile, and a load
 * that fails before any statement leaves the database untouched. (A folder of many small files
 * starts reading after its first run's files: load-while-sniffing.test.ts.)
 */

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

/** `days` daily files of 5 lines: quantity q = 1 + k, price 2.00, customer C<k>; the expected kept totals. */
function daily(days: number, prefix: string) {
  const files = Array.from({ length: days }, (_, d) =>
    textSource(
      `${prefix}-${d + 1}.csv`,
      `${HEADER}\n${Array.from({ length: 5 }, (_, k) => `${d * 10 + k},P${k},ITEM ${k},${1 + k},2024-03-${String(d + 1).padStart(2, '0')} 10:00,2.00,${prefix}${k},UK`).join('\n')}\n`,
    ),
  );
  // Per file: quantities 1..5 at 2.00 = 30; five customers shared by every day.
  return { files, lines: days * 5, revenue: days * 30, customers: 5 };
}

/** The port with every call logged: statements by their first word(s), registrations by alias. */
function logged(sql: SqlPort) {
  const log: string[] = [];
  const port: SqlPort = Object.create(sql);
  port.exec = (s, o) => (log.push(`sql ${s.trim().split(/\s+/).slice(0, 3).join(' ')}`), sql.exec(s, o));
  port.query = (s, o) => (log.push(`sql ${s.trim().split(/\s+/).slice(0, 3).join(' ')}`), sql.query(s, o));
  port.registerFile = (a, s) => (log.push(`register ${a}`), sql.registerFile(a, s));
  return { port, log };
}

async function kept(sql: SqlPort) {
  const r = firstRow(await sql.query('SELECT count(*) AS n, round(sum(amount), 2) AS revenue, count(DISTINCT customer) AS customers FROM kept'));
  return { lines: num(r.n), revenue: num(r.revenue), customers: num(r.customers) };
}

describe('a load sniffs its files before its first statement', () => {
  it('registers every file before any statement, over a loaded dataset too, with the same figures', async () => {
    const sql = await openDb();
    const a = daily(2, 'A');
    await openDataset(sql, a.files);
    const b = daily(4, 'B');
    const { port, log } = logged(sql);
    const lines = await openLines(port, b.files);
    const firstStatement = log.findIndex((l) => l.startsWith('sql '));
    expect(log.slice(0, firstStatement)).toEqual(b.files.map((_, i) => `register src_${i}.csv`));
    // The loaded tables are set aside by that first statement's turn, then the new ones read.
    expect(log.slice(firstStatement).some((l) => /RENAME|ALTER TABLE/.test(l))).toBe(true);
    expect(lines.sources.map((s) => s.rows)).toEqual([5, 5, 5, 5]);
    expect(await kept(sql)).toEqual({ lines: b.lines, revenue: b.revenue, customers: b.customers });
    const left = await sql.query(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '__previous_%'`);
    expect(num(firstRow(left).n)).toBe(0);
  });

  it('a load refused before any statement (an empty file) sends none and leaves the loaded dataset', async () => {
    const sql = await openDb();
    const a = daily(3, 'A');
    await openDataset(sql, a.files);
    const other = textSource('other.csv', '');
    const { port, log } = logged(sql);
    await expect(openLines(port, [...daily(1, 'B').files, other])).rejects.toThrow(/the file is empty/);
    expect(log.filter((l) => l.startsWith('sql '))).toEqual([]);
    expect(await kept(sql)).toEqual({ lines: a.lines, revenue: a.revenue, customers: a.customers });
  });
});
