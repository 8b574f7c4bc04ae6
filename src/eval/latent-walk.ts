import { Matrix } from '../tensor/matrix.js';

/** Every pair of rows of `codes` (i < j) with their Euclidean distance, nearest first. */
export function pairsByDistance(codes: Matrix): { a: number; b: number; distance: number }[] {
  const pairs: { a: number; b: number; distance: number }[] = [];
  for (let a = 0; a < codes.rows; a++) {
    for (let b = a + 1; b < codes.rows; b++) {
      let sum = 0;
      for (let d = 0; d < codes.cols; d++) sum += (codes.get(a, d) - codes.get(b, d)) ** 2;
      pairs.push({ a, b, distance: Math.sqrt(sum) });
    }
  }
  return pairs.sort((p, q) => p.distance - q.distance || p.a - q.a || p.b - q.b);
}

/** `steps` evenly spaced points on the segment from `from` to `to`, both ends included. */
export function segmentPoints(from: ArrayLike<number>, to: ArrayLike<number>, steps: number): Matrix {
  if (from.length !== to.length) throw new RangeError(`the ends have ${from.length} and ${to.length} coordinates`);
  if (!Number.isInteger(steps) || steps < 2) throw new RangeError(`a segment needs at least 2 steps, got ${steps}`);
  const points = new Matrix(steps, from.length);
  for (let s = 0; s < steps; s++) {
    const t = s / (steps - 1);
    for (let d = 0; d < from.length; d++) points.set(s, d, from[d] + t * (to[d] - from[d]));
  }
  return points;
}

/** Pixels that differ between two images once both are binarized at 0.5. */
export function hammingDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let count = 0;
  for (let i = 0; i < a.length; i++) if (a[i] >= 0.5 !== b[i] >= 0.5) count++;
  return count;
}
