import { describe, expect, it } from 'vitest';
import { activationNames, type ActivationName } from '../../src/nn/activations.js';
import { createStack } from '../../src/nn/create-engine.js';
import type { WasmTuning } from '../../src/nn/kernel-choice.js';
import { nodeKernelThreads } from '../../src/io/node-kernel-threads.js';
import { initialParameters, type NetworkSpec } from '../../src/nn/network.js';
import type { OptimizerSpec } from '../../src/nn/optimizers.js';
import { ReferenceStack } from '../../src/nn/reference-stack.js';
import type { LayerStack, StackOptions } from '../../src/nn/stack.js';
import { WasmStack } from '../../src/nn/wasm-stack.js';
import { Rng } from '../../src/tensor/rng.js';
import { firstDifference } from './same-bits.js';

// Float32 against float64: after each of STEPS batches (forward, backward, optimizer step),
// outputs and input gradients within TOLERANCE * max(1, largest reference value of that array),
// and at the end every parameter within TOLERANCE * max(1, |p|). One step moves parameters by
// ~1e-2 and inputs are O(1), so a wrong term fails by orders of magnitude.
const TOLERANCE = 2e-5;
const STEPS = 4;

/** Every kernel family, and a team of threads; they must give the same bits. */
const tunings: Record<string, WasmTuning> = {
  small: { kernel: 'small', threads: null },
  blocked: { kernel: 'blocked', threads: null },
  'blocked, 3 threads': { kernel: 'blocked', threads: nodeKernelThreads(2), split: 'always' },
};

const optimizers: OptimizerSpec[] = [
  { name: 'gd', lr: 0.2 },
  { name: 'momentum', lr: 0.05, momentum: 0.8 },
  { name: 'adam', lr: 0.01 },
  { name: 'rmsprop', lr: 0.005, rho: 0.9 },
];

function network(sizes: number[], act: ActivationName): NetworkSpec {
  return { sizes, activations: sizes.slice(1).map(() => act), loss: 'mse', initializer: 'glorot-uniform' };
}

function randomValues(count: number, rng: Rng): Float64Array {
  return Float64Array.from({ length: count }, () => rng.between(-1, 1));
}

function worst(actual: Float64Array, expected: Float64Array, perValue: boolean): number {
  expect(actual.length).toBe(expected.length);
  const scale = Math.max(1, ...expected.map(Math.abs));
  let diff = 0;
  for (let i = 0; i < expected.length; i++) {
    diff = Math.max(diff, Math.abs(actual[i] - expected[i]) / (perValue ? Math.max(1, Math.abs(expected[i])) : scale));
  }
  return diff;
}

/**
 * Runs the reference stack and a wasm stack for each tuning through the same batches (row counts
 * cycling through `rowCounts`) and deltas; checks that every wasm stack gives the same bits and
 * returns the worst differences from the reference.
 */
function compare(options: StackOptions, rowCounts: number[], seed: number): { outputs: number; inputGradients: number; params: number } {
  const rng = new Rng(seed);
  const wasm = Object.values(tunings).map((tuning) => new WasmStack(options, tuning));
  const stacks: LayerStack[] = [new ReferenceStack(options), ...wasm];
  const start = initialParameters(options.network, rng);
  for (const stack of stacks) stack.setParameters(start);
  const { sizes } = options.network;
  const diff = { outputs: 0, inputGradients: 0, params: 0 };
  for (let s = 0; s < STEPS; s++) {
    const rows = rowCounts[s % rowCounts.length];
    const inputs = randomValues(rows * sizes[0], rng);
    const delta = randomValues(rows * sizes.at(-1)!, rng);
    const [expectedOut, actualOut, ...otherOuts] = stacks.map((stack) => stack.forward(inputs, rows).slice());
    const [expectedGrad, actualGrad, ...otherGrads] = stacks.map((stack) => stack.backward(delta).slice());
    for (const stack of stacks) stack.step();
    for (const other of otherOuts) expect(firstDifference(other, actualOut)).toBe(-1);
    for (const other of otherGrads) expect(firstDifference(other, actualGrad)).toBe(-1);
    diff.outputs = Math.max(diff.outputs, worst(actualOut, expectedOut, false));
    diff.inputGradients = Math.max(diff.inputGradients, worst(actualGrad, expectedGrad, false));
  }
  const [expected, actual, ...others] = stacks.map((stack) => stack.getParameters());
  for (const other of others) expect(firstDifference(other, actual)).toBe(-1);
  diff.params = worst(actual, expected, true);
  return diff;
}

describe(`WasmStack matches ReferenceStack, with the same bits from ${Object.keys(tunings).join(', ')}`, () => {
  for (const act of activationNames) {
    for (const optimizer of optimizers) {
      it(`3-17-1-5 and 9-6-9 ${act} ${optimizer.name}, batches of 7, 1, 3 and 6 rows`, () => {
        for (const sizes of [[3, 17, 1, 5], [9, 6, 9]]) {
          const diff = compare({ network: network(sizes, act), optimizer, batchSize: 7 }, [7, 1, 3, 6], sizes.length);
          expect(diff.outputs, `outputs ${sizes}`).toBeLessThan(TOLERANCE);
          expect(diff.inputGradients, `input gradients ${sizes}`).toBeLessThan(TOLERANCE);
          expect(diff.params, `parameters ${sizes}`).toBeLessThan(TOLERANCE);
        }
      });
    }
  }

  it('a 784-wide stack with mixed activations (the VAE encoder shape) and Adam', () => {
    const spec: NetworkSpec = { sizes: [784, 64, 4], activations: ['tanh', 'identity'], loss: 'mse', initializer: 'glorot-uniform' };
    const diff = compare({ network: spec, optimizer: { name: 'adam', lr: 0.001 }, batchSize: 33 }, [33, 17], 5);
    expect(diff.outputs).toBeLessThan(TOLERANCE);
    expect(diff.inputGradients).toBeLessThan(TOLERANCE);
    expect(diff.params).toBeLessThan(TOLERANCE);
  });

  it('follows learning-rate changes', () => {
    const options: StackOptions = { network: network([5, 3, 5], 'tanh'), optimizer: { name: 'adam', lr: 0.01 }, batchSize: 4 };
    const stacks = [new ReferenceStack(options), new WasmStack(options)];
    const rng = new Rng(2);
    const start = initialParameters(options.network, rng);
    const inputs = randomValues(20, rng);
    for (const stack of stacks) {
      stack.setParameters(start);
      for (const lr of [0.01, 0.05, 0.002]) {
        stack.learningRate = lr;
        stack.forward(inputs, 4);
        stack.backward(inputs);
        stack.step();
      }
    }
    expect(stacks[1].learningRate).toBe(0.002);
    expect(worst(stacks[1].getParameters(), stacks[0].getParameters(), true)).toBeLessThan(TOLERANCE);
  });
});

describe('backwardBce and the input-gradient opt-out', () => {
  // 784-wide logits (the VAE decoder's shape) against targets in [0, 1], 33 and 17 rows.
  const spec: NetworkSpec = { sizes: [2, 40, 784], activations: ['tanh', 'identity'], loss: 'mse', initializer: 'glorot-uniform' };
  const options: StackOptions = { network: spec, optimizer: { name: 'adam', lr: 0.001 }, batchSize: 33 };

  it('gives the loss, the input gradient and the parameter gradient of BCE from logits, as the reference stack does, in both builds', () => {
    const rng = new Rng(8);
    const start = initialParameters(spec, rng);
    const stacks = [new ReferenceStack(options), new WasmStack(options, { build: 'fma' }), new WasmStack(options, { build: 'simd' })];
    for (const rows of [33, 17]) {
      const inputs = randomValues(rows * 2, rng).map((v) => 3 * v);
      const targets = Float64Array.from({ length: rows * 784 }, () => rng.uniform());
      const results = stacks.map((stack) => {
        stack.setParameters(start);
        const logits = stack.forward(inputs, rows).slice();
        const { loss, inputGradient } = stack.backwardBce(targets);
        return { logits, loss, inputGradient: inputGradient.slice(), gradient: stack.gradient.slice() };
      });
      // The loss by hand, from the reference's logits: sum over pixels and rows of -(t log s + (1 - t) log(1 - s)).
      const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
      const byHand = results[0].logits.reduce((sum, z, i) => sum - targets[i] * Math.log(sigmoid(z)) - (1 - targets[i]) * Math.log(1 - sigmoid(z)), 0);
      expect(results[0].loss / byHand).toBeCloseTo(1, 10);
      for (const got of results.slice(1)) {
        expect(Math.abs(got.loss - results[0].loss) / results[0].loss).toBeLessThan(TOLERANCE);
        expect(worst(got.inputGradient, results[0].inputGradient, false)).toBeLessThan(TOLERANCE);
        expect(worst(got.gradient, results[0].gradient, false)).toBeLessThan(TOLERANCE);
      }
    }
  });

  it('refuses outputs that are not logits, and targets of the wrong length', () => {
    for (const stack of [new ReferenceStack({ ...options, network: { ...spec, activations: ['tanh', 'sigmoid'] } }), new WasmStack({ ...options, network: { ...spec, activations: ['tanh', 'sigmoid'] } })]) {
      stack.forward(new Float64Array(4), 2);
      expect(() => stack.backwardBce(new Float64Array(2 * 784))).toThrow("backwardBce takes the outputs as logits: the last layer's activation must be identity, got sigmoid");
    }
    const stack = new WasmStack(options);
    stack.forward(new Float64Array(4), 2);
    expect(() => stack.backwardBce(new Float64Array(10))).toThrow('the output delta needs 1568 values, got 10');
  });

  it('skips dLoss/dInputs when the stack opts out, with the same parameter gradient', () => {
    const rng = new Rng(9);
    const start = initialParameters(spec, rng);
    const inputs = randomValues(2 * 5, rng);
    const delta = randomValues(5 * 784, rng);
    for (const create of [(o: StackOptions) => new ReferenceStack(o), (o: StackOptions) => new WasmStack(o)]) {
      const [full, without] = [options, { ...options, inputGradient: false }].map((o) => {
        const stack = create(o);
        stack.setParameters(start);
        stack.forward(inputs, 5);
        return { inputGradient: stack.backward(delta).slice(), gradient: stack.gradient.slice() };
      });
      expect(full.inputGradient.length).toBe(10);
      expect(without.inputGradient.length).toBe(0);
      expect(firstDifference(without.gradient, full.gradient)).toBe(-1);
    }
  });
});

describe('WasmStack checks its input', () => {
  const options: StackOptions = { network: network([4, 2, 3], 'tanh'), optimizer: { name: 'gd', lr: 0.1 }, batchSize: 2 };

  it('is what createStack builds for "wasm"', () => {
    expect(createStack('wasm', options)).toBeInstanceOf(WasmStack);
  });

  it('rejects bad options, row counts, inputs and deltas', () => {
    expect(() => new WasmStack({ ...options, batchSize: 0 })).toThrow('batch size must be a positive integer, got 0');
    const stack = new WasmStack(options);
    expect(() => stack.backward(new Float64Array(6))).toThrow('backward needs a forward pass first');
    expect(() => stack.forward(new Float64Array(8), 3)).toThrow('rows must be 1..2, got 3');
    expect(() => stack.forward(new Float64Array(7), 2)).toThrow('2 rows need 8 inputs, got 7');
    stack.forward(new Float64Array(8), 2);
    expect(() => stack.backward(new Float64Array(5))).toThrow('the output delta needs 6 values, got 5');
    expect(() => stack.setParameters(new Float64Array(3))).toThrow('the network has 19 parameters, got 3');
  });
});
