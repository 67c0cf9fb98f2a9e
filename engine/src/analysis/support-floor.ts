/**
 * The floor under the minimum support. On few baskets a minimum support such as the default 1%
 * is less than one basket, so an itemset bought together once counts as frequent: the rules
 * (thousands, up to the cap) each rest on one purchase, and change wholesale from one month to
 * the next. This is said, with the support that would need MIN_RULE_BASKETS baskets, and never
 * raised behind the user's back: the analysis' minimum support is what the app and the CLI mine
 * with, so they give the same rules, and a document cannot tell a deliberate value from a default.
 */
import { round } from '../export/csv.ts';

/** The fewest baskets an itemset must be seen in for its rules to be more than one purchase. */
export const MIN_RULE_BASKETS = 2;

/**
 * A minimum support that needs MIN_RULE_BASKETS of `nBaskets`: MIN_RULE_BASKETS / nBaskets cut to
 * two significant digits (0.022 of 89 baskets), a fraction as the app's slider and --min-support
 * take it. Mining rounds support × baskets up, so it stays above one basket less. Null when that
 * is not a fraction below 1 (fewer than 3 baskets; 1 would be read as a count of one basket).
 */
export function floorSupport(nBaskets: number): number | null {
  const exact = MIN_RULE_BASKETS / nBaskets;
  if (!(exact < 1)) return null;
  const scale = 10 ** (1 - Math.floor(Math.log10(exact)));
  const support = Math.floor(exact * scale + 1e-9) / scale;
  return support < 1 ? support : null;
}

/**
 * Whether mining ran under the floor: an itemset in a single basket counted as frequent
 * (the count mining used, which rounds minimum support × baskets up, is below MIN_RULE_BASKETS).
 */
export function belowSupportFloor(mined: { nBaskets: number; minCount: number }): boolean {
  return mined.nBaskets > 0 && mined.minCount < MIN_RULE_BASKETS;
}

/**
 * The warning of a run under the floor, or null: the minimum support as set (the analysis' form:
 * a fraction below 1, a count of baskets from 1), the baskets, and the support that needs more.
 */
export function supportFloorWarning(mined: { nBaskets: number; minCount: number }, minSupport: number): string | null {
  if (!belowSupportFloor(mined)) return null;
  const n = mined.nBaskets;
  const baskets = (k: number) => `${k.toLocaleString('en-US')} ${k === 1 ? 'basket' : 'baskets'}`;
  const set =
    minSupport < 1
      ? `minimum support ${minSupport} of ${baskets(n)} is ${baskets(round(minSupport * n, 2))}`
      : `minimum support ${baskets(minSupport)} of ${n.toLocaleString('en-US')}`;
  const floor = floorSupport(n);
  const fix =
    n < MIN_RULE_BASKETS
      ? `with ${baskets(n)} no itemset can be seen twice`
      : floor === null
        ? `a minimum support of ${MIN_RULE_BASKETS} (a count of baskets) keeps only itemsets seen at least twice`
        : `a minimum support of ${floor} (${baskets(MIN_RULE_BASKETS)}) or more keeps only itemsets seen at least twice`;
  return `${set}: an itemset bought together in a single basket counts as frequent, so a rule can rest on one purchase; ${fix}`;
}
