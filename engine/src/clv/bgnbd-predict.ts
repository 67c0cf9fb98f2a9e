import { EngineError } from '../errors.ts';
import { betaRule, type BetaRule } from './beta-quadrature.ts';
import type { BgNbdParams } from './bgnbd.ts';

/**
 * P(alive | x, t_x, T) under BG/NBD (FHL 2005, eq. 11):
 * 1 / (1 + δ(x>0) · a/(b+x−1) · ((α+T)/(α+t_x))^(r+x)); exactly 1 for x = 0, since the
 * model lets customers drop out only right after a purchase.
 */
export function pAlive(m: BgNbdParams, x: number, tx: number, T: number): number {
  if (x === 0) return 1;
  const lnOdds = Math.log(m.a / (m.b + x - 1)) + (m.r + x) * (Math.log(m.alpha + T) - Math.log(m.alpha + tx));
  return 1 / (1 + Math.exp(lnOdds));
}

/**
 * (1 − (1 + p·w)^−s) / p: expected purchases of a live customer with dropout probability p,
 * integrated over λ ~ Gamma(s, α+T), for a horizon t = w·(α+T). Tends to s·w as p → 0.
 */
function perDropout(p: number, s: number, w: number): number {
  const pw = p * w;
  if (pw < 1e-12) return s * w * (1 - ((s + 1) * pw) / 2);
  return -Math.expm1(-s * Math.log1p(pw)) / p;
}

/**
 * Conditional expectations E[Y(t) | x, t_x, T] for many customers and horizons. The posterior
 * of (λ, p) for a live customer is Gamma(r+x, α+T) × Beta(a, b+x), which gives
 * E[Y(t) | data] = P(alive) · E_{p ~ Beta(a, b+x)}[(1 − ((α+T)/(α+T+p·t))^(r+x)) / p];
 * the same quantity as FHL's closed form with the Gaussian hypergeometric function, but
 * integrated numerically (see beta-quadrature.ts), so it holds for every horizon and every a.
 */
export class BgNbdPredictor {
  private readonly rules = new Map<number, BetaRule>();

  readonly params: BgNbdParams;

  constructor(params: BgNbdParams) {
    const { r, alpha, a, b } = params;
    for (const [k, v] of Object.entries({ r, alpha, a, b })) {
      if (!(Number.isFinite(v) && v > 0)) throw new EngineError('invalid_argument', `BG/NBD parameter ${k} must be positive, got ${v}`);
    }
    this.params = { r, alpha, a, b };
  }

  pAlive(x: number, tx: number, T: number): number {
    return pAlive(this.params, x, tx, T);
  }

  /** Expected purchases in (T, T + t] for a customer known to be alive at T, for each horizon. */
  expectedIfAlive(x: number, T: number, horizons: readonly number[], out: Float64Array): void {
    let rule = this.rules.get(x);
    if (!rule) {
      rule = betaRule(this.params.a, this.params.b + x);
      this.rules.set(x, rule);
    }
    const s = this.params.r + x;
    const scale = this.params.alpha + T;
    for (let h = 0; h < horizons.length; h++) {
      const t = horizons[h]!;
      if (!(t >= 0 && Number.isFinite(t))) throw new EngineError('invalid_argument', `horizon must be a finite time ≥ 0, got ${t}`);
      const w = t / scale;
      let sum = 0;
      for (let k = 0; k < rule.p.length; k++) sum += rule.weight[k]! * perDropout(rule.p[k]!, s, w);
      out[h] = sum;
    }
  }

  /** E[Y(t) | x, t_x, T]: expected repeat purchases in the next t time units. */
  expected(x: number, tx: number, T: number, t: number): number {
    const out = new Float64Array(1);
    this.expectedIfAlive(x, T, [t], out);
    return this.pAlive(x, tx, T) * out[0]!;
  }
}
