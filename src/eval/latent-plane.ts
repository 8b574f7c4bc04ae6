import { Matrix } from '../tensor/matrix.js';

/**
 * The codes of a grid x grid lattice over the square [-range, range]^2 of a 2-D latent plane, row
 * by row as a picture reads: the first row at z2 = +range (top), each row from z1 = -range (left)
 * to +range (right).
 */
export function planeCodes(grid: number, range: number): Matrix {
  if (!Number.isInteger(grid) || grid < 2) throw new RangeError(`the grid needs at least 2 points per side, got ${grid}`);
  if (!(range > 0) || !Number.isFinite(range)) throw new RangeError(`the range must be a positive number, got ${range}`);
  const codes = new Matrix(grid * grid, 2);
  const at = (i: number): number => -range + (2 * range * i) / (grid - 1);
  for (let row = 0; row < grid; row++) {
    for (let column = 0; column < grid; column++) {
      codes.set(row * grid + column, 0, at(column));
      codes.set(row * grid + column, 1, at(grid - 1 - row));
    }
  }
  return codes;
}

/** The most points one line of codes is decoded at. */
export const MAX_STEPS = 1000;

/** Evenly spaced points on the segment from `from` to `to`, both included. */
export function segmentCodes(from: ArrayLike<number>, to: ArrayLike<number>, steps: number): Matrix {
  if (!Number.isInteger(steps) || steps < 2 || steps > MAX_STEPS) throw new RangeError(`--steps must be a whole number in 2..${MAX_STEPS} (both ends included), got ${steps}`);
  if (from.length !== to.length) throw new RangeError(`the two codes have ${from.length} and ${to.length} dimensions`);
  const codes = new Matrix(steps, from.length);
  for (let s = 0; s < steps; s++) {
    const t = s / (steps - 1);
    for (let j = 0; j < from.length; j++) codes.set(s, j, (1 - t) * from[j] + t * to[j]);
  }
  return codes;
}
