import { describe, expect, it } from 'vitest';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { activationNames, type ActivationName } from '../../src/nn/activations.js';
import type { LossName } from '../../src/nn/losses.js';
import { initialParameters, type NetworkSpec } from '../../src/nn/network.js';
import { ReferenceEngine } from '../../src/nn/reference-engine.js';
import { ReferenceStack } from '../../src/nn/reference-stack.js';

function randomMatrix(rows: number, cols: number, rng: Rng, binary = false): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = binary ? (rng.uniform() < 0.5 ? 1 : 0) : rng.between(-1, 1);
  return m;
}

/** Largest |analytic - numeric| / max(1e-4, |analytic| + |numeric|) over every parameter. */
function worstRelativeError(network: NetworkSpec, seed: number): number {
  const rng = new Rng(seed);
  const rows = 5;
  const inputs = randomMatrix(rows, network.sizes[0], rng);
  const targets = randomMatrix(rows, network.sizes.at(-1)!, rng, true);
  const params = initialParameters(network, rng);
  for (let i = 0; i < params.length; i++) params[i] += rng.between(-0.1, 0.1); // non-zero biases too
  const engine = new ReferenceEngine({ network, optimizer: { name: 'gd', lr: 0.1 }, batchSize: rows, rows });
  const { gradient } = engine.lossAndGradient(params, inputs, targets);
  const h = 1e-6;
  let worst = 0;
  for (let i = 0; i < params.length; i++) {
    const saved = params[i];
    params[i] = saved + h;
    const up = engine.lossAndGradient(params, inputs, targets).loss;
    params[i] = saved - h;
    const down = engine.lossAndGradient(params, inputs, targets).loss;
    params[i] = saved;
    const numeric = (up - down) / (2 * h);
    worst = Math.max(worst, Math.abs(gradient[i] - numeric) / Math.max(1e-4, Math.abs(gradient[i]) + Math.abs(numeric)));
  }
  return worst;
}

describe('backpropagation against finite differences', () => {
  const cases: [ActivationName, ActivationName, LossName][] = [];
  for (const hidden of activationNames) {
    for (const output of activationNames) cases.push([hidden, output, 'mse']);
    cases.push([hidden, 'sigmoid', 'bce']);
  }
  it.each(cases)('hidden %s, output %s, loss %s', (hidden, output, lossName) => {
    const network: NetworkSpec = {
      sizes: [6, 5, 2, 4, 6],
      activations: [hidden, hidden, hidden, output],
      loss: lossName,
      initializer: 'glorot-uniform',
    };
    expect(worstRelativeError(network, 7)).toBeLessThan(1e-5);
  });
});

describe('the loss the engine reports', () => {
  it('is the mean squared error for mse', () => {
    const network: NetworkSpec = { sizes: [1, 1], activations: ['identity'], loss: 'mse', initializer: 'glorot-uniform' };
    const engine = new ReferenceEngine({ network, optimizer: { name: 'gd', lr: 0.1 }, batchSize: 2, rows: 2 });
    // y = 2x + 1 on x = [1, 3] gives [3, 7]; targets [1, 1]: ((3-1)^2 + (7-1)^2) / 2 = 20
    const { loss, gradient } = engine.lossAndGradient(Float64Array.of(2, 1), Matrix.fromRows([[1], [3]]), Matrix.fromRows([[1], [1]]));
    expect(loss).toBeCloseTo(20, 12);
    // dL/dw = mean(2 (y - t) x) = (2*2*1 + 2*6*3) / 2 = 20; dL/db = (4 + 12) / 2 = 8
    expect(Array.from(gradient)).toEqual([20, 8]);
  });

  it('is finite binary cross-entropy even for a saturated sigmoid', () => {
    const network: NetworkSpec = { sizes: [1, 1], activations: ['sigmoid'], loss: 'bce', initializer: 'glorot-uniform' };
    const engine = new ReferenceEngine({ network, optimizer: { name: 'gd', lr: 0.1 }, batchSize: 1, rows: 1 });
    // z = 800: sigmoid(z) is 1 in float64, yet the loss against target 0 is exactly z.
    const { loss, gradient } = engine.lossAndGradient(Float64Array.of(0, 800), Matrix.fromRows([[1]]), Matrix.fromRows([[0]]));
    expect(loss).toBe(800);
    expect(gradient[1]).toBe(1);
  });
});

describe('layer stack input gradients against finite differences', () => {
  it.each(activationNames)('hidden %s', (hidden) => {
    const network: NetworkSpec = { sizes: [4, 5, 3], activations: [hidden, 'identity'], loss: 'mse', initializer: 'glorot-uniform' };
    const rng = new Rng(11);
    const stack = new ReferenceStack({ network, optimizer: { name: 'gd', lr: 0.1 }, batchSize: 2 });
    stack.setParameters(initialParameters(network, rng));
    const inputs = randomMatrix(2, 4, rng).data;
    const weights = randomMatrix(2, 3, rng).data;
    // L = sum(weights * outputs): with an identity output layer, dL/dz = weights.
    const lossAt = (x: Float64Array) => stack.forward(x, 2).reduce((sum, y, i) => sum + weights[i] * y, 0);
    lossAt(inputs);
    const analytic = stack.backward(weights).slice();
    const h = 1e-6;
    analytic.forEach((value, i) => {
      const up = inputs.slice();
      const down = inputs.slice();
      up[i] += h;
      down[i] -= h;
      const numeric = (lossAt(up) - lossAt(down)) / (2 * h);
      expect(Math.abs(value - numeric)).toBeLessThan(1e-6 * Math.max(1, Math.abs(numeric)));
    });
  });
});
