import type { Rng } from '../ports.ts';
import { randomInt } from '../util/rng.ts';

/**
 * m distinct row indices drawn uniformly from [0, n) without replacement, returned in
 * ascending order (sequential memory access later). If m ≥ n, returns 0..n-1.
 * Partial Fisher–Yates: O(n) time and memory, deterministic for a given rng state.
 */
export function sampleIndices(n: number, m: number, rng: Rng): Int32Array {
  if (m >= n) {
    const all = new Int32Array(n);
    for (let i = 0; i < n; i++) all[i] = i;
    return all;
  }
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  for (let i = 0; i < m; i++) {
    const j = i + randomInt(rng, n - i);
    const t = perm[i]!;
    perm[i] = perm[j]!;
    perm[j] = t;
  }
  return perm.slice(0, m).sort();
}

/** Copies the given rows of a row-major n×d matrix into a new rows.length×d matrix. O(m·d). */
export function gatherRows(points: Float64Array, d: number, rows: Int32Array): Float64Array {
  const out = new Float64Array(rows.length * d);
  for (let r = 0; r < rows.length; r++) {
    const src = rows[r]! * d;
    for (let j = 0; j < d; j++) out[r * d + j] = points[src + j]!;
  }
  return out;
}

/** Picks the entries of an Int32Array at the given positions. O(m). */
export function gatherInts(values: Int32Array, rows: Int32Array): Int32Array {
  const out = new Int32Array(rows.length);
  for (let r = 0; r < rows.length; r++) out[r] = values[rows[r]!]!;
  return out;
}
