/** recommendations.csv: one row per (customer, rank) with the rule as evidence. */
import { joinItemLabels, ruleAntecedent } from '../assoc/labels.ts';
import type { AssociationRules } from '../assoc/rules.ts';
import { toCsv, type Cell, type CsvOptions } from '../export/csv.ts';
import type { Recommendations } from './recommend.ts';

export const RECOMMENDATION_COLUMNS = [
  'customer_id',
  'segment',
  'rank',
  'product_code',
  'product_name',
  'antecedent_codes',
  'antecedent_names',
  'support',
  'confidence',
  'lift',
  'score',
] as const;

export interface RecommendationExport {
  recommendations: Recommendations;
  /** The rules `recommendations` was computed from (evidence columns). */
  rules: AssociationRules;
  /** Product code per item code: the baskets' `itemLabels`. */
  itemLabels: readonly string[];
  /** Product name per item code: `loadBaskets(...).itemNames` (defaults to the codes). */
  itemNames?: readonly string[];
  /** Segment name per customer id; customers not in it get an empty segment cell. */
  segmentOf?: ReadonlyMap<string, string>;
  /** Keep only customers whose segment is one of these (needs `segmentOf`). */
  segments?: readonly string[];
  /** Replaces the customer id, e.g. a salted hash for sharing. */
  customerId?: (id: string) => string;
}

/**
 * Rows of recommendations.csv in RECOMMENDATION_COLUMNS order: customers in the
 * recommendations' order, ranks from 1; antecedent codes and names joined with " | ";
 * support, confidence, lift and score at full precision (as rules.csv). O(rows × antecedent).
 * With rules mined per segment, concatenate the rows of each segment's export and write them
 * with `toCsv(RECOMMENDATION_COLUMNS, rows)`.
 */
export function recommendationRows(e: RecommendationExport): Cell[][] {
  const { recommendations: recs, rules } = e;
  const names = e.itemNames ?? e.itemLabels;
  const wanted = e.segments === undefined ? undefined : new Set(e.segments);
  const rows: Cell[][] = [];
  for (let c = 0; c < recs.customerIds.length; c++) {
    const id = recs.customerIds[c]!;
    const segment = e.segmentOf?.get(id);
    if (wanted !== undefined && (segment === undefined || !wanted.has(segment))) continue;
    const shownId = e.customerId ? e.customerId(id) : id;
    for (let k = recs.offsets[c]!; k < recs.offsets[c + 1]!; k++) {
      const r = recs.rule[k]!;
      const product = recs.product[k]!;
      const antecedent = ruleAntecedent(rules, r);
      rows.push([
        shownId,
        segment ?? null,
        k - recs.offsets[c]! + 1,
        e.itemLabels[product] ?? `#${product}`,
        names[product] ?? `#${product}`,
        joinItemLabels(antecedent, e.itemLabels),
        joinItemLabels(antecedent, names),
        rules.support[r]!,
        rules.confidence[r]!,
        rules.lift[r]!,
        recs.score[k]!,
      ]);
    }
  }
  return rows;
}

/** The whole recommendations.csv text (see `recommendationRows`). */
export function recommendationsCsv(e: RecommendationExport, options: CsvOptions = {}): string {
  return toCsv(RECOMMENDATION_COLUMNS, recommendationRows(e), options);
}

/**
 * Segment name per customer id, for `segmentOf`: from `computeRfm`'s `customerIds` and an
 * `applyRules` assignment (`names[codes[i]]`).
 */
export function segmentLookup(customerIds: readonly string[], assignment: { codes: Int32Array; names: readonly string[] }): Map<string, string> {
  const map = new Map<string, string>();
  customerIds.forEach((id, i) => map.set(id, assignment.names[assignment.codes[i]!]!));
  return map;
}

/** A customer's top recommendation: the item's code and its name (the campaign list's next_best_product and next_best_product_name). */
export interface NextBest {
  code: string;
  name: string;
}

/** The top recommendation per customer id; customers without a recommendation are absent. */
export function nextBestProducts(recs: Recommendations, items: { labels: readonly string[]; names: readonly string[] }): Map<string, NextBest> {
  const map = new Map<string, NextBest>();
  for (let c = 0; c < recs.customerIds.length; c++) {
    if (recs.offsets[c + 1]! > recs.offsets[c]!) {
      const k = recs.product[recs.offsets[c]!]!;
      map.set(recs.customerIds[c]!, { code: items.labels[k]!, name: items.names[k]! });
    }
  }
  return map;
}
