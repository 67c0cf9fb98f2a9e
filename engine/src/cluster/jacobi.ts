/** Eigen-decomposition of a real symmetric matrix. */
export interface SymmetricEigen {
  /** Eigenvalues, descending (ties keep the original column order). */
  values: Float64Array;
  /** Row i = unit eigenvector for values[i] (row-major d×d). */
  vectors: Float64Array;
}

/**
 * Cyclic Jacobi eigenvalue algorithm for a small real symmetric d×d matrix (row-major;
 * not modified): repeated plane rotations zero the off-diagonal entries. Accurate to
 * machine precision; O(d³) per sweep, typically ≤ 10 sweeps. Meant for d ≲ 50 (here d = 3).
 * Deterministic. Eigenvector signs are arbitrary here (see pca2d for a fixed convention).
 */
export function jacobiEigen(matrix: Float64Array, d: number): SymmetricEigen {
  const a = Float64Array.from(matrix);
  const v = new Float64Array(d * d); // columns are eigenvectors while iterating
  for (let i = 0; i < d; i++) v[i * d + i] = 1;
  let scale = 0;
  for (let i = 0; i < d * d; i++) scale += a[i]! * a[i]!;

  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < d; p++) for (let q = p + 1; q < d; q++) off += a[p * d + q]! * a[p * d + q]!;
    if (off <= 1e-30 * scale || off === 0) break;
    for (let p = 0; p < d; p++) {
      for (let q = p + 1; q < d; q++) {
        const apq = a[p * d + q]!;
        if (apq === 0) continue;
        // Rotation angle chosen to zero a[p][q] (Numerical Recipes' stable form).
        const theta = (a[q * d + q]! - a[p * d + p]!) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        rotate(a, v, d, p, q, c, s);
      }
    }
  }

  const order = Array.from({ length: d }, (_, i) => i).sort((i, j) => a[j * d + j]! - a[i * d + i]! || i - j);
  const values = new Float64Array(d);
  const vectors = new Float64Array(d * d);
  order.forEach((col, rank) => {
    values[rank] = a[col * d + col]!;
    for (let r = 0; r < d; r++) vectors[rank * d + r] = v[r * d + col]!;
  });
  return { values, vectors };
}

/** A ← Jᵀ A J and V ← V J for the rotation J in the (p, q) plane. */
function rotate(a: Float64Array, v: Float64Array, d: number, p: number, q: number, c: number, s: number): void {
  for (let k = 0; k < d; k++) {
    // Columns p and q.
    const akp = a[k * d + p]!;
    const akq = a[k * d + q]!;
    a[k * d + p] = c * akp - s * akq;
    a[k * d + q] = s * akp + c * akq;
  }
  for (let k = 0; k < d; k++) {
    // Rows p and q.
    const apk = a[p * d + k]!;
    const aqk = a[q * d + k]!;
    a[p * d + k] = c * apk - s * aqk;
    a[q * d + k] = s * apk + c * aqk;
  }
  for (let k = 0; k < d; k++) {
    const vkp = v[k * d + p]!;
    const vkq = v[k * d + q]!;
    v[k * d + p] = c * vkp - s * vkq;
    v[k * d + q] = s * vkp + c * vkq;
  }
}
