import { activations, type ActivationName } from './activations.js';
import { lookup } from './registry.js';

/**
 * A loss over a batch, averaged over every element. It works on the output layer's
 * pre-activation z and activation y so that binary cross-entropy can be computed from logits,
 * which stays finite however saturated the sigmoid is.
 */
export interface Loss {
  /** The loss of one element. */
  value(z: number, y: number, target: number): number;
  /** dLoss/dz of one element (before dividing by the element count). */
  gradient(z: number, y: number, target: number, outputActivation: ActivationName): number;
}

export const losses = {
  mse: {
    value: (_z: number, y: number, t: number) => (y - t) * (y - t),
    gradient: (_z: number, y: number, t: number, act: ActivationName) =>
      2 * (y - t) * activations[act].derivativeFromOutput(y),
  },
  bce: {
    // -(t log s(z) + (1 - t) log(1 - s(z))) = max(z, 0) - t z + log(1 + exp(-|z|))
    value: (z: number, _y: number, t: number) => Math.max(z, 0) - t * z + Math.log1p(Math.exp(-Math.abs(z))),
    gradient: (_z: number, y: number, t: number) => y - t,
  },
} satisfies Record<string, Loss>;

/**
 * Binary cross-entropy from logits over `count` values: returns the summed loss and writes
 * dLoss/dz times `scale` into `delta`; exp(-|z|) is shared by the loss and the sigmoid.
 */
export function bceFromLogits(logits: Float64Array, targets: Float64Array, delta: Float64Array, count: number, scale: number): number {
  let sum = 0;
  for (let i = 0; i < count; i++) {
    const z = logits[i];
    const e = Math.exp(-Math.abs(z));
    sum += Math.max(z, 0) - targets[i] * z + Math.log1p(e);
    delta[i] = ((z >= 0 ? 1 : e) / (1 + e) - targets[i]) * scale;
  }
  return sum;
}

export type LossName = keyof typeof losses;
export const lossNames = Object.keys(losses) as LossName[];

export function loss(name: string): Loss {
  return lookup<Loss>(losses, name, 'loss');
}

/** Binary cross-entropy is computed from logits, so it needs a sigmoid output layer. */
export function checkLossActivation(lossName: LossName, outputActivation: ActivationName): void {
  if (lossName === 'bce' && outputActivation !== 'sigmoid') {
    throw new RangeError(`loss "bce" needs output activation "sigmoid", got "${outputActivation}"`);
  }
}
