/**
 * Counts of all item pairs in one row-wise pass, packed as an upper triangle. At the first
 * level this is the same work as walking each item's occurrences, but reads the rows
 * sequentially, which is several times faster; it also tells which items need no
 * projection at all (fewer than 2 frequent partners).
 */

/** Largest triangle we allocate (Int32 entries: 32 MB), i.e. up to ~4,096 frequent items. */
export const MAX_TRIANGLE_ENTRIES = 1 << 23;

export interface PairTriangle {
  /** Count of pair (e, j), e < j, at counts[rowBase[e] + j]. */
  readonly counts: Int32Array;
  readonly rowBase: Int32Array;
}

/**
 * Counts every pair of items co-occurring in the rows (items ascending within a row, in
 * [0, m)), or returns undefined when m(m-1)/2 exceeds `maxEntries`.
 * O(Σ row length²/2) time, O(m²/2) memory. Rows count once each (unit weights).
 */
export function countPairTriangle(
  offsets: Int32Array,
  items: Int32Array,
  nRows: number,
  m: number,
  maxEntries = MAX_TRIANGLE_ENTRIES,
): PairTriangle | undefined {
  const size = (m * (m - 1)) / 2;
  if (size > maxEntries) return undefined;
  const rowBase = new Int32Array(m);
  for (let e = 0; e < m; e++) rowBase[e] = (e * (2 * m - e - 1)) / 2 - e - 1;
  const counts = new Int32Array(size);
  for (let row = 0; row < nRows; row++) {
    const end = offsets[row + 1]!;
    for (let i = offsets[row]!; i < end - 1; i++) {
      const base = rowBase[items[i]!]!;
      for (let k = i + 1; k < end; k++) counts[base + items[k]!]!++;
    }
  }
  return { counts, rowBase };
}
