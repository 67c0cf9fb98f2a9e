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
  /** Occurrences of each rank: entries occStart[r]..occStart[r+1]-1 of occRow/occPos. */
  readonly occStart: Int32Array;
  /** Row of each occurrence (ascending within a rank). */
  readonly occRow: Int32Array;
  /** Position of each occurrence in `items`. */
  readonly occPos: Int32Array;
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
  // Pass 1: row of each basket with >= 2 frequent items (-1 otherwise) and per-rank counts
  // over those rows (a basket with one frequent item is counted, then taken back).
  const rowOf = new Int32Array(nBaskets);
  const rankStart = new Int32Array(nRanks + 1);
  const offsets = new Int32Array(nBaskets + 1);
  let nRows = 0;
  let total = 0;
  for (let b = 0; b < nBaskets; b++) {
    let len = 0;
    let lastRank = -1;
    for (let k = src[b]!, end = src[b + 1]!; k < end; k++) {
      const r = itemToRank[srcItems[k]!]!;
      if (r >= 0) {
        len++;
        lastRank = r;
        rankStart[r + 1]!++;
      }
    }
    if (len >= 2) {
      rowOf[b] = nRows++;
      total += len;
      offsets[nRows] = total;
    } else {
      rowOf[b] = -1;
      if (len === 1) rankStart[lastRank + 1]!--;
    }
  }
  for (let r = 0; r < nRanks; r++) rankStart[r + 1]! += rankStart[r]!;

  // Pass 2: per-rank row lists (these are the root occurrence lists, in row order).
  const occRow = new Int32Array(total);
  const fill = rankStart.slice(0, nRanks);
  for (let b = 0; b < nBaskets; b++) {
    const row = rowOf[b]!;
    if (row < 0) continue;
    for (let k = src[b]!, end = src[b + 1]!; k < end; k++) {
      const r = itemToRank[srcItems[k]!]!;
      if (r >= 0) occRow[fill[r]!++] = row;
    }
  }

  // Pass 3: transpose back, so each row lists its ranks in ascending order without sorting.
  const items = new Int32Array(total);
  const occPos = new Int32Array(total);
  const cursor = offsets.slice(0, nRows);
  for (let r = 0; r < nRanks; r++) {
    for (let k = rankStart[r]!, end = rankStart[r + 1]!; k < end; k++) {
      const pos = cursor[occRow[k]!]!++;
      items[pos] = r;
      occPos[k] = pos;
    }
  }
  return { rankToItem, rankCounts, offsets: offsets.slice(0, nRows + 1), items, nRows, occStart: rankStart, occRow, occPos };
}
