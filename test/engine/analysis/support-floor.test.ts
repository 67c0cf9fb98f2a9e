import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  basketsFromStrings,
  belowSupportFloor,
  deriveRules,
  floorSupport,
  MAX_RULES,
  mineItemsets,
  resolveMinCount,
  ruleComparisonCaveat,
  rulesCsv,
  rulesFileFacts,
  supportFloorWarning,
} from '../../../engine/src/index.ts';

/** `n` baskets of three items each: a, b and one of their own. */
function baskets(n: number) {
  const keys: string[] = [];
  const items: string[] = [];
  for (let i = 0; i < n; i++) for (const item of ['a', 'b', `own${i}`]) keys.push(`B${i}`), items.push(item);
  return basketsFromStrings(keys, items);
}

const settings = { minSupport: 0.01, maxLen: 3, minConfidence: 0.1, minLift: 0, prune: false };

describe('the support floor', () => {
  it('floorSupport needs exactly two baskets, as mining counts them, and is a fraction below 1 (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 3, max: 5_000_000 }), (n) => {
        const f = floorSupport(n)!;
        expect(f).toBeGreaterThan(0);
        expect(f).toBeLessThan(1);
        expect(resolveMinCount(f, n)).toBe(2);
      }),
    );
    expect(floorSupport(89)).toBe(0.022);
    expect([floorSupport(1), floorSupport(2)]).toEqual([null, null]);
  });

  it('1% of 89 baskets is under one basket: itemsets seen once are frequent, and that is said with the support that needs two', () => {
    const mined = mineItemsets(baskets(89), null, settings);
    expect(mined.minCount).toBe(1);
    // Each basket's own item, seen once, is a frequent itemset.
    expect(mined.itemsets.n).toBeGreaterThan(89);
    expect(belowSupportFloor(mined)).toBe(true);
    expect(supportFloorWarning(mined, settings.minSupport)).toBe(
      'minimum support 0.01 of 89 baskets is 0.89 baskets: an itemset bought together in a single basket counts as frequent, so a rule can rest on one purchase; a minimum support of 0.022 (2 baskets) or more keeps only itemsets seen at least twice',
    );
    // At that support, no itemset of a single basket is left.
    const floored = mineItemsets(baskets(89), null, { ...settings, minSupport: 0.022 });
    expect(floored.minCount).toBe(2);
    expect(Array.from(floored.itemsets.counts).every((c) => c >= 2)).toBe(true);
    expect(supportFloorWarning(floored, 0.022)).toBeNull();
  });

  it('a count of one basket is under the floor too; enough baskets for 1% are not', () => {
    expect(supportFloorWarning(mineItemsets(baskets(500), null, { ...settings, minSupport: 1 }), 1)).toMatch(
      /^minimum support 1 basket of 500: .* 0\.004 \(2 baskets\)/,
    );
    expect(supportFloorWarning(mineItemsets(baskets(500), null, settings), 0.01)).toBeNull();
    expect(supportFloorWarning(mineItemsets(baskets(1), null, settings), 0.01)).toMatch(/with 1 basket no itemset can be seen twice$/);
  });

  it('rules of runs capped or under the floor are not compared; rules of sound runs are', () => {
    const items = (n: number) => {
      const b = baskets(n);
      return { labels: b.itemLabels, names: b.itemLabels };
    };
    const thin = rulesCsv(deriveRules(mineItemsets(baskets(89), null, settings), settings).rules, items(89));
    const sound = rulesCsv(deriveRules(mineItemsets(baskets(500), null, settings), settings).rules, items(500));
    expect(rulesFileFacts(thin)).toEqual({ capped: false, belowFloor: true });
    expect(rulesFileFacts(sound)).toEqual({ capped: false, belowFloor: false });
    const header = thin.split('\n')[0]!;
    const many = [header, ...Array.from({ length: MAX_RULES }, (_, i) => `x${i},y,x${i},y,0.1,1,2,0,1,5`)].join('\n');
    expect(rulesFileFacts(many)).toEqual({ capped: true, belowFloor: false });
    const ok = { capped: false, belowFloor: false };
    expect(ruleComparisonCaveat(ok, ok)).toBeNull();
    expect(ruleComparisonCaveat(ok, { capped: true, belowFloor: true })).toBe(
      "rules not compared: this run's rules were capped at 5,000 and rest on single baskets (minimum support under 2 baskets), so which rules appear or disappear says nothing about what customers buy",
    );
    expect(ruleComparisonCaveat(rulesFileFacts(thin), ok)).toMatch(/^rules not compared: the previous run's rules rest on single baskets/);
  });
});
