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

/**
 * Quantile scores: 1 + floor(bins × below / n), `below` being the values worse than v (NaNs,
 * sorted last, count as the largest). A score passes s (1 ≤ s < bins) once bins × below ≥ s × n,
 * i.e. below ≥ need = ⌈s·n / bins⌉, which for a number v is one comparison with a single value of
 * the sorted copy (the need-th worst): a few comparisons per value, no per-value search or index
 * order (a cold binary search per value was most of the scoring's time in the CLI).
 */
function quantileScores(values: Float64Array, bins: number, higherIsBetter: boolean): Uint8Array {
  const n = values.length;
  const out = new Uint8Array(n);
  const sorted = values.slice().sort();
  let numbers = n;
  while (numbers > 0 && Number.isNaN(sorted[numbers - 1]!)) numbers--;
  const nans = n - numbers;
  // Passed by every number (`always`), by the numbers beyond a cut, and by NaN (`nanScore`).
  let always = 1;
  let nanScore = 1;
  const cuts: number[] = [];
  for (let s = 1; s < bins; s++) {
    const need = Math.ceil((s * n) / bins);
    if (higherIsBetter) {
      // below(v) = numbers < v, or every number for NaN: ≥ need iff v > the need-th smallest.
      if (numbers >= need) {
        cuts.push(sorted[need - 1]!);
        if (nans > 0) nanScore++;
      }
    } else {
      // below(v) = numbers > v plus the NaNs (0 for NaN): ≥ need iff v < the (need − nans)-th largest.
      const larger = need - nans;
      if (larger <= 0) always++;
      else if (larger <= numbers) cuts.push(sorted[numbers - larger]!);
    }
  }
  const m = cuts.length;
  for (let i = 0; i < n; i++) {
    const v = values[i]!;
    if (Number.isNaN(v)) {
      out[i] = higherIsBetter ? nanScore : 1;
      continue;
    }
    let score = always;
    if (higherIsBetter) for (let c = 0; c < m; c++) score += v > cuts[c]! ? 1 : 0;
    else for (let c = 0; c < m; c++) score += v < cuts[c]! ? 1 : 0;
    out[i] = score;
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
