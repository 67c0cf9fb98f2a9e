/**
 * Association rules from frequent itemsets, as arules' apriori produces them: every rule
 * has exactly one consequent item and a non-empty antecedent, and comes from a frequent
 * itemset Z of length >= 2 as (Z minus c) => c for each c in Z.
 */
import { EngineError, throwIfCancelled } from '../errors.ts';
import type { JobControl } from '../ports.ts';
import type { FrequentItemsets } from './frequent-itemsets.ts';
import { IntBuffer } from '../util/int-buffer.ts';
import { ItemsetIndex } from './itemset-index.ts';
import { sortRules, type RuleSortKey } from './rule-order.ts';

export interface RuleOptions {
  /** Keep rules with confidence >= this (default 0.8, as arules). */
  minConfidence?: number;
  /** Keep rules with lift >= this (default 0: no lift filter). */
  minLift?: number;
  /** Stop after this many rules and flag the result `truncated` (default 1,000,000). */
  maxRules?: number;
  /**
   * Drop redundant rules (arules' is.redundant): X => c is redundant when some rule
   * X' => c with X' a non-empty proper subset of X has equal or higher confidence. Rules
   * with an empty antecedent are never generated, so they never make another redundant.
   */
  pruneRedundant?: boolean;
  /** Order of the output (descending, deterministic ties); default: generation order. */
  sortBy?: RuleSortKey;
  control?: JobControl;
}

/** Rules as parallel columns; rule r's antecedent is antecedentItems[antecedentOffsets[r] .. [r+1]). */
export interface AssociationRules {
  readonly nBaskets: number;
  readonly nRules: number;
  readonly antecedentOffsets: Int32Array;
  /** Item codes, ascending within each antecedent. */
  readonly antecedentItems: Int32Array;
  readonly consequents: Int32Array;
  /** Baskets containing antecedent ∪ consequent. */
  readonly count: Int32Array;
  /** count / nBaskets. */
  readonly support: Float64Array;
  /** support / antecedentSupport. */
  readonly confidence: Float64Array;
  /** confidence / consequentSupport. */
  readonly lift: Float64Array;
  /** support − antecedentSupport × consequentSupport. */
  readonly leverage: Float64Array;
  /**
   * (1 − consequentSupport) / (1 − confidence); Infinity when confidence is 1 (CSV
   * writers print "inf").
   */
  readonly conviction: Float64Array;
  readonly antecedentSupport: Float64Array;
  readonly consequentSupport: Float64Array;
  /** True when maxRules stopped generation or the itemsets themselves were truncated. */
  readonly truncated: boolean;
  readonly truncatedReason?: string;
}

export const DEFAULT_MIN_CONFIDENCE = 0.8;
export const DEFAULT_MAX_RULES = 1_000_000;

/** Itemset indices ordered by length (stable): shorter itemsets come first. O(n + maxLen). */
function orderByLength(sets: FrequentItemsets): Int32Array {
  const n = sets.nItemsets;
  let longest = 0;
  for (let i = 0; i < n; i++) longest = Math.max(longest, sets.offsets[i + 1]! - sets.offsets[i]!);
  const start = new Int32Array(longest + 2);
  for (let i = 0; i < n; i++) start[sets.offsets[i + 1]! - sets.offsets[i]! + 1]!++;
  for (let l = 0; l <= longest; l++) start[l + 1]! += start[l]!;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[start[sets.offsets[i + 1]! - sets.offsets[i]!]!++] = i;
  return order;
}

function checkRuleOptions(options: RuleOptions): { minConfidence: number; minLift: number; maxRules: number } {
  const minConfidence = options.minConfidence ?? DEFAULT_MIN_CONFIDENCE;
  if (!(minConfidence >= 0 && minConfidence <= 1)) {
    throw new EngineError('invalid_argument', `minConfidence must be in [0, 1], got ${minConfidence}`);
  }
  const minLift = options.minLift ?? 0;
  if (!(minLift >= 0)) throw new EngineError('invalid_argument', `minLift must be >= 0, got ${minLift}`);
  const maxRules = options.maxRules ?? DEFAULT_MAX_RULES;
  if (!Number.isInteger(maxRules) || maxRules < 1) {
    throw new EngineError('invalid_argument', `maxRules must be an integer >= 1, got ${maxRules}`);
  }
  return { minConfidence, minLift, maxRules };
}

/**
 * Generates the rules of every itemset of length >= 2 in `sets`, filtered by confidence and
 * lift (and optionally redundancy), with all metrics computed from basket counts.
 *
 * Generation order: by itemset length, then the itemset order of `sets`, then consequent
 * item code; `sortBy` reorders. When `maxRules` is reached generation stops (so the rules
 * kept are the first ones in generation order, not the best) and `truncated` is set.
 *
 * Requires every subset of an itemset in `sets` to be present (true for the output of
 * `mineFrequentItemsets`, even when truncated); rules whose antecedent is missing are
 * skipped. Complexity O(Σ |Z|) hash look-ups, plus O(Σ |Z|²) with `pruneRedundant`, plus
 * O(R log R) to sort R rules. Deterministic.
 *
 * @throws CancelledError when `control.signal` is aborted.
 */
export function generateRules(sets: FrequentItemsets, options: RuleOptions = {}): AssociationRules {
  const { minConfidence, minLift, maxRules } = checkRuleOptions(options);
  const { offsets, items, counts, nBaskets } = sets;
  const signal = options.control?.signal;
  const onProgress = options.control?.onProgress;
  throwIfCancelled(signal);

  const itemCount = new Int32Array(sets.nItems);
  for (let i = 0; i < sets.nItemsets; i++) {
    if (offsets[i + 1]! - offsets[i]! === 1) itemCount[items[offsets[i]!]!] = counts[i]!;
  }
  const index = new ItemsetIndex(offsets, items, sets.nItemsets);
  const order = orderByLength(sets);
  const prune = options.pruneRedundant === true;
  // best[offsets[i] + p]: highest confidence (as num/den counts) of any rule with
  // consequent Z[p] whose antecedent is a non-empty subset of Z minus Z[p], Z = itemset i.
  const bestNum = prune ? new Int32Array(items.length) : new Int32Array(0);
  const bestDen = prune ? new Int32Array(items.length) : new Int32Array(0);
  const sub = new Int32Array(64);
  const ruleSet = new IntBuffer(1024);
  const rulePos = new IntBuffer(1024);
  let truncated = false;

  outer: for (let o = 0; o < order.length; o++) {
    const i = order[o]!;
    const s = offsets[i]!;
    const len = offsets[i + 1]! - s;
    if (len < 2) continue;
    if ((o & 4095) === 0) {
      throwIfCancelled(signal);
      onProgress?.(o / order.length, `${ruleSet.length} rules`);
    }
    const subs = len <= sub.length ? sub : new Int32Array(len);
    for (let p = 0; p < len; p++) subs[p] = index.find(items, s, s + len, s + p);
    const cz = counts[i]!;
    for (let p = 0; p < len; p++) {
      const xi = subs[p]!;
      if (xi < 0) continue;
      const cx = counts[xi]!;
      let redundant = false;
      if (prune) {
        // Best confidence over strictly smaller antecedents, from Z minus one other item.
        let num = 0;
        let den = 1;
        if (len >= 3) {
          for (let x = 0; x < len; x++) {
            const j = subs[x]!;
            if (x === p || j < 0) continue;
            const at = offsets[j]! + p - (x < p ? 1 : 0);
            const n2 = bestNum[at]!;
            const d2 = bestDen[at]!;
            if (n2 * den > num * d2) {
              num = n2;
              den = d2;
            }
          }
          redundant = num * cx >= cz * den;
        }
        const own = cz * den >= num * cx;
        bestNum[s + p] = own ? cz : num;
        bestDen[s + p] = own ? cx : den;
      }
      if (redundant) continue;
      const confidence = cz / cx;
      if (confidence < minConfidence) continue;
      if (minLift > 0 && (cz * nBaskets) / (cx * itemCount[items[s + p]!]!) < minLift) continue;
      if (ruleSet.length >= maxRules) {
        truncated = true;
        break outer;
      }
      ruleSet.push(i);
      rulePos.push(p);
    }
  }

  const rules = materialise(sets, itemCount, index, ruleSet, rulePos, truncated, maxRules);
  onProgress?.(1, `${rules.nRules} rules`);
  return options.sortBy === undefined ? rules : sortRules(rules, options.sortBy);
}

/** Turns (itemset, consequent position) pairs into rule columns with all metrics. */
function materialise(
  sets: FrequentItemsets,
  itemCount: Int32Array,
  index: ItemsetIndex,
  ruleSet: IntBuffer,
  rulePos: IntBuffer,
  truncatedHere: boolean,
  maxRules: number,
): AssociationRules {
  const { offsets, items, counts, nBaskets } = sets;
  const n = ruleSet.length;
  const antecedentOffsets = new Int32Array(n + 1);
  for (let r = 0; r < n; r++) {
    const i = ruleSet.data[r]!;
    antecedentOffsets[r + 1] = antecedentOffsets[r]! + offsets[i + 1]! - offsets[i]! - 1;
  }
  const antecedentItems = new Int32Array(antecedentOffsets[n]!);
  const consequents = new Int32Array(n);
  const count = new Int32Array(n);
  const support = new Float64Array(n);
  const confidence = new Float64Array(n);
  const lift = new Float64Array(n);
  const leverage = new Float64Array(n);
  const conviction = new Float64Array(n);
  const antecedentSupport = new Float64Array(n);
  const consequentSupport = new Float64Array(n);
  for (let r = 0; r < n; r++) {
    const i = ruleSet.data[r]!;
    const p = rulePos.data[r]!;
    const s = offsets[i]!;
    const e = offsets[i + 1]!;
    let w = antecedentOffsets[r]!;
    for (let k = s; k < e; k++) if (k !== s + p) antecedentItems[w++] = items[k]!;
    const c = items[s + p]!;
    const cz = counts[i]!;
    const cx = counts[index.find(items, s, e, s + p)]!;
    const cc = itemCount[c]!;
    consequents[r] = c;
    count[r] = cz;
    support[r] = cz / nBaskets;
    confidence[r] = cz / cx;
    lift[r] = (cz * nBaskets) / (cx * cc);
    leverage[r] = cz / nBaskets - (cx / nBaskets) * (cc / nBaskets);
    conviction[r] = cz === cx ? Infinity : ((nBaskets - cc) / nBaskets) * (cx / (cx - cz));
    antecedentSupport[r] = cx / nBaskets;
    consequentSupport[r] = cc / nBaskets;
  }
  const reasons: string[] = [];
  if (truncatedHere) reasons.push(`stopped at the limit of ${maxRules.toLocaleString('en-US')} rules; raise the minimum confidence or lift to see all rules`);
  if (sets.truncated) reasons.push('the frequent itemsets were truncated, so rules from the missing itemsets are absent');
  return {
    nBaskets,
    nRules: n,
    antecedentOffsets,
    antecedentItems,
    consequents,
    count,
    support,
    confidence,
    lift,
    leverage,
    conviction,
    antecedentSupport,
    consequentSupport,
    truncated: reasons.length > 0,
    ...(reasons.length > 0 ? { truncatedReason: reasons.join('; ') } : {}),
  };
}
