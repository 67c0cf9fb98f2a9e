/** Text for itemsets and rules, for tables, CSV and the CLI. */
import type { FrequentItemsets } from './frequent-itemsets.ts';
import type { AssociationRules } from './rules.ts';

/** Separator between item labels; chosen because it rarely occurs inside product names. */
export const ITEM_SEPARATOR = ' | ';

/** Labels of `codes` joined with " | ", in the order given. O(length). */
export function joinItemLabels(codes: ArrayLike<number>, itemLabels: readonly string[], separator = ITEM_SEPARATOR): string {
  const parts: string[] = [];
  for (let k = 0; k < codes.length; k++) parts.push(itemLabels[codes[k]!] ?? `#${codes[k]}`);
  return parts.join(separator);
}

/** Item codes of itemset i (a view, not a copy). O(1). */
export function itemsetItems(sets: FrequentItemsets, i: number): Int32Array {
  return sets.items.subarray(sets.offsets[i]!, sets.offsets[i + 1]!);
}

/** Antecedent item codes of rule r (a view, not a copy). O(1). */
export function ruleAntecedent(rules: AssociationRules, r: number): Int32Array {
  return rules.antecedentItems.subarray(rules.antecedentOffsets[r]!, rules.antecedentOffsets[r + 1]!);
}

/** "a | b" for itemset i. */
export function itemsetLabel(sets: FrequentItemsets, i: number, itemLabels: readonly string[]): string {
  return joinItemLabels(itemsetItems(sets, i), itemLabels);
}

export interface RuleRow {
  antecedent: string;
  consequent: string;
  support: number;
  confidence: number;
  lift: number;
  leverage: number;
  conviction: number;
  antecedentSupport: number;
  consequentSupport: number;
  count: number;
}

/** Rule r as a plain object with labels joined by " | " (for tables and CSV rows). O(rule length). */
export function ruleRow(rules: AssociationRules, r: number, itemLabels: readonly string[]): RuleRow {
  return {
    antecedent: joinItemLabels(ruleAntecedent(rules, r), itemLabels),
    consequent: itemLabels[rules.consequents[r]!] ?? `#${rules.consequents[r]}`,
    support: rules.support[r]!,
    confidence: rules.confidence[r]!,
    lift: rules.lift[r]!,
    leverage: rules.leverage[r]!,
    conviction: rules.conviction[r]!,
    antecedentSupport: rules.antecedentSupport[r]!,
    consequentSupport: rules.consequentSupport[r]!,
    count: rules.count[r]!,
  };
}

/** arules-style "{a | b} => {c}" for rule r. */
export function ruleLabel(rules: AssociationRules, r: number, itemLabels: readonly string[]): string {
  const row = ruleRow(rules, r, itemLabels);
  return `{${row.antecedent}} => {${row.consequent}}`;
}
