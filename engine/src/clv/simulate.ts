import { EngineError } from '../errors.ts';
import type { Rng } from '../ports.ts';
import type { BgNbdParams } from './bgnbd.ts';
import type { GammaGammaParams } from './gamma-gamma.ts';

/** Standard normal by Box–Muller (one of the pair; simplicity over speed). */
function normal(rng: Rng): number {
  const u = 1 - rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** Gamma(shape, rate) by Marsaglia & Tsang; shape < 1 through the U^(1/shape) boost. */
export function sampleGamma(rng: Rng, shape: number, rate: number): number {
  if (shape < 1) return sampleGamma(rng, shape + 1, rate) * (1 - rng.next()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    const z = normal(rng);
    const v = (1 + c * z) ** 3;
    if (v <= 0) continue;
    const u = 1 - rng.next();
    if (Math.log(u) < 0.5 * z * z + d - d * v + d * Math.log(v)) return (d * v) / rate;
  }
}

function sampleBeta(rng: Rng, a: number, b: number): number {
  const x = sampleGamma(rng, a, 1);
  return x / (x + sampleGamma(rng, b, 1));
}

export interface SimulatedCustomers {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Mean spend of the repeat purchases (NaN when x = 0), from Gamma-Gamma when given. */
  meanSpend: Float64Array;
}

/**
 * Draws customers from the BG/NBD story (and Gamma-Gamma spend, when `spend` is given) with a
 * seeded Rng: λ ~ Gamma(r, α), p ~ Beta(a, b); exponential gaps at rate λ; after each repeat
 * purchase the customer leaves with probability p; observed for T ~ Uniform(minT, maxT) after
 * the first purchase. For benchmarks and parameter-recovery tests.
 */
export function simulateBgNbd(
  params: BgNbdParams,
  customers: number,
  rng: Rng,
  options: { minT: number; maxT: number; spend?: GammaGammaParams },
): SimulatedCustomers {
  if (!(customers >= 1 && Number.isInteger(customers))) throw new EngineError('invalid_argument', `customers must be a whole number ≥ 1, got ${customers}`);
  if (!(options.minT >= 0 && options.maxT >= options.minT)) throw new EngineError('invalid_argument', 'T range must satisfy 0 ≤ minT ≤ maxT');
  const out: SimulatedCustomers = {
    x: new Float64Array(customers),
    tx: new Float64Array(customers),
    T: new Float64Array(customers),
    meanSpend: new Float64Array(customers),
  };
  for (let i = 0; i < customers; i++) {
    const lambda = sampleGamma(rng, params.r, params.alpha);
    const p = sampleBeta(rng, params.a, params.b);
    const T = options.minT + (options.maxT - options.minT) * rng.next();
    let t = 0;
    let x = 0;
    for (;;) {
      const next = t - Math.log(1 - rng.next()) / lambda;
      if (next > T) break;
      t = next;
      x++;
      if (rng.next() < p) break;
    }
    out.x[i] = x;
    out.tx[i] = x > 0 ? t : 0;
    out.T[i] = T;
    let mean = NaN;
    if (options.spend && x > 0) {
      const nu = sampleGamma(rng, options.spend.q, options.spend.v);
      let total = 0;
      for (let k = 0; k < x; k++) total += sampleGamma(rng, options.spend.p, nu);
      mean = total / x;
    }
    out.meanSpend[i] = mean;
  }
  return out;
}
