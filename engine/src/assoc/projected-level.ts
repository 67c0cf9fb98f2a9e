/**
 * One level of the depth-first itemset search: the conditional ("projected") database of
 * the current prefix plus scratch space. The miner keeps one Level per depth and reuses it
 * for every prefix at that depth, so the search allocates only while buffers grow.
 */
import { ensureInt32 } from '../util/int-buffer.ts';

export class ProjectedLevel {
  // Conditional database: rows of local item ids (ascending), each with a weight (how many
  // baskets it stands for: identical rows are merged). Only rows with >= 2 items are kept:
  // a single item adds to its own count (already known) but never to a longer itemset.
  off: Int32Array = new Int32Array(16);
  items: Int32Array = new Int32Array(16);
  weight: Int32Array = new Int32Array(16);
  nRows = 0;

  // Local items 0..m-1, every one frequent together with the prefix, ordered by global rank.
  m = 0;
  /** Count of prefix ∪ {local item}. */
  sup: Int32Array = new Int32Array(16);
  /** Global rank of each local item. */
  rank: Int32Array = new Int32Array(16);

  // Occurrences grouped by local item: for item e, entries occStart[e]..occStart[e+1]-1 give
  // the row and the position of e in `items`, so e's suffix is items[pos+1 .. off[row+1]).
  occStart: Int32Array = new Int32Array(17);
  occRow: Int32Array = new Int32Array(16);
  occPos: Int32Array = new Int32Array(16);
  occFill: Int32Array = new Int32Array(16);

  // Scratch for counting one extension: counts per local item (zero at rest), the items
  // seen, the frequent ones kept, and their new ids (-1 at rest).
  cnt: Int32Array = new Int32Array(16);
  touched: Int32Array = new Int32Array(16);
  nTouched = 0;
  chosen: Int32Array = new Int32Array(16);
  newId: Int32Array = new Int32Array(16).fill(-1);

  // Duplicate-row detection while projecting into this level: open addressing over row
  // indices; a slot is live only when its stamp equals `generation`, so no clearing.
  rowHash: Int32Array = new Int32Array(16);
  slots: Int32Array = new Int32Array(16);
  stamps: Int32Array = new Int32Array(16);
  generation = 0;

  /** Room for `m` local items. */
  reserveItems(m: number): void {
    this.sup = grow(this.sup, m);
    this.rank = grow(this.rank, m);
    this.occStart = ensureInt32(this.occStart, m + 1);
    this.occFill = ensureInt32(this.occFill, m);
    this.cnt = ensureInt32(this.cnt, m);
    this.touched = ensureInt32(this.touched, m);
    this.chosen = ensureInt32(this.chosen, m);
    if (this.newId.length < m) this.newId = ensureInt32(this.newId, m).fill(-1);
  }

  /**
   * Room for `rows` rows (contents are discarded; `items` grows while projecting) and a
   * fresh generation of the duplicate table sized for them. Returns the table mask.
   */
  startRows(rows: number): number {
    this.off = ensureInt32(this.off, rows + 1);
    this.weight = ensureInt32(this.weight, rows);
    this.rowHash = ensureInt32(this.rowHash, rows);
    let size = 16;
    while (size < rows * 2) size *= 2;
    if (this.slots.length < size || this.generation === 0x7fffffff) {
      this.slots = new Int32Array(Math.max(size, this.slots.length));
      this.stamps = new Int32Array(this.slots.length);
      this.generation = 0;
    }
    this.generation++;
    return size - 1;
  }

  /** Room for `entries` occurrences. */
  reserveOccurrences(entries: number): void {
    this.occRow = ensureInt32(this.occRow, entries);
    this.occPos = ensureInt32(this.occPos, entries);
  }
}

/** Like ensureInt32 but keeps the existing values (sup/rank are written before a resize). */
function grow(arr: Int32Array, size: number): Int32Array {
  if (arr.length >= size) return arr;
  const next = ensureInt32(arr, size);
  next.set(arr);
  return next;
}
