/**
 * Native DuckDB runs the statements the engine marks parallel (reading, duplicates, the lines
 * table) on several threads. Nothing a user sees may depend on it: the lines table keeps file
 * order with the same flags, and RFM (whose sums of money are order-sensitive in their last
 * bits) comes out identical to a one-thread run, bit for bit.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { computeRfm, generateCsv, openDataset, tableRows, type SqlPort } from '../../engine/src/index.ts';
import { openNativeDuckDb } from '../../engine/cli/native-duckdb.ts';
import { NodeFileSource } from '../../engine/cli/node-duckdb.ts';

type Port = SqlPort & { close(): void };
const file = path.join(mkdtempSync(path.join(tmpdir(), 'ss-parallel-')), 'lines.csv');
let one: Port;
let many: Port;
beforeAll(async () => {
  const chunks: string[] = [];
  // Anomalies include exact duplicates, so the duplicate marking runs on real work.
  generateCsv({ rows: 200_000, seed: 7, anomalyRates: { duplicate: 0.02 } }, (c) => chunks.push(c));
  writeFileSync(file, chunks.join(''));
  one = await openNativeDuckDb({ threads: 1, parallelThreads: 1 });
  many = await openNativeDuckDb({ threads: 1, parallelThreads: 4 });
}, 120_000);
afterAll(() => {
  one?.close();
  many?.close();
});

async function load(sql: Port) {
  const ds = await openDataset(sql, [new NodeFileSource(file)]);
  const order = tableRows(
    await sql.query(`SELECT count(*) FILTER (WHERE d <= 0) AS backwards, count(*) FILTER (WHERE is_duplicate) AS dups,
      sum(hash(row_id, is_duplicate, "f_duplicate", "f_cancellation", amount)) AS h FROM (SELECT *, row_id - lag(row_id) OVER () AS d FROM lines)`),
  )[0]!;
  const rfm = await computeRfm(sql, { snapshot: '2025-12-01' });
  return { report: ds.report, order, rfm };
}

it('gives the same lines, in file order, and the same RFM to the last bit on 1 and 4 threads', async () => {
  const a = await load(one);
  const b = await load(many);
  expect(Number(a.order.backwards)).toBe(0);
  expect(Number(b.order.backwards)).toBe(0);
  expect(Number(a.order.dups)).toBeGreaterThan(0);
  expect(b.order).toEqual(a.order);
  expect(b.report).toEqual(a.report);
  expect(b.rfm.customerIds).toEqual(a.rfm.customerIds);
  expect(Buffer.from(b.rfm.monetary.buffer)).toEqual(Buffer.from(a.rfm.monetary.buffer));
  expect(b.rfm.frequency).toEqual(a.rfm.frequency);
  expect(b.rfm.recencyDays).toEqual(a.rfm.recencyDays);
}, 300_000);
