import { describe, expect, it } from 'vitest';
import { CancelledError } from '../../../engine/src/errors.ts';
import { buildBaskets, generateRules, mineAssociationRules, mineFrequentItemsets, type Baskets } from '../../../engine/src/assoc/index.ts';
import { itemsetMap } from './brute-force.ts';
import { syntheticBasketLines, syntheticBaskets } from '../../../engine/src/gen/index.ts';

const dense = syntheticBaskets({ nBaskets: 400, nItems: 40, meanBasketSize: 15, plantedBundles: 4, seed: 3 });

describe('maxItemsets cap', () => {
  it('stops, reports truncated, and keeps the output closed under subsets', () => {
    const sets = mineFrequentItemsets(dense, { minSupport: { count: 2 }, maxLen: Infinity, maxItemsets: 5000 });
    expect(sets.truncated).toBe(true);
    expect(sets.truncatedReason).toBe('stopped at the limit of 5,000 itemsets; raise the minimum support or lower the maximum length to see all itemsets');
    expect(sets.nItemsets).toBe(5000);
    expect(sets.offsets.length).toBe(5001);
    const map = itemsetMap(sets);
    for (const key of map.keys()) {
      const items = key.split(',');
      if (items.length < 2) continue;
      for (let k = 0; k < items.length; k++) expect(map.has(items.filter((_, j) => j !== k).join(','))).toBe(true);
    }
    // The kept itemsets carry exact counts: a full run at the same threshold agrees.
    const full = itemsetMap(mineFrequentItemsets(dense, { minSupport: { count: 2 }, maxLen: 3 }));
    for (const [key, count] of map) if (key.split(',').length <= 3) expect(full.get(key)).toBe(count);
    const rules = generateRules(sets, { minConfidence: 0.5 });
    expect(rules.truncated).toBe(true);
    expect(rules.truncatedReason).toMatch(/itemsets were truncated/);
  });

  it('is not reported when the output fits exactly', () => {
    const all = mineFrequentItemsets(dense, { minSupport: 0.1 });
    const exact = mineFrequentItemsets(dense, { minSupport: 0.1, maxItemsets: all.nItemsets });
    expect(exact.truncated).toBe(false);
    expect(exact.nItemsets).toBe(all.nItemsets);
  });

  it('maxRules stops rule generation and says so', () => {
    const sets = mineFrequentItemsets(dense, { minSupport: 0.05 });
    const all = generateRules(sets, { minConfidence: 0.1 });
    expect(all.nRules).toBeGreaterThan(100);
    const capped = generateRules(sets, { minConfidence: 0.1, maxRules: 100 });
    expect(capped.nRules).toBe(100);
    expect(capped.truncated).toBe(true);
    expect(capped.truncatedReason).toBe('stopped at the limit of 100 rules; raise the minimum confidence or lift to see all rules');
    expect(all.truncated).toBe(false);
  });

  it('rejects invalid caps', () => {
    expect(() => mineFrequentItemsets(dense, { minSupport: 0.1, maxItemsets: 0 })).toThrow(/maxItemsets/);
    expect(() => mineFrequentItemsets(dense, { minSupport: 0.1, maxLen: 0 })).toThrow(/maxLen/);
    const sets = mineFrequentItemsets(dense, { minSupport: 0.1 });
    expect(() => generateRules(sets, { minConfidence: 2 })).toThrow(/minConfidence/);
    expect(() => generateRules(sets, { maxRules: 1.5 })).toThrow(/maxRules/);
  });
});

describe('cancellation and progress', () => {
  it('throws CancelledError when already aborted', () => {
    const signal = { aborted: true };
    expect(() => mineFrequentItemsets(dense, { minSupport: 0.1, control: { signal } })).toThrow(CancelledError);
    const sets = mineFrequentItemsets(dense, { minSupport: 0.1 });
    expect(() => generateRules(sets, { control: { signal } })).toThrow(CancelledError);
  });

  it('throws CancelledError when aborted mid-run, from progress or deep in the search', () => {
    const fromProgress = { aborted: false };
    expect(() =>
      mineFrequentItemsets(dense, {
        minSupport: { count: 3 },
        control: { signal: fromProgress, onProgress: () => (fromProgress.aborted = true) },
      }),
    ).toThrow(CancelledError);
    let reads = 0;
    const later = {
      get aborted(): boolean {
        return ++reads > 30;
      },
    };
    expect(() => mineFrequentItemsets(dense, { minSupport: { count: 2 }, maxItemsets: 5_000_000, control: { signal: later } })).toThrow(CancelledError);
  });

  it('reports non-decreasing progress ending at 1', () => {
    const seen: number[] = [];
    mineAssociationRules(dense, { minSupport: 0.05, minConfidence: 0.3, control: { onProgress: (f) => seen.push(f) } });
    expect(seen.length).toBeGreaterThan(2);
    for (let k = 1; k < seen.length; k++) expect(seen[k]).toBeGreaterThanOrEqual(seen[k - 1]!);
    expect(seen[0]).toBeGreaterThanOrEqual(0);
    expect(seen.at(-1)).toBe(1);
  });
});

describe('enormous baskets', () => {
  /** Members of each huge basket, to predict how much they add to any itemset's count. */
  function hugeMembership(b: Baskets, firstHuge: number): Uint8Array[] {
    const out: Uint8Array[] = [];
    for (let r = firstHuge; r + 1 < b.basketOffsets.length; r++) {
      const m = new Uint8Array(b.nItems);
      for (let k = b.basketOffsets[r]!; k < b.basketOffsets[r + 1]!; k++) m[b.items[k]!] = 1;
      out.push(m);
    }
    return out;
  }

  it('3 baskets of 2,000 items among 90k normal ones add only their own counts', { timeout: 60_000 }, () => {
    const base = { nBaskets: 90_000, nItems: 4000, meanBasketSize: 20, plantedPairs: 300, plantedBundles: 20, seed: 7 };
    const normal = syntheticBaskets(base);
    const lines = syntheticBasketLines({ ...base, hugeBaskets: 3, hugeSize: 2000 });
    const withHuge = buildBaskets(lines.basketIds, lines.itemCodes, lines.nItems, lines.itemLabels);
    expect(withHuge.basketOffsets.length - 1).toBe(90_003);
    const huge = hugeMembership(withHuge, 90_000);
    expect(huge.every((m) => m.reduce((a, x) => a + x, 0) === 2000)).toBe(true);

    const count = 180;
    const a = itemsetMap(mineFrequentItemsets(normal, { minSupport: { count } }));
    const t = performance.now();
    const mined = mineFrequentItemsets(withHuge, { minSupport: { count } });
    console.info(`${mined.nItemsets} itemsets with 3 huge baskets in ${(performance.now() - t).toFixed(0)} ms`);
    const b = itemsetMap(mined);
    const extra = (key: string): number => {
      const items = key.split(',').map(Number);
      return huge.filter((m) => items.every((i) => m[i] === 1)).length;
    };
    for (const [key, c] of a) expect(b.get(key)).toBe(c + extra(key));
    for (const [key, c] of b) {
      if (a.has(key)) continue;
      expect(c).toBeGreaterThanOrEqual(count);
      expect(c - extra(key)).toBeLessThan(count);
    }
  });

  it('a tiny absolute support over overlapping huge baskets hits the cap instead of exploding', { timeout: 60_000 }, () => {
    const lines = syntheticBasketLines({ nBaskets: 5000, nItems: 3000, meanBasketSize: 10, hugeBaskets: 3, hugeSize: 2000, seed: 5 });
    const b = buildBaskets(lines.basketIds, lines.itemCodes, lines.nItems, lines.itemLabels);
    const sets = mineFrequentItemsets(b, { minSupport: { count: 3 }, maxItemsets: 200_000 });
    expect(sets.truncated).toBe(true);
    expect(sets.nItemsets).toBe(200_000);
  });
});
