import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildBaskets,
  estimateFrequent,
  joinItemLabels,
  mineFrequentItemsets,
  itemsetLabel,
  resolveMinCount,
  ruleRow,
  generateRules,
  suggestMinSupport,
  supportProfile,
  estimateFromProfile,
} from '../../../engine/src/assoc/index.ts';
import { basketMasks, bruteItemsets } from './brute-force.ts';
import { syntheticBaskets } from '../../../engine/src/gen/index.ts';

describe('estimateFrequent', () => {
  it('counts frequent items and pairs like the miner does', () => {
    fc.assert(
      fc.property(
        fc
          .integer({ min: 1, max: 8 })
          .chain((n) => fc.tuple(fc.constant(n), fc.array(fc.integer({ min: 1, max: (1 << n) - 1 }), { minLength: 1, maxLength: 40 }))),
        fc.array(fc.double({ min: 0.01, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }),
        ([nItems, masks], supports) => {
          const ids: number[] = [];
          const codes: number[] = [];
          masks.forEach((m, b) => {
            for (let i = 0; i < nItems; i++) if ((m >> i) & 1) ids.push(b), codes.push(i);
          });
          const baskets = buildBaskets(
            ids,
            codes,
            nItems,
            Array.from({ length: nItems }, (_, i) => `${i}`),
          );
          const estimates = estimateFrequent(baskets, supports);
          supports.forEach((s, k) => {
            const minCount = resolveMinCount(s, masks.length);
            const brute = [...bruteItemsets(basketMasks(baskets), nItems, minCount, 2).keys()];
            expect(estimates[k]).toEqual({
              minCount,
              support: minCount / masks.length,
              frequentItems: brute.filter((key) => !key.includes(',')).length,
              frequentPairs: brute.filter((key) => key.includes(',')).length,
            });
          });
        },
      ),
      { numRuns: 200 },
    );
  });

  it('agrees with the miner on a larger dataset, with and without the pair triangle', () => {
    const baskets = syntheticBaskets({ nBaskets: 3000, nItems: 300, meanBasketSize: 8, plantedPairs: 30, seed: 9 });
    const [est] = estimateFrequent(baskets, 0.01);
    const sets = mineFrequentItemsets(baskets, { minSupport: 0.01, maxLen: 2 });
    let pairs = 0;
    for (let i = 0; i < sets.nItemsets; i++) if (sets.offsets[i + 1]! - sets.offsets[i]! === 2) pairs++;
    expect(est!.frequentPairs).toBe(pairs);
    expect(est!.frequentItems).toBe(sets.nItemsets - pairs);
    expect(estimateFromProfile(supportProfile(baskets, 1), est!.minCount)).toEqual(est);
    expect(estimateFromProfile(supportProfile(baskets, 5, undefined, 0), est!.minCount)).toEqual(est);
  });

  it('suggests the lowest support that keeps pairs under the limit', () => {
    const baskets = syntheticBaskets({ nBaskets: 3000, nItems: 300, meanBasketSize: 8, plantedPairs: 30, seed: 9 });
    const s = suggestMinSupport(baskets, { maxFrequentPairs: 500 });
    expect(s.frequentPairs).toBeLessThanOrEqual(500);
    const [lower] = estimateFrequent(baskets, { count: s.minCount - 1 });
    expect(lower!.frequentPairs).toBeGreaterThan(500);
  });
});

describe('labels', () => {
  it('joins item labels with " | "', () => {
    const labels = ['whole milk', 'cream cheese ', 'rolls/buns'];
    expect(joinItemLabels([2, 0], labels)).toBe('rolls/buns | whole milk');
    const baskets = buildBaskets([0, 0, 1, 1, 2], [0, 1, 0, 1, 2], 3, labels);
    const sets = mineFrequentItemsets(baskets, { minSupport: { count: 2 } });
    const names = Array.from({ length: sets.nItemsets }, (_, i) => itemsetLabel(sets, i, labels));
    expect(names).toContain('whole milk | cream cheese ');
    const rules = generateRules(sets, { minConfidence: 1 });
    expect(rules.nRules).toBe(2);
    const row = ruleRow(rules, 0, labels);
    expect([row.antecedent, row.consequent].sort()).toEqual(['cream cheese ', 'whole milk']);
    expect(row.conviction).toBe(Infinity);
    expect(row.confidence).toBe(1);
    expect(row.count).toBe(2);
  });
});
