import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildBaskets,
  createRng,
  customerHistories,
  historyItems,
  mineAssociationRules,
  permuteRules,
  recommendProducts,
  ruleAntecedent,
  type Recommendations,
} from '../../../engine/src/index.ts';
import { bruteRecommend, type ReferenceRecommendation } from './brute-force.ts';

/** Random small shops: baskets (item bit masks) owned by a few customers, some by nobody. */
const shopArb = fc.record({ nItems: fc.integer({ min: 2, max: 7 }), nCustomers: fc.integer({ min: 1, max: 6 }) }).chain(({ nItems, nCustomers }) =>
  fc.record({
    nItems: fc.constant(nItems),
    baskets: fc.array(fc.record({ mask: fc.integer({ min: 1, max: (1 << nItems) - 1 }), owner: fc.integer({ min: -1, max: nCustomers - 1 }) }), {
      minLength: 1,
      maxLength: 30,
    }),
    // Labels in an order unrelated to the codes, so label tie-breaks are exercised.
    labelOrder: fc.shuffledSubarray(
      Array.from({ length: nItems }, (_, i) => i),
      { minLength: nItems, maxLength: nItems },
    ),
    minConfidence: fc.constantFrom(0, 0.2, 0.5, 0.8),
    topN: fc.integer({ min: 1, max: 4 }),
  }),
);

type Shop = { nItems: number; baskets: { mask: number; owner: number }[]; labelOrder: number[]; minConfidence: number; topN: number };

function setUp(shop: Shop) {
  const lines: [number, number][] = [];
  shop.baskets.forEach(({ mask }, b) => {
    for (let i = 0; i < shop.nItems; i++) if ((mask >> i) & 1) lines.push([b, i]);
  });
  const labels = shop.labelOrder.map((k) => `p${k}`);
  const baskets = buildBaskets(
    lines.map((l) => l[0]),
    lines.map((l) => l[1]),
    shop.nItems,
    labels,
  );
  const basketCustomers = shop.baskets.map(({ owner }) => (owner < 0 ? null : `c${owner}`));
  // The reference history straight from the generated masks.
  const reference = new Map<string, Set<number>>();
  shop.baskets.forEach(({ mask, owner }) => {
    if (owner < 0) return;
    const set = reference.get(`c${owner}`) ?? new Set<number>();
    for (let i = 0; i < shop.nItems; i++) if ((mask >> i) & 1) set.add(i);
    reference.set(`c${owner}`, set);
  });
  const { rules } = mineAssociationRules(baskets, { minSupport: { count: 1 }, minConfidence: shop.minConfidence });
  return { baskets, basketCustomers, labels, reference, rules };
}

function flatten(recs: Recommendations): ReferenceRecommendation[] {
  const out: ReferenceRecommendation[] = [];
  recs.customerIds.forEach((customer, c) => {
    for (let k = recs.offsets[c]!; k < recs.offsets[c + 1]!; k++) {
      out.push({ customer, rank: k - recs.offsets[c]! + 1, product: recs.product[k]!, rule: recs.rule[k]! });
    }
  });
  return out;
}

describe('recommendProducts against exhaustive search', () => {
  it("histories are the union of each customer's baskets", () => {
    fc.assert(
      fc.property(shopArb, (shop) => {
        const { baskets, basketCustomers, reference } = setUp(shop);
        const h = customerHistories(baskets, basketCustomers);
        expect(h.customerIds).toEqual([...reference.keys()].sort());
        h.customerIds.forEach((id, c) => {
          expect(Array.from(historyItems(h, c))).toEqual([...reference.get(id)!].sort((a, b) => a - b));
        });
      }),
      { numRuns: 200 },
    );
  });

  it('equal the brute-force top N; antecedent bought, consequent not, products distinct', () => {
    let withRecommendations = 0;
    fc.assert(
      fc.property(shopArb, (shop) => {
        const { baskets, basketCustomers, labels, reference, rules } = setUp(shop);
        const recs = recommendProducts(rules, customerHistories(baskets, basketCustomers), labels, { topN: shop.topN });
        const got = flatten(recs);
        if (got.length > 0) withRecommendations++;
        expect(got).toEqual(bruteRecommend(rules, reference, labels, shop.topN));
        for (const g of got) {
          const bought = reference.get(g.customer)!;
          for (const i of ruleAntecedent(rules, g.rule)) expect(bought.has(i)).toBe(true);
          expect(bought.has(g.product)).toBe(false);
          expect(rules.consequents[g.rule]).toBe(g.product);
        }
        recs.customerIds.forEach((_, c) => {
          const products = Array.from(recs.product.subarray(recs.offsets[c]!, recs.offsets[c + 1]!));
          expect(new Set(products).size).toBe(products.length);
          expect(products.length).toBeLessThanOrEqual(shop.topN);
          for (let k = recs.offsets[c]!; k < recs.offsets[c + 1]!; k++) {
            expect(recs.score[k]).toBe(rules.confidence[recs.rule[k]!]! * rules.lift[recs.rule[k]!]!);
          }
        });
      }),
      { numRuns: 300 },
    );
    // The random shops must exercise the search, not just return nothing (about half do).
    expect(withRecommendations).toBeGreaterThan(60);
  });

  it('do not depend on the order of the rules', () => {
    fc.assert(
      fc.property(shopArb, fc.nat(), (shop, seed) => {
        const { baskets, basketCustomers, labels, rules } = setUp(shop);
        const order = Array.from({ length: rules.nRules }, (_, r) => r);
        const rng = createRng(seed);
        for (let k = order.length - 1; k > 0; k--) {
          const j = Math.floor(rng.next() * (k + 1));
          [order[k], order[j]] = [order[j]!, order[k]!];
        }
        const h = customerHistories(baskets, basketCustomers);
        const a = recommendProducts(rules, h, labels, { topN: shop.topN });
        const b = recommendProducts(permuteRules(rules, order), h, labels, { topN: shop.topN });
        expect(b.offsets).toEqual(a.offsets);
        expect(b.product).toEqual(a.product);
        expect(b.score).toEqual(a.score);
        // The evidence is the same rule, at its new position.
        expect(Array.from(b.rule, (r) => order[r])).toEqual(Array.from(a.rule));
      }),
      { numRuns: 200 },
    );
  });

  it('rejects topN below 1 and rules outside the item space', () => {
    const { baskets, basketCustomers, labels, rules } = setUp({
      nItems: 3,
      baskets: [
        { mask: 3, owner: 0 },
        { mask: 7, owner: 1 },
      ],
      labelOrder: [0, 1, 2],
      minConfidence: 0,
      topN: 1,
    });
    const h = customerHistories(baskets, basketCustomers);
    expect(rules.nRules).toBeGreaterThan(0);
    expect(() => recommendProducts(rules, h, labels, { topN: 0 })).toThrow(/topN/);
    expect(() => recommendProducts(rules, { ...h, nItems: 1 }, labels)).toThrow(/outside/);
  });
});
