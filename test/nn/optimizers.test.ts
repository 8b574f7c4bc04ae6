import { describe, expect, it } from 'vitest';
import { createOptimizer, optimizerSettings } from '../../src/nn/optimizers.js';

describe('optimizer steps computed by hand', () => {
  it('adam: two steps with bias correction', () => {
    const adam = createOptimizer({ name: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 2);
    const p = Float64Array.of(1, -2);
    adam.step(p, Float64Array.of(0.5, -4));
    // step 1: m = 0.1 g, v = 0.001 g^2; mhat = g, vhat = g^2; p -= 0.1 * g / (|g| + 1e-8)
    expect(p[0]).toBeCloseTo(1 - 0.1 * (0.5 / (0.5 + 1e-8)), 14);
    expect(p[1]).toBeCloseTo(-2 + 0.1 * (4 / (4 + 1e-8)), 14);
    adam.step(p, Float64Array.of(1, 0));
    // step 2 for p[0]: m = 0.9*0.05 + 0.1*1 = 0.145, v = 0.999*0.00025 + 0.001*1 = 0.00124975
    const mhat = 0.145 / (1 - 0.81);
    const vhat = 0.00124975 / (1 - 0.998001);
    expect(p[0]).toBeCloseTo(1 - 0.1 * (0.5 / (0.5 + 1e-8)) - (0.1 * mhat) / (Math.sqrt(vhat) + 1e-8), 12);
  });

  it('momentum: velocity accumulates', () => {
    const momentum = createOptimizer({ name: 'momentum', lr: 0.5, momentum: 0.8 }, 1);
    const p = Float64Array.of(3);
    momentum.step(p, Float64Array.of(2)); // v = -1, p = 2
    expect(p[0]).toBe(2);
    momentum.step(p, Float64Array.of(1)); // v = 0.8 * -1 - 0.5 = -1.3, p = 0.7
    expect(p[0]).toBeCloseTo(0.7, 14);
  });

  it('gd and rmsprop', () => {
    const gd = createOptimizer({ name: 'gd', lr: 0.25 }, 1);
    const p = Float64Array.of(1);
    gd.step(p, Float64Array.of(2));
    expect(p[0]).toBe(0.5);
    const rms = createOptimizer({ name: 'rmsprop', lr: 0.01, rho: 0.9, epsilon: 1e-8 }, 1);
    const q = Float64Array.of(1);
    rms.step(q, Float64Array.of(2)); // s = 0.1 * 4 = 0.4; q -= 0.01 * 2 / (sqrt(0.4) + 1e-8)
    expect(q[0]).toBeCloseTo(1 - 0.02 / (Math.sqrt(0.4) + 1e-8), 14);
  });

  it('follows a changed learning rate', () => {
    const gd = createOptimizer({ name: 'gd', lr: 1 }, 1);
    gd.learningRate = 0.5;
    const p = Float64Array.of(0);
    gd.step(p, Float64Array.of(1));
    expect(p[0]).toBe(-0.5);
  });
});

describe('optimizer settings', () => {
  it('fills defaults', () => {
    expect(optimizerSettings({ name: 'adam', lr: 0.001 })).toMatchObject({ beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
  });
  it('refuses unknown names, listing the valid ones', () => {
    expect(() => optimizerSettings({ name: 'adagrad', lr: 1 } as never)).toThrow('unknown optimizer "adagrad"; valid: gd, momentum, adam, rmsprop');
  });
  it('refuses bad numbers', () => {
    expect(() => optimizerSettings({ name: 'gd', lr: 0 })).toThrow('learning rate must be a positive number, got 0');
    expect(() => optimizerSettings({ name: 'gd', lr: Number.NaN })).toThrow('learning rate must be a positive number');
    expect(() => optimizerSettings({ name: 'momentum', lr: 1, momentum: 1 })).toThrow('momentum must be in [0, 1), got 1');
  });
});
