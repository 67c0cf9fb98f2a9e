import { EngineError } from '../errors.ts';
import type { BetaRule } from './beta-quadrature.ts';

/**
 * Gauss quadrature for E[g(p)], p ~ Beta(a, b): n nodes integrate polynomials of degree 2n − 1
 * exactly, so the smooth integrands of the BG/NBD expectation need far fewer nodes than
 * tanh-sinh. Built by Golub–Welsch: the nodes are the eigenvalues of the Jacobi matrix of the
 * Jacobi polynomials (exponents b − 1 and a − 1 on [−1, 1]), the weights the squared first
 * components of its normalised eigenvectors.
 */
export function gaussJacobiRule(a: number, b: number, n: number): BetaRule {
  const diag = new Float64Array(n);
  const off = new Float64Array(n); // off[k] couples k and k + 1
  const al = b - 1;
  const be = a - 1;
  const s = al + be;
  diag[0] = (a - b) / (a + b);
  for (let k = 1; k < n; k++) diag[k] = (be * be - al * al) / ((2 * k + s) * (2 * k + s + 2));
  if (n > 1) off[0] = Math.sqrt((4 * a * b) / ((a + b) ** 2 * (a + b + 1))); // 2·sd of p: k = 1 without the 0/0 at a + b = 1
  for (let k = 2; k < n; k++) {
    off[k - 1] = Math.sqrt((4 * k * (k + al) * (k + be) * (k + s)) / ((2 * k + s) ** 2 * (2 * k + s + 1) * (2 * k + s - 1)));
  }
  const first = eigenFirstComponents(diag, off);
  const p = new Float64Array(n);
  const weight = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    p[i] = Math.min(1, Math.max(0, (1 + diag[i]!) / 2));
    weight[i] = first[i]! ** 2;
  }
  return { p, weight };
}

/**
 * Eigenvalues (into `d`, in place) and first components of the eigenvectors of the symmetric
 * tridiagonal matrix (d, e) by the implicit QL method with Wilkinson-style shifts.
 */
function eigenFirstComponents(d: Float64Array, e: Float64Array): Float64Array {
  const n = d.length;
  const z = new Float64Array(n);
  z[0] = 1;
  for (let l = 0; l < n; l++) {
    for (let iter = 0; ; iter++) {
      let m = l;
      for (; m < n - 1; m++) {
        const dd = Math.abs(d[m]!) + Math.abs(d[m + 1]!);
        if (Math.abs(e[m]!) <= Number.EPSILON * dd) break;
      }
      if (m === l) break;
      if (iter === 60) throw new EngineError('invalid_argument', 'quadrature rule: the eigenvalue iteration did not converge');
      let g = (d[l + 1]! - d[l]!) / (2 * e[l]!);
      let r = Math.hypot(g, 1);
      g = d[m]! - d[l]! + e[l]! / (g + (g >= 0 ? r : -r));
      let sn = 1;
      let cs = 1;
      let p = 0;
      let i = m - 1;
      let deflated = false;
      for (; i >= l; i--) {
        const f = sn * e[i]!;
        const bb = cs * e[i]!;
        r = Math.hypot(f, g);
        e[i + 1] = r;
        if (r === 0) {
          d[i + 1]! -= p;
          e[m] = 0;
          deflated = true;
          break;
        }
        sn = f / r;
        cs = g / r;
        g = d[i + 1]! - p;
        r = (d[i]! - g) * sn + 2 * cs * bb;
        p = sn * r;
        d[i + 1] = g + p;
        g = cs * r - bb;
        const zf = z[i + 1]!;
        z[i + 1] = sn * z[i]! + cs * zf;
        z[i] = cs * z[i]! - sn * zf;
      }
      if (deflated) continue;
      d[l]! -= p;
      e[l] = g;
      e[m] = 0;
    }
  }
  return z;
}
