import { EngineError } from '../errors.ts';
import { sortedOrder } from './sorted-order.ts';

/**
 * How values become scores 1..bins:
 * - 'quantile' (default): score = 1 + floor(bins × below / n), where `below` is the number of
 *   customers with a strictly worse value. Equal values always get equal scores and scores are
 *   monotone in the value; with heavy ties (many one-time buyers) some scores stay unused.
 * - 'ntile': SQL NTILE(bins) over the values sorted worst to best (ties broken by position,
 *   i.e. customer id): equal-sized groups, but equal values may get different scores.
 * - 'breakpoints': custom ascending thresholds (bins - 1 of them) on the raw value.
 * Recency is scored so that recent (few days) is high; frequency and monetary high is high.
 */
export type ScoreMethod = 'quantile' | 'ntile' | 'breakpoints';

export interface ScoreOptions {
  bins: number;
  method: ScoreMethod;
  /** For 'breakpoints': ascending thresholds per metric, `bins - 1` values each. */
  breakpoints?: { r?: number[]; f?: number[]; m?: number[] };
}

export interface RfmScores {
  r: Uint8Array;
  f: Uint8Array;
  m: Uint8Array;
  bins: number;
}

export const DEFAULT_SCORE_OPTIONS: ScoreOptions = { bins: 5, method: 'quantile' };

/** Equal values share a score; -0 equals 0 under ===, and NaN is made equal to NaN. */
function sameScore(a: number, b: number): boolean {
  return a === b || (Number.isNaN(a) && Number.isNaN(b));
}

/** Quantile scores where a higher value is better. */
function quantileScores(values: Float64Array, bins: number, higherIsBetter: boolean): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(n);
  const order = sortedOrder(values);
  let i = 0;
  while (i < n) {
    let j = i;
    const v = values[order[i]!]!;
    // NaNs (sorted last) form one group too.
    while (j < n && sameScore(values[order[j]!]!, v)) j++;
    // [i, j) hold equal values: i values are smaller, n - j are larger.
    const below = higherIsBetter ? i : n - j;
    const score = Math.min(bins, 1 + Math.floor((bins * below) / n));
    for (let k = i; k < j; k++) out[order[k]!] = score;
    i = j;
  }
  return out;
}

function ntileScores(values: Float64Array, bins: number, higherIsBetter: boolean): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(n);
  const order = sortedOrder(values);
  // NTILE: the first (n mod bins) tiles get one extra row.
  const base = Math.floor(n / bins);
  const extra = n % bins;
  let pos = 0;
  for (let tile = 1; tile <= bins; tile++) {
    const size = base + (tile <= extra ? 1 : 0);
    for (let k = 0; k < size; k++, pos++) {
      const idx = higherIsBetter ? order[pos]! : order[n - 1 - pos]!;
      out[idx] = tile;
    }
  }
  return out;
}

function breakpointScores(values: Float64Array, bins: number, cuts: number[], higherIsBetter: boolean, metric: string): Uint8Array {
  if (cuts.length !== bins - 1) {
    throw new EngineError('invalid_argument', `${metric} breakpoints: need ${bins - 1} thresholds for ${bins} scores, got ${cuts.length}`);
  }
  for (let i = 1; i < cuts.length; i++) {
    if (!(cuts[i]! > cuts[i - 1]!)) throw new EngineError('invalid_argument', `${metric} breakpoints must be strictly ascending`);
  }
  const out = new Uint8Array(values.length);
  for (let i = 0; i < values.length; i++) {
    let above = 0;
    while (above < cuts.length && values[i]! >= cuts[above]!) above++;
    // For recency, values at or past a threshold are older, hence worse.
    out[i] = higherIsBetter ? 1 + above : bins - above;
  }
  return out;
}

function scoreOne(values: Float64Array, options: ScoreOptions, higherIsBetter: boolean, metric: 'r' | 'f' | 'm'): Uint8Array {
  switch (options.method) {
    case 'quantile':
      return quantileScores(values, options.bins, higherIsBetter);
    case 'ntile':
      return ntileScores(values, options.bins, higherIsBetter);
    case 'breakpoints': {
      const cuts = options.breakpoints?.[metric];
      if (!cuts) throw new EngineError('invalid_argument', `breakpoints method: missing thresholds for ${metric}`);
      return breakpointScores(values, options.bins, cuts, higherIsBetter, metric);
    }
  }
}

/**
 * Scores recency (low days = high score), frequency and monetary 1..bins. O(n log n).
 * Deterministic: ties are broken by index only in 'ntile' mode.
 */
export function scoreRfm(
  values: { recencyDays: Float64Array; frequency: Float64Array; monetary: Float64Array },
  options: ScoreOptions = DEFAULT_SCORE_OPTIONS,
): RfmScores {
  if (!Number.isInteger(options.bins) || options.bins < 2 || options.bins > 10) {
    throw new EngineError('invalid_argument', `bins must be an integer from 2 to 10, got ${options.bins}`);
  }
  return {
    r: scoreOne(values.recencyDays, options, false, 'r'),
    f: scoreOne(values.frequency, options, true, 'f'),
    m: scoreOne(values.monetary, options, true, 'm'),
    bins: options.bins,
  };
}

/** "545": the three scores as a code. */
export function rfmCode(s: RfmScores, i: number): string {
  return `${s.r[i]}${s.f[i]}${s.m[i]}`;
}
