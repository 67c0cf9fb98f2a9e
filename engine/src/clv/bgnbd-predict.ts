import { EngineError } from '../errors.ts';
import { betaRule, type BetaRule } from './beta-quadrature.ts';
import { gaussJacobiRule } from './gauss-jacobi.ts';
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
 * integrated numerically, so it holds for every horizon and every a: by Gauss–Jacobi with as
 * many nodes as the horizon needs (see `nodesFor`), or by tanh-sinh past 64 nodes.
 */
/**
 * Gauss nodes for about 14 digits: the integrand is analytic except at p = −1/w, and the error
 * of an n-node rule falls like ρ^−2n, ρ the size of the largest ellipse around [0, 1] that
 * avoids it. Rounded up to a multiple of 16 so that rules are shared; past 64 nodes (horizons
 * far beyond α + T) the estimate is optimistic for small a, so 0: "use tanh-sinh".
 */
function nodesFor(w: number): number {
  const t = 1 + 2 / Math.max(w, 1e-300); // the singularity mapped to [−1, 1], at −t
  const rho = t + Math.sqrt((t - 1) * (t + 1));
  const n = Math.max(16, Math.ceil(7.5 / Math.log10(rho) / 16) * 16);
  return n <= 64 ? n : 0;
}

export class BgNbdPredictor {
  private readonly rules = new Map<string, BetaRule>();

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
    const s = this.params.r + x;
    const scale = this.params.alpha + T;
    let longest = 0;
    for (const t of horizons) longest = Math.max(longest, t);
    const nodes = nodesFor(longest / scale);
    const key = `${x}:${nodes}`;
    let rule = this.rules.get(key);
    if (!rule) {
      rule = nodes > 0 ? gaussJacobiRule(this.params.a, this.params.b + x, nodes) : betaRule(this.params.a, this.params.b + x);
      this.rules.set(key, rule);
    }
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
