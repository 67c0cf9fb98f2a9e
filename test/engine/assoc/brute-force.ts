/**
 * Reference implementations for the property tests: enumerate every subset of a small item
 * universe, count it by scanning the baskets, and derive rules by their definitions.
 */
import type { AssociationRules, Baskets, FrequentItemsets } from '../../../engine/src/assoc/index.ts';

/** Each basket as a bitmask over item codes (nItems <= 30). */
export function basketMasks(b: Baskets): number[] {
  const masks: number[] = [];
  for (let r = 0; r + 1 < b.basketOffsets.length; r++) {
    let mask = 0;
    for (let k = b.basketOffsets[r]!; k < b.basketOffsets[r + 1]!; k++) mask |= 1 << b.items[k]!;
    masks.push(mask);
  }
  return masks;
}

export function maskItems(mask: number): number[] {
  const out: number[] = [];
  for (let i = 0; mask >> i !== 0; i++) if ((mask >> i) & 1) out.push(i);
  return out;
}

export function countMask(masks: readonly number[], set: number): number {
  let c = 0;
  for (const m of masks) if ((m & set) === set) c++;
  return c;
}

/** Frequent itemsets by exhaustive enumeration: key "1,3" → count. */
export function bruteItemsets(masks: readonly number[], nItems: number, minCount: number, maxLen: number): Map<string, number> {
  const out = new Map<string, number>();
  for (let set = 1; set < 1 << nItems; set++) {
    const items = maskItems(set);
    if (items.length > maxLen) continue;
    const c = countMask(masks, set);
    if (c >= minCount) out.set(items.join(','), c);
  }
  return out;
}

export function itemsetMap(sets: FrequentItemsets): Map<string, number> {
  const out = new Map<string, number>();
  for (let i = 0; i < sets.nItemsets; i++) {
    const key = Array.from(sets.items.subarray(sets.offsets[i]!, sets.offsets[i + 1]!)).join(',');
    if (out.has(key)) throw new Error(`duplicate itemset ${key}`);
    out.set(key, sets.counts[i]!);
  }
  return out;
}

export interface RefRule {
  antecedent: number[];
  consequent: number;
  count: number;
  antecedentCount: number;
  consequentCount: number;
  support: number;
  confidence: number;
  lift: number;
  leverage: number;
  conviction: number;
}

export function ruleKey(antecedent: readonly number[], consequent: number): string {
  return `${antecedent.join(',')}=>${consequent}`;
}

/** Rules X => c for every frequent itemset of length >= 2, by the textbook formulas. */
export function bruteRules(masks: readonly number[], frequent: Map<string, number>, minConfidence: number, minLift: number): Map<string, RefRule> {
  const n = masks.length;
  const out = new Map<string, RefRule>();
  for (const [key, count] of frequent) {
    const items = key.split(',').map(Number);
    if (items.length < 2) continue;
    for (const c of items) {
      const antecedent = items.filter((x) => x !== c);
      const antecedentCount = countMask(
        masks,
        antecedent.reduce((m, x) => m | (1 << x), 0),
      );
      const consequentCount = countMask(masks, 1 << c);
      const support = count / n;
      const confidence = count / antecedentCount;
      const lift = confidence / (consequentCount / n);
      if (confidence < minConfidence || lift < minLift) continue;
      out.set(ruleKey(antecedent, c), {
        antecedent,
        consequent: c,
        count,
        antecedentCount,
        consequentCount,
        support,
        confidence,
        lift,
        leverage: support - (antecedentCount / n) * (consequentCount / n),
        conviction: confidence === 1 ? Infinity : (1 - consequentCount / n) / (1 - confidence),
      });
    }
  }
  return out;
}

/** Naive is.redundant: a rule in the set with the same consequent, a proper-subset antecedent and >= confidence. */
export function naiveRedundant(rules: Map<string, RefRule>): Set<string> {
  const list = [...rules.entries()];
  const out = new Set<string>();
  for (const [key, r] of list) {
    for (const [, g] of list) {
      if (g.consequent !== r.consequent || g.antecedent.length >= r.antecedent.length) continue;
      if (!g.antecedent.every((x) => r.antecedent.includes(x))) continue;
      if (g.confidence >= r.confidence) {
        out.add(key);
        break;
      }
    }
  }
  return out;
}

export function ruleKeys(rules: AssociationRules): string[] {
  const keys: string[] = [];
  for (let r = 0; r < rules.nRules; r++) {
    const ant = Array.from(rules.antecedentItems.subarray(rules.antecedentOffsets[r]!, rules.antecedentOffsets[r + 1]!));
    keys.push(ruleKey(ant, rules.consequents[r]!));
  }
  return keys;
}
