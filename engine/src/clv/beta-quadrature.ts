import { lnBeta } from './special.ts';

/**
 * Nodes and weights for E[g(p)] with p ~ Beta(a, b), by tanh-sinh (double-exponential)
 * quadrature: p = 1 / (1 + e^(−π sinh τ)) on a uniform τ grid. Its nodes crowd both ends, so the
 * p^(a−1) and (1−p)^(b−1) singularities of small a or b are integrated without special cases.
 * Logarithms of p and 1 − p are formed directly, never as 1 − (1 − p), so nothing cancels.
 */
export interface BetaRule {
  p: Float64Array;
  weight: Float64Array;
}

/** Grid step in τ; 1/16 keeps about 12 correct digits even for the narrow Beta(a, b + x) of large x. */
const STEP = 1 / 16;
/** τ beyond which the weights are dropped: 12 reaches p ≈ e^−257000, far past any real a. */
const TAU_LIMIT = 12;

export function betaRule(a: number, b: number): BetaRule {
  const lnB = lnBeta(a, b);
  const p: number[] = [];
  const weight: number[] = [];
  const add = (tau: number): number => {
    const u = Math.PI * Math.sinh(tau);
    // ln p = −ln(1 + e^−u), ln(1 − p) = −ln(1 + e^u), each stable for its own sign of u.
    const lnP = u > 0 ? -Math.log1p(Math.exp(-u)) : u - Math.log1p(Math.exp(u));
    const lnQ = u > 0 ? -u - Math.log1p(Math.exp(-u)) : -Math.log1p(Math.exp(u));
    // dp/dτ = π cosh τ · p (1 − p), times the Beta density p^(a−1) (1 − p)^(b−1) / B(a, b).
    const w = STEP * Math.PI * Math.cosh(tau) * Math.exp(a * lnP + b * lnQ - lnB);
    p.push(Math.exp(lnP));
    weight.push(w);
    return w;
  };
  add(0);
  for (const sign of [-1, 1]) {
    let peak = 0;
    for (let k = 1; k * STEP <= TAU_LIMIT; k++) {
      const w = add(sign * k * STEP);
      peak = Math.max(peak, w);
      if (w < 1e-18 * peak && k * STEP > 1) break;
    }
  }
  return { p: Float64Array.from(p), weight: Float64Array.from(weight) };
}
