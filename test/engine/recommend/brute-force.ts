/** Reference recommendations by exhaustive search, written from the documented definition. */
import { ruleAntecedent, type AssociationRules } from '../../../engine/src/index.ts';

export interface ReferenceRecommendation {
  customer: string;
  rank: number;
  product: number;
  rule: number;
}

/** Compares label strings with plain `<` (the engine's documented order). */
const cmpText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every applicable rule of every customer, sorted by the documented order (score, confidence,
 * lift, support descending; consequent label, antecedent length, antecedent labels ascending),
 * then the first rule of each product until topN products are taken.
 */
export function bruteRecommend(
  rules: AssociationRules,
  histories: ReadonlyMap<string, ReadonlySet<number>>,
  labels: readonly string[],
  topN: number,
): ReferenceRecommendation[] {
  const out: ReferenceRecommendation[] = [];
  const customers = [...histories.keys()].sort(cmpText);
  for (const customer of customers) {
    const bought = histories.get(customer)!;
    const applicable: number[] = [];
    for (let r = 0; r < rules.nRules; r++) {
      const ante = Array.from(ruleAntecedent(rules, r));
      if (ante.every((i) => bought.has(i)) && !bought.has(rules.consequents[r]!)) applicable.push(r);
    }
    applicable.sort((a, b) => {
      const keys = (r: number) => [rules.confidence[r]! * rules.lift[r]!, rules.confidence[r]!, rules.lift[r]!, rules.support[r]!];
      const ka = keys(a);
      const kb = keys(b);
      for (let k = 0; k < ka.length; k++) if (ka[k] !== kb[k]) return kb[k]! - ka[k]!;
      const byProduct = cmpText(labels[rules.consequents[a]!]!, labels[rules.consequents[b]!]!);
      if (byProduct !== 0) return byProduct;
      const aa = Array.from(ruleAntecedent(rules, a), (i) => labels[i]!);
      const ab = Array.from(ruleAntecedent(rules, b), (i) => labels[i]!);
      if (aa.length !== ab.length) return aa.length - ab.length;
      for (let k = 0; k < aa.length; k++) {
        const d = cmpText(aa[k]!, ab[k]!);
        if (d !== 0) return d;
      }
      return 0;
    });
    const taken = new Set<number>();
    for (const r of applicable) {
      const product = rules.consequents[r]!;
      if (taken.has(product) || taken.size === topN) continue;
      taken.add(product);
      out.push({ customer, rank: taken.size, product, rule: r });
    }
  }
  return out;
}
