import { describe, expect, it } from 'vitest';
import { createRng, fitBgNbd, minimiseMultiStart, simulateBgNbd, type Objective } from '../../../engine/src/index.ts';

/** A smooth, badly scaled convex objective (a flat valley, like a likelihood near its optimum). */
const valley: Objective = (t, g) => {
  const a = t[0]! - 1.3;
  const b = t[1]! - 0.2 * t[0]! - 0.7;
  g[0] = 2e-3 * a - 0.4 * b + 4e-6 * a ** 3;
  g[1] = 2 * b;
  return 1e-3 * a * a + b * b + 1e-6 * a ** 4;
};

/** The same objective with last-bit noise, as another engine's Math.exp/log would give. */
function noisy(f: Objective, seed: number): Objective {
  const rng = createRng(seed);
  const jitter = (v: number) => v * (1 + (rng.next() - 0.5) * 4e-16);
  return (t, g) => {
    const v = f(t, g);
    for (let i = 0; i < g.length; i++) g[i] = jitter(g[i]!);
    return jitter(v);
  };
}

describe('the fits end at rounding noise, so engines that differ in the last bit agree', () => {
  it('the optimum under last-bit noise equals the exact one to 1e-12', () => {
    const exact = minimiseMultiStart(valley, [[0, 0]]);
    expect(exact.gradientNorm).toBeLessThan(1e-14);
    for (const seed of [1, 2, 3]) {
      const other = minimiseMultiStart(noisy(valley, seed), [[0, 0]]);
      expect(Math.abs(other.theta[0]! - exact.theta[0]!)).toBeLessThan(1e-12);
      expect(Math.abs(other.theta[1]! - exact.theta[1]!)).toBeLessThan(1e-12);
    }
  });

  it('BG/NBD on 20,000 simulated customers: the gradient at the reported optimum is at rounding level', () => {
    const s = simulateBgNbd({ r: 0.25, alpha: 4, a: 0.8, b: 2.4 }, 20_000, createRng(5), { minT: 20, maxT: 40 });
    const fit = fitBgNbd(s);
    expect(fit.converged).toBe(true);
    expect(fit.gradientNorm).toBeLessThan(1e-13);
  });
});
