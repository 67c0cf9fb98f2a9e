/** One call from baskets to rules: frequent itemsets, then rules, with shared progress. */
import type { JobControl } from '../ports.ts';
import type { Baskets } from './baskets.ts';
import { mineFrequentItemsets, type FrequentItemsetOptions, type FrequentItemsets } from './frequent-itemsets.ts';
import { generateRules, type AssociationRules, type RuleOptions } from './rules.ts';

export type MineRulesOptions = Omit<FrequentItemsetOptions, 'control'> & Omit<RuleOptions, 'control'> & { control?: JobControl };

/** Scales a sub-task's progress into [from, to] of the caller's. */
function subControl(control: JobControl | undefined, from: number, to: number): JobControl | undefined {
  if (control === undefined) return undefined;
  const onProgress = control.onProgress;
  return {
    ...(control.signal !== undefined ? { signal: control.signal } : {}),
    ...(onProgress !== undefined ? { onProgress: (f: number, msg?: string) => onProgress(from + (to - from) * f, msg) } : {}),
  };
}

/**
 * `mineFrequentItemsets` then `generateRules` (see both for semantics and costs; itemset
 * mining usually dominates). Progress: 0–0.8 itemsets, 0.8–1 rules. Deterministic.
 *
 * @throws CancelledError when `control.signal` is aborted.
 */
export function mineAssociationRules(baskets: Baskets, options: MineRulesOptions): { itemsets: FrequentItemsets; rules: AssociationRules } {
  const { control, minConfidence, minLift, maxRules, pruneRedundant, sortBy, ...mining } = options;
  const itemsets = mineFrequentItemsets(baskets, { ...mining, control: subControl(control, 0, 0.8) });
  const rules = generateRules(itemsets, {
    minConfidence,
    minLift,
    maxRules,
    pruneRedundant,
    sortBy,
    control: subControl(control, 0.8, 1),
  });
  return { itemsets, rules };
}
