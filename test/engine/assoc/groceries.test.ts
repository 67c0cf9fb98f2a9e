import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { basketsFromStrings, generateRules, mineFrequentItemsets, ruleLabel, sortRules, type StringBaskets } from '../../../engine/src/assoc/index.ts';

/** Groceries (arules): one basket per line, comma-separated labels, no header. */
function loadGroceries(): StringBaskets {
  const text = readFileSync(new URL('../../../../shared/data/groceries/groceries.csv', import.meta.url), 'utf8');
  const basketKeys: string[] = [];
  const itemKeys: string[] = [];
  text.split('\n').forEach((line, i) => {
    if (line.length === 0) return;
    for (const item of line.split(',')) {
      basketKeys.push(String(i));
      itemKeys.push(item);
    }
  });
  return basketsFromStrings(basketKeys, itemKeys);
}

describe('Groceries (arules reference counts)', () => {
  const baskets = loadGroceries();
  const sets = mineFrequentItemsets(baskets, { minSupport: 0.001 });

  it('loads 9,835 baskets and keeps labels verbatim', () => {
    expect(baskets.basketOffsets.length - 1).toBe(9835);
    expect(baskets.nItems).toBe(169);
    expect(baskets.itemLabels).toContain('cream cheese ');
    expect(sets.minCount).toBe(10);
    expect(sets.truncated).toBe(false);
  });

  it('minSupport 0.001, minConfidence 0.8 gives 410 rules', () => {
    const rules = generateRules(sets, { minConfidence: 0.8 });
    expect(rules.nRules).toBe(410);
    expect(rules.truncated).toBe(false);
    const top = sortRules(rules, 'lift');
    expect(ruleLabel(top, 0, baskets.itemLabels)).toBe('{red/blush wine | liquor} => {bottled beer}');
    expect(top.count[0]).toBe(19);
    expect(top.lift[0]).toBeCloseTo(11.235269, 5);
  });

  it('minSupport 0.001, minConfidence 0.5 gives 5,668 rules', () => {
    expect(generateRules(sets, { minConfidence: 0.5 }).nRules).toBe(5668);
  });

  it('mines in well under 100 ms once warm', () => {
    // Not a timing assertion: just record the figure in the test output.
    const t = performance.now();
    mineFrequentItemsets(baskets, { minSupport: 0.001 });
    console.info(`groceries itemsets at 0.001: ${(performance.now() - t).toFixed(1)} ms`);
  });
});
