/**
 * Derives an independent 32-bit seed from a base seed and a stream number (e.g. k, or the
 * restart index), so that the run for one k does not depend on which other ks were run.
 * Pure integer mixing (murmur3 finaliser); O(1), deterministic.
 */
export function deriveSeed(seed: number, stream: number): number {
  let h = (seed ^ Math.imul(stream + 1, 0x9e3779b1)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
