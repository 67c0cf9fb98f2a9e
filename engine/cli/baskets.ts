import {
  EngineError,
  basketMask,
  emptyBasketWarnings,
  anonymousBasketWarnings,
  figureWarnings,
  deriveRules,
  itemsetsCsv,
  loadAnalysisBaskets,
  mineItemsets,
  missingRoles,
  requireRoles,
  resolveGroupName,
  round,
  rulesCsv,
  scoreCustomers,
  supportFloorWarning,
  basketItem,
  basketKey,
  joinItemLabels,
  type Analysis,
  type Dataset,
  type SqlPort,
} from '../src/index.ts';
import { flag, type ParsedArgs } from './args.ts';
import { writeOutputs } from './write-file.ts';

/** Frequent itemsets and rules from the cleaned lines; writes rules.csv and itemsets.csv. */
export async function runBaskets(sql: SqlPort, ds: Dataset, a: Analysis, args: ParsedArgs): Promise<Record<string, unknown>> {
  const out = flag(args, 'out');
  if (out === undefined) throw new EngineError('invalid_argument', 'baskets needs --out DIR');
  const mapping = ds.canonical.mapping.mapping;
  const b = a.baskets;
  const missing = missingRoles(mapping, 'baskets');
  // A file of baskets that detection took for a table: say how to read it as baskets.
  if (missing.length > 0 && ds.sources.every((s) => s.kind !== 'parquet' && !s.basketStarts))
    throw new EngineError(
      'mapping',
      `baskets need ${missing.join(', ')}: map ${missing.length > 1 ? 'them' : 'it'} to a column (--map), or, if each line of the file is a basket, read it with --layout baskets (--layout matrix: each column is an item)`,
    );
  const loaded = await loadAnalysisBaskets(sql, b, mapping);
  let mask: Uint8Array | null = null;
  if (b.restrict.kind !== 'all') {
    requireRoles(mapping, 'rfm');
    const scored = await scoreCustomers(sql, a);
    // The segment as the rules name it ("at risk" is "At Risk"), for the output too.
    if (b.restrict.kind === 'segment')
      b.restrict = { kind: 'segment', segment: resolveGroupName(b.restrict.segment, scored.segments.names, 'segment', '--segment') };
    mask = basketMask(loaded, b.restrict, { rfm: scored.rfm, segments: scored.segments });
  }
  const itemsets = mineItemsets(loaded.baskets, mask, b);
  const rules = deriveRules(itemsets, b);
  const items = { labels: loaded.baskets.itemLabels, names: loaded.itemNames };
  const files = writeOutputs(out, [
    { name: 'rules.csv', text: rulesCsv(rules.rules, items) },
    { name: 'itemsets.csv', text: itemsetsCsv(itemsets.itemsets, items) },
  ]);
  const r = rules.rules;
  const floor = supportFloorWarning(itemsets, b.minSupport);
  const warnings = [
    ...figureWarnings(ds),
    ...emptyBasketWarnings(ds.sources),
    ...anonymousBasketWarnings(ds.report, ds.cleaning.rules),
    ...(floor ? [floor] : []),
  ];
  const name = (codes: ArrayLike<number>) => joinItemLabels(codes, loaded.itemNames);
  return {
    ...(warnings.length ? { warnings } : {}),
    baskets: itemsets.nBaskets,
    by: basketKey(b, mapping),
    item: basketItem(b, mapping),
    ...(b.restrict.kind === 'segment' ? { segment: b.restrict.segment } : {}),
    min_support: b.minSupport,
    min_confidence: b.minConfidence,
    max_len: b.maxLen,
    itemsets: itemsets.itemsets.n,
    rules: r.n,
    truncated: itemsets.truncated || rules.truncated,
    top_rules: Array.from({ length: Math.min(10, r.n) }, (_, i) => ({
      antecedent: name(r.antecedentItems.subarray(r.antecedentOffsets[i]!, r.antecedentOffsets[i + 1]!)),
      consequent: name([r.consequent[i]!]),
      support: round(r.support[i]!, 4),
      confidence: round(r.confidence[i]!, 3),
      lift: round(r.lift[i]!, 2),
    })),
    files,
  };
}

export function basketsText(r: Record<string, unknown>): string {
  const lines = [
    `${r.baskets} baskets by ${r.by === 'visit' ? "visit (a customer's purchases on one day)" : r.by}${r.segment ? ` in segment ${r.segment}` : ''}, items by ${r.item}, minSupport ${r.min_support}, minConfidence ${r.min_confidence}, up to ${r.max_len} items per rule (--max-len)`,
    `${r.itemsets} frequent itemsets, ${r.rules} rules${r.truncated ? ' (output capped: raise minSupport)' : ''}`,
  ];
  for (const t of r.top_rules as { antecedent: string; consequent: string; support: number; confidence: number; lift: number }[]) {
    lines.push(`  {${t.antecedent}} => {${t.consequent}}  support ${t.support} confidence ${t.confidence} lift ${t.lift}`);
  }
  for (const w of (r.warnings as string[] | undefined) ?? []) lines.push(`warning: ${w}`);
  lines.push(`wrote ${(r.files as string[]).join(', ')}`);
  return lines.join('\n');
}
