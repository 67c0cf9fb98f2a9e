/**
 * P(alive) and CLV are computed once: the app's path (the SQL summary, then the analytics
 * worker's 'clv/fit' handler), `segment-studio run` (campaign list, rules on p_alive) and
 * `segment-studio clv` must give the same figures for the same customers.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NodeFileSource } from '../../engine/cli/node-duckdb.ts';
import {
  campaignExport,
  customerValueSummary,
  defaultAnalysis,
  loadData,
  parseCsv,
  parseRuleSet,
  segmentCustomers,
  serialiseAnalysis,
  valueColumns,
} from '../../engine/src/index.ts';
import { runJob } from '../../workers/host.ts';
import { analyticsHandlers } from '../../workers/handlers/index.ts';
import { scoredRfm } from '../../workers/handlers/sql/rfm.ts';
import { openDb } from '../helpers/engine.ts';

const BIN = new URL('../../bin/segment-studio.mjs', import.meta.url).pathname;
const SAMPLE = new URL('../../assets/sample/sample-transactions.csv', import.meta.url).pathname;
const cli = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8' });

/** customer_id -> the row's cells by column name. */
function byCustomer(text: string): Map<string, Record<string, string>> {
  const [header, ...rows] = parseCsv(text.replace(/^\ufeff/, ''));
  return new Map(rows.map((r) => [r[0]!, Object.fromEntries(header!.map((h, j) => [h, r[j]!]))]));
}

describe('p_alive and clv: one computation for the app, run and clv', () => {
  it('the same figures per customer, byte-identical campaign lists, and rules on P(alive) as written out by hand', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'ss-value-'));
    const a = defaultAnalysis();
    a.sources.paths = [SAMPLE];
    a.clustering.enabled = false;
    a.baskets.enabled = false;
    a.export.recommend = 0;
    a.export.columns = ['customer_id', 'p_alive', 'clv'];
    a.clv = { horizonMonths: 6, monthlyDiscount: 0.02, unit: 'week', holdoutFrom: null };
    a.segments = parseRuleSet({
      name: 'value',
      segments: [{ name: 'Slipping away', all: [{ field: 'p_alive', op: '<', value: 0.3 }] }],
      fallback: 'Others',
    });
    writeFileSync(path.join(dir, 'analysis.json'), serialiseAnalysis(a));

    const clv = cli('clv', SAMPLE, '--out', path.join(dir, 'clv'), '--horizon', '6', '--discount', '0.02', '--unit', 'week');
    expect(clv.stderr).toBe('');
    const run = cli('run', path.join(dir, 'analysis.json'), '--out', path.join(dir, 'run'));
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const model = byCustomer(readFileSync(path.join(dir, 'clv', 'clv.csv'), 'utf8'));
    const runText = readFileSync(path.join(dir, 'run', 'campaign-segments.csv'), 'utf8');
    const list = byCustomer(runText);

    // run against clv, customer by customer; the rule against P(alive) as clv.csv states it.
    expect(model.size).toBeGreaterThan(100);
    let slipping = 0;
    for (const [id, row] of list) {
      const m = model.get(id);
      expect(row.p_alive, id).toBe(m?.p_alive ?? '');
      expect(row.clv, id).toBe(m?.clv ?? '');
      const expected = m && Number(m.p_alive) < 0.3 ? 'Slipping away' : 'Others';
      expect(row.segment, id).toBe(expected);
      if (expected === 'Slipping away') slipping++;
    }
    for (const id of model.keys()) expect(list.has(id), id).toBe(true);
    expect(slipping).toBeGreaterThan(0);
    expect(slipping).toBeLessThan(list.size);

    // The app's path: the summary in SQL, the fit through the worker's handler, then the same writer.
    const sql = await openDb();
    const ds = await loadData(sql, [new NodeFileSource(SAMPLE)], a, { today: null });
    const r = await scoredRfm(sql, ds.canonical.mapping.mapping, a);
    const summary = await customerValueSummary(sql, a.clv);
    const fitted = await runJob(analyticsHandlers, 'clv/fit', { horizonMonths: 6, monthlyDiscount: 0.02 }, summary, {
      signal: new AbortController().signal,
      onProgress: () => {},
    });
    const value = valueColumns(fitted.result, r.rfm.customerIds);
    const app = campaignExport(a.export, { ...r, ...segmentCustomers(a.segments, r.scores, r.rfm, value), value }, null);
    expect(app!.files).toHaveLength(1);
    expect(app!.files[0]!.text).toBe(runText);
  }, 120_000);
});
