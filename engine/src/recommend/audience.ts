/** Sub-populations of purchase histories: a segment's customers, a rule's cross-sell audience. */
import { ruleAntecedent } from '../assoc/labels.ts';
import type { AssociationRules } from '../assoc/rules.ts';
import { IntBuffer } from '../util/int-buffer.ts';
import type { CustomerHistories } from './histories.ts';

/**
 * The histories of the customers `keep` accepts (e.g. one segment's), in the same order and
 * item space, so rules mined on that segment's baskets (`selectBasketsByMask`) can be applied
 * with `recommendProducts`. O(customers + kept items).
 */
export function selectHistories(histories: CustomerHistories, keep: (customerId: string) => boolean): CustomerHistories {
  const ids: string[] = [];
  const offsets = new IntBuffer(64);
  offsets.push(0);
  const items = new IntBuffer(1024);
  histories.customerIds.forEach((id, c) => {
    if (!keep(id)) return;
    ids.push(id);
    for (let k = histories.offsets[c]!; k < histories.offsets[c + 1]!; k++) items.push(histories.items[k]!);
    offsets.push(items.length);
  });
  return { customerIds: ids, offsets: offsets.toInt32Array(), items: items.toInt32Array(), nItems: histories.nItems };
}

/** True when the ascending `sorted` codes include `item` (binary search). */
function includes(sorted: Int32Array, from: number, to: number, item: number): boolean {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid]! < item) lo = mid + 1;
    else hi = mid;
  }
  return lo < to && sorted[lo] === item;
}

/**
 * The cross-sell audience of an item set and a product: customers who have bought every
 * item of `antecedent` and not `consequent`, in histories order. O(customers × |antecedent|
 * × log(items per customer)).
 */
export function crossSellAudience(histories: CustomerHistories, antecedent: ArrayLike<number>, consequent: number): string[] {
  const out: string[] = [];
  for (let c = 0; c < histories.customerIds.length; c++) {
    const from = histories.offsets[c]!;
    const to = histories.offsets[c + 1]!;
    if (includes(histories.items, from, to, consequent)) continue;
    let all = true;
    for (let k = 0; k < antecedent.length && all; k++) all = includes(histories.items, from, to, antecedent[k]!);
    if (all) out.push(histories.customerIds[c]!);
  }
  return out;
}

/** The cross-sell audience of rule r: bought its antecedent, not its consequent. */
export function ruleAudience(rules: AssociationRules, r: number, histories: CustomerHistories): string[] {
  return crossSellAudience(histories, ruleAntecedent(rules, r), rules.consequents[r]!);
}

/**
 * The cross-sell audience of a product: customers whom some rule with `product` as its
 * consequent would sell it to (they bought that rule's antecedent, not the product), in
 * histories order, each once. Empty when no rule leads to the product. O(rules to it × audience).
 */
export function productAudience(rules: AssociationRules, product: number, histories: CustomerHistories): string[] {
  const members = new Set<string>();
  for (let r = 0; r < rules.nRules; r++) if (rules.consequents[r] === product) for (const id of ruleAudience(rules, r, histories)) members.add(id);
  return histories.customerIds.filter((id) => members.has(id));
}
