/**
 * The documented order of recommendations: one total order over rules, so the best rule per
 * product and the best products per customer both come from comparing rank numbers.
 */
import type { AssociationRules } from '../assoc/rules.ts';

/** Recommendation score of rule r: confidence × lift. */
export function recommendationScore(rules: AssociationRules, r: number): number {
  return rules.confidence[r]! * rules.lift[r]!;
}

/** Position of each label in ascending code-unit order (plain `<`), ties by code. O(n log n). */
function labelRanks(itemLabels: readonly string[], nItems: number): Int32Array {
  const idx = Array.from({ length: nItems }, (_, i) => i);
  const label = (i: number) => itemLabels[i] ?? '';
  idx.sort((a, b) => (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : a - b));
  const rank = new Int32Array(nItems);
  idx.forEach((item, k) => (rank[item] = k));
  return rank;
}

/**
 * Rule indices best first: score (confidence × lift) descending, then confidence, lift,
 * support descending, then consequent label ascending, then the shorter antecedent, then
 * antecedent labels ascending position by position (antecedent items in code order). Total
 * and deterministic for distinct rules. O(R log R).
 */
export function recommendationOrder(rules: AssociationRules, itemLabels: readonly string[], nItems: number): Int32Array {
  const labelRank = labelRanks(itemLabels, nItems);
  const score = new Float64Array(rules.nRules);
  for (let r = 0; r < rules.nRules; r++) score[r] = recommendationScore(rules, r);
  const metrics = [score, rules.confidence, rules.lift, rules.support];
  const { antecedentOffsets: off, antecedentItems: items, consequents } = rules;
  const idx = Array.from({ length: rules.nRules }, (_, r) => r);
  idx.sort((a, b) => {
    for (const col of metrics) {
      const x = col[a]!;
      const y = col[b]!;
      if (x !== y) return x > y ? -1 : 1;
    }
    const dc = labelRank[consequents[a]!]! - labelRank[consequents[b]!]!;
    if (dc !== 0) return dc;
    const la = off[a + 1]! - off[a]!;
    const lb = off[b + 1]! - off[b]!;
    if (la !== lb) return la - lb;
    for (let k = 0; k < la; k++) {
      const d = labelRank[items[off[a]! + k]!]! - labelRank[items[off[b]! + k]!]!;
      if (d !== 0) return d;
    }
    return a - b;
  });
  return Int32Array.from(idx);
}
