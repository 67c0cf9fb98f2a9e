/** Minimum-support thresholds: fractions of baskets or absolute basket counts. */
import { EngineError } from '../errors.ts';

/**
 * A number is a fraction of baskets in (0, 1]; `{ count }` is an absolute number of
 * baskets (integer >= 1). Kept apart because `1` would otherwise be ambiguous
 * (every basket vs. a single basket).
 */
export type MinSupport = number | { readonly count: number };

/**
 * Relative slack when turning a fraction into a count: products such as 0.01 × 20000 can
 * come out a hair above the exact integer in floating point and must not round up to 201.
 */
const CEIL_EPSILON = 1e-9;

/**
 * The smallest basket count an itemset needs to be frequent: ceil(s × nBaskets) for a
 * fraction s (so 0.001 × 9835 = 9.835 → 10; 0.01 × 20000 → 200, not 201), or the count
 * itself. Always >= 1. O(1), deterministic.
 *
 * @throws EngineError `invalid_argument` for a fraction outside (0, 1] or a count that is
 *   not an integer >= 1.
 */
export function resolveMinCount(minSupport: MinSupport, nBaskets: number): number {
  if (typeof minSupport === 'number') {
    if (!(minSupport > 0 && minSupport <= 1)) {
      throw new EngineError('invalid_argument', `minSupport must be a fraction in (0, 1] or { count }, got ${minSupport}`);
    }
    const exact = minSupport * nBaskets;
    return Math.max(1, Math.ceil(exact - CEIL_EPSILON * Math.max(1, exact)));
  }
  const count = minSupport.count;
  if (!Number.isInteger(count) || count < 1) {
    throw new EngineError('invalid_argument', `minSupport count must be an integer >= 1, got ${count}`);
  }
  return count;
}
