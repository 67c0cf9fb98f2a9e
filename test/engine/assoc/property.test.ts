import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildBaskets, generateRules, mineFrequentItemsets, resolveMinCount, type MinSupport } from '../../../engine/src/assoc/index.ts';
import { mineFrequentItemsetsTuned } from '../../../engine/src/assoc/frequent-itemsets.ts';
import { createRng } from '../../../engine/src/util/rng.ts';
import { basketMasks, bruteItemsets, bruteRules, itemsetMap, naiveRedundant, ruleKeys } from './brute-force.ts';

/** Random small datasets as shuffled line-level pairs with repeated lines. */
const datasetArb = fc.integer({ min: 1, max: 8 }).chain((nItems) =>
  fc.record({
    nItems: fc.constant(nItems),
    baskets: fc.array(fc.integer({ min: 1, max: (1 << nItems) - 1 }), { minLength: 1, maxLength: 40 }),
    repeats: fc.array(fc.nat(7), { maxLength: 10 }),
    shuffleSeed: fc.nat(),
  }),
);

type Dataset = { nItems: number; baskets: number[]; repeats: number[]; shuffleSeed: number };

function toBaskets(d: Dataset) {
  const lines: [number, number][] = [];
  d.baskets.forEach((mask, b) => {
    for (let i = 0; i < d.nItems; i++) if ((mask >> i) & 1) lines.push([b * 7 + 3, i]);
  });
  // Repeat some lines (same item bought twice) and shuffle: the builder must not care.
  for (const r of d.repeats) if (lines.length > 0) lines.push(lines[r % lines.length]!);
  const rng = createRng(d.shuffleSeed);
  for (let k = lines.length - 1; k > 0; k--) {
    const j = Math.floor(rng.next() * (k + 1));
    [lines[k], lines[j]] = [lines[j]!, lines[k]!];
  }
  const labels = Array.from({ length: d.nItems }, (_, i) => `i${i}`);
  return buildBaskets(
    lines.map((l) => l[0]),
    lines.map((l) => l[1]),
    d.nItems,
    labels,
  );
}

const minSupportArb: fc.Arbitrary<MinSupport> = fc.oneof(
  fc.double({ min: 0.01, max: 1, noNaN: true }),
  fc.constantFrom(0.05, 0.1, 0.25, 0.5, 1),
  fc.record({ count: fc.integer({ min: 1, max: 12 }) }),
);
const maxLenArb = fc.constantFrom(1, 2, 3, 4, 10, Infinity);

function thresholdOf(s: MinSupport, n: number): number {
  if (typeof s !== 'number') return s.count;
  const x = s * n;
  return Math.max(1, Math.ceil(x - 1e-9 * Math.max(1, x)));
}

describe('frequent itemsets vs brute force', () => {
  it('finds exactly the frequent itemsets with exact counts', () => {
    fc.assert(
      fc.property(datasetArb, minSupportArb, maxLenArb, (d, minSupport, maxLen) => {
        const baskets = toBaskets(d);
        const masks = basketMasks(baskets);
        expect(masks).toEqual(d.baskets);
        const sets = mineFrequentItemsets(baskets, { minSupport, maxLen });
        const minCount = thresholdOf(minSupport, masks.length);
        expect(sets.minCount).toBe(minCount);
        expect(itemsetMap(sets)).toEqual(bruteItemsets(masks, d.nItems, minCount, maxLen));
        const floor = typeof minSupport === 'number' ? minSupport : minSupport.count / masks.length;
        for (let i = 0; i < sets.nItemsets; i++) {
          expect(sets.support[i]).toBeGreaterThanOrEqual(floor - 1e-9);
          expect(sets.support[i]).toBe(sets.counts[i]! / masks.length);
        }
        expect(sets.truncated).toBe(false);
      }),
      { numRuns: 400 },
    );
  });

  it('takes the same results through the per-item counting and touched-list paths', () => {
    fc.assert(
      fc.property(datasetArb, minSupportArb, maxLenArb, (d, minSupport, maxLen) => {
        const baskets = toBaskets(d);
        const masks = basketMasks(baskets);
        const sets = mineFrequentItemsetsTuned(baskets, { minSupport, maxLen }, { scanLimit: 0, maxTriangleEntries: 0 });
        expect(itemsetMap(sets)).toEqual(bruteItemsets(masks, d.nItems, sets.minCount, maxLen));
      }),
      { numRuns: 300 },
    );
  });

  it('rules carry the textbook metrics and match brute force', () => {
    fc.assert(
      fc.property(
        datasetArb,
        minSupportArb,
        maxLenArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(0, 0.5, 1, 1.2),
        (d, minSupport, maxLen, minConfidence, minLift) => {
          const baskets = toBaskets(d);
          const masks = basketMasks(baskets);
          const sets = mineFrequentItemsets(baskets, { minSupport, maxLen });
          const frequent = bruteItemsets(masks, d.nItems, sets.minCount, maxLen);
          const expected = bruteRules(masks, frequent, minConfidence, minLift);
          const rules = generateRules(sets, { minConfidence, minLift });
          const keys = ruleKeys(rules);
          expect(new Set(keys).size).toBe(keys.length);
          expect(new Set(keys)).toEqual(new Set(expected.keys()));
          keys.forEach((key, r) => {
            const e = expected.get(key)!;
            expect(rules.count[r]).toBe(e.count);
            expect(rules.support[r]).toBeCloseTo(e.support, 12);
            expect(rules.confidence[r]).toBeCloseTo(e.confidence, 12);
            expect(rules.lift[r]).toBeCloseTo(e.lift, 10);
            expect(rules.leverage[r]).toBeCloseTo(e.leverage, 12);
            if (e.conviction === Infinity) expect(rules.conviction[r]).toBe(Infinity);
            else expect(rules.conviction[r]).toBeCloseTo(e.conviction, 9);
            expect(rules.antecedentSupport[r]).toBeCloseTo(e.antecedentCount / masks.length, 12);
            expect(rules.consequentSupport[r]).toBeCloseTo(e.consequentCount / masks.length, 12);
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('redundancy pruning matches the naive definition', () => {
    fc.assert(
      fc.property(datasetArb, minSupportArb, fc.double({ min: 0, max: 1, noNaN: true }), (d, minSupport, minConfidence) => {
        const baskets = toBaskets(d);
        const masks = basketMasks(baskets);
        const sets = mineFrequentItemsets(baskets, { minSupport, maxLen: Infinity });
        const expected = bruteRules(masks, bruteItemsets(masks, d.nItems, sets.minCount, Infinity), minConfidence, 0);
        const redundant = naiveRedundant(expected);
        const pruned = generateRules(sets, { minConfidence, pruneRedundant: true });
        const want = [...expected.keys()].filter((k) => !redundant.has(k));
        expect(new Set(ruleKeys(pruned))).toEqual(new Set(want));
      }),
      { numRuns: 300 },
    );
  });

  it('sorting is a deterministic permutation ordered by the key', () => {
    fc.assert(
      fc.property(datasetArb, fc.constantFrom('lift', 'confidence', 'support') as fc.Arbitrary<'lift' | 'confidence' | 'support'>, (d, key) => {
        const baskets = toBaskets(d);
        const sets = mineFrequentItemsets(baskets, { minSupport: { count: 1 } });
        const plain = generateRules(sets, { minConfidence: 0 });
        const sorted = generateRules(sets, { minConfidence: 0, sortBy: key });
        expect(new Set(ruleKeys(sorted))).toEqual(new Set(ruleKeys(plain)));
        for (let r = 1; r < sorted.nRules; r++) expect(sorted[key][r - 1]).toBeGreaterThanOrEqual(sorted[key][r]!);
        // Same input, same order.
        expect(ruleKeys(generateRules(sets, { minConfidence: 0, sortBy: key }))).toEqual(ruleKeys(sorted));
      }),
      { numRuns: 100 },
    );
  });
});

describe('resolveMinCount', () => {
  it('rounds fractions up, but not float noise', () => {
    expect(resolveMinCount(0.001, 9835)).toBe(10);
    expect(resolveMinCount(0.01, 20000)).toBe(200);
    expect(resolveMinCount(0.1, 30)).toBe(3);
    expect(resolveMinCount(0.07, 100)).toBe(7);
    expect(resolveMinCount(1, 40)).toBe(40);
    expect(resolveMinCount(0.0001, 10)).toBe(1);
    expect(resolveMinCount({ count: 5 }, 10)).toBe(5);
  });

  it('rejects invalid thresholds', () => {
    for (const bad of [0, -0.1, 1.5, Number.NaN]) expect(() => resolveMinCount(bad, 10)).toThrow(/minSupport/);
    for (const bad of [0, 1.5, -2]) expect(() => resolveMinCount({ count: bad }, 10)).toThrow(/count/);
  });
});
