import { EngineError } from '../errors.ts';

/** Per-customer purchase history in the form the BTYD models take (index i is one customer). */
export interface PurchaseHistory {
  /** Repeat purchases: purchase days after the first (so 0 for a one-time buyer). */
  x: ArrayLike<number>;
  /** Time from the first to the last purchase (0 when x = 0). */
  tx: ArrayLike<number>;
  /** Time from the first purchase to the end of the observation (calibration) period. */
  T: ArrayLike<number>;
}

/**
 * Refuses histories the likelihood is undefined for, naming the first bad customer (0-based
 * index): x a non-negative integer, 0 ≤ t_x ≤ T, t_x = 0 when x = 0, all finite.
 */
export function checkHistory(h: PurchaseHistory): number {
  const n = h.x.length;
  if (h.tx.length !== n || h.T.length !== n) {
    throw new EngineError('invalid_argument', `x, t_x and T must have one value per customer (got ${n}, ${h.tx.length}, ${h.T.length})`);
  }
  if (n === 0) throw new EngineError('invalid_argument', 'no customers to fit');
  for (let i = 0; i < n; i++) {
    const x = h.x[i]!;
    const tx = h.tx[i]!;
    const T = h.T[i]!;
    const bad =
      !Number.isInteger(x) || x < 0
        ? 'x must be a whole number ≥ 0'
        : !Number.isFinite(tx) || !Number.isFinite(T)
          ? 't_x and T must be finite'
          : tx < 0 || tx > T * (1 + 1e-12)
            ? 't_x must lie between 0 and T'
            : x === 0 && tx !== 0
              ? 't_x must be 0 for a customer without repeat purchases'
              : undefined;
    if (bad) throw new EngineError('invalid_argument', `customer ${i}: ${bad} (x = ${x}, t_x = ${tx}, T = ${T})`);
  }
  return n;
}
