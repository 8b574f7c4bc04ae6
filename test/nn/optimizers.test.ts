import { describe, expect, it } from 'vitest';
import { createOptimizer, optimizerNames, optimizerSettings, type OptimizerSpec, type OptimizerState } from '../../src/nn/optimizers.js';
import { Rng } from '../../src/tensor/rng.js';

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

describe('optimizer state', () => {
  const specs: OptimizerSpec[] = [
    { name: 'gd', lr: 0.1 },
    { name: 'momentum', lr: 0.1, momentum: 0.8 },
    { name: 'adam', lr: 0.1 },
    { name: 'rmsprop', lr: 0.05 },
  ];
  const gradients = (rng: Rng) => Array.from({ length: 5 }, () => Float64Array.from({ length: 3 }, () => rng.between(-1, 1)));

  it('names its slots, counts its steps and reports its config', () => {
    const slots = Object.fromEntries(specs.map((spec) => [spec.name, Object.keys(createOptimizer(spec, 3).getState().slots)]));
    expect(slots).toEqual({ gd: [], momentum: ['velocity'], adam: ['m', 'v'], rmsprop: ['meanSquare'] });
    expect(specs.map((s) => s.name)).toEqual(optimizerNames);
    const adam = createOptimizer({ name: 'adam', lr: 0.1 }, 2);
    expect(adam.name).toBe('adam');
    expect(adam.getConfig()).toEqual({ lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
    adam.step(Float64Array.of(1, 2), Float64Array.of(0.5, -1));
    adam.step(Float64Array.of(1, 2), Float64Array.of(0.5, -1));
    const state = adam.getState();
    expect(state.step).toBe(2);
    // m after two steps of the same gradient g: 0.1 g (1 + 0.9) = 0.19 g.
    expect(state.slots.m[0]).toBeCloseTo(0.095, 15);
    expect(state.slots.m[1]).toBeCloseTo(-0.19, 15);
  });

  it.each(specs)('$name: a fresh optimizer given the saved parameters and state steps on to the same bits', (spec) => {
    const rng = new Rng(4);
    const grads = gradients(rng);
    const p = Float64Array.of(0.3, -0.7, 1.1);
    const whole = createOptimizer(spec, 3);
    grads.slice(0, 2).forEach((g) => whole.step(p, g));
    const saved = { params: p.slice(), state: whole.getState() };
    grads.slice(2).forEach((g) => whole.step(p, g));
    const resumed = createOptimizer(spec, 3);
    resumed.setState(saved.state);
    const q = saved.params;
    grads.slice(2).forEach((g) => resumed.step(q, g));
    expect(Array.from(q)).toEqual(Array.from(p));
    expect(resumed.getState()).toEqual(whole.getState());
  });

  it('adam continues its bias correction from the restored step count', () => {
    // The second step of the hand-computed test above, from the state after its first step.
    const adam = createOptimizer({ name: 'adam', lr: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 }, 1);
    adam.setState({ step: 1, slots: { m: Float64Array.of(0.05), v: Float64Array.of(0.00025) } });
    const p = Float64Array.of(0);
    adam.step(p, Float64Array.of(1));
    const mhat = 0.145 / (1 - 0.81);
    const vhat = 0.00124975 / (1 - 0.998001);
    expect(p[0]).toBeCloseTo(-(0.1 * mhat) / (Math.sqrt(vhat) + 1e-8), 12);
    adam.setState({ step: 0, slots: { m: Float64Array.of(0.05), v: Float64Array.of(0.00025) } });
    const q = Float64Array.of(0);
    adam.step(q, Float64Array.of(1));
    expect(q[0]).not.toBeCloseTo(p[0], 3);
  });

  it('hands out copies and keeps copies', () => {
    const momentum = createOptimizer({ name: 'momentum', lr: 1, momentum: 0.5 }, 1);
    momentum.step(Float64Array.of(0), Float64Array.of(1));
    const state = momentum.getState();
    state.slots.velocity[0] = 7;
    expect(momentum.getState().slots.velocity[0]).toBe(-1);
    momentum.setState(state);
    state.slots.velocity[0] = 9;
    expect(momentum.getState().slots.velocity[0]).toBe(7);
  });

  it('refuses bad states, naming the field', () => {
    const adam = createOptimizer({ name: 'adam', lr: 0.1 }, 2);
    const good = (): OptimizerState => ({ step: 3, slots: { m: new Float64Array(2), v: new Float64Array(2) } });
    const set = (state: OptimizerState) => () => adam.setState(state);
    expect(set({ ...good(), step: -1 })).toThrow('optimizer state step must be a whole number >= 0, got -1');
    expect(set({ ...good(), step: 1.5 })).toThrow('optimizer state step must be a whole number >= 0, got 1.5');
    expect(set({ step: 3, slots: { m: new Float64Array(2) } })).toThrow('optimizer state slots must be [m, v], got [m]');
    expect(set({ step: 3, slots: { m: new Float64Array(2), velocity: new Float64Array(2) } })).toThrow('optimizer state slots must be [m, v], got [m, velocity]');
    expect(set({ step: 3, slots: { m: new Float64Array(2), v: new Float64Array(3) } })).toThrow('optimizer state slot "v" must hold 2 values, got 3');
    expect(set({ step: 3, slots: { m: [0, 0] as never, v: new Float64Array(2) } })).toThrow('optimizer state slot "m" must be a Float64Array');
    expect(set({ step: 3, slots: { m: Float64Array.of(0, Number.NaN), v: new Float64Array(2) } })).toThrow('optimizer state slot "m"[1] must be a finite number, got NaN');
    expect(() => createOptimizer({ name: 'gd', lr: 1 }, 2).setState({ step: 0, slots: { m: new Float64Array(2) } })).toThrow('optimizer state slots must be [], got [m]');
    expect(adam.getState()).toEqual({ step: 0, slots: { m: new Float64Array(2), v: new Float64Array(2) } });
  });
});
