/**
 * The store's synchronous actions over cached RFM scores: applying, editing and resetting
 * segment rules, as the Segments screen does. (Actions that need DuckDB-WASM are covered by
 * the end-to-end test.)
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

vi.mock('../../renderer/state/actions/clusters.ts', () => ({ runClusters: vi.fn(async () => {}) }));
vi.mock('../../renderer/state/actions/baskets.ts', () => ({ invalidateBaskets: vi.fn(), mineBaskets: vi.fn(async () => {}) }));
vi.mock('../../renderer/state/services.ts', () => ({ sql: vi.fn(), serial: vi.fn(), client: {}, getPlatform: vi.fn() }));

const { applyRules, setPreset, setRules } = await import('../../renderer/state/actions/segments.ts');
const { cache } = await import('../../renderer/state/cache.ts');
const { getState } = await import('../../renderer/state/store.ts');
const { scoreRfm } = await import('../../engine/src/index.ts');

function loadCustomers(n: number) {
  const recencyDays = new Float64Array(n), frequency = new Float64Array(n), monetary = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    recencyDays[i] = (i * 37) % 365;
    frequency[i] = 1 + ((i * 13) % 20);
    monetary[i] = 10 + ((i * 101) % 5000);
  }
  const rfm = {
    customerIds: Array.from({ length: n }, (_, i) => `C${i}`), recencyDays, frequency, monetary,
    firstPurchase: new Int32Array(n), lastPurchase: new Int32Array(n), tenureDays: new Float64Array(n), avgOrderValue: new Float64Array(n), snapshot: '2025-01-01',
  };
  cache.rfm = rfm;
  cache.scores = scoreRfm(rfm);
}

describe('segment actions', () => {
  beforeEach(() => {
    loadCustomers(1000);
    setPreset('rfm6');
  });

  it('applying the default preset puts every customer in exactly one segment', () => {
    applyRules();
    const s = getState();
    expect(s.segmentSummary.map((r) => r.segment)).toEqual(['Champions', 'Potential Loyalists', 'Loyal Customers', 'At Risk', 'New Customers', 'Needs Attention']);
    expect(s.segmentSummary.reduce((n, r) => n + r.customers, 0)).toBe(1000);
    expect(cache.segments!.codes).toHaveLength(1000);
  });

  it('tightening a rule moves customers and bumps the version the charts watch', () => {
    const before = getState().segmentSummary[0]!.customers;
    const version = getState().segmentVersion;
    const rules = structuredClone(getState().rules);
    rules.segments[0]!.all[0] = { field: 'r', op: '>=', value: 5 };
    setRules(rules);
    expect(getState().segmentSummary[0]!.customers).toBeLessThan(before);
    expect(getState().segmentVersion).toBe(version + 1);
    expect(getState().lastApplyMs).not.toBeNull();
  });

  it('reports an unreachable segment in words', () => {
    const rules = structuredClone(getState().rules);
    rules.segments.push({ name: 'Ghosts', all: [{ field: 'r', op: '>=', value: 4 }, { field: 'f', op: '>=', value: 4 }] });
    setRules(rules);
    expect(getState().ruleIssues.some((x) => x.kind === 'invalid' && x.message.includes('Ghosts'))).toBe(true);
  });

  it('switching preset replaces the rules', () => {
    setPreset('value3');
    expect(getState().segmentSummary.map((r) => r.segment)).toEqual(['High value', 'Mid value', 'Low value']);
  });
});
