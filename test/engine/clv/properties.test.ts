import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BgNbdPredictor, customerValues, pAlive, type BgNbdParams } from '../../../engine/src/index.ts';

const positive = (min: number, max: number) => fc.double({ min, max, noNaN: true, noDefaultInfinity: true });
const params = fc.record({ r: positive(0.05, 5), alpha: positive(0.5, 100), a: positive(0.05, 5), b: positive(0.05, 20) });
/** A history: x repeat purchases at least a day apart, last at t_x ≤ T (in days). */
const history = fc.record({ x: fc.integer({ min: 0, max: 60 }), gap: positive(0, 400), spread: positive(1, 3) }).map(({ x, gap, spread }) => {
  const tx = x === 0 ? 0 : x * spread;
  return { x, tx, T: tx + gap };
});

/** 2F1(a, b; c; z) by its series, for 0 ≤ z ≤ 0.5 where it converges fast. */
function hypergeometric(a: number, b: number, c: number, z: number): number {
  let term = 1;
  let sum = 1;
  for (let k = 0; k < 10_000 && Math.abs(term) > 1e-17 * Math.abs(sum); k++) {
    term *= (((a + k) * (b + k)) / ((c + k) * (k + 1))) * z;
    sum += term;
  }
  return sum;
}

/** FHL 2005 eq. 10, the closed form, as an independent check of the quadrature. */
function closedForm(m: BgNbdParams, x: number, tx: number, T: number, t: number): number {
  const { r, alpha, a, b } = m;
  const z = t / (alpha + T + t);
  const bracket = 1 - ((alpha + T) / (alpha + T + t)) ** (r + x) * hypergeometric(r + x, b + x, a + b + x - 1, z);
  const alive = 1 + (x > 0 ? (a / (b + x - 1)) * ((alpha + T) / (alpha + tx)) ** (r + x) : 0);
  return (((a + b + x - 1) / (a - 1)) * bracket) / alive;
}

describe('BG/NBD predictions (properties)', () => {
  it('P(alive) lies in (0, 1] and is exactly 1 without repeat purchases', () => {
    fc.assert(
      fc.property(params, history, (m, h) => {
        const p = pAlive(m, h.x, h.tx, h.T);
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThanOrEqual(1);
        if (h.x === 0) expect(p).toBe(1);
      }),
      { numRuns: 500 },
    );
  });

  it('expected purchases increase with the horizon', () => {
    fc.assert(
      fc.property(params, history, positive(0, 200), positive(0.5, 500), (m, h, t, more) => {
        const predictor = new BgNbdPredictor(m);
        const near = predictor.expected(h.x, h.tx, h.T, t);
        const far = predictor.expected(h.x, h.tx, h.T, t + more);
        expect(near).toBeGreaterThanOrEqual(0);
        expect(far).toBeGreaterThan(near);
      }),
      { numRuns: 300 },
    );
  });

  it('the quadrature equals the closed form with the hypergeometric series (horizons up to α + T)', () => {
    fc.assert(
      fc.property(
        params.filter((m) => Math.abs(m.a - 1) > 0.05),
        history,
        positive(0, 1),
        (m, h, share) => {
          const t = share * (m.alpha + h.T); // keeps z ≤ 0.5, where the series converges quickly
          const expected = closedForm(m, h.x, h.tx, h.T, t);
          const actual = new BgNbdPredictor(m).expected(h.x, h.tx, h.T, t);
          expect(Math.abs(actual - expected)).toBeLessThanOrEqual(1e-8 * Math.max(1, Math.abs(expected)));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('CLV decreases as the monthly discount rate rises', () => {
    const spend = { p: 6.25, q: 3.74, v: 15.44 };
    fc.assert(
      fc.property(
        params,
        fc.array(history, { minLength: 1, maxLength: 20 }),
        positive(0, 0.5),
        positive(0.001, 0.4),
        fc.integer({ min: 1, max: 36 }),
        (m, hs, d, step, months) => {
          const h = { x: hs.map((c) => c.x), tx: hs.map((c) => c.tx), T: hs.map((c) => c.T), meanSpend: hs.map((c) => (c.x > 0 ? 20 + c.x : NaN)) };
          const low = customerValues(m, spend, h, { unit: 'day', months, monthlyDiscount: d });
          const high = customerValues(m, spend, h, { unit: 'day', months, monthlyDiscount: d + step });
          for (let i = 0; i < hs.length; i++) {
            expect(low.clv[i]).toBeGreaterThan(0);
            expect(high.clv[i]).toBeLessThan(low.clv[i]!);
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
