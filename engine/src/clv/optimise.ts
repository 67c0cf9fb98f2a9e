/**
 * A small unconstrained minimiser for smooth objectives with an analytic gradient: BFGS with a
 * backtracking (Armijo) line search, plus a multi-start wrapper. The models fit their
 * parameters on the log scale, so "unconstrained" is exactly what they need.
 */

/** Returns f(θ) and writes ∇f(θ) into `grad`. A non-finite value marks θ as infeasible. */
export type Objective = (theta: Float64Array, grad: Float64Array) => number;

export interface MinimiseOptions {
  /** Stop when every gradient component is below this in absolute value. */
  gradientTolerance?: number;
  maxIterations?: number;
  /** Largest step (Euclidean, in θ) one iteration may take: keeps exp(θ) from overflowing. */
  maxStep?: number;
  /** When the value stops changing, the gradient bound under which that still counts as converged. */
  stallTolerance?: number;
  /** Start from this inverse Hessian (row-major) instead of the identity, e.g. one from a screen. */
  inverseHessian?: Float64Array;
}

export interface MinimiseResult {
  theta: Float64Array;
  value: number;
  /** max |∂f/∂θ_i| at the result. */
  gradientNorm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /**
   * 'gradient': the gradient test passed; 'stalled': the value stopped changing at rounding level
   * (converged when the gradient is below `stallTolerance`); 'no_progress': the line search failed
   * from a fresh Hessian; 'max_iterations'; 'infeasible_start': non-finite value at the start.
   */
  reason: 'gradient' | 'stalled' | 'no_progress' | 'max_iterations' | 'infeasible_start';
  /** The final BFGS inverse-Hessian approximation (row-major n×n). */
  inverseHessian: Float64Array;
}

const DEFAULTS = { gradientTolerance: 1e-8, maxIterations: 500, maxStep: 3, stallTolerance: 1e-5 };

/** Iterations in a row without a decrease beyond rounding before the search counts as stalled. */
const STALL_ITERATIONS = 3;

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i]!));
  return m;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function identity(n: number, scale = 1): Float64Array {
  const h = new Float64Array(n * n);
  for (let i = 0; i < n; i++) h[i * n + i] = scale;
  return h;
}

/** BFGS update of the inverse Hessian H (row-major n×n) with step s and gradient change y. */
function updateInverseHessian(h: Float64Array, s: Float64Array, y: Float64Array, sy: number): void {
  const n = s.length;
  const hy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < n; j++) acc += h[i * n + j]! * y[j]!;
    hy[i] = acc;
  }
  const yhy = dot(y, hy);
  const rho = 1 / sy;
  const c = (1 + yhy * rho) * rho;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) h[i * n + j] = h[i * n + j]! + c * s[i]! * s[j]! - rho * (hy[i]! * s[j]! + s[i]! * hy[j]!);
  }
}

/**
 * Minimises `f` from `start` by BFGS. Deterministic. The line search treats a non-finite value
 * as "too far" and halves the step, so objectives may return NaN/Infinity off their domain.
 */
export function minimiseBfgs(f: Objective, start: ArrayLike<number>, options: MinimiseOptions = {}): MinimiseResult {
  const { gradientTolerance, maxIterations, maxStep, stallTolerance } = { ...DEFAULTS, ...options };
  const n = start.length;
  let theta = Float64Array.from(start);
  let grad = new Float64Array(n);
  let value = f(theta, grad);
  let evaluations = 1;
  let h = options.inverseHessian ? Float64Array.from(options.inverseHessian) : identity(n);
  let fresh = !options.inverseHessian; // H is the identity (start, or reset after a failed line search)
  const result = (iterations: number, reason: MinimiseResult['reason']): MinimiseResult => ({
    theta,
    value,
    gradientNorm: maxAbs(grad),
    iterations,
    evaluations,
    reason,
    inverseHessian: h,
    converged: reason === 'gradient' || (reason === 'stalled' && maxAbs(grad) < stallTolerance),
  });
  if (!Number.isFinite(value) || !grad.every(Number.isFinite)) return result(0, 'infeasible_start');

  const direction = new Float64Array(n);
  const trial = new Float64Array(n);
  let trialGrad = new Float64Array(n);
  let stalled = 0;
  for (let iter = 0; iter < maxIterations; iter++) {
    if (maxAbs(grad) < gradientTolerance) return result(iter, 'gradient');
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc -= h[i * n + j]! * grad[j]!;
      direction[i] = acc;
    }
    let slope = dot(direction, grad);
    if (!(slope < 0)) {
      // Not a descent direction (H lost positive definiteness numerically): steepest descent.
      for (let i = 0; i < n; i++) direction[i] = -grad[i]!;
      slope = dot(direction, grad);
      h = identity(n);
      fresh = true;
    }
    const length = Math.sqrt(dot(direction, direction));
    let step = length > maxStep ? maxStep / length : 1;
    let accepted = false;
    for (let tries = 0; tries < 60; tries++) {
      for (let i = 0; i < n; i++) trial[i] = theta[i]! + step * direction[i]!;
      const v = f(trial, trialGrad);
      evaluations++;
      if (Number.isFinite(v) && v <= value + 1e-4 * step * slope && trialGrad.every(Number.isFinite)) {
        const s = new Float64Array(n);
        const y = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          s[i] = trial[i]! - theta[i]!;
          y[i] = trialGrad[i]! - grad[i]!;
        }
        const sy = dot(s, y);
        // Skip the update when the curvature condition fails: it would break positive definiteness.
        if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
          if (fresh) h = identity(n, sy / dot(y, y)); // Nocedal & Wright's scaling of the first H
          updateInverseHessian(h, s, y, sy);
          fresh = false;
        }
        theta = Float64Array.from(trial);
        [grad, trialGrad] = [trialGrad, grad];
        stalled = value - v <= 1e-15 * Math.max(1, Math.abs(value)) ? stalled + 1 : 0;
        value = v;
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (stalled >= STALL_ITERATIONS) return result(iter + 1, 'stalled');
    if (!accepted) {
      if (fresh) return result(iter, 'no_progress');
      h = identity(n);
      fresh = true;
    }
  }
  return result(maxIterations, maxAbs(grad) < gradientTolerance ? 'gradient' : 'max_iterations');
}

/**
 * Quasi-Newton steps on the gradient alone (θ ← θ − H·∇f, H updated as BFGS does) from a
 * converged result, while each shrinks the gradient: the line search stops where the value no
 * longer changes (a gradient near 1e-8 leaves θ uncertain around 1e-6), these steps go on to
 * rounding noise. So JavaScript engines whose Math.exp and Math.log differ in the last bit (the
 * app's browser, the CLI's Node) agree on θ to about 1e-13, and per-customer figures to the
 * digits written (P(alive) to six significant digits, CLV to the cent).
 */
function polish(f: Objective, r: MinimiseResult, maxSteps = 20): MinimiseResult {
  if (!r.converged) return r;
  const n = r.theta.length;
  const h = Float64Array.from(r.inverseHessian);
  let theta = r.theta;
  let grad = new Float64Array(n);
  let value = f(theta, grad);
  let evaluations = r.evaluations + 1;
  const trial = new Float64Array(n);
  let trialGrad = new Float64Array(n);
  for (let step = 0; step < maxSteps && maxAbs(grad) > 0; step++) {
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc -= h[i * n + j]! * grad[j]!;
      trial[i] = theta[i]! + acc;
    }
    const v = f(trial, trialGrad);
    evaluations++;
    // Only a step that shrinks the gradient without raising the value beyond rounding counts.
    if (!(Number.isFinite(v) && v <= value + 1e-12 * Math.max(1, Math.abs(value)) && maxAbs(trialGrad) < maxAbs(grad))) break;
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = trial[i]! - theta[i]!;
      y[i] = trialGrad[i]! - grad[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) updateInverseHessian(h, s, y, sy);
    theta = Float64Array.from(trial);
    [grad, trialGrad] = [trialGrad, grad];
    value = v;
  }
  return { ...r, theta, value, gradientNorm: maxAbs(grad), evaluations, inverseHessian: h };
}

export interface StartOutcome {
  start: number[];
  value: number;
  converged: boolean;
  iterations: number;
}

export interface MultiStartResult extends MinimiseResult {
  starts: StartOutcome[];
  /** Starts whose optimum is within 1e-7 (relative) of the best: agreement is the robustness check. */
  agreeing: number;
}

/**
 * Runs BFGS from every start and keeps the lowest converged optimum (or the lowest at all).
 * With `screen` (the same objective on a subsample), the starts run on the cheap screen and only
 * the best of them is polished on `f`: the basin search costs a fraction of a full fit.
 */
export function minimiseMultiStart(f: Objective, starts: readonly (readonly number[])[], options: MinimiseOptions = {}, screen?: Objective): MultiStartResult {
  const runs = starts.map((s) => minimiseBfgs(screen ?? f, s, options));
  const finite = runs.filter((r) => Number.isFinite(r.value));
  const pool = finite.some((r) => r.converged) ? finite.filter((r) => r.converged) : finite.length ? finite : runs;
  const best = pool.reduce((b, r) => (r.value < b.value ? r : b));
  const agreeing = runs.filter((r) => Math.abs(r.value - best.value) <= 1e-7 * Math.max(1, Math.abs(best.value))).length;
  // The objectives are means over customers, so the screen's curvature fits the full data too.
  const final = polish(f, screen ? minimiseBfgs(f, best.theta, { ...options, inverseHessian: best.inverseHessian }) : best);
  return {
    ...final,
    starts: runs.map((r, i) => ({ start: [...starts[i]!], value: r.value, converged: r.converged, iterations: r.iterations })),
    agreeing,
  };
}
