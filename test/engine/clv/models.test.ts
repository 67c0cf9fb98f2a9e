import { describe, expect, it } from 'vitest';
import {
  BgNbdPredictor,
  EngineError,
  createRng,
  customerValues,
  expectedAverageOrderValue,
  fitBgNbd,
  fitCustomerValue,
  fitGammaGamma,
  minimiseBfgs,
  monthInUnits,
  simulateBgNbd,
} from '../../../engine/src/index.ts';

describe('BFGS minimiser', () => {
  it('finds the minimum of the Rosenbrock function from the classic start and reports convergence', () => {
    const rosenbrock = (t: Float64Array, g: Float64Array) => {
      const [x, y] = [t[0]!, t[1]!];
      g[0] = -2 * (1 - x) - 400 * x * (y - x * x);
      g[1] = 200 * (y - x * x);
      return (1 - x) ** 2 + 100 * (y - x * x) ** 2;
    };
    const r = minimiseBfgs(rosenbrock, [-1.2, 1]);
    expect(r.converged).toBe(true);
    expect(r.theta[0]).toBeCloseTo(1, 6);
    expect(r.theta[1]).toBeCloseTo(1, 6);
  });

  it('reports an infeasible start instead of iterating on NaN', () => {
    const r = minimiseBfgs(() => NaN, [0, 0]);
    expect(r).toMatchObject({ converged: false, reason: 'infeasible_start' });
  });
});

describe('parameter recovery from simulated customers', () => {
  it('BG/NBD and Gamma-Gamma recover the parameters 20,000 simulated customers were drawn with', () => {
    const truth = { r: 0.6, alpha: 12, a: 0.9, b: 3 };
    const spend = { p: 5, q: 4, v: 30 };
    const sim = simulateBgNbd(truth, 20_000, createRng(16), { minT: 20, maxT: 80, spend });
    const bg = fitBgNbd(sim);
    expect(bg.converged).toBe(true);
    for (const k of ['r', 'alpha', 'a', 'b'] as const) expect(Math.abs(bg[k] / truth[k] - 1), k).toBeLessThan(0.15);
    const gg = fitGammaGamma(sim.x, sim.meanSpend);
    for (const k of ['p', 'q', 'v'] as const) expect(Math.abs(gg[k] / spend[k] - 1), k).toBeLessThan(0.15);
    expect(Math.abs(gg.check.correlation)).toBeLessThan(0.1); // simulated independent, as assumed
  });
});

describe('fits on few customers', () => {
  const truth = { r: 0.6, alpha: 12, a: 0.9, b: 3 };
  const spend = { p: 5, q: 4, v: 30 };
  const summary = (n: number, seed: number) => {
    const sim = simulateBgNbd(truth, n, createRng(seed), { minT: 20, maxT: 80, spend });
    return { ...sim, customerIds: Array.from({ length: n }, (_, i) => `C${i}`), unit: 'week' as const, calibrationEnd: '2024-12-31' };
  };
  const rough = (w: readonly string[]) => w.filter((x) => x.startsWith('only '));

  it('say so with the counts: under 100 customers, under 50 repeat customers', () => {
    const small = fitCustomerValue(summary(60, 3));
    const repeat = [...small.summary.x].filter((x) => x > 0).length;
    expect(repeat).toBeLessThan(50);
    expect(rough(small.warnings)).toEqual([
      "only 60 customers: BG/NBD's four parameters rest on few histories, so P(alive), expected purchases and CLV are rough",
      `only ${repeat} repeat customers: Gamma-Gamma's spend per purchase rests on few, so expected order values are rough`,
    ]);
    expect(rough(fitCustomerValue(summary(2_000, 4)).warnings)).toEqual([]);
  });
});

describe('values', () => {
  const bg = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
  const gg = { p: 6.25, q: 3.74, v: 15.44 };

  it('expected order value shrinks a customer mean towards the population mean p·v/(q−1)', () => {
    const population = (gg.p * gg.v) / (gg.q - 1);
    expect(expectedAverageOrderValue(gg, 0, NaN)).toBeCloseTo(population, 12);
    const own = 80;
    const e = expectedAverageOrderValue(gg, 3, own);
    expect(e).toBeGreaterThan(population);
    expect(e).toBeLessThan(own);
    expect(expectedAverageOrderValue(gg, 30, own)).toBeGreaterThan(e); // more purchases, more weight on the own mean
    expect(expectedAverageOrderValue({ ...gg, q: 0.9 }, 0, NaN)).toBeNaN();
  });

  it('without discounting, CLV is expected order value × expected purchases over the horizon (weeks)', () => {
    const h = { x: [0, 2, 7], tx: [0, 30.43, 35], T: [38.86, 38.86, 36], meanSpend: [NaN, 22.35, 40] };
    const v = customerValues(bg, gg, h, { unit: 'week', months: 12, monthlyDiscount: 0 });
    const predictor = new BgNbdPredictor(bg);
    for (let i = 0; i < 3; i++) {
      const purchases = predictor.expected(h.x[i]!, h.tx[i]!, h.T[i]!, 12 * monthInUnits('week'));
      expect(v.expectedPurchases[i]).toBeCloseTo(purchases, 12);
      expect(v.clv[i]).toBeCloseTo(purchases * expectedAverageOrderValue(gg, h.x[i]!, h.meanSpend[i]!), 9);
      expect(v.pAlive[i]).toBeCloseTo(predictor.pAlive(h.x[i]!, h.tx[i]!, h.T[i]!), 15);
    }
    expect(monthInUnits('day')).toBe(30.4375);
  });
});

describe('bad input', () => {
  const expectError = (f: () => unknown, message: RegExp) => {
    expect(f).toThrow(EngineError);
    expect(f).toThrow(message);
  };
  it('gets a clear EngineError naming the customer', () => {
    expectError(() => fitBgNbd({ x: [1, 2], tx: [3, 9], T: [5, 8] }), /customer 1: t_x must lie between 0 and T/);
    expectError(() => fitBgNbd({ x: [1.5], tx: [1], T: [2] }), /x must be a whole number/);
    expectError(() => fitBgNbd({ x: [0], tx: [1], T: [2] }), /t_x must be 0/);
    expectError(() => fitBgNbd({ x: [], tx: [], T: [] }), /no customers/);
    expectError(() => fitBgNbd({ x: [0, 0], tx: [0, 0], T: [0, 0] }), /observation period is empty/);
    expectError(() => fitGammaGamma([1, 0], [10, NaN, 3]), /one value per customer/);
    expectError(() => fitGammaGamma([1, 0], [10, NaN]), /at least 3 customers/);
    expectError(() => new BgNbdPredictor({ r: -1, alpha: 1, a: 1, b: 1 }), /parameter r must be positive/);
    expectError(
      () =>
        customerValues(
          { r: 1, alpha: 1, a: 1, b: 1 },
          { p: 1, q: 2, v: 1 },
          { x: [0], tx: [0], T: [1], meanSpend: [NaN] },
          { unit: 'day', monthlyDiscount: -0.1 },
        ),
      /discount rate/,
    );
    expectError(
      () => customerValues({ r: 1, alpha: 1, a: 1, b: 1 }, { p: 1, q: 2, v: 1 }, { x: [0], tx: [0], T: [1], meanSpend: [NaN] }, { unit: 'day', months: 0 }),
      /1 to 600 whole months/,
    );
  });
});
