import { EngineError } from '../errors.ts';
import { minimiseMultiStart, type MultiStartResult, type Objective } from './optimise.ts';
import { digamma, lnGamma } from './special.ts';
import { checkHistory, type PurchaseHistory } from './summary-check.ts';

/** BG/NBD parameters: purchase rate λ ~ Gamma(r, α); dropout probability p ~ Beta(a, b). */
export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

/** How the fit went: enough to judge it without re-running it. */
export interface FitReport {
  logLikelihood: number;
  customers: number;
  converged: boolean;
  /** max |∂(−LL/n)/∂ log θ| at the optimum. */
  gradientNorm: number;
  iterations: number;
  evaluations: number;
  /** The starting points and where each ended; run on `startsOn` customers (a subsample of large data). */
  starts: { start: number[]; logLikelihood: number; converged: boolean; iterations: number }[];
  startsOn: number;
  /** Starts that reached the same optimum as the best one. */
  agreeingStarts: number;
}

/** Above this many customers the starts run on an evenly spaced subsample of SCREEN_SIZE. */
export const SCREEN_SIZE = 10_000;

/** Every (n / SCREEN_SIZE)-th index: deterministic, and spread over however the input is ordered. */
export function screenIndices(n: number): number[] | undefined {
  if (n <= 2 * SCREEN_SIZE) return undefined;
  return Array.from({ length: SCREEN_SIZE }, (_, k) => Math.floor((k * n) / SCREEN_SIZE));
}

export interface BgNbdFit extends BgNbdParams, FitReport {}

/** Customers grouped by x: the gamma-function terms are computed once per distinct x. */
interface Grouped {
  xs: number[];
  /** Customers of group g are [offsets[g], offsets[g + 1]) in tx/T. */
  offsets: Int32Array;
  tx: Float64Array;
  T: Float64Array;
  n: number;
}

function groupByX(h: PurchaseHistory): Grouped {
  const n = h.x.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => h.x[i]! - h.x[j]!);
  const xs: number[] = [];
  const starts: number[] = [];
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  order.forEach((i, k) => {
    if (xs.length === 0 || xs[xs.length - 1] !== h.x[i]) {
      xs.push(h.x[i]!);
      starts.push(k);
    }
    tx[k] = h.tx[i]!;
    T[k] = h.T[i]!;
  });
  starts.push(n);
  return { xs, offsets: Int32Array.from(starts), tx, T, n };
}

/**
 * −LL/n and its gradient in θ = (ln r, ln α, ln a, ln b). Per customer (FHL 2005, eq. 6):
 * LL_i = ln Γ(r+x) − ln Γ(r) + r ln α + ln B(a, b+x) − ln B(a, b)
 *        + ln[ (α+T)^−(r+x) + δ(x>0) · a/(b+x−1) · (α+t_x)^−(r+x) ].
 */
function negativeLogLikelihood(g: Grouped): Objective {
  return (theta, grad) => {
    const r = Math.exp(theta[0]!);
    const alpha = Math.exp(theta[1]!);
    const a = Math.exp(theta[2]!);
    const b = Math.exp(theta[3]!);
    if (![r, alpha, a, b].every((v) => Number.isFinite(v) && v > 0)) return NaN;
    const lnAlpha = Math.log(alpha);
    const shared = lnGamma(a + b) - lnGamma(b) - lnGamma(r);
    const psiAB = digamma(a + b);
    const psiB = digamma(b);
    const psiR = digamma(r);
    let ll = 0;
    let dr = 0;
    let dAlpha = 0;
    let da = 0;
    let db = 0;
    for (let k = 0; k < g.xs.length; k++) {
      const x = g.xs[k]!;
      const s = r + x;
      const from = g.offsets[k]!;
      const to = g.offsets[k + 1]!;
      const count = to - from;
      ll += count * (lnGamma(s) + r * lnAlpha + lnGamma(b + x) - lnGamma(a + b + x) + shared);
      const psiABX = digamma(a + b + x);
      dr += count * (digamma(s) - psiR + lnAlpha);
      dAlpha += (count * r) / alpha;
      da += count * (psiAB - psiABX);
      db += count * (psiAB + digamma(b + x) - psiB - psiABX);
      if (x === 0) {
        for (let i = from; i < to; i++) {
          const lT = Math.log(alpha + g.T[i]!);
          ll -= s * lT;
          dr -= lT;
          dAlpha -= s / (alpha + g.T[i]!);
        }
        continue;
      }
      const c4 = Math.log(a) - Math.log(b + x - 1);
      let sumW4 = 0;
      for (let i = from; i < to; i++) {
        const lT = Math.log(alpha + g.T[i]!);
        const lTx = Math.log(alpha + g.tx[i]!);
        const a3 = -s * lT;
        const a4 = c4 - s * lTx;
        // log(e^a3 + e^a4) without overflow; w4 = the "dropped out at t_x" share of the likelihood.
        const e = Math.exp(-Math.abs(a3 - a4));
        ll += Math.max(a3, a4) + Math.log1p(e);
        const w4 = a4 >= a3 ? 1 / (1 + e) : e / (1 + e);
        const w3 = 1 - w4;
        dr -= w3 * lT + w4 * lTx;
        dAlpha -= s * (w3 / (alpha + g.T[i]!) + w4 / (alpha + g.tx[i]!));
        sumW4 += w4;
      }
      da += sumW4 / a;
      db -= sumW4 / (b + x - 1);
    }
    // Chain rule to log parameters; minimise the mean so tolerances do not depend on n.
    grad[0] = (-dr * r) / g.n;
    grad[1] = (-dAlpha * alpha) / g.n;
    grad[2] = (-da * a) / g.n;
    grad[3] = (-db * b) / g.n;
    return -ll / g.n;
  };
}

/** Starting points spread over shapes; α from the pooled purchase rate so the time unit drops out. */
function startingPoints(h: PurchaseHistory): number[][] {
  let sx = 0;
  let sT = 0;
  for (let i = 0; i < h.x.length; i++) {
    sx += h.x[i]!;
    sT += h.T[i]!;
  }
  if (!(sT > 0)) throw new EngineError('invalid_argument', 'every customer has T = 0: the observation period is empty');
  const rate = Math.max(sx, 1) / sT;
  // (r, a, b): average, heterogeneous-and-churning, homogeneous-and-loyal customer bases.
  const shapes = [
    [1, 1, 1],
    [0.25, 0.5, 0.5],
    [4, 1, 8],
  ] as const;
  return shapes.map(([r, a, b]) => [Math.log(r), Math.log(r / rate), Math.log(a), Math.log(b)]);
}

/** Turns the minimiser's outcome (of −LL/n) into the report shared by the models. */
export function fitReport(m: MultiStartResult, n: number, startsOn = n): FitReport {
  return {
    logLikelihood: -m.value * n,
    customers: n,
    converged: m.converged,
    gradientNorm: m.gradientNorm,
    iterations: m.iterations,
    evaluations: m.evaluations,
    starts: m.starts.map((s) => ({ start: s.start.map(Math.exp), logLikelihood: -s.value * startsOn, converged: s.converged, iterations: s.iterations })),
    startsOn,
    agreeingStarts: m.agreeing,
  };
}

/**
 * Fits the BG/NBD model (Fader, Hardie & Lee 2005) by maximum likelihood: parameters on the
 * log scale, BFGS with the analytic gradient from three starting points, the best optimum kept
 * (on large data the starts run on a subsample and the best is polished on all customers).
 * O(customers × iterations); the gamma terms are computed once per distinct x. Deterministic.
 */
export function fitBgNbd(history: PurchaseHistory): BgNbdFit {
  const n = checkHistory(history);
  const sample = screenIndices(n);
  const screen =
    sample &&
    negativeLogLikelihood(groupByX({ x: sample.map((i) => history.x[i]!), tx: sample.map((i) => history.tx[i]!), T: sample.map((i) => history.T[i]!) }));
  const m = minimiseMultiStart(negativeLogLikelihood(groupByX(history)), startingPoints(history), {}, screen);
  const [r, alpha, a, b] = Array.from(m.theta, Math.exp) as [number, number, number, number];
  return { r, alpha, a, b, ...fitReport(m, n, sample?.length ?? n) };
}

/** The log-likelihood of `history` at `params` (sum over customers). */
export function bgNbdLogLikelihood(params: BgNbdParams, history: PurchaseHistory): number {
  const n = checkHistory(history);
  const theta = Float64Array.of(Math.log(params.r), Math.log(params.alpha), Math.log(params.a), Math.log(params.b));
  return -negativeLogLikelihood(groupByX(history))(theta, new Float64Array(4)) * n;
}
