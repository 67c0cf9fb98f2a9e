import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BgNbdPredictor, bgNbdLogLikelihood, createRng, fitBgNbd, pAlive, simulateBgNbd } from '../../../engine/src/index.ts';
import { betaRule } from '../../../engine/src/clv/beta-quadrature.ts';
import { gaussJacobiRule } from '../../../engine/src/clv/gauss-jacobi.ts';

const positive = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });

describe('quadrature rules for Beta expectations', () => {
  it('Gauss–Jacobi reproduces the Beta moments E[p^k] = Π (a+j)/(a+b+j)', () => {
    fc.assert(
      fc.property(positive(0.003, 20), positive(0.05, 300), (a, b) => {
        const rules = [gaussJacobiRule(a, b, 16)];
        let exact = 1;
        for (let k = 0; k <= 8; k++) {
          if (k > 0) exact *= (a + k - 1) / (a + b + k - 1);
          for (const rule of rules) {
            let m = 0;
            for (let i = 0; i < rule.p.length; i++) m += rule.weight[i]! * rule.p[i]! ** k;
            // Rounding in the Golub–Welsch eigen-solve reaches 1.2e-11 at the domain's corner (a near 0.003, b near 300;
            // worst of 100,000 draws): 1e-10 keeps the check far below any money figure without flaking.
            expect(Math.abs(m / exact - 1)).toBeLessThan(1e-10);
          }
        }
      }),
      { numRuns: 200, endOnFailure: true },
    );
  });

  it('expected purchases by the Gauss rule the predictor picks equal tanh-sinh over horizons far beyond α + T', () => {
    const params = fc.record({ r: positive(0.05, 5), alpha: positive(0.2, 100), a: positive(0.2, 5), b: positive(0.2, 20) });
    fc.assert(
      fc.property(params, fc.integer({ min: 0, max: 20 }), positive(0, 500), positive(0, 5000), (m, x, T, t) => {
        const rule = betaRule(m.a, m.b + x);
        const w = t / (m.alpha + T);
        let alive = 0;
        for (let i = 0; i < rule.p.length; i++) {
          const p = rule.p[i]!;
          alive += rule.weight[i]! * (p * w < 1e-12 ? (m.r + x) * w : -Math.expm1(-(m.r + x) * Math.log1p(p * w)) / p);
        }
        const tx = x === 0 ? 0 : T / 2;
        const expected = pAlive(m, x, tx, T) * alive;
        const actual = new BgNbdPredictor(m).expected(x, tx, T, t);
        expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-6 * Math.max(1, expected));
      }),
      // Two ~1e-9 methods compared; no shrinking, which on doubles can take minutes.
      { numRuns: 200, endOnFailure: true },
    );
  });
});

describe('large data', () => {
  it('starts screened on a subsample, then polished on all 50,000 customers: a local maximum of the full likelihood', () => {
    const truth = { r: 0.5, alpha: 8, a: 0.7, b: 2.5 };
    const sim = simulateBgNbd(truth, 50_000, createRng(7), { minT: 10, maxT: 60 });
    const fit = fitBgNbd(sim);
    expect(fit.startsOn).toBe(10_000);
    expect(fit.customers).toBe(50_000);
    expect(fit.converged).toBe(true);
    expect(bgNbdLogLikelihood(fit, sim)).toBeCloseTo(fit.logLikelihood, 6);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) {
      for (const f of [0.99, 1.01]) expect(bgNbdLogLikelihood({ ...fit, [k]: fit[k] * f }, sim)).toBeLessThan(fit.logLikelihood);
    }
  });
});
