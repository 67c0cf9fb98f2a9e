/**
 * Baskets (transactions) in compressed sparse row form: the input of every miner in this
 * folder. Row `b` holds the distinct item codes of one basket, sorted ascending, in
 * `items[basketOffsets[b] .. basketOffsets[b + 1])`.
 */
import { EngineError } from '../errors.ts';

export interface Baskets {
  /** nBaskets + 1 offsets into `items`; row b spans [basketOffsets[b], basketOffsets[b+1]). */
  readonly basketOffsets: Int32Array;
  /** Item codes in [0, nItems), de-duplicated and sorted ascending within each basket. */
  readonly items: Int32Array;
  readonly nItems: number;
  /** Display label of each item code (kept verbatim: no trimming). */
  readonly itemLabels: readonly string[];
  /** Caller's basket code of each row, so results can be joined back (e.g. to customers). */
  readonly basketIds: Int32Array;
}

export interface BuildBasketsOptions {
  /**
   * 1 (default) keeps every basket that has at least one line; 2 drops baskets with fewer
   * than 2 distinct items. Supports are always relative to the baskets kept, so with 2 the
   * same count yields a higher support than with 1.
   */
  minItemsPerBasket?: 1 | 2;
}

/** Baskets built from strings; `basketLabels[code]` is the key whose code is `basketIds[row]`. */
export interface StringBaskets extends Baskets {
  readonly basketLabels: readonly string[];
}

/** Number of baskets (rows). O(1). */
export function basketCount(baskets: Baskets): number {
  return baskets.basketOffsets.length - 1;
}

function checkInteger(value: number, min: number, max: number, what: string, index: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new EngineError('invalid_argument', `${what} at line ${index} is ${value}; expected an integer in [${min}, ${max}]`);
  }
}

/** Dense rank (0..u-1, ascending by value) of each basket code; codes are validated. */
function rankBasketCodes(basketIds: ArrayLike<number>): { rank: Int32Array; codes: Int32Array } {
  const n = basketIds.length;
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = basketIds[i]!;
    checkInteger(v, 0, 0x7fffffff, 'basket code', i);
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const rank = new Int32Array(n);
  if (n === 0) return { rank, codes: new Int32Array(0) };
  const range = max - min + 1;
  if (range <= 2 * n + 1024) {
    // Dense-enough codes (the usual case: codes from a dense_rank): a lookup table is O(n).
    const table = new Int32Array(range).fill(-1);
    for (let i = 0; i < n; i++) table[basketIds[i]! - min] = 0;
    let u = 0;
    for (let v = 0; v < range; v++) if (table[v] === 0) table[v] = u++;
    const codes = new Int32Array(u);
    for (let v = 0; v < range; v++) {
      const r = table[v]!;
      if (r >= 0) codes[r] = v + min;
    }
    for (let i = 0; i < n; i++) rank[i] = table[basketIds[i]! - min]!;
    return { rank, codes };
  }
  // Sparse codes (e.g. raw invoice numbers): sort the distinct values once, O(n log n).
  const sorted = Int32Array.from(basketIds).sort();
  let u = 0;
  for (let i = 0; i < n; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[u++] = sorted[i]!;
  const codes = sorted.slice(0, u);
  const index = new Map<number, number>();
  for (let r = 0; r < u; r++) index.set(codes[r]!, r);
  for (let i = 0; i < n; i++) rank[i] = index.get(basketIds[i]!)!;
  return { rank, codes };
}

/**
 * Groups line-level (basket code, item code) pairs into CSR baskets.
 *
 * Lines need not be sorted; duplicate items within a basket are collapsed (a basket counts
 * once per item, however many lines or units). Rows come out in ascending basket code and
 * `basketIds` records each row's code. Basket codes must be integers in [0, 2^31); item
 * codes integers in [0, nItems).
 *
 * Complexity O(lines + nItems + distinct baskets) time and memory (two stable counting-sort
 * passes: by item, then by basket), plus O(lines log lines) when basket codes are very
 * sparse. Deterministic: the output depends only on the multiset of lines.
 *
 * @throws EngineError `shape_mismatch` when the arrays differ in length, `invalid_argument`
 *   for out-of-range codes or when `itemLabels.length !== nItems`.
 */
export function buildBaskets(
  basketIds: ArrayLike<number>,
  itemCodes: ArrayLike<number>,
  nItems: number,
  itemLabels: readonly string[],
  options: BuildBasketsOptions = {},
): Baskets {
  const n = basketIds.length;
  if (itemCodes.length !== n) {
    throw new EngineError('shape_mismatch', `basketIds has ${n} values but itemCodes has ${itemCodes.length}`);
  }
  if (!Number.isInteger(nItems) || nItems < 0) throw new EngineError('invalid_argument', `nItems must be a non-negative integer, got ${nItems}`);
  if (itemLabels.length !== nItems) {
    throw new EngineError('invalid_argument', `itemLabels has ${itemLabels.length} labels but nItems is ${nItems}`);
  }
  const minItems = options.minItemsPerBasket ?? 1;
  if (minItems !== 1 && minItems !== 2) throw new EngineError('invalid_argument', `minItemsPerBasket must be 1 or 2, got ${String(minItems)}`);

  for (let i = 0; i < n; i++) checkInteger(itemCodes[i]!, 0, nItems - 1, 'item code', i);
  const { rank, codes } = rankBasketCodes(basketIds);
  const u = codes.length;

  // Pass 1: line indices ordered by item code (stable counting sort).
  const itemStart = new Int32Array(nItems + 1);
  for (let i = 0; i < n; i++) itemStart[itemCodes[i]! + 1]!++;
  for (let j = 0; j < nItems; j++) itemStart[j + 1]! += itemStart[j]!;
  const byItem = new Int32Array(n);
  for (let i = 0; i < n; i++) byItem[itemStart[itemCodes[i]!]!++] = i;

  // Pass 2: stable by basket rank, so each basket's items come out sorted ascending.
  const basketStart = new Int32Array(u + 1);
  for (let i = 0; i < n; i++) basketStart[rank[i]! + 1]!++;
  for (let b = 0; b < u; b++) basketStart[b + 1]! += basketStart[b]!;
  const cursor = basketStart.slice(0, u);
  const grouped = new Int32Array(n);
  for (let k = 0; k < n; k++) {
    const i = byItem[k]!;
    grouped[cursor[rank[i]!]!++] = itemCodes[i]!;
  }

  // Pass 3: de-duplicate in place and drop small baskets.
  const offsets = new Int32Array(u + 1);
  const keptIds = new Int32Array(u);
  let rows = 0;
  let w = 0;
  for (let b = 0; b < u; b++) {
    const rowStart = w;
    for (let k = basketStart[b]!, end = basketStart[b + 1]!; k < end; k++) {
      const item = grouped[k]!;
      if (w === rowStart || grouped[w - 1] !== item) grouped[w++] = item;
    }
    if (w - rowStart < minItems) {
      w = rowStart;
      continue;
    }
    keptIds[rows] = codes[b]!;
    offsets[++rows] = w;
  }
  return {
    basketOffsets: offsets.slice(0, rows + 1),
    items: grouped.slice(0, w),
    nItems,
    itemLabels: itemLabels.slice(),
    basketIds: keptIds.slice(0, rows),
  };
}

/**
 * Convenience builder for tests and the CLI: parallel arrays of basket keys and item
 * labels, one entry per line. Codes are assigned in order of first appearance (for both
 * baskets and items), so row order follows the first line of each basket. Labels are kept
 * exactly as given (no trimming). O(lines) hashing plus `buildBaskets`. Deterministic.
 */
export function basketsFromStrings(basketKeys: readonly string[], itemKeys: readonly string[], options: BuildBasketsOptions = {}): StringBaskets {
  if (basketKeys.length !== itemKeys.length) {
    throw new EngineError('shape_mismatch', `basketKeys has ${basketKeys.length} values but itemKeys has ${itemKeys.length}`);
  }
  const n = basketKeys.length;
  const basketCodes = new Int32Array(n);
  const itemCodes = new Int32Array(n);
  const basketIndex = new Map<string, number>();
  const itemIndex = new Map<string, number>();
  const basketLabels: string[] = [];
  const itemLabels: string[] = [];
  for (let i = 0; i < n; i++) {
    const bk = basketKeys[i]!;
    let b = basketIndex.get(bk);
    if (b === undefined) {
      b = basketLabels.length;
      basketIndex.set(bk, b);
      basketLabels.push(bk);
    }
    basketCodes[i] = b;
    const ik = itemKeys[i]!;
    let it = itemIndex.get(ik);
    if (it === undefined) {
      it = itemLabels.length;
      itemIndex.set(ik, it);
      itemLabels.push(ik);
    }
    itemCodes[i] = it;
  }
  const baskets = buildBaskets(basketCodes, itemCodes, itemLabels.length, itemLabels, options);
  return { ...baskets, basketLabels };
}
