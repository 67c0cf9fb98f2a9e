import { throwIfCancelled } from '../errors.ts';
import type { JobControl, SqlPort } from '../ports.ts';
import { fitBgNbd, type BgNbdFit } from './bgnbd.ts';
import { fitGammaGamma, type GammaGammaFit } from './gamma-gamma.ts';
import { compareHoldout, type HoldoutComparison } from './holdout.ts';
import { customerSummary, type CustomerSummary, type CustomerSummaryOptions } from './summary-sql.ts';
import { customerValues, DEFAULT_VALUE_OPTIONS, type CustomerValues } from './value.ts';

export interface ClvModelOptions extends CustomerSummaryOptions {
  months?: number;
  monthlyDiscount?: number;
}

/** Everything the value screen and the `clv` command show. */
export interface ClvModel {
  summary: CustomerSummary;
  bgNbd: BgNbdFit;
  gammaGamma: GammaGammaFit;
  values: CustomerValues;
  months: number;
  monthlyDiscount: number;
  /** Present when the data extend past the calibration end. */
  holdout?: HoldoutComparison;
  /** Doubts about the fit, in words: non-convergence, the correlation check, q ≤ 1. */
  warnings: string[];
}

/**
 * The whole CLV pipeline over `kept`: the per-customer summary in SQL, then `fitCustomerValue`.
 */
export async function modelCustomerValue(sql: SqlPort, options: ClvModelOptions = {}, control: JobControl = {}): Promise<ClvModel> {
  control.onProgress?.(0, 'customer summary');
  const summary = await customerSummary(sql, options);
  throwIfCancelled(control.signal);
  return fitCustomerValue(summary, options, control);
}

/**
 * Below these counts the fits are said to be rough: each model's parameters (four and three) are
 * then pinned by few customers, and small samples drive them to their bounds (3 customers gave
 * Gamma-Gamma p = 1.4e8, v = 0). A judgement, not a test: CDNOW's sample has 2,357.
 */
const FEW_CUSTOMERS = 100;
const FEW_REPEAT_CUSTOMERS = 50;

/**
 * BG/NBD and Gamma-Gamma fits on a calibration summary, P(alive), expected purchases, order
 * value and CLV per customer, and the holdout comparison when the summary has a holdout. No
 * SQL: the app runs this in its analytics worker on the summary computed in DuckDB.
 */
export function fitCustomerValue(
  summary: CustomerSummary,
  options: Pick<ClvModelOptions, 'months' | 'monthlyDiscount'> = {},
  control: JobControl = {},
): ClvModel {
  throwIfCancelled(control.signal);
  control.onProgress?.(0.3, 'fitting BG/NBD');
  const bgNbd = fitBgNbd(summary);
  throwIfCancelled(control.signal);
  control.onProgress?.(0.6, 'fitting Gamma-Gamma');
  const gammaGamma = fitGammaGamma(summary.x, summary.meanSpend);
  throwIfCancelled(control.signal);
  control.onProgress?.(0.7, 'customer values');
  const months = options.months ?? DEFAULT_VALUE_OPTIONS.months;
  const monthlyDiscount = options.monthlyDiscount ?? DEFAULT_VALUE_OPTIONS.monthlyDiscount;
  const values = customerValues(bgNbd, gammaGamma, summary, { unit: summary.unit, months, monthlyDiscount });
  const warnings: string[] = [];
  const customers = summary.customerIds.length;
  const repeat = customers - gammaGamma.excluded;
  if (customers < FEW_CUSTOMERS)
    warnings.push(
      `only ${customers} ${customers === 1 ? 'customer' : 'customers'}: BG/NBD's four parameters rest on few histories, so P(alive), expected purchases and CLV are rough`,
    );
  if (repeat < FEW_REPEAT_CUSTOMERS)
    warnings.push(
      `only ${repeat} repeat ${repeat === 1 ? 'customer' : 'customers'}: Gamma-Gamma's spend per purchase rests on few, so expected order values are rough`,
    );
  if (!bgNbd.converged) warnings.push(`BG/NBD did not converge (gradient ${bgNbd.gradientNorm.toExponential(1)}): treat its figures with care`);
  // a → 0 (or b/a → ∞) puts all dropout probability at 0: the fit has degenerated to the NBD.
  if (bgNbd.a < 1e-3 || bgNbd.b / bgNbd.a > 1e5) {
    warnings.push(
      `BG/NBD dropout is at its boundary (a = ${bgNbd.a.toExponential(2)}, b = ${bgNbd.b.toExponential(2)}): the data show no dropout, so customers are modelled as always alive`,
    );
  }
  if (!gammaGamma.converged) warnings.push(`Gamma-Gamma did not converge (gradient ${gammaGamma.gradientNorm.toExponential(1)})`);
  if (!gammaGamma.check.independent) {
    warnings.push(`frequency and mean spend are correlated (ρ = ${gammaGamma.check.correlation.toFixed(2)}): Gamma-Gamma assumes they are independent`);
  }
  if (gammaGamma.q <= 1)
    warnings.push(`Gamma-Gamma q = ${gammaGamma.q.toFixed(2)} ≤ 1: no population mean spend, so no value for customers without repeat purchases`);
  const model: ClvModel = { summary, bgNbd, gammaGamma, values, months, monthlyDiscount, warnings };
  if (summary.holdout) model.holdout = compareHoldout(bgNbd, summary, summary.holdout.x, summary.holdout.length);
  control.onProgress?.(1, 'done');
  return model;
}
