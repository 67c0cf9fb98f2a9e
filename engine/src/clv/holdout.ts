import { EngineError } from '../errors.ts';
import { BgNbdPredictor } from './bgnbd-predict.ts';
import type { BgNbdParams } from './bgnbd.ts';
import { checkHistory, type PurchaseHistory } from './summary-check.ts';

/** One group of customers with the same calibration frequency (the last group is "7+"). */
export interface HoldoutGroup {
  /** "0" … "6", "7+". */
  frequency: string;
  customers: number;
  /** Mean repeat purchases in the holdout, observed and predicted. */
  actual: number;
  predicted: number;
  /** predicted − actual. */
  error: number;
}

export interface HoldoutComparison {
  /** Holdout length in the history's time unit. */
  length: number;
  groups: HoldoutGroup[];
  total: {
    customers: number;
    actual: number;
    predicted: number;
    /** (predicted − actual) / actual of the totals. */
    relativeError: number;
    /** Mean over customers of |predicted − actual|. */
    meanAbsoluteError: number;
  };
}

/** Calibration frequencies 0..OPEN_GROUP−1 get a group each; OPEN_GROUP and above share one. */
const OPEN_GROUP = 7;

/**
 * Predicted (E[Y(length) | x, t_x, T]) against actual repeat purchases in the holdout, by
 * calibration frequency 0..6 and 7+ (the grouping of the BTYD papers' charts) and in total.
 */
export function compareHoldout(params: BgNbdParams, history: PurchaseHistory, holdoutX: ArrayLike<number>, length: number): HoldoutComparison {
  const n = checkHistory(history);
  if (holdoutX.length !== n) throw new EngineError('invalid_argument', `holdout purchases must have one value per customer (got ${holdoutX.length} for ${n})`);
  if (!(length > 0 && Number.isFinite(length))) throw new EngineError('invalid_argument', `the holdout period must be longer than 0, got ${length}`);
  const predictor = new BgNbdPredictor(params);
  const count = new Float64Array(OPEN_GROUP + 1);
  const actual = new Float64Array(OPEN_GROUP + 1);
  const predicted = new Float64Array(OPEN_GROUP + 1);
  let absolute = 0;
  for (let i = 0; i < n; i++) {
    const g = Math.min(history.x[i]!, OPEN_GROUP);
    const e = predictor.expected(history.x[i]!, history.tx[i]!, history.T[i]!, length);
    count[g]! += 1;
    actual[g]! += holdoutX[i]!;
    predicted[g]! += e;
    absolute += Math.abs(e - holdoutX[i]!);
  }
  const groups: HoldoutGroup[] = [];
  for (let g = 0; g <= OPEN_GROUP; g++) {
    if (count[g] === 0) continue;
    const a = actual[g]! / count[g]!;
    const p = predicted[g]! / count[g]!;
    groups.push({ frequency: g === OPEN_GROUP ? `${OPEN_GROUP}+` : String(g), customers: count[g]!, actual: a, predicted: p, error: p - a });
  }
  const totalActual = actual.reduce((s, v) => s + v, 0);
  const totalPredicted = predicted.reduce((s, v) => s + v, 0);
  return {
    length,
    groups,
    total: {
      customers: n,
      actual: totalActual,
      predicted: totalPredicted,
      relativeError: totalActual > 0 ? (totalPredicted - totalActual) / totalActual : NaN,
      meanAbsoluteError: absolute / n,
    },
  };
}
