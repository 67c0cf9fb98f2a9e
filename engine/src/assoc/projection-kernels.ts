/**
 * Inner loops of the itemset search, on one ProjectedLevel (see projected-level.ts). Kept
 * as small monomorphic functions so the JIT optimises each loop on its own.
 */
import { ensureInt32 } from '../util/int-buffer.ts';
import type { ProjectedLevel } from './projected-level.ts';

/** Groups the level's entries by item, skipping each row's last entry (its suffix is empty). O(entries + m). */
export function buildOccurrences(L: ProjectedLevel): void {
  const { off, items, m } = L;
  const occStart = L.occStart;
  occStart.fill(0, 0, m + 1);
  for (let row = 0; row < L.nRows; row++) {
    for (let k = off[row]!, last = off[row + 1]! - 1; k < last; k++) occStart[items[k]! + 1]!++;
  }
  for (let e = 0; e < m; e++) occStart[e + 1]! += occStart[e]!;
  L.reserveOccurrences(occStart[m]!);
  const fill = L.occFill;
  fill.set(occStart.subarray(0, m));
  const { occRow, occPos } = L;
  for (let row = 0; row < L.nRows; row++) {
    for (let k = off[row]!, last = off[row + 1]! - 1; k < last; k++) {
      const slot = fill[items[k]!]!++;
      occRow[slot] = row;
      occPos[slot] = k;
    }
  }
}

/** Adds each row's weight to L.cnt[j] for every j after e in the rows containing e. O(suffixes). */
export function countSuffixes(L: ProjectedLevel, e: number): void {
  const { items, off, weight, cnt, occRow, occPos } = L;
  for (let o = L.occStart[e]!, oEnd = L.occStart[e + 1]!; o < oEnd; o++) {
    const row = occRow[o]!;
    const wt = weight[row]!;
    for (let k = occPos[o]! + 1, end = off[row + 1]!; k < end; k++) cnt[items[k]!]! += wt;
  }
}

/** countSuffixes that also lists the distinct items seen in L.touched[0..L.nTouched). */
export function countSuffixesTracked(L: ProjectedLevel, e: number): void {
  const { items, off, weight, cnt, occRow, occPos, touched } = L;
  let nTouched = 0;
  for (let o = L.occStart[e]!, oEnd = L.occStart[e + 1]!; o < oEnd; o++) {
    const row = occRow[o]!;
    const wt = weight[row]!;
    for (let k = occPos[o]! + 1, end = off[row + 1]!; k < end; k++) {
      const j = items[k]!;
      if (cnt[j] === 0) touched[nTouched++] = j;
      cnt[j]! += wt;
    }
  }
  L.nTouched = nTouched;
}

/**
 * Moves the counts left in L.cnt by a count pass into the child: items j > e with count >=
 * minCount become the child's local items (in rank order), listed in L.chosen. Resets
 * L.cnt to zero. O(m - e) when scanning, O(t log t) for t touched items when tracked.
 */
export function collectFrequent(L: ProjectedLevel, e: number, child: ProjectedLevel, minCount: number, tracked: boolean): void {
  child.reserveItems(L.m - e - 1);
  const { cnt, chosen } = L;
  const { sup, rank } = child;
  let m2 = 0;
  if (tracked) {
    // Local ids must follow rank order; sorting the few touched items beats scanning all.
    const seen = L.touched.subarray(0, L.nTouched).sort();
    for (let t = 0; t < seen.length; t++) {
      const j = seen[t]!;
      const c = cnt[j]!;
      cnt[j] = 0;
      if (c >= minCount) {
        chosen[m2] = j;
        sup[m2] = c;
        rank[m2] = L.rank[j]!;
        m2++;
      }
    }
  } else {
    for (let j = e + 1, m = L.m; j < m; j++) {
      const c = cnt[j]!;
      if (c === 0) continue;
      cnt[j] = 0;
      if (c >= minCount) {
        chosen[m2] = j;
        sup[m2] = c;
        rank[m2] = L.rank[j]!;
        m2++;
      }
    }
  }
  child.m = m2;
}

/**
 * Builds the child database: e's suffixes restricted to the child's local items
 * (L.chosen) and renumbered; rows left with fewer than 2 items are dropped and identical
 * rows merged (summed weights), which shrinks deep levels where few items remain.
 * O(suffixes of e) expected. Leaves L.newId all -1 again.
 */
export function projectSuffixes(L: ProjectedLevel, e: number, child: ProjectedLevel): void {
  const { items, off, weight, occRow, occPos, newId, chosen } = L;
  const m2 = child.m;
  for (let i = 0; i < m2; i++) newId[chosen[i]!] = i;
  const oStart = L.occStart[e]!;
  const oEnd = L.occStart[e + 1]!;
  const mask = child.startRows(oEnd - oStart);
  let cItems = child.items;
  const cOff = child.off;
  const cWeight = child.weight;
  const { rowHash, slots, stamps } = child;
  const gen = child.generation;
  let rows = 0;
  let pos = 0;
  cOff[0] = 0;
  for (let o = oStart; o < oEnd; o++) {
    const row = occRow[o]!;
    const end = off[row + 1]!;
    const first = occPos[o]! + 1;
    // A row never gains items, so its suffix length (capped by m2) bounds what it adds.
    const room = pos + Math.min(end - first, m2);
    if (room > cItems.length) {
      const grown = ensureInt32(cItems, room);
      grown.set(cItems.subarray(0, pos));
      cItems = grown;
      child.items = grown;
    }
    const start = pos;
    let h = 0;
    for (let k = first; k < end; k++) {
      const id = newId[items[k]!]!;
      if (id >= 0) {
        cItems[pos++] = id;
        h = Math.imul(h ^ id, 0x9e3779b1) ^ (h >>> 16);
      }
    }
    const len = pos - start;
    if (len < 2) {
      pos = start;
      continue;
    }
    // Identical rows are merged into one with the summed weight.
    let slot = h & mask;
    let merged = false;
    while (stamps[slot] === gen) {
      const r = slots[slot]!;
      if (rowHash[r] === h && cOff[r + 1]! - cOff[r]! === len) {
        let q = cOff[r]!;
        let k = start;
        while (k < pos && cItems[q] === cItems[k]) q++, k++;
        if (k === pos) {
          cWeight[r]! += weight[row]!;
          pos = start;
          merged = true;
          break;
        }
      }
      slot = (slot + 1) & mask;
    }
    if (merged) continue;
    stamps[slot] = gen;
    slots[slot] = rows;
    rowHash[rows] = h;
    cWeight[rows] = weight[row]!;
    cOff[++rows] = pos;
  }
  child.nRows = rows;
  for (let i = 0; i < m2; i++) newId[chosen[i]!] = -1;
}
