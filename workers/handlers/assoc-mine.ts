/**
 * 'assoc/mine': baskets (CSR, optionally restricted to a segment's or cluster's baskets) →
 * frequent itemsets and one-consequent rules (engine `mineAssociationRules`), sorted by lift;
 * when the caps cut the output, the engine's `suggestMinSupport` proposes a safer threshold.
 */
import { mineAssociationRules, selectBasketsByMask, suggestMinSupport, type Baskets } from '../engine-api.ts';
import type { Handler } from '../host.ts';

export const assocMine: Handler<'assoc/mine'> = (params, input, ctx) => {
  let baskets: Baskets = {
    basketOffsets: input.basketOffsets,
    items: input.items,
    basketIds: input.basketIds,
    nItems: input.nItems,
    itemLabels: input.itemLabels,
  };
  if (input.mask) baskets = selectBasketsByMask(baskets, input.mask);
  const { itemsets, rules } = mineAssociationRules(baskets, {
    minSupport: params.minSupport,
    maxLen: params.maxLen,
    maxItemsets: params.maxItemsets,
    minConfidence: params.minConfidence,
    minLift: params.minLift,
    maxRules: params.maxRules,
    sortBy: 'lift',
    control: { signal: ctx.signal, onProgress: ctx.onProgress },
  });
  const truncated = itemsets.truncated || rules.truncated;
  const suggestedMinSupport = truncated ? suggestMinSupport(baskets, { control: { signal: ctx.signal } }).support : null;
  const out = {
    n: rules.nRules,
    antecedentOffsets: rules.antecedentOffsets,
    antecedentItems: rules.antecedentItems,
    consequent: rules.consequents,
    support: rules.support,
    confidence: rules.confidence,
    lift: rules.lift,
    leverage: rules.leverage,
    conviction: rules.conviction,
    antecedentSupport: rules.antecedentSupport,
    consequentSupport: rules.consequentSupport,
    count: rules.count,
  };
  const sets = { n: itemsets.nItemsets, offsets: itemsets.offsets, items: itemsets.items, counts: itemsets.counts, support: itemsets.support };
  return {
    result: {
      nBaskets: itemsets.nBaskets,
      nItems: itemsets.nItems,
      minCount: itemsets.minCount,
      itemsets: sets,
      rules: out,
      truncated,
      truncatedReason: rules.truncatedReason ?? itemsets.truncatedReason ?? null,
      suggestedMinSupport,
    },
    transfer: [...Object.values(sets), ...Object.values(out)].filter((v): v is Int32Array | Float64Array => ArrayBuffer.isView(v)).map((v) => v.buffer as ArrayBuffer),
  };
};
