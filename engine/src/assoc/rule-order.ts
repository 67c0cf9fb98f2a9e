/** Sorting and re-ordering of rule tables. */
import type { AssociationRules } from './rules.ts';

export type RuleSortKey = 'lift' | 'confidence' | 'support' | 'leverage' | 'conviction';

type MetricColumn = 'lift' | 'confidence' | 'support' | 'leverage' | 'conviction';

/** Tie-break chain after the primary key; always ends in a total order on the rule text. */
const TIE_BREAKS: readonly MetricColumn[] = ['confidence', 'lift', 'support'];

/** Negative when rule a's antecedent (then consequent) comes first: shorter, then smaller codes. */
function compareItems(rules: AssociationRules, a: number, b: number): number {
  const { antecedentOffsets: off, antecedentItems: items } = rules;
  const la = off[a + 1]! - off[a]!;
  const lb = off[b + 1]! - off[b]!;
  if (la !== lb) return la - lb;
  for (let k = 0; k < la; k++) {
    const d = items[off[a]! + k]! - items[off[b]! + k]!;
    if (d !== 0) return d;
  }
  return rules.consequents[a]! - rules.consequents[b]!;
}

/**
 * Rule indices in descending order of `key`; ties by confidence, lift, support (all
 * descending), then shorter antecedent, then ascending item codes of antecedent and
 * consequent, so the order is total and deterministic. O(R log R).
 */
export function ruleOrder(rules: AssociationRules, key: RuleSortKey): Int32Array {
  const chain: MetricColumn[] = [key, ...TIE_BREAKS.filter((k) => k !== key)];
  const columns = chain.map((k) => rules[k]);
  const idx = Array.from({ length: rules.nRules }, (_, r) => r);
  idx.sort((a, b) => {
    for (const col of columns) {
      const x = col[a]!;
      const y = col[b]!;
      if (x !== y) return x > y ? -1 : 1;
    }
    return compareItems(rules, a, b);
  });
  return Int32Array.from(idx);
}

/** A new rule table holding rules `order[0], order[1], ...` of `rules`. O(R + antecedent items). */
export function permuteRules(rules: AssociationRules, order: ArrayLike<number>): AssociationRules {
  const n = order.length;
  const off = rules.antecedentOffsets;
  const antecedentOffsets = new Int32Array(n + 1);
  for (let k = 0; k < n; k++) {
    const r = order[k]!;
    antecedentOffsets[k + 1] = antecedentOffsets[k]! + off[r + 1]! - off[r]!;
  }
  const antecedentItems = new Int32Array(antecedentOffsets[n]!);
  for (let k = 0; k < n; k++) {
    const r = order[k]!;
    antecedentItems.set(rules.antecedentItems.subarray(off[r]!, off[r + 1]!), antecedentOffsets[k]!);
  }
  const pick = <T extends Int32Array | Float64Array>(col: T): T => {
    const out = new (col.constructor as new (n: number) => T)(n);
    for (let k = 0; k < n; k++) out[k] = col[order[k]!]!;
    return out;
  };
  return {
    ...rules,
    nRules: n,
    antecedentOffsets,
    antecedentItems,
    consequents: pick(rules.consequents),
    count: pick(rules.count),
    support: pick(rules.support),
    confidence: pick(rules.confidence),
    lift: pick(rules.lift),
    leverage: pick(rules.leverage),
    conviction: pick(rules.conviction),
    antecedentSupport: pick(rules.antecedentSupport),
    consequentSupport: pick(rules.consequentSupport),
  };
}

/** `rules` reordered by `ruleOrder(rules, key)`. O(R log R). Deterministic. */
export function sortRules(rules: AssociationRules, key: RuleSortKey): AssociationRules {
  return permuteRules(rules, ruleOrder(rules, key));
}
