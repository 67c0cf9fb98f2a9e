import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { drillMembers, sortMembers, type SortKey } from '../../renderer/features/drilldown/members.ts';
import type { RfmScores, RfmTable } from '../../engine/src/index.ts';

const NAMES = ['Champions', 'Loyal', 'Lost'];
const customersArb = fc.array(
  fc.record({
    seg: fc.integer({ min: 0, max: 2 }),
    cluster: fc.integer({ min: 0, max: 3 }),
    recency: fc.integer({ min: 0, max: 9 }),
    spend: fc.integer({ min: 0, max: 5 }),
    inAudience: fc.boolean(),
  }),
  { minLength: 0, maxLength: 50 },
);

function tables(cs: { recency: number; spend: number }[]): { rfm: RfmTable; scores: RfmScores } {
  const f = (g: (i: number) => number) => Float64Array.from(cs, (_, i) => g(i));
  return {
    rfm: {
      customerIds: cs.map((_, i) => `c${String(i).padStart(3, '0')}`),
      recencyDays: f((i) => cs[i]!.recency),
      frequency: f((i) => i % 3),
      monetary: f((i) => cs[i]!.spend),
      firstPurchase: Int32Array.from(cs, () => 0),
      lastPurchase: Int32Array.from(cs, (c) => 100 - c.recency),
      tenureDays: f(() => 1),
      avgOrderValue: f(() => 1),
      snapshot: '2025-01-01',
    },
    scores: { r: Uint8Array.from(cs, (c) => 1 + (c.recency % 5)), f: Uint8Array.from(cs, () => 1), m: Uint8Array.from(cs, (c) => 1 + (c.spend % 5)), bins: 5 },
  };
}

describe('drill-down members', () => {
  it("are the group's (segment, cluster, R×F cell) customers, narrowed to the audience when one is asked for, in id order", () => {
    fc.assert(
      fc.property(customersArb, fc.integer({ min: 0, max: 2 }), (cs, s) => {
        const { rfm } = tables(cs);
        const segments = { codes: Int32Array.from(cs, (c) => c.seg), names: NAMES };
        const labels = Int32Array.from(cs, (c) => c.cluster);
        const audience = new Set(rfm.customerIds.filter((_, i) => cs[i]!.inAudience));
        const idx = (keep: (c: (typeof cs)[number]) => boolean) => cs.flatMap((c, i) => (keep(c) ? [i] : []));
        expect(Array.from(drillMembers({ kind: 'segment', name: NAMES[s]! }, rfm.customerIds, segments, null, null)!)).toEqual(idx((c) => c.seg === s));
        expect(Array.from(drillMembers({ kind: 'cluster', cluster: s }, rfm.customerIds, segments, labels, null)!)).toEqual(idx((c) => c.cluster === s));
        expect(Array.from(drillMembers({ kind: 'segment', name: NAMES[s]!, product: 7 }, rfm.customerIds, segments, null, audience)!)).toEqual(
          idx((c) => c.seg === s && c.inAudience),
        );
        expect(Array.from(drillMembers({ kind: 'rule', rule: 0 }, rfm.customerIds, segments, null, audience)!)).toEqual(idx((c) => c.inAudience));
        const { scores } = tables(cs);
        expect(Array.from(drillMembers({ kind: 'cell', r: s + 1, f: 1 }, rfm.customerIds, segments, null, null, scores)!)).toEqual(
          idx((c) => 1 + (c.recency % 5) === s + 1),
        );
        expect(drillMembers({ kind: 'cell', r: 1, f: 1 }, rfm.customerIds, segments, null, null, null)).toBeNull();
        // Not ready: no audience yet, or no cluster labels.
        expect(drillMembers({ kind: 'rule', rule: 0 }, rfm.customerIds, segments, null, null)).toBeNull();
        expect(drillMembers({ kind: 'cluster', cluster: 0 }, rfm.customerIds, segments, null, null)).toBeNull();
      }),
    );
  });

  it('sort by a column, ties in customer order, and keep the same members', () => {
    fc.assert(
      fc.property(
        customersArb,
        fc.constantFrom('recency', 'frequency', 'monetary', 'r', 'f', 'm', 'last', 'customer' satisfies SortKey),
        fc.boolean(),
        (cs, key, desc) => {
          const { rfm, scores } = tables(cs);
          const members = Int32Array.from(cs.flatMap((c, i) => (c.seg !== 1 ? [i] : [])));
          const sorted = Array.from(sortMembers(members, key, desc, rfm, scores));
          const value = (i: number): number =>
            ({
              recency: cs[i]!.recency,
              frequency: i % 3,
              monetary: cs[i]!.spend,
              r: scores.r[i]!,
              f: 1,
              m: scores.m[i]!,
              last: rfm.lastPurchase[i]!,
              customer: desc ? -i : i,
            })[key as Exclude<SortKey, 'p_alive' | 'clv'>];
          const expected = [...members].sort((a, b) => (key === 'customer' ? value(a) - value(b) : (desc ? -1 : 1) * (value(a) - value(b)) || a - b));
          expect(sorted).toEqual(expected);
        },
      ),
    );
  });

  it('sorts by P(alive) and CLV with the value model, customers it leaves out (NaN) last; without it, in customer order', () => {
    fc.assert(
      fc.property(
        customersArb,
        fc.array(fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: null }), { minLength: 50, maxLength: 50 }),
        fc.boolean(),
        (cs, ps, desc) => {
          const { rfm, scores } = tables(cs);
          const pAlive = Float64Array.from(cs, (_, i) => ps[i] ?? Number.NaN);
          const value = { pAlive, clv: pAlive.map((p) => p * 100) };
          const members = Int32Array.from(cs.map((_, i) => i));
          for (const key of ['p_alive', 'clv'] as const) {
            const sorted = Array.from(sortMembers(members, key, desc, rfm, scores, value));
            // Each key by its own values: two P(alive) a bit apart can give the same CLV (p × 100 rounds).
            const by = key === 'p_alive' ? value.pAlive : value.clv;
            const known = [...members].filter((i) => !Number.isNaN(pAlive[i]!)).sort((a, b) => (desc ? -1 : 1) * (by[a]! - by[b]!) || a - b);
            expect(sorted).toEqual([...known, ...[...members].filter((i) => Number.isNaN(pAlive[i]!))]);
            expect(Array.from(sortMembers(members, key, desc, rfm, scores, null))).toEqual([...members]);
          }
        },
      ),
    );
  });
});
