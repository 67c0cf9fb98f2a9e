import { EngineError } from '../errors.ts';

/**
 * Checks that `points` is a row-major n×d matrix of finite numbers and returns n.
 * O(n·d); throws EngineError('invalid_argument' | 'shape_mismatch').
 */
export function rowCount(points: Float64Array, d: number): number {
  if (!Number.isInteger(d) || d < 1) {
    throw new EngineError('invalid_argument', `dimension d must be a positive integer, got ${d}`);
  }
  if (points.length % d !== 0) {
    throw new EngineError('shape_mismatch', `points length ${points.length} is not a multiple of d = ${d}`);
  }
  for (let i = 0; i < points.length; i++) {
    // Subtraction is NaN for NaN and ±Infinity: one comparison per value.
    if (points[i]! - points[i]! !== 0) {
      throw new EngineError('invalid_argument', `point ${Math.floor(i / d)} has a non-finite coordinate`, {
        row: Math.floor(i / d),
      });
    }
  }
  return points.length / d;
}

/** Throws unless k is an integer in [1, n]. O(1). */
export function checkK(k: number, n: number): void {
  if (!Number.isInteger(k) || k < 1) {
    throw new EngineError('invalid_argument', `k must be a positive integer, got ${k}`);
  }
  if (k > n) {
    throw new EngineError('invalid_argument', `k = ${k} exceeds the number of points (${n})`);
  }
}

/** Throws unless every label is an integer in [0, k) and there are n of them. O(n). */
export function checkLabels(labels: Int32Array, n: number, k: number): void {
  if (labels.length !== n) {
    throw new EngineError('shape_mismatch', `expected ${n} labels, got ${labels.length}`);
  }
  for (let i = 0; i < n; i++) {
    const l = labels[i]!;
    if (l < 0 || l >= k) {
      throw new EngineError('invalid_argument', `label ${l} at row ${i} is outside [0, ${k})`, { row: i });
    }
  }
}
