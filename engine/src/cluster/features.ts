import { EngineError } from '../errors.ts';

/** Per-customer RFM inputs, one entry per customer (same length n). */
export interface RfmColumns {
  /** Days since the last purchase (0 = bought on the reference day; lower is more recent). */
  recencyDays: Float64Array;
  /** Number of purchases (invoices). */
  frequency: Float64Array;
  /** Net spend in the data's currency; may be ≤ 0 when returns cancel purchases. */
  monetary: Float64Array;
}

export interface FeatureOptions {
  /** Apply log1p(max(x, 0)) to each column first. Default true. */
  log1p?: boolean;
  /** Z-score each column with its mean and population standard deviation. Default true. */
  standardize?: boolean;
}

export const FEATURE_NAMES = ['recency_days', 'frequency', 'monetary'] as const;

export interface PreparedFeatures {
  /** Row-major n×d matrix: row i = (recency, frequency, monetary) of customer i, transformed. */
  points: Float64Array;
  n: number;
  /** Always 3, in FEATURE_NAMES order. */
  d: number;
  /**
   * Per-column mean subtracted after the optional log1p (zeros when not standardizing), so
   * prepared = (transformed − means) / stds, or 0 where stds is 0.
   */
  means: Float64Array;
  /**
   * Per-column population standard deviation divided by (ones when not standardizing);
   * 0 marks a constant column, which is output as all zeros.
   */
  stds: Float64Array;
  log1p: boolean;
  standardize: boolean;
}

/**
 * Builds the clustering feature matrix from RFM columns.
 *
 * 1. If `log1p` (default): x ↦ ln(1 + max(x, 0)) per column. The clamp matters for monetary,
 *    which is ≤ 0 for netted customers (returns ≥ purchases): log1p is undefined below −1, and
 *    treating "spent nothing net" as 0 keeps such customers at the bottom of the scale.
 *    Recency and frequency are non-negative already. Without log1p values are used as is.
 * 2. If `standardize` (default): z = (x − mean) / std with the population std (divide by n).
 *    A constant column (std 0) becomes all zeros instead of NaN.
 *
 * Output is row-major n×3 (recency_days, frequency, monetary). O(n) time, 3 passes.
 * Deterministic. Throws EngineError('shape_mismatch') for unequal lengths and
 * ('invalid_argument') for NaN/±Infinity inputs or n = 0.
 */
export function prepareFeatures(columns: RfmColumns, options: FeatureOptions = {}): PreparedFeatures {
  const useLog = options.log1p ?? true;
  const standardize = options.standardize ?? true;
  const inputs = [columns.recencyDays, columns.frequency, columns.monetary];
  const n = columns.recencyDays.length;
  if (n === 0) throw new EngineError('invalid_argument', 'no customers to cluster');
  const d = inputs.length;
  const points = new Float64Array(n * d);
  const means = new Float64Array(d);
  const stds = new Float64Array(d).fill(1);

  for (let j = 0; j < d; j++) {
    const col = inputs[j]!;
    if (col.length !== n) {
      throw new EngineError('shape_mismatch', `${FEATURE_NAMES[j]} has ${col.length} values, expected ${n}`);
    }
    const { min, max, sum } = transformColumn(col, points, j, d, useLog);
    if (!standardize) {
      means[j] = 0;
      continue;
    }
    const mean = sum / n;
    means[j] = mean;
    if (min === max) {
      // Constant column: exact zeros (two-pass arithmetic could leave ±1e-16 noise ÷ ~0).
      stds[j] = 0;
      for (let i = 0; i < n; i++) points[i * d + j] = 0;
      continue;
    }
    stds[j] = standardizeColumn(points, j, d, n, mean);
  }
  return { points, n, d, means, stds, log1p: useLog, standardize };
}

/**
 * Writes column j of `points` from `col` (log1p of max(x, 0) when `useLog`); its min, max and sum.
 * The per-column loops are functions of their own, called once per column: the CLI runs them
 * cold, and a function's second call runs the code optimised during its first.
 */
function transformColumn(col: Float64Array, points: Float64Array, j: number, d: number, useLog: boolean): { min: number; max: number; sum: number } {
  let min = Infinity;
  let max = -Infinity;
  let sum = 0;
  for (let i = 0; i < col.length; i++) {
    let x = col[i]!;
    if (x - x !== 0) {
      throw new EngineError('invalid_argument', `${FEATURE_NAMES[j]} is not a finite number`, { row: i, column: FEATURE_NAMES[j] });
    }
    if (useLog) x = Math.log1p(Math.max(x, 0));
    points[i * d + j] = x;
    if (x < min) min = x;
    if (x > max) max = x;
    sum += x;
  }
  return { min, max, sum };
}

/** Z-scores column j of `points` in place with the population std (two-pass); returns the std. */
function standardizeColumn(points: Float64Array, j: number, d: number, n: number, mean: number): number {
  let ss = 0;
  for (let i = 0; i < n; i++) {
    const t = points[i * d + j]! - mean;
    ss += t * t;
  }
  const std = Math.sqrt(ss / n);
  const inv = 1 / std;
  for (let i = 0; i < n; i++) points[i * d + j] = (points[i * d + j]! - mean) * inv;
  return std;
}
