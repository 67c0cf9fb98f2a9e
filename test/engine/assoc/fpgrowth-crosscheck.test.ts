import { FPGrowth } from 'node-fpgrowth';
import { describe, expect, it } from 'vitest';
import { mineFrequentItemsets } from '../../../engine/src/assoc/index.ts';
import { itemsetMap } from './brute-force.ts';
import { syntheticBaskets } from '../../../engine/src/gen/index.ts';

describe('cross-check with node-fpgrowth', () => {
  it('finds the same itemsets and counts on a medium random dataset', async () => {
    const baskets = syntheticBaskets({ nBaskets: 1500, nItems: 60, meanBasketSize: 6, plantedPairs: 10, plantedBundles: 3, seed: 11 });
    const n = baskets.basketOffsets.length - 1;
    const transactions: number[][] = [];
    for (let b = 0; b < n; b++) transactions.push(Array.from(baskets.items.subarray(baskets.basketOffsets[b]!, baskets.basketOffsets[b + 1]!)));
    const fraction = 0.02;
    // node-fpgrowth uses ceil(fraction × n) with no epsilon; pass the same count to ours.
    const minCount = Math.ceil(fraction * n);
    const theirs = await new FPGrowth<number>(fraction).exec(transactions);
    const expected = new Map(theirs.map((s) => [[...s.items].sort((a, b) => a - b).join(','), s.support]));
    const ours = mineFrequentItemsets(baskets, { minSupport: { count: minCount }, maxLen: Infinity });
    expect(ours.nItemsets).toBeGreaterThan(500);
    expect(itemsetMap(ours)).toEqual(expected);
  });
});
