/** Market-basket analysis: baskets in CSR form, frequent itemsets, association rules. */
export { basketCount, basketsFromStrings, buildBaskets } from './baskets.ts';
export type { Baskets, BuildBasketsOptions, StringBaskets } from './baskets.ts';
export { selectBasketsByIndex, selectBasketsByMask } from './restrict.ts';
export { resolveMinCount } from './support.ts';
export type { MinSupport } from './support.ts';
export { DEFAULT_MAX_ITEMSETS, DEFAULT_MAX_LEN, mineFrequentItemsets } from './frequent-itemsets.ts';
export type { FrequentItemsetOptions, FrequentItemsets } from './frequent-itemsets.ts';
export { DEFAULT_MAX_RULES, DEFAULT_MIN_CONFIDENCE, generateRules } from './rules.ts';
export type { AssociationRules, RuleOptions } from './rules.ts';
export { permuteRules, ruleOrder, sortRules } from './rule-order.ts';
export type { RuleSortKey } from './rule-order.ts';
export { mineAssociationRules } from './mine-association-rules.ts';
export type { MineRulesOptions } from './mine-association-rules.ts';
export { estimateFrequent, estimateFromProfile, suggestMinSupport, supportProfile } from './estimate.ts';
export type { SuggestOptions, SupportEstimate, SupportProfile } from './estimate.ts';
export {
  ITEM_SEPARATOR,
  itemsetItems,
  itemsetLabel,
  joinItemLabels,
  ruleAntecedent,
  ruleLabel,
  ruleRow,
} from './labels.ts';
export type { RuleRow } from './labels.ts';
