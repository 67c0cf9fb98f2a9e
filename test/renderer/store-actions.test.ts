/**
 * The store's analysis actions through the coordinator, with RFM scores given in place of
 * DuckDB: editing rules re-derives segments, a refused rule keeps the last good segments and
 * says why in words, and the analysis survives a reload through the autosaved session.
 * (Actions that need DuckDB-WASM are covered by the end-to-end tests.)
 */
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const storage = new Map<string, string>();
vi.stubGlobal('localStorage', {
  getItem: (k: string) => storage.get(k) ?? null,
  setItem: (k: string, v: string) => void storage.set(k, v),
  removeItem: (k: string) => void storage.delete(k),
});

const { scoreRfm, PRESETS, parseAnalysis } = await import('../../engine/src/index.ts');

function customers(n: number) {
  const recencyDays = new Float64Array(n),
    frequency = new Float64Array(n),
    monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    recencyDays[i] = (i * 37) % 365;
    frequency[i] = 1 + ((i * 13) % 20);
    monetary[i] = 10 + ((i * 101) % 5000);
  }
  const rfm = {
    customerIds: Array.from({ length: n }, (_, i) => `C${i}`),
    recencyDays,
    frequency,
    monetary,
    firstPurchase: new Int32Array(n),
    lastPurchase: new Int32Array(n),
    tenureDays: new Float64Array(n),
    avgOrderValue: new Float64Array(n),
    snapshot: '2025-01-01',
  };
  return { rfm, scores: scoreRfm(rfm) };
}

const rfmJobs: unknown[] = [];
vi.mock('../../renderer/state/services.ts', () => ({
  sql: vi.fn(async () => ({})),
  serial: vi.fn((fn: () => unknown) => fn()),
  client: {},
  prefetchClient: null,
  getPlatform: vi.fn(),
}));
vi.mock('../../workers/handlers/sql/rfm.ts', () => ({
  scoredRfm: vi.fn(async (_sql: unknown, _mapping: unknown, a: unknown) => {
    rfmJobs.push(a);
    return customers(1000);
  }),
  basketsFor: vi.fn(),
}));

const { setPreset, setRules, restoreSession, openAnalysisText } = await import('../../renderer/state/actions/analysis.ts');
const { coordinator } = await import('../../renderer/state/results.ts');
const { getState, setState } = await import('../../renderer/state/store.ts');

const settle = async () => {
  for (let i = 0; i < 20; i++) await new Promise((r) => setTimeout(r, 0));
};
const summary = () => coordinator.shown<{ summary: { segment: string; customers: number }[] }>('segments')!.summary;

describe('analysis actions', () => {
  beforeAll(async () => {
    setState({ dataset: { sources: [{ name: 'shop.csv' }], canonical: { mapping: { mapping: {} } } } as never, datasetId: 1 });
    coordinator.need('test', ['segments']);
    await settle();
  });
  beforeEach(async () => {
    setPreset('rfm6');
    await settle();
  });

  it('applying the default preset puts every customer in exactly one segment', () => {
    expect(summary().map((r) => r.segment)).toEqual(['Champions', 'Potential Loyalists', 'Loyal Customers', 'At Risk', 'New Customers', 'Needs Attention']);
    expect(summary().reduce((n, r) => n + r.customers, 0)).toBe(1000);
  });

  it('editing a rule re-derives the segments from the scores, without recomputing RFM', async () => {
    const jobs = rfmJobs.length;
    const before = summary()[0]!.customers;
    const rules = structuredClone(getState().analysis.segments);
    rules.segments[0]!.all[0] = { field: 'r', op: '>=', value: 5 };
    setRules(rules);
    await settle();
    expect(summary()[0]!.customers).toBeLessThan(before);
    expect(getState().results.segments).toMatchObject({ status: 'ready' });
    expect(rfmJobs.length).toBe(jobs);
  });

  it('a refused rule keeps the last good segments and says why in words', async () => {
    const good = summary();
    const rules = structuredClone(getState().analysis.segments);
    rules.segments.push({
      name: 'Ghosts',
      all: [
        { field: 'r', op: '>=', value: 4 },
        { field: 'r', op: '<=', value: 2 },
      ],
    });
    setRules(rules);
    await settle();
    expect(getState().results.segments.status).toBe('error');
    expect(getState().results.segments.error).toContain('Ghosts');
    expect(summary()).toBe(good);
  });

  it('switching preset replaces the rules', async () => {
    setPreset('value3');
    await settle();
    expect(summary().map((r) => r.segment)).toEqual(['High value', 'Mid value', 'Low value']);
  });

  it('a new snapshot recomputes RFM (and only then)', async () => {
    const jobs = rfmJobs.length;
    const { setSnapshot } = await import('../../renderer/state/actions/analysis.ts');
    setSnapshot('2025-02-01');
    await settle();
    expect(rfmJobs.length).toBe(jobs + 1);
    expect(rfmJobs.at(-1)).toMatchObject({ snapshot: '2025-02-01' });
    setSnapshot(null);
    await settle();
  });

  it('autosaves the session; a restart restores every setting', async () => {
    restoreSession();
    setPreset('sum5');
    const { setBasketParams, setK } = await import('../../renderer/state/actions/analysis.ts');
    setBasketParams({ minSupport: 0.02, restrict: { kind: 'segment', segment: 'Champions' } });
    setK(7);
    await new Promise((r) => setTimeout(r, 400));
    const saved = parseAnalysis(JSON.parse(storage.get('ss-session')!));
    expect(saved.segments).toEqual(PRESETS.sum5);
    expect(saved.baskets.minSupport).toBe(0.02);
    expect(saved.clustering.k).toBe(7);
    expect(saved.sources.paths).toEqual(['shop.csv']);
    const before = getState().analysis;
    setPreset('rfm6');
    restoreSession();
    expect(getState().analysis.segments).toEqual(before.segments);
  });

  it('opening an analysis file with a bad field refuses it and names the field', async () => {
    const toasts: string[] = [];
    setState({ toast: (_k: unknown, text: string) => void toasts.push(text) } as never);
    const before = getState().analysis;
    expect(await openAnalysisText(JSON.stringify({ version: 1, scoring: { bins: 40 } }), 'bad.analysis.json')).toBe(false);
    expect(toasts.at(-1)).toMatch(/bad\.analysis\.json: invalid analysis: scoring\.bins/);
    expect(getState().analysis).toBe(before);
  });
});
