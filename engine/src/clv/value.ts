import { EngineError } from '../errors.ts';
import { BgNbdPredictor } from './bgnbd-predict.ts';
import type { BgNbdParams } from './bgnbd.ts';
import { expectedAverageOrderValue, type GammaGammaParams } from './gamma-gamma.ts';
import { checkHistory, type PurchaseHistory } from './summary-check.ts';
import { monthInUnits, type TimeUnit } from './time-unit.ts';

export interface ValueOptions {
  /** Horizon in months (whole, 1..600); default 12. */
  months?: number;
  /** Discount rate per month (0 ≤ d < 1); default 0.01. */
  monthlyDiscount?: number;
  /** The unit of t_x and T. */
  unit: TimeUnit;
}

export const DEFAULT_VALUE_OPTIONS = { months: 12, monthlyDiscount: 0.01 } as const;

/** Per-customer predictions, parallel to the history's arrays. */
export interface CustomerValues {
  pAlive: Float64Array;
  /** E[Y(H) | x, t_x, T]: expected repeat purchases over the whole horizon. */
  expectedPurchases: Float64Array;
  /** Expected spend per purchase from Gamma-Gamma (NaN when x = 0 and q ≤ 1). */
  expectedAov: Float64Array;
  clv: Float64Array;
}

/**
 * Per-customer P(alive), expected purchases, expected order value and CLV:
 *
 *   CLV = E[M] · Σ_{k=1..H} (E[Y(k·m)] − E[Y((k−1)·m)]) / (1 + d)^k
 *
 * where E[Y(t)] is BG/NBD's expected purchases in the next t units given (x, t_x, T), m one
 * month (365.25/12 days) in those units, d the monthly discount rate, H the months and E[M]
 * Gamma-Gamma's expected order value given (x, mean spend). Each month's purchases are
 * discounted as if made at the month's end. Customers sharing (x, T) share the integrals.
 */
export function customerValues(
  bg: BgNbdParams,
  gg: GammaGammaParams,
  history: PurchaseHistory & { meanSpend: ArrayLike<number> },
  options: ValueOptions,
): CustomerValues {
  const n = checkHistory(history);
  const months = options.months ?? DEFAULT_VALUE_OPTIONS.months;
  const d = options.monthlyDiscount ?? DEFAULT_VALUE_OPTIONS.monthlyDiscount;
  if (!Number.isInteger(months) || months < 1 || months > 600)
    throw new EngineError('invalid_argument', `the horizon must be 1 to 600 whole months, got ${months}`);
  if (!(d >= 0 && d < 1)) throw new EngineError('invalid_argument', `the monthly discount rate must be in [0, 1), got ${d}`);
  const predictor = new BgNbdPredictor(bg);
  const month = monthInUnits(options.unit);
  const horizons = Array.from({ length: months }, (_, k) => (k + 1) * month);
  const discount = Float64Array.from(horizons, (_, k) => (1 + d) ** -(k + 1));
  // Per (x, T): [expected purchases over the horizon, discounted expected purchases], if alive.
  const memo = new Map<string, [number, number]>();
  const scratch = new Float64Array(months);
  const out: CustomerValues = {
    pAlive: new Float64Array(n),
    expectedPurchases: new Float64Array(n),
    expectedAov: new Float64Array(n),
    clv: new Float64Array(n),
  };
  for (let i = 0; i < n; i++) {
    const x = history.x[i]!;
    const T = history.T[i]!;
    const key = `${x}|${T}`;
    let alive = memo.get(key);
    if (!alive) {
      predictor.expectedIfAlive(x, T, horizons, scratch);
      let discounted = 0;
      for (let k = 0; k < months; k++) discounted += (scratch[k]! - (k > 0 ? scratch[k - 1]! : 0)) * discount[k]!;
      alive = [scratch[months - 1]!, discounted];
      memo.set(key, alive);
    }
    const p = predictor.pAlive(x, history.tx[i]!, T);
    const aov = expectedAverageOrderValue(gg, x, history.meanSpend[i]!);
    out.pAlive[i] = p;
    out.expectedPurchases[i] = p * alive[0];
    out.expectedAov[i] = aov;
    out.clv[i] = p * alive[1] * aov;
  }
  return out;
}
