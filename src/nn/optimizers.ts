import { lookup } from './registry.js';

/** Settings of an optimizer, as named in a JSON spec. Missing fields take the defaults below. */
export type OptimizerSpec =
  | { name: 'gd'; lr: number }
  | { name: 'momentum'; lr: number; momentum?: number }
  | { name: 'adam'; lr: number; beta1?: number; beta2?: number; epsilon?: number }
  | { name: 'rmsprop'; lr: number; rho?: number; epsilon?: number };

export type OptimizerName = OptimizerSpec['name'];

/** Every hyper-parameter filled in. */
export interface OptimizerSettings {
  name: OptimizerName;
  lr: number;
  momentum: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  rho: number;
}

const defaults = { momentum: 0.9, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, rho: 0.9 };

/** Updates a flat parameter vector in place from its gradient. */
export interface Optimizer {
  readonly settings: OptimizerSettings;
  learningRate: number;
  step(params: Float64Array, grads: Float64Array): void;
}

type OptimizerFactory = (s: OptimizerSettings, size: number) => (params: Float64Array, grads: Float64Array, lr: number) => void;

const factories: Record<OptimizerName, OptimizerFactory> = {
  gd: () => (p, g, lr) => {
    for (let i = 0; i < p.length; i++) p[i] -= lr * g[i];
  },
  momentum: (s, size) => {
    const velocity = new Float64Array(size);
    return (p, g, lr) => {
      for (let i = 0; i < p.length; i++) {
        velocity[i] = s.momentum * velocity[i] - lr * g[i];
        p[i] += velocity[i];
      }
    };
  },
  adam: (s, size) => {
    const m = new Float64Array(size);
    const v = new Float64Array(size);
    let t = 0;
    return (p, g, lr) => {
      t++;
      const c1 = 1 - s.beta1 ** t;
      const c2 = 1 - s.beta2 ** t;
      for (let i = 0; i < p.length; i++) {
        m[i] = s.beta1 * m[i] + (1 - s.beta1) * g[i];
        v[i] = s.beta2 * v[i] + (1 - s.beta2) * g[i] * g[i];
        p[i] -= (lr * (m[i] / c1)) / (Math.sqrt(v[i] / c2) + s.epsilon);
      }
    };
  },
  rmsprop: (s, size) => {
    const meanSquare = new Float64Array(size);
    return (p, g, lr) => {
      for (let i = 0; i < p.length; i++) {
        meanSquare[i] = s.rho * meanSquare[i] + (1 - s.rho) * g[i] * g[i];
        p[i] -= (lr * g[i]) / (Math.sqrt(meanSquare[i]) + s.epsilon);
      }
    };
  },
};

export const optimizerNames = Object.keys(factories) as OptimizerName[];

/** Fills in defaults and checks every number, naming the bad one. */
export function optimizerSettings(spec: OptimizerSpec): OptimizerSettings {
  lookup(factories, spec.name, 'optimizer');
  const s: OptimizerSettings = { ...defaults, ...spec } as OptimizerSettings;
  if (!(s.lr > 0) || !Number.isFinite(s.lr)) throw new RangeError(`learning rate must be a positive number, got ${s.lr}`);
  for (const key of ['momentum', 'beta1', 'beta2', 'rho'] as const) {
    if (!(s[key] >= 0 && s[key] < 1)) throw new RangeError(`${key} must be in [0, 1), got ${s[key]}`);
  }
  if (!(s.epsilon > 0) || !Number.isFinite(s.epsilon)) throw new RangeError(`epsilon must be a positive number, got ${s.epsilon}`);
  return s;
}

/** The reference (float64) optimizer for a parameter vector of the given size. */
export function createOptimizer(spec: OptimizerSpec, size: number): Optimizer {
  const settings = optimizerSettings(spec);
  const update = factories[settings.name](settings, size);
  return {
    settings,
    learningRate: settings.lr,
    step(params, grads) {
      update(params, grads, this.learningRate);
    },
  };
}
