/**
 * Cheap look-ahead for the UI: how many items and pairs would be frequent at a given
 * support, from one pass of pair counting (no itemset search). The number of pairs is a
 * good early warning: the itemset count grows at least as fast, usually much faster.
 */
import { throwIfCancelled } from '../errors.ts';
import type { JobControl } from '../ports.ts';
import { basketCount, type Baskets } from './baskets.ts';
import { countPairTriangle, MAX_TRIANGLE_ENTRIES } from './pair-triangle.ts';
import { countItems, rankFrequentItems } from './ranked-database.ts';
import { resolveMinCount, type MinSupport } from './support.ts';

/** Histograms of item and pair basket counts, for counts >= floorCount. */
export interface SupportProfile {
  readonly nBaskets: number;
  /** Pairs and items with fewer baskets than this were not counted. */
  readonly floorCount: number;
  /** Number of items / pairs contained in exactly c baskets, c in [0, nBaskets]. */
  readonly itemHistogram: Float64Array;
  readonly pairHistogram: Float64Array;
}

export interface SupportEstimate {
  readonly minCount: number;
  /** minCount / nBaskets. */
  readonly support: number;
  readonly frequentItems: number;
  readonly frequentPairs: number;
}

/**
 * Counts all items, and all pairs of items that each occur in >= floorCount baskets, into
 * histograms by basket count. O(Σ basket length² / 2) time over the counted items,
 * O(nBaskets + F²/2) memory for F counted items (falls back to O(F) per-item counting when
 * the pair triangle would exceed `maxTriangleEntries`, default 32 MB). Deterministic;
 * cancellable per item in that mode.
 */
export function supportProfile(baskets: Baskets, floorCount = 1, control?: JobControl, maxTriangleEntries = MAX_TRIANGLE_ENTRIES): SupportProfile {
  const nBaskets = basketCount(baskets);
  const itemCounts = countItems(baskets);
  const itemHistogram = new Float64Array(nBaskets + 1);
  for (let i = 0; i < itemCounts.length; i++) itemHistogram[itemCounts[i]!]!++;
  const pairHistogram = new Float64Array(nBaskets + 1);
  const db = rankFrequentItems(baskets, Math.max(1, floorCount), itemCounts);
  const m = db.rankToItem.length;
  const triangle = countPairTriangle(db.offsets, db.items, db.nRows, m, maxTriangleEntries);
  if (triangle !== undefined) {
    for (const c of triangle.counts) if (c > 0) pairHistogram[c]!++;
  } else {
    // Too many items for a triangle: per item, count partners along its occurrences.
    const cnt = new Int32Array(m);
    const touched = new Int32Array(m);
    for (let e = 0; e < m; e++) {
      if ((e & 63) === 0) {
        throwIfCancelled(control?.signal);
        control?.onProgress?.(e / m);
      }
      let nTouched = 0;
      for (let o = db.occStart[e]!, end = db.occStart[e + 1]!; o < end; o++) {
        for (let k = db.occPos[o]! + 1, rowEnd = db.offsets[db.occRow[o]! + 1]!; k < rowEnd; k++) {
          const j = db.items[k]!;
          if (cnt[j] === 0) touched[nTouched++] = j;
          cnt[j]!++;
        }
      }
      for (let t = 0; t < nTouched; t++) {
        const j = touched[t]!;
        pairHistogram[cnt[j]!]!++;
        cnt[j] = 0;
      }
    }
  }
  control?.onProgress?.(1);
  return { nBaskets, floorCount: Math.max(1, floorCount), itemHistogram, pairHistogram };
}

/** Frequent items and pairs at `minCount` read off a profile. O(nBaskets). */
export function estimateFromProfile(profile: SupportProfile, minCount: number): SupportEstimate {
  let frequentItems = 0;
  let frequentPairs = 0;
  for (let c = Math.max(minCount, 0); c <= profile.nBaskets; c++) {
    frequentItems += profile.itemHistogram[c]!;
    frequentPairs += profile.pairHistogram[c]!;
  }
  return { minCount, support: profile.nBaskets > 0 ? minCount / profile.nBaskets : 0, frequentItems, frequentPairs };
}

/**
 * How many items and pairs would be frequent at each of the given thresholds. Counts
 * pairs once, at the lowest threshold; cost as `supportProfile`. Deterministic.
 */
export function estimateFrequent(baskets: Baskets, minSupports: MinSupport | readonly MinSupport[], control?: JobControl): SupportEstimate[] {
  const list: readonly MinSupport[] = Array.isArray(minSupports) ? minSupports : [minSupports as MinSupport];
  const nBaskets = basketCount(baskets);
  const counts = list.map((s) => resolveMinCount(s, nBaskets));
  const profile = supportProfile(baskets, Math.min(...counts, nBaskets + 1), control);
  return counts.map((c) => estimateFromProfile(profile, c));
}

export interface SuggestOptions {
  /** Largest acceptable number of frequent pairs (default 20,000). */
  maxFrequentPairs?: number;
  /** Never suggest fewer baskets than this (default 2: a single basket proves nothing). */
  minCountFloor?: number;
  control?: JobControl;
}

/**
 * The lowest support whose frequent pairs stay within `maxFrequentPairs`, to offer when a
 * threshold explodes. Cost as `supportProfile` with floor `minCountFloor`. Deterministic.
 */
export function suggestMinSupport(baskets: Baskets, options: SuggestOptions = {}): SupportEstimate {
  const maxPairs = options.maxFrequentPairs ?? 20_000;
  const floor = Math.max(1, options.minCountFloor ?? 2);
  const profile = supportProfile(baskets, floor, options.control);
  let pairs = 0;
  // Walk down from the highest count while the pair total still fits.
  let best = Math.max(floor, profile.nBaskets);
  for (let c = profile.nBaskets; c >= floor; c--) {
    pairs += profile.pairHistogram[c]!;
    if (pairs > maxPairs) break;
    best = c;
  }
  return estimateFromProfile(profile, best);
}
