// The optimizers' registry: their names, their settings and createOptimizer. Each optimizer is a
// class in its own file under ./optimizers/; its state (OptimizerState) is what a checkpoint saves.
import { Adam } from './optimizers/adam.js';
import { GradientDescent } from './optimizers/gd.js';
import { Momentum } from './optimizers/momentum.js';
import type { Optimizer } from './optimizers/optimizer.js';
import { RmsProp } from './optimizers/rmsprop.js';
import { lookup } from './registry.js';

export { checkOptimizerState, Optimizer, type OptimizerState } from './optimizers/optimizer.js';

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

type OptimizerFactory = (s: OptimizerSettings, size: number) => Optimizer;

/** Each optimizer (one a file, under ./optimizers/) from its filled-in settings. */
const factories: Record<OptimizerName, OptimizerFactory> = {
  gd: (s, size) => new GradientDescent({ lr: s.lr }, size),
  momentum: (s, size) => new Momentum({ lr: s.lr, momentum: s.momentum }, size),
  adam: (s, size) => new Adam({ lr: s.lr, beta1: s.beta1, beta2: s.beta2, epsilon: s.epsilon }, size),
  rmsprop: (s, size) => new RmsProp({ lr: s.lr, rho: s.rho, epsilon: s.epsilon }, size),
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
  return factories[settings.name](settings, size);
}
