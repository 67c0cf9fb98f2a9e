import path from 'node:path';
import {
  EngineError, applyRules, checkRuleSet, computeRfm, loadBaskets, mineAssociationRules, missingRoles, preset, scoreRfm,
  selectBasketsByMask, basketCount, itemsetItems, ruleAntecedent, joinItemLabels, toCsv, round, DEFAULT_PRESET,
  type Dataset, type SqlPort, type BasketKey, type ItemKey,
} from '../src/index.ts';
import { flag, numberFlag, type ParsedArgs } from './args.ts';
import { writeFileAtomic } from './write-file.ts';
import { scoreOptionsFromArgs } from './segment.ts';

function choice<T extends string>(args: ParsedArgs, name: string, options: readonly T[], fallback: T): T {
  const v = flag(args, name) ?? fallback;
  if (!(options as readonly string[]).includes(v)) throw new EngineError('invalid_argument', `--${name} must be one of ${options.join(', ')}`);
  return v as T;
}

/** Frequent itemsets and rules from the cleaned lines; writes rules.csv and itemsets.csv. */
export async function runBaskets(sql: SqlPort, ds: Dataset, args: ParsedArgs): Promise<Record<string, unknown>> {
  const out = flag(args, 'out');
  if (out === undefined) throw new EngineError('invalid_argument', 'baskets needs --out DIR');
  const by = choice<BasketKey>(args, 'by', ['invoice', 'customer'], 'invoice');
  const item = choice<ItemKey>(args, 'item', ['sku', 'description', 'category'], ds.canonical.mapping.mapping.sku ? 'sku' : 'description');
  const missing = missingRoles(ds.canonical.mapping.mapping, 'baskets');
  if (missing.length) throw new EngineError('mapping', `baskets need ${missing.join(', ')}; map them with --map role=Column`);
  const loaded = await loadBaskets(sql, { by, item, minItemsPerBasket: flag(args, 'min-items') === '2' ? 2 : 1 });
  let baskets = loaded.baskets;
  const segment = flag(args, 'segment');
  if (segment !== undefined) {
    const rfm = await computeRfm(sql);
    const scores = scoreRfm(rfm, scoreOptionsFromArgs(args));
    const rules = preset(flag(args, 'preset') ?? DEFAULT_PRESET);
    checkRuleSet(rules, scores.bins);
    const a = applyRules(rules, scores, rfm);
    const code = a.names.indexOf(segment);
    if (code < 0) throw new EngineError('invalid_argument', `no segment "${segment}" in preset ${rules.name}; segments are ${a.names.join(', ')}`);
    const inSegment = new Set(rfm.customerIds.filter((_, i) => a.codes[i] === code));
    const mask = new Uint8Array(basketCount(baskets));
    for (let row = 0; row < mask.length; row++) {
      const customer = loaded.basketCustomers[baskets.basketIds[row]!];
      mask[row] = customer !== null && customer !== undefined && inSegment.has(customer) ? 1 : 0;
    }
    baskets = selectBasketsByMask(baskets, mask);
  }
  // A fraction of baskets below 1; 1 and above is an absolute basket count.
  const minSupport = numberFlag(args, 'min-support', 0.01);
  if (!(minSupport > 0) || (minSupport >= 1 && !Number.isInteger(minSupport))) {
    throw new EngineError('invalid_argument', '--min-support must be a fraction in (0, 1) or a whole number of baskets');
  }
  const { itemsets, rules } = mineAssociationRules(baskets, {
    minSupport: minSupport < 1 ? minSupport : { count: minSupport },
    minConfidence: numberFlag(args, 'min-confidence', 0.5),
    minLift: numberFlag(args, 'min-lift', 0),
    maxLen: numberFlag(args, 'max-len', 10),
    pruneRedundant: flag(args, 'prune') === 'true',
    sortBy: 'lift',
  });
  const labels = baskets.itemLabels;
  const nameOf = (codes: ArrayLike<number>) => joinItemLabels(Array.from(codes), loaded.itemNames);
  const ruleRows = Array.from({ length: rules.nRules }, (_, r) => {
    const ante = ruleAntecedent(rules, r);
    const cons = [rules.consequents[r]!];
    return [joinItemLabels(ante, labels), joinItemLabels(cons, labels), nameOf(ante), nameOf(cons), rules.support[r]!, rules.confidence[r]!, rules.lift[r]!, rules.leverage[r]!, rules.conviction[r]!, rules.count[r]!];
  });
  const itemsetRows = Array.from({ length: itemsets.nItemsets }, (_, i) => {
    const items = itemsetItems(itemsets, i);
    return [joinItemLabels(items, labels), itemsets.support[i]!, itemsets.counts[i]!, items.length];
  });
  writeFileAtomic(path.join(out, 'rules.csv'), toCsv(['antecedent', 'consequent', 'antecedent_names', 'consequent_names', 'support', 'confidence', 'lift', 'leverage', 'conviction', 'count'], ruleRows));
  writeFileAtomic(path.join(out, 'itemsets.csv'), toCsv(['items', 'support', 'count', 'length'], itemsetRows));
  return {
    baskets: basketCount(baskets),
    by,
    item,
    ...(segment !== undefined ? { segment } : {}),
    min_support: minSupport,
    itemsets: itemsets.nItemsets,
    rules: rules.nRules,
    truncated: itemsets.truncated || rules.truncated,
    top_rules: ruleRows.slice(0, 10).map((r) => ({ antecedent: r[2], consequent: r[3], support: round(r[4] as number, 4), confidence: round(r[5] as number, 3), lift: round(r[6] as number, 2) })),
    files: [path.join(out, 'rules.csv'), path.join(out, 'itemsets.csv')],
  };
}

export function basketsText(r: Record<string, unknown>): string {
  const lines = [
    `${r.baskets} baskets by ${r.by}${r.segment ? ` in segment ${r.segment}` : ''}, items by ${r.item}, minSupport ${r.min_support}`,
    `${r.itemsets} frequent itemsets, ${r.rules} rules${r.truncated ? ' (output capped: raise minSupport)' : ''}`,
  ];
  for (const t of r.top_rules as { antecedent: string; consequent: string; support: number; confidence: number; lift: number }[]) {
    lines.push(`  {${t.antecedent}} => {${t.consequent}}  support ${t.support} confidence ${t.confidence} lift ${t.lift}`);
  }
  lines.push(`wrote ${(r.files as string[]).join(', ')}`);
  return lines.join('\n');
}
