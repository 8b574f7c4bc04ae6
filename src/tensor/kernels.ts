/**
 * The plain TypeScript float64 reference kernels: clear loops over row-major arrays, the
 * yardstick the fast WebAssembly kernels are tested against. Shapes: X is rows x n, W is n x m.
 */

/** Y (rows x m) = X W + b. */
export function affine(x: Float64Array, w: Float64Array, b: Float64Array, y: Float64Array, rows: number, n: number, m: number): void {
  for (let i = 0; i < rows; i++) {
    const yRow = i * m;
    for (let j = 0; j < m; j++) y[yRow + j] = b[j];
    for (let k = 0; k < n; k++) {
      const xik = x[i * n + k];
      if (xik === 0) continue;
      const wRow = k * m;
      for (let j = 0; j < m; j++) y[yRow + j] += xik * w[wRow + j];
    }
  }
}

/** dX (rows x n) = dY W^T. */
export function multiplyTransposedWeights(dy: Float64Array, w: Float64Array, dx: Float64Array, rows: number, n: number, m: number): void {
  for (let i = 0; i < rows; i++) {
    for (let k = 0; k < n; k++) {
      let sum = 0;
      const wRow = k * m;
      for (let j = 0; j < m; j++) sum += dy[i * m + j] * w[wRow + j];
      dx[i * n + k] = sum;
    }
  }
}

/** dW (n x m) = X^T dY and db (m) = column sums of dY, overwriting both. */
export function weightGradients(x: Float64Array, dy: Float64Array, dw: Float64Array, db: Float64Array, rows: number, n: number, m: number): void {
  dw.fill(0);
  db.fill(0);
  for (let i = 0; i < rows; i++) {
    const dyRow = i * m;
    for (let j = 0; j < m; j++) db[j] += dy[dyRow + j];
    for (let k = 0; k < n; k++) {
      const xik = x[i * n + k];
      if (xik === 0) continue;
      const wRow = k * m;
      for (let j = 0; j < m; j++) dw[wRow + j] += xik * dy[dyRow + j];
    }
  }
}
