/**
 * 'assoc/load' and 'assoc/mine': the worker keeps the baskets it was sent (one set, by handle)
 * and the itemsets of the last mining, so a change of confidence, lift or pruning only
 * re-derives rules (engine `deriveRules`), and a change of minSupport re-mines without the
 * baskets crossing the thread boundary again. Mining itself is the pipeline's `mineItemsets`.
 */
import { deriveRules, mineItemsets, saferMinSupport, type Baskets, type ItemsetTable, type MinedItemsets } from '../engine-api.ts';
import type { Handler } from '../host.ts';

let resident: { handle: number; baskets: Baskets } | null = null;
let lastItemsets: { key: string; mined: MinedItemsets } | null = null;

export const assocLoad: Handler<'assoc/load'> = (params, input) => {
  resident = { handle: params.handle, baskets: input };
  lastItemsets = null;
  return { result: { handle: params.handle, nBaskets: input.basketIds.length } };
};

/** A copy the result can transfer while the cache keeps its own arrays. */
function copyItemsets(t: ItemsetTable): ItemsetTable {
  return { n: t.n, offsets: t.offsets.slice(), items: t.items.slice(), counts: t.counts.slice(), support: t.support.slice() };
}

export const assocMine: Handler<'assoc/mine'> = (params, input, ctx) => {
  if (!resident || resident.handle !== params.handle) {
    throw Object.assign(new Error('the baskets are no longer loaded in the analytics worker; load them again'), { code: 'stale_handle' });
  }
  const control = { signal: ctx.signal, onProgress: ctx.onProgress };
  const key = `${params.handle}|${params.maskKey}|${params.minSupport}|${params.maxLen}`;
  const cached = lastItemsets?.key === key ? lastItemsets.mined : null;
  const mined = cached ?? mineItemsets(resident.baskets, input.mask, params, control);
  lastItemsets = { key, mined };
  const rules = deriveRules(mined, params, control);
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
      suggestedMinSupport: truncated ? saferMinSupport(resident.baskets, input.mask, { signal: ctx.signal }) : null,
      mined: cached === null,
    },
    // A buffer listed twice makes postMessage throw: views may share one.
    transfer: [...new Set([...Object.values(itemsets), ...Object.values(rules.rules)].filter((v): v is Int32Array | Float64Array => ArrayBuffer.isView(v)).map((v) => v.buffer as ArrayBuffer))],
  };
};
