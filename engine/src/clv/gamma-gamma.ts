import { EngineError } from '../errors.ts';
import { fitReport, screenIndices, type FitReport } from './bgnbd.ts';
import { minimiseMultiStart, type Objective } from './optimise.ts';
import { digamma, lnGamma } from './special.ts';

/** Gamma-Gamma parameters: spend per purchase ~ Gamma(p, ν), ν ~ Gamma(q, v) across customers. */
export interface GammaGammaParams {
  p: number;
  q: number;
  v: number;
}

/** The independence check the model rests on: spend per purchase must not depend on frequency. */
export interface SpendFrequencyCheck {
  /** Pearson correlation of x and mean spend over the fitted customers. */
  correlation: number;
  /** |correlation| < 0.3: weak enough for the model's assumption to be tenable. */
  independent: boolean;
}

export interface GammaGammaFit extends GammaGammaParams, FitReport {
  /** Customers left out: no repeat purchase, or a mean spend that is not positive. */
  excluded: number;
  check: SpendFrequencyCheck;
}

/** Threshold on |ρ(x, mean spend)| above which the fit is flagged as doubtful. */
const CORRELATION_LIMIT = 0.3;

interface SpendData {
  x: Float64Array;
  lnX: Float64Array;
  mean: Float64Array;
  lnMean: Float64Array;
}

/**
 * −LL/n and gradient in θ = (ln p, ln q, ln v) for the density of the mean spend z̄ of x
 * purchases (Fader & Hardie 2013): with s = x·z̄,
 * LL_i = ln Γ(px+q) − ln Γ(px) − ln Γ(q) + q ln v + (px−1) ln z̄ + px ln x − (px+q) ln(v + s).
 */
function negativeLogLikelihood(d: SpendData): Objective {
  const n = d.x.length;
  return (theta, grad) => {
    const p = Math.exp(theta[0]!);
    const q = Math.exp(theta[1]!);
    const v = Math.exp(theta[2]!);
    if (![p, q, v].every((u) => Number.isFinite(u) && u > 0)) return NaN;
    const lnV = Math.log(v);
    const shared = q * lnV - lnGamma(q);
    const psiQ = digamma(q);
    let ll = 0;
    let dp = 0;
    let dq = 0;
    let dv = 0;
    let lastX = -1;
    let gammaTerms = 0;
    let psiPXQ = 0;
    let psiPX = 0;
    for (let i = 0; i < n; i++) {
      const x = d.x[i]!;
      const px = p * x;
      if (x !== lastX) {
        // Inputs are sorted by x, so the gamma functions are evaluated once per distinct x.
        gammaTerms = lnGamma(px + q) - lnGamma(px);
        psiPXQ = digamma(px + q);
        psiPX = digamma(px);
        lastX = x;
      }
      const lnVS = Math.log(v + x * d.mean[i]!);
      ll += gammaTerms + shared + (px - 1) * d.lnMean[i]! + px * d.lnX[i]! - (px + q) * lnVS;
      dp += x * (psiPXQ - psiPX + d.lnMean[i]! + d.lnX[i]! - lnVS);
      dq += psiPXQ - psiQ + lnV - lnVS;
      dv += q / v - (px + q) / (v + x * d.mean[i]!);
    }
    grad[0] = (-dp * p) / n;
    grad[1] = (-dq * q) / n;
    grad[2] = (-dv * v) / n;
    return -ll / n;
  };
}

/** The customers `indices`, sorted by x (the likelihood evaluates gamma terms once per x). */
function spendData(indices: readonly number[], x: ArrayLike<number>, meanSpend: ArrayLike<number>): SpendData {
  const sorted = [...indices].sort((i, j) => x[i]! - x[j]!);
  return {
    x: Float64Array.from(sorted, (i) => x[i]!),
    lnX: Float64Array.from(sorted, (i) => Math.log(x[i]!)),
    mean: Float64Array.from(sorted, (i) => meanSpend[i]!),
    lnMean: Float64Array.from(sorted, (i) => Math.log(meanSpend[i]!)),
  };
}

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/**
 * Fits the Gamma-Gamma spend model (Fader & Hardie 2013) by maximum likelihood on the customers
 * with x > 0 and a positive mean spend (others are counted in `excluded`); log-scale
 * parameters, BFGS from three starts (screened on a subsample of large data). Also reports the frequency/spend correlation check.
 */
export function fitGammaGamma(x: ArrayLike<number>, meanSpend: ArrayLike<number>): GammaGammaFit {
  if (x.length !== meanSpend.length)
    throw new EngineError('invalid_argument', `x and mean spend must have one value per customer (got ${x.length}, ${meanSpend.length})`);
  const keep: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const xi = x[i]!;
    if (!Number.isInteger(xi) || xi < 0) throw new EngineError('invalid_argument', `customer ${i}: x must be a whole number ≥ 0, got ${xi}`);
    if (xi > 0 && meanSpend[i]! > 0 && Number.isFinite(meanSpend[i]!)) keep.push(i);
  }
  if (keep.length < 3)
    throw new EngineError('invalid_argument', `Gamma-Gamma needs at least 3 customers with repeat purchases and positive spend, got ${keep.length}`);
  const sample = screenIndices(keep.length)?.map((k) => keep[k]!);
  const d = spendData(keep, x, meanSpend);
  let avg = 0;
  for (const m of d.mean) avg += m / d.mean.length;
  // v is on the scale of money × q / p: start it from the average spend so the currency drops out.
  const starts = [
    [1, 1],
    [4, 4],
    [0.5, 2],
  ].map(([p, q]) => [Math.log(p!), Math.log(q!), Math.log((q! * avg) / p!)]);
  const screen = sample && negativeLogLikelihood(spendData(sample, x, meanSpend));
  const m = minimiseMultiStart(negativeLogLikelihood(d), starts, {}, screen);
  const [p, q, v] = Array.from(m.theta, Math.exp) as [number, number, number];
  const correlation = pearson(d.x, d.mean);
  return {
    p,
    q,
    v,
    ...fitReport(m, keep.length, sample?.length ?? keep.length),
    excluded: x.length - keep.length,
    check: { correlation, independent: Math.abs(correlation) < CORRELATION_LIMIT },
  };
}

/**
 * E[mean spend per purchase | x, z̄] = (p·(v + x·z̄)) / (p·x + q − 1): a weighted average of the
 * population mean p·v/(q−1) and the customer's own mean. For x = 0 it is the population mean,
 * which exists only when q > 1 (NaN otherwise).
 */
export function expectedAverageOrderValue(m: GammaGammaParams, x: number, meanSpend: number): number {
  const spend = x > 0 ? x * meanSpend : 0;
  const denominator = m.p * x + m.q - 1;
  return denominator > 0 ? (m.p * (m.v + spend)) / denominator : NaN;
}
