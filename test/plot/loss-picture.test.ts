import { describe, expect, it } from 'vitest';
import { valueAxis } from '../../src/plot/loss-picture.js';

describe('the loss picture\'s axes', () => {
  it('labels a linear axis at round values that cover the curve', () => {
    expect(valueAxis(0.038, 0.38)).toEqual({ log: false, ends: [0, 0.4], ticks: [0, 0.1, 0.2, 0.3, 0.4] });
    // One value (a one-epoch run, a stuck loss): in the middle of [0, 2 x value].
    expect(valueAxis(1.954, 1.954)).toEqual({ log: false, ends: [0, 4], ticks: [0, 1, 2, 3, 4] });
    expect(valueAxis(-0.5, -0.5).ends).toEqual([-1.5, 0.5]);
  });

  it('labels a log axis at whole decades, with 2 and 5 between when it spans two decades or less', () => {
    expect(valueAxis(4e-4, 0.5)).toEqual({ log: true, ends: [-4, 0], ticks: [1e-4, 1e-3, 0.01, 0.1, 1] });
    expect(valueAxis(0.004, 0.5)).toEqual({ log: true, ends: [-3, 0], ticks: [1e-3, 0.01, 0.1, 1] });
    expect(valueAxis(0.02, 0.5)).toEqual({ log: true, ends: [-2, 0], ticks: [0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1] });
  });
});
