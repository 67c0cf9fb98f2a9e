/**
 * The cleaning report in the app is a result of its own (renderer/state/results.ts), no longer
 * part of a load: with the app's real results over native DuckDB, RFM runs before it, its figures
 * are the ones counted by hand on the fixture (and the engine's whole-load report), a new load stops
 * it at its next statement, and an action can wait for it (resultNow).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openNativeDuckDb } from '../../engine/cli/native-duckdb.ts';
import { NodeFileSource } from '../../engine/cli/node-duckdb.ts';
import { cleaningOptions, openDataset, type SqlPort } from '../../engine/src/index.ts';

vi.stubGlobal('localStorage', { getItem: () => null, setItem: () => undefined, removeItem: () => undefined });

/** Every statement sent, in order; a statement matching `gate.pattern` waits until the test opens the gate. */
const sent: string[] = [];
const gate: { pattern: RegExp | null; hit: boolean; open: () => void; opened: Promise<void> } = {
  pattern: null,
  hit: false,
  open: () => undefined,
  opened: Promise.resolve(),
};
let port: SqlPort;
function recording(inner: SqlPort): SqlPort {
  const wait = async (text: string) => {
    sent.push(text);
    if (gate.pattern?.test(text)) {
      gate.hit = true;
      await gate.opened;
    }
  };
  return {
    ...inner,
    exec: async (text, options) => {
      await wait(text);
      return inner.exec(text, options);
    },
    query: async (text, options) => {
      await wait(text);
      return inner.query(text, options);
    },
  };
}

vi.mock('../../renderer/state/services.ts', async () => {
  const { stopsWhenAborted } = await import('../../renderer/data/cancellable-port.ts');
  let chain: Promise<unknown> = Promise.resolve();
  return {
    sql: async () => port,
    sqlUntil: async (signal: AbortSignal) => stopsWhenAborted(port, signal),
    serial: <T>(fn: () => Promise<T>) => {
      const next = chain.then(fn, fn);
      chain = next.catch(() => undefined);
      return next;
    },
    client: {},
    prefetchClient: null,
    getPlatform: vi.fn(),
  };
});

const { openData } = await import('../../workers/handlers/sql/dataset.ts');
const { coordinator, resultNow } = await import('../../renderer/state/results.ts');
const { getState, setState } = await import('../../renderer/state/store.ts');

// Ten lines; the five kept ones are 1, 2, 3, 7 and 10.
const CSV = `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
536365,A1,WHITE MUG,2,2024-01-05 10:00,3.00,17850,United Kingdom
536365,A2,RED MUG,1,2024-01-05 10:00,5.00,17850,United Kingdom
536366,A1,WHITE MUG,4,2024-02-01 09:00,3.00,13047,United Kingdom
536367,A3,BLUE BOWL,1,2024-02-03 09:00,7.50,,United Kingdom
C536368,A1,WHITE MUG,-1,2024-02-04 09:00,3.00,13047,United Kingdom
536369,POST,POSTAGE,1,2024-02-05 09:00,18.00,12583,France
536370,A2,RED MUG,3,2024-03-01 12:00,5.00,12583,France
536370,A2,RED MUG,3,2024-03-01 12:00,5.00,12583,France
536371,A4,GREEN VASE,2,2024-03-02 12:00,0,12583,France
536372,A1,WHITE MUG,5,2024-03-03 12:00,3.00,17850,United Kingdom
`;

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
};
const until = async (what: () => boolean) => {
  for (let i = 0; i < 2000 && !what(); i++) await new Promise((r) => setTimeout(r, 5));
  expect(what()).toBe(true);
};
const REPORT_FIRST = /SELECT source_file AS f/;

describe('the cleaning report after the segments', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'ss-report-after-'));
  const file = path.join(dir, 'shop.csv');
  let close: () => void;
  let engineReport: unknown;

  beforeAll(async () => {
    writeFileSync(file, CSV);
    const duck = await openNativeDuckDb();
    close = () => duck.close();
    port = recording(duck);
    const cleaning = cleaningOptions(getState().analysis, null);
    const dataset = await openData(port, [new NodeFileSource(file)], { cleaning });
    expect('report' in dataset).toBe(false);
    setState({ dataset, datasetId: 1, loadStatus: 'ready' });
    // The whole load as the CLI runs it, on a database of its own.
    const other = await openNativeDuckDb();
    try {
      engineReport = (await openDataset(other, [new NodeFileSource(file)], { cleaning })).report;
    } finally {
      other.close();
    }
  }, 120_000);
  afterAll(() => close?.());

  it('runs after RFM, and holds the figures counted by hand (the engine’s whole-load report)', async () => {
    sent.length = 0;
    coordinator.need('sidebar', ['report'], { background: true });
    coordinator.need('segments-screen', ['segments']);
    await until(() => coordinator.value('report') !== undefined);
    const rfm = sent.findIndex((s) => /CREATE (OR REPLACE )?TABLE rfm\b/.test(s));
    const report = sent.findIndex((s) => REPORT_FIRST.test(s));
    expect(rfm).toBeGreaterThanOrEqual(0);
    expect(report).toBeGreaterThan(rfm);
    const r = coordinator.value<Record<string, unknown>>('report')!;
    expect(r).toEqual(engineReport);
    expect(r).toMatchObject({
      rows_read: 10,
      rows_kept: 5,
      customers: 3, // 17850, 13047, 12583
      invoices: 4, // 536365, 536366, 536370, 536372
      products: 2, // A1, A2
      revenue: 53, // 2×3 + 1×5 + 4×3 + 3×5 + 5×3
      date_min: '2024-01-05 10:00:00',
      date_max: '2024-03-03 12:00:00',
      per_file: [{ file: 'shop.csv', rows_read: 10, rows_kept: 5 }],
    });
    expect(r.removed).toMatchObject({ missing_customer: 1, cancellation: 1, non_product: 1, duplicate: 1, non_positive_price: 1, return: 0 });
    expect((r.examples as Record<string, { row: number }[]>).duplicate!.map((e) => e.row)).toEqual([9]);
  }, 120_000);

  it('stops at its next statement when a new load starts, and is computed again when the load is cancelled', async () => {
    gate.pattern = REPORT_FIRST;
    gate.hit = false;
    gate.opened = new Promise((r) => {
      gate.open = r;
    });
    setState({ datasetId: 2 });
    coordinator.refresh();
    await until(() => gate.hit);
    expect(getState().results.report.status).toBe('running');
    // openSources: loading, then a re-plan; the report has no inputs while the tables are replaced.
    setState({ loadStatus: 'loading' });
    coordinator.refresh();
    await settle();
    expect(getState().results.report).toMatchObject({ status: 'idle', key: null });
    sent.length = 0;
    gate.pattern = null;
    gate.open();
    await settle();
    await new Promise((r) => setTimeout(r, 200));
    // The statement under way ran; nothing after it.
    expect(sent).toEqual([]);
    setState({ loadStatus: 'ready' });
    coordinator.refresh();
    await until(() => coordinator.value('report') !== undefined);
    expect(coordinator.value('report')).toEqual(engineReport);
    expect(sent.filter((s) => REPORT_FIRST.test(s))).toHaveLength(1);
  }, 120_000);

  it('is waited for by an action that needs it (resultNow), with no view needing it', async () => {
    coordinator.need('sidebar', []);
    setState({ datasetId: 3 });
    coordinator.refresh();
    await settle();
    expect(coordinator.value('report')).toBeUndefined();
    expect(await resultNow('report')).toEqual(engineReport);
    // No data: a clear refusal, not a wait for ever.
    setState({ loadStatus: 'loading' });
    await expect(resultNow('report')).rejects.toThrow('no report for the data shown while files load');
    setState({ loadStatus: 'ready' });
  }, 120_000);
});
