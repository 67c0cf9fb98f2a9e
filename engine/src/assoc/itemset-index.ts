/**
 * Open-addressing hash index from an itemset (sorted item codes) to its position in a
 * FrequentItemsets table, so rule generation can find the count of "Z minus one item"
 * without building keys as strings.
 */

function mix(h: number, item: number): number {
  h = Math.imul(h ^ item, 0x9e3779b1);
  return h ^ (h >>> 15);
}

export class ItemsetIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  /** Indexes all `n` itemsets. O(total items) time, O(n) memory. */
  constructor(
    private readonly offsets: Int32Array,
    private readonly items: Int32Array,
    n: number,
  ) {
    let size = 16;
    while (size < n * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let i = 0; i < n; i++) {
      const start = offsets[i]!;
      const end = offsets[i + 1]!;
      let h = end - start;
      for (let k = start; k < end; k++) h = mix(h, items[k]!);
      let slot = h & this.mask;
      while (this.slots[slot] !== -1) slot = (slot + 1) & this.mask;
      this.slots[slot] = i;
    }
  }

  /**
   * Index of the itemset equal to items[start..end) without the entry at position `skip`
   * (pass -1 to skip nothing), or -1 when absent. O(length) expected.
   */
  find(items: Int32Array, start: number, end: number, skip: number): number {
    const len = end - start - (skip >= 0 ? 1 : 0);
    let h = len;
    for (let k = start; k < end; k++) if (k !== skip) h = mix(h, items[k]!);
    const own = this.items;
    for (let slot = h & this.mask; ; slot = (slot + 1) & this.mask) {
      const i = this.slots[slot]!;
      if (i === -1) return -1;
      const s = this.offsets[i]!;
      if (this.offsets[i + 1]! - s !== len) continue;
      let q = s;
      let equal = true;
      for (let k = start; k < end; k++) {
        if (k === skip) continue;
        if (own[q++] !== items[k]) {
          equal = false;
          break;
        }
      }
      if (equal) return i;
    }
  }
}
