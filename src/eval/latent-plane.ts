import { Matrix } from '../tensor/matrix.js';

/** A square of a 2-D latent plane: its center and its half side (the `range` either way of the center). */
export interface PlaneWindow {
  center: readonly [number, number];
  range: number;
}

/** The square [-range, range]^2 around the origin. */
export const centeredWindow = (range: number): PlaneWindow => ({ center: [0, 0], range });

/**
 * The smallest round square that shows every code with a margin: centered between the codes'
 * extremes, half side 1.1 x their farthest reach from that center, both rounded to 2 significant
 * digits of the half side (the unit square around the origin when the codes are all one point or
 * not finite). With a VAE's log-variances, each code reaches one standard deviation either way.
 */
export function fittedWindow(codes: Matrix, logVariance?: Matrix): PlaneWindow {
  const low = [Infinity, Infinity];
  const high = [-Infinity, -Infinity];
  for (let i = 0; i < codes.rows; i++) {
    for (let j = 0; j < 2; j++) {
      const sigma = logVariance ? Math.exp(logVariance.get(i, j) / 2) : 0;
      low[j] = Math.min(low[j], codes.get(i, j) - sigma);
      high[j] = Math.max(high[j], codes.get(i, j) + sigma);
    }
  }
  const reach = Math.max(high[0] - low[0], high[1] - low[1]) / 2;
  if (!(reach > 0) || !Number.isFinite(reach)) return centeredWindow(1);
  const unit = 10 ** (Math.floor(Math.log10(1.1 * reach)) - 1);
  const round = (v: number): number => Number((Math.round(v / unit) * unit).toPrecision(12));
  const center: [number, number] = [round((low[0] + high[0]) / 2), round((low[1] + high[1]) / 2)];
  const farthest = Math.max(...[0, 1].map((j) => Math.max(high[j] - center[j], center[j] - low[j])));
  return { center, range: Number((Math.ceil((1.1 * farthest) / unit) * unit).toPrecision(12)) };
}

/** The window as a person reads it: "[-1.1, 1.1]^2" around the origin, else "[0.2, 1.6] x [-0.5, 0.9]". */
export function describeWindow({ center: [x, y], range }: PlaneWindow): string {
  const span = (c: number): string => `[${Number((c - range).toPrecision(12))}, ${Number((c + range).toPrecision(12))}]`;
  return x === 0 && y === 0 ? `${span(0)}^2` : `${span(x)} x ${span(y)}`;
}

/**
 * The codes of a grid x grid lattice over a square window of a 2-D latent plane, row by row as a
 * picture reads: the first row at the top (largest z2), each row from the left (smallest z1).
 */
export function planeCodes(grid: number, { center, range }: PlaneWindow): Matrix {
  if (!Number.isInteger(grid) || grid < 2) throw new RangeError(`the grid needs at least 2 points per side, got ${grid}`);
  if (!(range > 0) || !Number.isFinite(range)) throw new RangeError(`the range must be a positive number, got ${range}`);
  const codes = new Matrix(grid * grid, 2);
  const at = (i: number, j: number): number => center[j] - range + (2 * range * i) / (grid - 1);
  for (let row = 0; row < grid; row++) {
    for (let column = 0; column < grid; column++) {
      codes.set(row * grid + column, 0, at(column, 0));
      codes.set(row * grid + column, 1, at(grid - 1 - row, 1));
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
