/**
 * 'assoc/load' and 'assoc/mine': the worker keeps the baskets it was sent (one set, by handle)
 * and the itemsets of the last mining, so a change of confidence, lift or pruning only
 * re-derives rules (engine `deriveRules`), and a change of minSupport re-mines without the
 * baskets crossing the thread boundary again. Mining itself is the pipeline's `mineItemsets`.
 */
import {
  associationRules,
  customerHistories,
  deriveRules,
  mineItemsets,
  nextBestProducts,
  productAudience,
  recommendFor,
  ruleAudience,
  saferMinSupport,
  type Baskets,
  type ItemsetTable,
  type MinedItemsets,
  type JobControl,
  type MinedRules,
  type RuleTable,
} from '../engine-api.ts';
import type { Handler } from '../host.ts';
import type { MineParams } from '../protocol.ts';

let resident: { handle: number; baskets: Baskets; itemNames: string[]; basketCustomers: (string | null)[] } | null = null;
let lastItemsets: { key: string; mined: MinedItemsets } | null = null;
/** The rules of the last mining settings, kept for re-use (the page gets copies). */
let lastRules: { key: string; rules: MinedRules; nBaskets: number } | null = null;

export const assocLoad: Handler<'assoc/load'> = (params, input) => {
  const { basketCustomers, itemNames, ...baskets } = input;
  resident = { handle: params.handle, baskets, itemNames, basketCustomers };
  lastItemsets = null;
  lastRules = null;
  return { result: { handle: params.handle, nBaskets: input.basketIds.length } };
};

/** A copy the result can transfer while the cache keeps its own arrays. */
function copyItemsets(t: ItemsetTable): ItemsetTable {
  return { n: t.n, offsets: t.offsets.slice(), items: t.items.slice(), counts: t.counts.slice(), support: t.support.slice() };
}

function copyRules(r: RuleTable): RuleTable {
  const out = { ...r };
  for (const [k, v] of Object.entries(r)) if (ArrayBuffer.isView(v)) (out as Record<string, unknown>)[k] = (v as Int32Array).slice();
  return out;
}

/** Itemsets (from the cache when only confidence, lift or pruning changed) and rules for `params`. */
function mineRules(params: MineParams, mask: Uint8Array | null, control: JobControl) {
  if (!resident || resident.handle !== params.handle) {
    throw Object.assign(new Error('the baskets are no longer loaded in the analytics worker; load them again'), { code: 'stale_handle' });
  }
  const key = `${params.handle}|${params.maskKey}|${params.minSupport}|${params.maxLen}`;
  const cached = lastItemsets?.key === key ? lastItemsets.mined : null;
  const mined = cached ?? mineItemsets(resident.baskets, mask, params, control);
  lastItemsets = { key, mined };
  const rulesKey = JSON.stringify(params);
  if (lastRules?.key !== rulesKey) lastRules = { key: rulesKey, nBaskets: mined.nBaskets, rules: deriveRules(mined, params, control) };
  return { resident, mined, fresh: cached === null, rules: lastRules.rules };
}

export const assocMine: Handler<'assoc/mine'> = (params, input, ctx) => {
  const control = { signal: ctx.signal, onProgress: ctx.onProgress };
  const { resident: r, mined, fresh, rules: kept } = mineRules(params, input.mask, control);
  // The cache keeps its arrays; the page gets copies it owns.
  const rules = { ...kept, rules: copyRules(kept.rules) };
  const truncated = mined.truncated || rules.truncated;
  const itemsets = copyItemsets(mined.itemsets);
  return {
    result: {
      nBaskets: mined.nBaskets,
      nItems: mined.nItems,
      minCount: mined.minCount,
      itemsets,
      rules: rules.rules,
      truncated,
      truncatedReason: rules.truncatedReason ?? mined.truncatedReason,
      suggestedMinSupport: truncated ? saferMinSupport(r.baskets, input.mask, { signal: ctx.signal }) : null,
      mined: fresh,
    },
    // A buffer listed twice makes postMessage throw: views may share one.
    transfer: [
      ...new Set(
        [...Object.values(itemsets), ...Object.values(rules.rules)]
          .filter((v): v is Int32Array | Float64Array => ArrayBuffer.isView(v))
          .map((v) => v.buffer as ArrayBuffer),
      ),
    ],
  };
};

/** The next-best product per customer from the rules of these mining settings (the cached ones when current). */
export const assocRecommend: Handler<'assoc/recommend'> = (params, input, ctx) => {
  const control = { signal: ctx.signal, onProgress: ctx.onProgress };
  const { resident: r, mined, rules } = mineRules(params, input.mask, control);
  const recs = recommendFor(r, associationRules(rules, mined.nBaskets), 1, control);
  const best = [...nextBestProducts(recs, { labels: r.baskets.itemLabels, names: r.itemNames })];
  return { result: { customerIds: best.map(([id]) => id), productCodes: best.map(([, b]) => b.code), productNames: best.map(([, b]) => b.name) } };
};

/** The top `topN` recommendations per customer (recommendations.csv's), from the rules of these mining settings. */
export const assocRecommendations: Handler<'assoc/recommendations'> = (params, input, ctx) => {
  const control = { signal: ctx.signal, onProgress: ctx.onProgress };
  const { topN, ...mine } = params;
  const { resident: r, mined, rules } = mineRules(mine, input.mask, control);
  const recs = recommendFor(r, associationRules(rules, mined.nBaskets), topN, control);
  return { result: recs, transfer: [recs.offsets.buffer, recs.product.buffer, recs.rule.buffer, recs.score.buffer] as ArrayBuffer[] };
};

/** The cross-sell audience of a product or a rule, over the resident baskets' customers (engine/src/recommend/audience.ts). */
export const assocAudience: Handler<'assoc/audience'> = (params, input, ctx) => {
  // The mining settings alone key the caches, so an audience never evicts the current rules.
  const { audience, ...mine } = params;
  const { resident: r, mined, rules } = mineRules(mine, input.mask, { signal: ctx.signal, onProgress: ctx.onProgress });
  const assoc = associationRules(rules, mined.nBaskets);
  const histories = customerHistories(r.baskets, r.basketCustomers);
  const customerIds = 'rule' in audience ? ruleAudience(assoc, audience.rule, histories) : productAudience(assoc, audience.product, histories);
  return { result: { customerIds } };
};
