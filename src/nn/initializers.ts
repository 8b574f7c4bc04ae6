import type { Rng } from '../tensor/rng.js';
import { lookup } from './registry.js';

/** Draws one weight of a layer with `fanIn` inputs and `fanOut` outputs. Biases start at zero. */
export type Initializer = (fanIn: number, fanOut: number, rng: Rng) => number;

export const initializers = {
  'glorot-uniform': (fanIn, fanOut, rng) => {
    const limit = Math.sqrt(6 / (fanIn + fanOut));
    return rng.between(-limit, limit);
  },
  'glorot-normal': (fanIn, fanOut, rng) => rng.normal(0, Math.sqrt(2 / (fanIn + fanOut))),
  'he-uniform': (fanIn, _fanOut, rng) => {
    const limit = Math.sqrt(6 / fanIn);
    return rng.between(-limit, limit);
  },
  'he-normal': (fanIn, _fanOut, rng) => rng.normal(0, Math.sqrt(2 / fanIn)),
} satisfies Record<string, Initializer>;

export type InitializerName = keyof typeof initializers;
export const initializerNames = Object.keys(initializers) as InitializerName[];

export function initializer(name: string): Initializer {
  return lookup<Initializer>(initializers, name, 'initializer');
}
