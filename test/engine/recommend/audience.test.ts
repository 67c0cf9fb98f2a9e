import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildBaskets,
  customerHistories,
  historyItems,
  mineAssociationRules,
  productAudience,
  recommendProducts,
  ruleAntecedent,
  ruleAudience,
  selectBasketsByMask,
  selectHistories,
} from '../../../engine/src/index.ts';

const shopArb = fc.record({
  nItems: fc.integer({ min: 2, max: 6 }),
  baskets: fc.array(fc.record({ mask: fc.integer({ min: 1, max: 63 }), owner: fc.integer({ min: 0, max: 7 }) }), { minLength: 1, maxLength: 30 }),
});

function setUp({ nItems, baskets: raw }: { nItems: number; baskets: { mask: number; owner: number }[] }) {
  const lines: [number, number][] = [];
  raw.forEach(({ mask }, b) => {
    for (let i = 0; i < nItems; i++) if ((mask >> i) & 1) lines.push([b, i]);
  });
  const labels = Array.from({ length: nItems }, (_, i) => `p${i}`);
  const baskets = buildBaskets(
    lines.map((l) => l[0]),
    lines.map((l) => l[1]),
    nItems,
    labels,
  );
  const basketCustomers = raw.map(({ owner }) => `c${owner}`);
  const bought = new Map<string, Set<number>>();
  raw.forEach(({ mask, owner }) => {
    // A mask with no bit below nItems is an empty basket: it never reaches the baskets.
    if ((mask & ((1 << nItems) - 1)) === 0) return;
    const set = bought.get(`c${owner}`) ?? new Set<number>();
    for (let i = 0; i < nItems; i++) if ((mask >> i) & 1) set.add(i);
    bought.set(`c${owner}`, set);
  });
  return { baskets, basketCustomers, bought, labels };
}

describe('cross-sell audiences and per-segment histories', () => {
  it("a rule's audience is every customer with the antecedent and without the consequent", () => {
    fc.assert(
      fc.property(shopArb, (shop) => {
        const { baskets, basketCustomers, bought } = setUp(shop);
        const { rules } = mineAssociationRules(baskets, { minSupport: { count: 1 }, minConfidence: 0 });
        const h = customerHistories(baskets, basketCustomers);
        for (let r = 0; r < rules.nRules; r++) {
          const ante = Array.from(ruleAntecedent(rules, r));
          const expected = [...bought.keys()].sort().filter((id) => ante.every((i) => bought.get(id)!.has(i)) && !bought.get(id)!.has(rules.consequents[r]!));
          expect(ruleAudience(rules, r, h)).toEqual(expected);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("a product's audience is every customer who bought the antecedent of some rule to it and not the product", () => {
    fc.assert(
      fc.property(shopArb, (shop) => {
        const { baskets, basketCustomers, bought, labels } = setUp(shop);
        const { rules } = mineAssociationRules(baskets, { minSupport: { count: 1 }, minConfidence: 0 });
        const h = customerHistories(baskets, basketCustomers);
        for (let p = 0; p < labels.length; p++) {
          const antecedents: number[][] = [];
          for (let r = 0; r < rules.nRules; r++) if (rules.consequents[r] === p) antecedents.push(Array.from(ruleAntecedent(rules, r)));
          const expected = [...bought.keys()].sort().filter((id) => !bought.get(id)!.has(p) && antecedents.some((a) => a.every((i) => bought.get(id)!.has(i))));
          expect(productAudience(rules, p, h)).toEqual(expected);
        }
      }),
      { numRuns: 150 },
    );
  });

  it("rules mined on a segment apply to that segment's histories only", () => {
    fc.assert(
      fc.property(shopArb, (shop) => {
        const { baskets, basketCustomers, bought, labels } = setUp(shop);
        const inSegment = (id: string) => Number(id.slice(1)) % 2 === 0;
        const mask = Uint8Array.from({ length: baskets.basketIds.length }, (_, b) => (inSegment(basketCustomers[baskets.basketIds[b]!]!) ? 1 : 0));
        const h = selectHistories(customerHistories(baskets, basketCustomers), inSegment);
        expect(h.customerIds).toEqual([...bought.keys()].filter(inSegment).sort());
        h.customerIds.forEach((id, c) => expect(Array.from(historyItems(h, c))).toEqual([...bought.get(id)!].sort((a, b) => a - b)));
        const segmentBaskets = selectBasketsByMask(baskets, mask);
        if (segmentBaskets.basketIds.length === 0) return;
        const { rules } = mineAssociationRules(segmentBaskets, { minSupport: { count: 1 }, minConfidence: 0 });
        const recs = recommendProducts(rules, h, labels);
        expect(recs.customerIds).toEqual(h.customerIds);
        recs.customerIds.forEach((id, c) => {
          for (let k = recs.offsets[c]!; k < recs.offsets[c + 1]!; k++) {
            expect(bought.get(id)!.has(recs.product[k]!)).toBe(false);
            for (const i of ruleAntecedent(rules, recs.rule[k]!)) expect(bought.get(id)!.has(i)).toBe(true);
          }
        });
      }),
      { numRuns: 150 },
    );
  });
});
