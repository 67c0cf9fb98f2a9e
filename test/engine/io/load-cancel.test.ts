import { describe, expect, it } from 'vitest';
import { CancelledError, migrateAsOf, openDataset, recleanDataset } from '../../../engine/src/index.ts';
import { firstRow, num } from '../../../engine/src/sql/rows.ts';
import { openDb, textSource } from '../../helpers/engine.ts';

/** A load reports files and bytes read as it goes, stops when cancelled, and a failed or cancelled load leaves the previous dataset. */

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

/** `days` daily files, `perDay` lines each: invoice, sku, quantity and price vary with the line. */
function dailyFiles(days: number, perDay: number, customerPrefix: string) {
  const files = [];
  const lines: { q: number; p: number; c: string }[] = [];
  for (let d = 1; d <= days; d++) {
    const rows: string[] = [];
    for (let k = 0; k < perDay; k++) {
      const q = 1 + ((d * 7 + k) % 5);
      const p = 0.5 + ((d + k * 3) % 9);
      const c = `${customerPrefix}${(d * 13 + k) % 17}`;
      lines.push({ q, p, c });
      rows.push(`${d * 1000 + k},P${k % 11},ITEM ${k % 11},${q},2024-03-${String(d).padStart(2, '0')} 10:00,${p.toFixed(2)},${c},UK`);
    }
    files.push(textSource(`day-${String(d).padStart(2, '0')}.csv`, `${HEADER}\n${rows.join('\n')}\n`));
  }
  const revenue = Math.round(lines.reduce((a, l) => a + l.q * l.p, 0) * 100) / 100;
  return { files, lines, revenue, customers: new Set(lines.map((l) => l.c)).size };
}

async function keptTotals(sql: Awaited<ReturnType<typeof openDb>>) {
  const r = firstRow(await sql.query('SELECT count(*) AS n, round(sum(amount), 2) AS revenue, count(DISTINCT customer) AS customers FROM kept'));
  return { n: num(r.n), revenue: num(r.revenue), customers: num(r.customers) };
}

describe('load progress and cancellation', () => {
  it('reports files and bytes read, in order, up to all of them', async () => {
    const sql = await openDb();
    const a = dailyFiles(12, 40, 'A');
    const seen: [number, string][] = [];
    const ds = await openDataset(sql, a.files, { control: { onProgress: (f, m) => seen.push([f, m ?? '']) } });
    expect(ds.report.rows_kept).toBe(a.lines.length);
    const reads = seen.filter(([, m]) => /^read \d+ of 12 files/.test(m));
    expect(reads.length).toBeGreaterThanOrEqual(6);
    const counts = reads.map(([, m]) => Number(/^read (\d+)/.exec(m)![1]));
    expect(counts).toEqual([...counts].sort((x, y) => x - y));
    expect(counts.at(-1)).toBe(12);
    const totalMb = (a.files.reduce((s, f) => s + f.size, 0) / 1e6).toFixed(1);
    expect(reads.at(-1)![1]).toBe(`read 12 of 12 files (${totalMb} of ${totalMb} MB)`);
    // Reading is the first half of the load; fractions never go back.
    expect(reads.at(-1)![0]).toBe(0.5);
    const fractions = seen.map(([f]) => f);
    expect(fractions).toEqual([...fractions].sort((x, y) => x - y));
  });

  it('a cancelled load stops and leaves the previous dataset in place, usable', async () => {
    const sql = await openDb();
    const a = dailyFiles(3, 30, 'A');
    const before = await openDataset(sql, a.files);
    expect(before.report.revenue).toBe(a.revenue);
    const b = dailyFiles(12, 40, 'B');
    const signal = { aborted: false };
    let reads = 0;
    const load = openDataset(sql, b.files, {
      control: {
        signal,
        onProgress: (_f, m) => {
          if (m?.startsWith('read ') && ++reads === 2) signal.aborted = true;
        },
      },
    });
    await expect(load).rejects.toBeInstanceOf(CancelledError);
    expect(reads).toBe(2); // stopped at the next step, not at the end
    expect(await keptTotals(sql)).toEqual({ n: a.lines.length, revenue: a.revenue, customers: a.customers });
    // The restored tables work as before: re-cleaning gives the same figures.
    const again = await recleanDataset(sql, before, before.cleaning);
    expect(again.report.revenue).toBe(a.revenue);
    expect(again.report.customers).toBe(a.customers);
  });

  it('a load that fails late leaves the previous dataset too, and the next load works', async () => {
    const sql = await openDb();
    const a = dailyFiles(2, 25, 'A');
    await openDataset(sql, a.files);
    // A ragged row is found after `raw` is read.
    const bad = textSource('bad.csv', `${HEADER}\n1,P1,X,1,2024-03-01 10:00,1.00,C1,UK\n2,P1,X,1,2024-03-01 10:00,1.00,C1,UK,extra\n`);
    await expect(openDataset(sql, [bad])).rejects.toThrow(/more fields/);
    expect(await keptTotals(sql)).toEqual({ n: a.lines.length, revenue: a.revenue, customers: a.customers });
    const b = dailyFiles(4, 10, 'B');
    const next = await openDataset(sql, b.files);
    expect(next.report.revenue).toBe(b.revenue);
    expect(await keptTotals(sql)).toEqual({ n: b.lines.length, revenue: b.revenue, customers: b.customers });
    const left = await sql.query(`SELECT count(*) AS n FROM duckdb_tables() WHERE table_name LIKE '__previous_%'`);
    expect(num(firstRow(left).n)).toBe(0);
  });

  it('a load after the as-of views (the back-test, the migration: their own `kept` view in another schema) replaces the data', async () => {
    const sql = await openDb();
    const a = dailyFiles(6, 20, 'A');
    await openDataset(sql, a.files);
    await migrateAsOf(sql, { from: '2024-03-03', to: '2024-03-06' });
    const b = dailyFiles(3, 10, 'B');
    await openDataset(sql, b.files);
    expect(await keptTotals(sql)).toEqual({ n: b.lines.length, revenue: b.revenue, customers: b.customers });
    // The as-of views read the new lines.
    const m = await migrateAsOf(sql, { from: '2024-03-02', to: '2024-03-04' });
    expect(m.customerIds.every((id) => id.startsWith('B'))).toBe(true);
  });
});
