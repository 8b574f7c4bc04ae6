import { lookup } from './registry.js';

/**
 * An elementwise activation. Its derivative is written in terms of the activation's output y,
 * which is what the backward pass keeps (exact for every activation here).
 */
export interface Activation {
  apply(z: number): number;
  derivativeFromOutput(y: number): number;
}

export const LEAKY_RELU_SLOPE = 0.01;

export const activations = {
  identity: { apply: (z: number) => z, derivativeFromOutput: () => 1 },
  tanh: { apply: Math.tanh, derivativeFromOutput: (y: number) => 1 - y * y },
  sigmoid: {
    apply: (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z))),
    derivativeFromOutput: (y: number) => y * (1 - y),
  },
  relu: { apply: (z: number) => (z > 0 ? z : 0), derivativeFromOutput: (y: number) => (y > 0 ? 1 : 0) },
  'leaky-relu': {
    apply: (z: number) => (z > 0 ? z : LEAKY_RELU_SLOPE * z),
    derivativeFromOutput: (y: number) => (y > 0 ? 1 : LEAKY_RELU_SLOPE),
  },
} satisfies Record<string, Activation>;

export type ActivationName = keyof typeof activations;
export const activationNames = Object.keys(activations) as ActivationName[];

export function activation(name: string): Activation {
  return lookup<Activation>(activations, name, 'activation');
}
