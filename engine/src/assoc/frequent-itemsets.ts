/**
 * Frequent itemset mining by depth-first search over projected databases with occurrence
 * delivery (the LCM scheme of Uno et al., without the closedness test since we want all
 * frequent itemsets):
 *
 * - items are recoded to ranks by ascending support and an itemset is only extended with
 *   higher ranks, so each itemset is visited exactly once;
 * - the first level counts all pairs in one row-wise pass (pair-triangle.ts);
 * - below that, for a prefix P, one pass over its database counts P ∪ {i} for all
 *   candidate items i at once, and only the items frequent with P are copied into the child
 *   database (identical rows merged). Rows therefore shrink at every level: a basket of
 *   2,000 items appears under P only with the handful of items that are frequent together
 *   with P, which keeps enormous baskets cheap.
 *
 * Everything lives in flat Int32Arrays reused per depth; no per-itemset objects.
 */
import { EngineError, throwIfCancelled } from '../errors.ts';
import type { CancelToken, JobControl, ProgressFn } from '../ports.ts';
import { basketCount, type Baskets } from './baskets.ts';
import { IntBuffer } from '../util/int-buffer.ts';
import { ProjectedLevel } from './projected-level.ts';
import { countPairTriangle, MAX_TRIANGLE_ENTRIES, type PairTriangle } from './pair-triangle.ts';
import { buildOccurrences, collectFrequent, countSuffixes, countSuffixesTracked, projectSuffixes } from './projection-kernels.ts';
import { rankFrequentItems } from './ranked-database.ts';
import { resolveMinCount, type MinSupport } from './support.ts';

export interface FrequentItemsetOptions {
  /** Fraction of baskets in (0, 1] or `{ count }`; see `resolveMinCount`. */
  minSupport: MinSupport;
  /** Longest itemset to report (default 10, as arules' apriori); `Infinity` for no limit. */
  maxLen?: number;
  /** Stop after this many itemsets and flag the result `truncated` (default 1,000,000). */
  maxItemsets?: number;
  control?: JobControl;
}

export interface FrequentItemsets {
  readonly nBaskets: number;
  readonly nItems: number;
  /** Basket count an itemset needed to be reported. */
  readonly minCount: number;
  readonly maxLen: number;
  readonly nItemsets: number;
  /** nItemsets + 1 offsets into `items`. */
  readonly offsets: Int32Array;
  /** Item codes, ascending within each itemset. */
  readonly items: Int32Array;
  /** Number of baskets containing each itemset. */
  readonly counts: Int32Array;
  /** counts / nBaskets. */
  readonly support: Float64Array;
  /** True when `maxItemsets` stopped the search; more frequent itemsets exist. */
  readonly truncated: boolean;
  readonly truncatedReason?: string;
}

export const DEFAULT_MAX_LEN = 10;
export const DEFAULT_MAX_ITEMSETS = 1_000_000;

/**
 * Internal switches between equivalent code paths; exposed (not re-exported from index.ts)
 * so tests can force every path on small data.
 */
export interface MiningTuning {
  /** Above this many local items, counting tracks touched items instead of scanning them all. */
  scanLimit: number;
  /** Largest first-level pair triangle; beyond it the first level counts per item. */
  maxTriangleEntries: number;
}

export const DEFAULT_TUNING: MiningTuning = { scanLimit: 512, maxTriangleEntries: MAX_TRIANGLE_ENTRIES };

class Miner {
  private readonly levels: ProjectedLevel[] = [];
  private readonly prefix: Int32Array;
  private readonly scratch: Int32Array;
  private readonly outOffsets = new IntBuffer(1024);
  private readonly outItems = new IntBuffer(4096);
  private readonly outCounts = new IntBuffer(1024);
  private nOut = 0;
  private nodes = 0;
  truncated = false;

  // Root progress: occurrences of the root items processed so far, out of rootWork.
  private rootWork = 0;
  private rootDone = 0;
  private lastReported = -1;

  constructor(
    private readonly rankToItem: Int32Array,
    private readonly minCount: number,
    private readonly maxLen: number,
    private readonly maxItemsets: number,
    private readonly scanLimit: number,
    private readonly signal: CancelToken | undefined,
    private readonly onProgress: ProgressFn | undefined,
  ) {
    const depth = Math.min(maxLen, rankToItem.length) + 1;
    this.prefix = new Int32Array(depth);
    this.scratch = new Int32Array(depth);
    this.outOffsets.push(0);
  }

  level(depth: number): ProjectedLevel {
    let level = this.levels[depth];
    if (level === undefined) {
      level = new ProjectedLevel();
      this.levels[depth] = level;
    }
    return level;
  }

  result(): { offsets: Int32Array; items: Int32Array; counts: Int32Array; n: number } {
    return {
      offsets: this.outOffsets.toInt32Array(),
      items: this.outItems.toInt32Array(),
      counts: this.outCounts.toInt32Array(),
      n: this.nOut,
    };
  }

  /** Appends prefix[0..depth) ∪ {rank} with its count; false once the cap is reached. */
  private emit(depth: number, rank: number, count: number): boolean {
    if (this.nOut >= this.maxItemsets) {
      this.truncated = true;
      return false;
    }
    const s = this.scratch;
    const rankToItem = this.rankToItem;
    for (let i = 0; i < depth; i++) s[i] = rankToItem[this.prefix[i]!]!;
    s[depth] = rankToItem[rank]!;
    // Insertion sort: itemsets are short and mostly in order already.
    for (let i = 1; i <= depth; i++) {
      const v = s[i]!;
      let j = i - 1;
      while (j >= 0 && s[j]! > v) {
        s[j + 1] = s[j]!;
        j--;
      }
      s[j + 1] = v;
    }
    const out = this.outItems;
    out.reserve(depth + 1);
    out.data.set(s.subarray(0, depth + 1), out.length);
    out.length += depth + 1;
    this.outOffsets.push(out.length);
    this.outCounts.push(count);
    this.nOut++;
    return true;
  }

  /**
   * Emits every item of the level at `depth` (appended to the prefix), then recurses into
   * each one's projection. Recursion runs from the highest rank down so that, whenever the
   * output is cut off, every subset of an emitted itemset has been emitted before it (rule
   * generation relies on that). Returns false when the cap stopped the search.
   */
  expand(depth: number, pairs?: PairTriangle): boolean {
    const L = this.level(depth);
    const m = L.m;
    for (let e = 0; e < m; e++) if (!this.emit(depth, L.rank[e]!, L.sup[e]!)) return false;
    if (depth + 2 > this.maxLen || m < 2 || L.nRows === 0) return true;
    if (depth > 0) buildOccurrences(L);
    const child = this.level(depth + 1);
    const tracked = m > this.scanLimit;
    if (depth === 0) this.startProgress(L);
    for (let e = m - 2; e >= 0; e--) {
      if (depth === 0) this.reportProgress(L, e);
      else if ((++this.nodes & 1023) === 0) throwIfCancelled(this.signal);
      if (pairs !== undefined) collectFromTriangle(pairs, L, e, child, this.minCount);
      else {
        if (L.occStart[e + 1] === L.occStart[e]) continue;
        if (tracked) countSuffixesTracked(L, e);
        else countSuffixes(L, e);
        collectFrequent(L, e, child, this.minCount, tracked);
      }
      if (child.m === 0) continue;
      this.prefix[depth] = L.rank[e]!;
      if (child.m > 1 && depth + 3 <= this.maxLen) projectSuffixes(L, e, child);
      else child.nRows = 0;
      if (!this.expand(depth + 1)) return false;
    }
    return true;
  }

  private startProgress(root: ProjectedLevel): void {
    this.rootWork = root.occStart[root.m]!;
    this.rootDone = 0;
  }

  private reportProgress(root: ProjectedLevel, e: number): void {
    throwIfCancelled(this.signal);
    if (this.onProgress === undefined || this.rootWork === 0) return;
    const fraction = this.rootDone / this.rootWork;
    if (fraction - this.lastReported >= 0.01) {
      this.lastReported = fraction;
      this.onProgress(fraction, `${this.nOut} itemsets`);
    }
    this.rootDone += root.occStart[e + 1]! - root.occStart[e]!;
  }
}

/** collectFrequent for the root, reading pair counts from the triangle. O(m - e). */
function collectFromTriangle(pairs: PairTriangle, L: ProjectedLevel, e: number, child: ProjectedLevel, minCount: number): void {
  child.reserveItems(L.m - e - 1);
  const { counts } = pairs;
  const base = pairs.rowBase[e]!;
  const { chosen } = L;
  const { sup, rank } = child;
  let m2 = 0;
  for (let j = e + 1, m = L.m; j < m; j++) {
    const c = counts[base + j]!;
    if (c >= minCount) {
      chosen[m2] = j;
      sup[m2] = c;
      rank[m2] = L.rank[j]!;
      m2++;
    }
  }
  child.m = m2;
}

function checkOptions(options: FrequentItemsetOptions): { maxLen: number; maxItemsets: number } {
  const maxLen = options.maxLen ?? DEFAULT_MAX_LEN;
  if (!(maxLen === Infinity || (Number.isInteger(maxLen) && maxLen >= 1))) {
    throw new EngineError('invalid_argument', `maxLen must be an integer >= 1 or Infinity, got ${maxLen}`);
  }
  const maxItemsets = options.maxItemsets ?? DEFAULT_MAX_ITEMSETS;
  if (!Number.isInteger(maxItemsets) || maxItemsets < 1) {
    throw new EngineError('invalid_argument', `maxItemsets must be an integer >= 1, got ${maxItemsets}`);
  }
  return { maxLen, maxItemsets };
}

/**
 * All itemsets contained in at least `minCount` baskets (see `resolveMinCount`), up to
 * `maxLen` items, with their basket counts and supports.
 *
 * Output order is the depth-first search order (deterministic for a given input); items
 * within an itemset are ascending item codes. If `maxItemsets` is reached the search stops,
 * `truncated` is true, and the itemsets returned are still closed under subsets, so rules
 * can be generated from them.
 *
 * Complexity: O(total basket items) to recode, then time proportional to the total size of
 * the projected databases, roughly Σ over frequent itemsets P of the summed lengths of the
 * rows containing P (restricted to items frequent with P). Memory: the output plus about
 * four Int32Arrays the size of the baskets per search depth (reused).
 *
 * Progress is reported per first-level item (fraction of first-level occurrences done);
 * cancellation is checked per first-level item and every 1,024 deeper nodes.
 *
 * @throws CancelledError when `control.signal` is aborted.
 * @throws EngineError `invalid_argument` for bad thresholds or caps.
 */
export function mineFrequentItemsets(baskets: Baskets, options: FrequentItemsetOptions): FrequentItemsets {
  return mineFrequentItemsetsTuned(baskets, options, DEFAULT_TUNING);
}

/** mineFrequentItemsets with explicit internal switches (for tests); same results. */
export function mineFrequentItemsetsTuned(baskets: Baskets, options: FrequentItemsetOptions, tuning: MiningTuning): FrequentItemsets {
  const { maxLen, maxItemsets } = checkOptions(options);
  const nBaskets = basketCount(baskets);
  const minCount = resolveMinCount(options.minSupport, nBaskets);
  const control = options.control;
  throwIfCancelled(control?.signal);

  const db = rankFrequentItems(baskets, minCount);
  const miner = new Miner(db.rankToItem, minCount, maxLen, maxItemsets, tuning.scanLimit, control?.signal, control?.onProgress);
  const root = miner.level(0);
  const nRanks = db.rankToItem.length;
  root.reserveItems(nRanks);
  root.m = nRanks;
  root.sup.set(db.rankCounts);
  for (let r = 0; r < nRanks; r++) root.rank[r] = r;
  root.off = db.offsets;
  root.items = db.items;
  root.weight = new Int32Array(db.nRows).fill(1);
  root.nRows = db.nRows;
  // The root's occurrence lists come out of the recoding for free.
  root.occStart = db.occStart;
  root.occRow = db.occRow;
  root.occPos = db.occPos;
  miner.expand(0, maxLen >= 2 ? countPairTriangle(db.offsets, db.items, db.nRows, nRanks, tuning.maxTriangleEntries) : undefined);

  const { offsets, items, counts, n } = miner.result();
  const support = new Float64Array(n);
  for (let i = 0; i < n; i++) support[i] = counts[i]! / nBaskets;
  control?.onProgress?.(1, `${n} itemsets`);
  return {
    nBaskets,
    nItems: baskets.nItems,
    minCount,
    maxLen,
    nItemsets: n,
    offsets,
    items,
    counts,
    support,
    truncated: miner.truncated,
    ...(miner.truncated
      ? {
          truncatedReason: `stopped at the limit of ${maxItemsets.toLocaleString('en-US')} itemsets; raise the minimum support or lower the maximum length to see all itemsets`,
        }
      : {}),
  };
}
