import { EngineError } from '../errors.ts';
import { jacobiEigen } from './jacobi.ts';
import { rowCount } from './validate.ts';

export interface Pca2d {
  /** Row-major n×2 projections onto the first two principal components (centred data). */
  coords: Float32Array;
  /**
   * Share of total variance along PC1 and PC2 (eigenvalue / trace); sums to ≤ 1. Both 0 when
   * all points coincide. PC2 is 0 when d = 1.
   */
  explainedVarianceRatio: [number, number];
  /** All eigenvalues of the population covariance (divide by n), descending. */
  eigenvalues: Float64Array;
  /** Row-major 2×d unit loadings of PC1 and PC2 (PC2 all 0 when d = 1). */
  components: Float64Array;
  /** Per-feature mean subtracted before projecting. */
  mean: Float64Array;
}

/**
 * Principal component projection to 2-D for a scatter plot of row-major n×d points:
 * population covariance (÷ n) of the points, Jacobi eigen-decomposition, projection of the
 * centred points on the top two eigenvectors. Sign convention (deterministic, as
 * scikit-learn's svd_flip): each component is flipped so that its largest-|loading| entry
 * (first one on ties) is positive. Coordinates are Float32 (plenty for plotting).
 * Time O(n·d² + d³), memory O(n). Deterministic.
 */
export function pca2d(points: Float64Array, d: number): Pca2d {
  const n = rowCount(points, d);
  if (n === 0) throw new EngineError('invalid_argument', 'no points to project');
  const mean = new Float64Array(d);
  for (let i = 0, p = 0; i < n; i++, p += d) for (let j = 0; j < d; j++) mean[j]! += points[p + j]!;
  for (let j = 0; j < d; j++) mean[j]! /= n;

  const cov = new Float64Array(d * d);
  const centred = new Float64Array(d);
  for (let i = 0, p = 0; i < n; i++, p += d) {
    for (let j = 0; j < d; j++) centred[j] = points[p + j]! - mean[j]!;
    for (let a = 0; a < d; a++) for (let b = a; b < d; b++) cov[a * d + b]! += centred[a]! * centred[b]!;
  }
  for (let a = 0; a < d; a++) {
    for (let b = a; b < d; b++) {
      cov[a * d + b]! /= n;
      cov[b * d + a] = cov[a * d + b]!;
    }
  }

  const { values, vectors } = jacobiEigen(cov, d);
  // Rounding can leave tiny negative eigenvalues for rank-deficient data.
  for (let i = 0; i < d; i++) if (values[i]! < 0) values[i] = 0;
  const components = new Float64Array(2 * d);
  for (let c = 0; c < Math.min(2, d); c++) {
    let big = 0;
    for (let j = 1; j < d; j++) if (Math.abs(vectors[c * d + j]!) > Math.abs(vectors[c * d + big]!)) big = j;
    const sign = vectors[c * d + big]! < 0 ? -1 : 1;
    for (let j = 0; j < d; j++) components[c * d + j] = sign * vectors[c * d + j]!;
  }

  const coords = new Float32Array(n * 2);
  for (let i = 0, p = 0; i < n; i++, p += d) {
    let x = 0;
    let y = 0;
    for (let j = 0; j < d; j++) {
      const t = points[p + j]! - mean[j]!;
      x += t * components[j]!;
      y += t * components[d + j]!;
    }
    coords[2 * i] = x;
    coords[2 * i + 1] = y;
  }

  let trace = 0;
  for (let i = 0; i < d; i++) trace += values[i]!;
  const ratio = (i: number): number => (trace > 0 && i < d ? values[i]! / trace : 0);
  return { coords, explainedVarianceRatio: [ratio(0), ratio(1)], eigenvalues: values, components, mean };
}
