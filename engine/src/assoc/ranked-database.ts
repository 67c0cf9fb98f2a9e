/**
 * The starting point of the miners: baskets restricted to frequent items, with items
 * recoded to "ranks" ordered by ascending support. Mining extends an itemset only with
 * higher ranks, i.e. with more frequent items, which keeps every projected database
 * bounded by its rarest item (the usual Eclat/FP-Growth ordering heuristic).
 */
import type { Baskets } from './baskets.ts';

export interface RankedDatabase {
  /** Item code of each rank. */
  readonly rankToItem: Int32Array;
  /** Basket count of each rank (non-decreasing). */
  readonly rankCounts: Int32Array;
  /** Rows of >= 2 frequent items (shorter rows cannot contribute to pairs), ranks ascending. */
  readonly offsets: Int32Array;
  readonly items: Int32Array;
  readonly nRows: number;
}

/** Basket count of every item code. O(total items). */
export function countItems(baskets: Baskets): Int32Array {
  const counts = new Int32Array(baskets.nItems);
  const items = baskets.items;
  for (let k = 0; k < items.length; k++) counts[items[k]!]!++;
  return counts;
}

/**
 * Recodes the baskets to ranks of items with count >= minCount. Ties in count are broken
 * by item code, so the result is deterministic. O(total items + F log F) for F frequent items.
 */
export function rankFrequentItems(baskets: Baskets, minCount: number, itemCounts = countItems(baskets)): RankedDatabase {
  const frequent: number[] = [];
  for (let i = 0; i < itemCounts.length; i++) if (itemCounts[i]! >= minCount) frequent.push(i);
  frequent.sort((a, b) => itemCounts[a]! - itemCounts[b]! || a - b);
  const nRanks = frequent.length;
  const rankToItem = Int32Array.from(frequent);
  const rankCounts = new Int32Array(nRanks);
  const itemToRank = new Int32Array(baskets.nItems).fill(-1);
  for (let r = 0; r < nRanks; r++) {
    itemToRank[rankToItem[r]!] = r;
    rankCounts[r] = itemCounts[rankToItem[r]!]!;
  }

  const src = baskets.basketOffsets;
  const srcItems = baskets.items;
  const nBaskets = src.length - 1;
  // Row of each basket among those with >= 2 frequent items (-1 otherwise).
  const rowOf = new Int32Array(nBaskets);
  const rowLen: number[] = [];
  for (let b = 0; b < nBaskets; b++) {
    let len = 0;
    for (let k = src[b]!, end = src[b + 1]!; k < end; k++) if (itemToRank[srcItems[k]!]! >= 0) len++;
    if (len >= 2) {
      rowOf[b] = rowLen.length;
      rowLen.push(len);
    } else rowOf[b] = -1;
  }
  const nRows = rowLen.length;
  const offsets = new Int32Array(nRows + 1);
  for (let r = 0; r < nRows; r++) offsets[r + 1] = offsets[r]! + rowLen[r]!;
  const total = offsets[nRows]!;

  // Transpose twice (rows → per-rank lists → rows) instead of sorting each row: O(total).
  const rankStart = new Int32Array(nRanks + 1);
  for (let b = 0; b < nBaskets; b++) {
    if (rowOf[b]! < 0) continue;
    for (let k = src[b]!, end = src[b + 1]!; k < end; k++) {
      const r = itemToRank[srcItems[k]!]!;
      if (r >= 0) rankStart[r + 1]!++;
    }
  }
  for (let r = 0; r < nRanks; r++) rankStart[r + 1]! += rankStart[r]!;
  const vertical = new Int32Array(total);
  const fill = rankStart.slice(0, nRanks);
  for (let b = 0; b < nBaskets; b++) {
    const row = rowOf[b]!;
    if (row < 0) continue;
    for (let k = src[b]!, end = src[b + 1]!; k < end; k++) {
      const r = itemToRank[srcItems[k]!]!;
      if (r >= 0) vertical[fill[r]!++] = row;
    }
  }
  const items = new Int32Array(total);
  const cursor = offsets.slice(0, nRows);
  for (let r = 0; r < nRanks; r++) {
    for (let k = rankStart[r]!, end = rankStart[r + 1]!; k < end; k++) items[cursor[vertical[k]!]!++] = r;
  }
  return { rankToItem, rankCounts, offsets, items, nRows };
}
