/**
 * Purchase histories: the distinct items each customer has bought, in compressed sparse row
 * form over the same item codes as the baskets (and so as the rules mined from them).
 */
import { basketCount, type Baskets } from '../assoc/baskets.ts';
import { EngineError } from '../errors.ts';
import { IntBuffer } from '../util/int-buffer.ts';

export interface CustomerHistories {
  /** Customer ids, ascending by UTF-16 code units (plain `<`), one per row. */
  readonly customerIds: readonly string[];
  /** nCustomers + 1 offsets into `items`; row c spans [offsets[c], offsets[c + 1]). */
  readonly offsets: Int32Array;
  /** Item codes, distinct and ascending within each customer. */
  readonly items: Int32Array;
  /** Size of the item code space (the baskets' nItems). */
  readonly nItems: number;
}

/** Items of customer row `c` (a view, not a copy). O(1). */
export function historyItems(histories: CustomerHistories, c: number): Int32Array {
  return histories.items.subarray(histories.offsets[c]!, histories.offsets[c + 1]!);
}

/**
 * Unions the baskets of each customer into one history. `basketCustomers[code]` is the
 * customer of the basket whose code is `baskets.basketIds[row]` (as `loadBaskets` returns
 * them); baskets without a customer (null) are skipped.
 *
 * Load the baskets with `minItemsPerBasket: 1` (the default) for histories: with 2,
 * single-item baskets are absent and their items would be missing from the histories.
 * Baskets keyed by customer (`by: 'customer'`) work too: each is already one history.
 *
 * O(items in baskets + nItems + customers log customers). Deterministic.
 *
 * @throws EngineError `invalid_argument` when a basket code has no entry in `basketCustomers`.
 */
export function customerHistories(baskets: Baskets, basketCustomers: readonly (string | null)[]): CustomerHistories {
  const n = basketCount(baskets);
  const rowCustomer = new Int32Array(n).fill(-1);
  const index = new Map<string, number>();
  const firstSeen: string[] = [];
  for (let b = 0; b < n; b++) {
    const code = baskets.basketIds[b]!;
    if (code < 0 || code >= basketCustomers.length) {
      throw new EngineError('invalid_argument', `basket code ${code} has no customer entry (${basketCustomers.length} given)`);
    }
    const customer = basketCustomers[code];
    if (customer === null || customer === undefined) continue;
    let k = index.get(customer);
    if (k === undefined) {
      k = firstSeen.length;
      index.set(customer, k);
      firstSeen.push(customer);
    }
    rowCustomer[b] = k;
  }
  // Customers in ascending id order: rank of each first-seen index.
  const sortedIdx = firstSeen.map((_, k) => k).sort((a, b) => (firstSeen[a]! < firstSeen[b]! ? -1 : firstSeen[a]! > firstSeen[b]! ? 1 : 0));
  const rankOf = new Int32Array(firstSeen.length);
  sortedIdx.forEach((k, r) => (rankOf[k] = r));
  const nCustomers = firstSeen.length;

  // Bucket basket rows by customer rank (counting sort), then merge with a stamp array.
  const start = new Int32Array(nCustomers + 1);
  for (let b = 0; b < n; b++) if (rowCustomer[b]! >= 0) start[rankOf[rowCustomer[b]!]! + 1]!++;
  for (let c = 0; c < nCustomers; c++) start[c + 1]! += start[c]!;
  const cursor = start.slice(0, nCustomers);
  const rowsByCustomer = new Int32Array(start[nCustomers]!);
  for (let b = 0; b < n; b++) if (rowCustomer[b]! >= 0) rowsByCustomer[cursor[rankOf[rowCustomer[b]!]!]!++] = b;

  const stamp = new Int32Array(baskets.nItems).fill(-1);
  const offsets = new Int32Array(nCustomers + 1);
  const out = new IntBuffer(baskets.items.length);
  const scratch: number[] = [];
  for (let c = 0; c < nCustomers; c++) {
    scratch.length = 0;
    for (let k = start[c]!; k < start[c + 1]!; k++) {
      const b = rowsByCustomer[k]!;
      for (let p = baskets.basketOffsets[b]!; p < baskets.basketOffsets[b + 1]!; p++) {
        const item = baskets.items[p]!;
        if (stamp[item] !== c) {
          stamp[item] = c;
          scratch.push(item);
        }
      }
    }
    scratch.sort((a, b) => a - b);
    for (const item of scratch) out.push(item);
    offsets[c + 1] = out.length;
  }
  return {
    customerIds: sortedIdx.map((k) => firstSeen[k]!),
    offsets,
    items: out.toInt32Array(),
    nItems: baskets.nItems,
  };
}
