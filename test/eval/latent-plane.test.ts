import { describe, expect, it } from 'vitest';
import { centeredWindow, describeWindow, fittedWindow, planeCodes } from '../../src/eval/latent-plane.js';
import { Matrix } from '../../src/tensor/matrix.js';

const codes = (...points: [number, number][]): Matrix => Matrix.fromRows(points);

describe('the plane window', () => {
  it('fits a square around the codes, centered between their extremes, with a 10% margin rounded to 2 digits', () => {
    // x spans 0.62..1.04 (half 0.21), y spans -0.9..0.8 (half 0.85): the square follows y's reach.
    const window = fittedWindow(codes([0.62, -0.9], [1.04, 0.8], [0.9, 0]));
    expect(window.center).toEqual([0.83, -0.05]);
    expect(window.range).toBe(0.94);
    for (const [x, y] of [[0.62, -0.9], [1.04, 0.8]]) {
      expect(Math.abs(x - window.center[0])).toBeLessThanOrEqual(window.range / 1.1 + 1e-12);
      expect(Math.abs(y - window.center[1])).toBeLessThanOrEqual(window.range / 1.1 + 1e-12);
    }
    expect(describeWindow(window)).toBe('[-0.11, 1.77] x [-0.99, 0.89]');
  });

  it('reaches one standard deviation either way of a VAE\'s means', () => {
    // Means at (0, 0) and (2, 0) with sigma 1 (log-variance 0): x spans -1..3, y -1..1.
    const window = fittedWindow(codes([0, 0], [2, 0]), codes([0, 0], [0, 0]));
    expect(window).toEqual({ center: [1, 0], range: 2.2 });
  });

  it('is the unit square around the origin for codes that are one point or not finite', () => {
    expect(fittedWindow(codes([0.5, 0.5], [0.5, 0.5]))).toEqual(centeredWindow(1));
    expect(fittedWindow(codes([Number.NaN, 0], [1, 1]))).toEqual(centeredWindow(1));
    expect(describeWindow(centeredWindow(3))).toBe('[-3, 3]^2');
  });

  it('lays the lattice out as a picture reads: top row first, left to right', () => {
    const lattice = planeCodes(3, { center: [1, -1], range: 2 });
    expect(Array.from(lattice.row(0))).toEqual([-1, 1]);
    expect(Array.from(lattice.row(2))).toEqual([3, 1]);
    expect(Array.from(lattice.row(8))).toEqual([3, -3]);
    expect(() => planeCodes(1, centeredWindow(1))).toThrow(/at least 2 points/);
  });
});
