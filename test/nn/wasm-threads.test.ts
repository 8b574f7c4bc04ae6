import { describe, expect, it } from 'vitest';
import { fit } from '../../src/nn/fit.js';
import type { WasmTuning } from '../../src/nn/kernel-choice.js';
import { nodeKernelThreads } from '../../src/io/node-kernel-threads.js';
import { initialParameters, type NetworkSpec } from '../../src/nn/network.js';
import { WasmEngine } from '../../src/nn/wasm-engine.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { firstDifference } from './same-bits.js';

// Kernels and threads change the speed, never the numbers: every output column is summed in the
// same order whichever kernel computes it and whichever thread owns it, so training from a seed
// gives the same losses and parameters, bit for bit.

const helpers = nodeKernelThreads(1);

function data(rows: number, cols: number, rng: Rng): Matrix {
  const m = new Matrix(rows, cols);
  for (let i = 0; i < m.data.length; i++) m.data[i] = rng.uniform() < 0.3 ? 1 : 0;
  return m;
}

/** Trains from seed `seed` with fit() (shuffled mini-batches, fresh noise every epoch); returns losses, parameters and threads used. */
function train(network: NetworkSpec, rows: number, batchSize: number, epochs: number, seed: number, tuning: WasmTuning) {
  const rng = new Rng(seed);
  const inputs = data(rows, network.sizes[0], rng);
  const engine = new WasmEngine({ network, optimizer: { name: 'adam', lr: 0.003 }, batchSize, rows }, tuning);
  engine.setParameters(initialParameters(network, rng));
  const corrupt = (clean: Matrix, noisy: Matrix, r: Rng) => clean.data.forEach((v, i) => (noisy.data[i] = r.uniform() < 0.1 ? 1 - v : v));
  const { losses } = fit(engine, inputs, inputs, { epochs, rng, corrupt });
  return { losses: Array.from(losses), params: engine.getParameters(), threads: engine.threads };
}

describe('threaded and single-threaded training give the same result for a seed', () => {
  it('a wide autoencoder (784-256-16-256-784, tanh, sigmoid + BCE), kernels and threads chosen by size', () => {
    const network: NetworkSpec = {
      sizes: [784, 256, 16, 256, 784], activations: ['tanh', 'tanh', 'tanh', 'sigmoid'], loss: 'bce', initializer: 'glorot-uniform',
    };
    const single = train(network, 100, 48, 2, 5, { threads: null });
    const threaded = train(network, 100, 48, 2, 5, { threads: helpers });
    expect(single.threads).toBe(1);
    expect(threaded.threads).toBe(2);
    expect(threaded.losses).toEqual(single.losses);
    expect(firstDifference(threaded.params, single.params)).toBe(-1);
    expect(single.losses[1]).toBeLessThan(single.losses[0]);
  });

  for (const [sizes, loss] of [[[35, 20, 2, 20, 35], 'mse'], [[13, 9, 3, 9, 13], 'bce']] as const) {
    it(`${sizes.join('-')} ${loss}: small kernels on one thread, blocked on one thread, blocked split over two`, () => {
      const network: NetworkSpec = {
        sizes: [...sizes], activations: loss === 'bce' ? ['relu', 'identity', 'leaky-relu', 'sigmoid'] : ['tanh', 'tanh', 'tanh', 'tanh'], loss, initializer: 'glorot-uniform',
      };
      const runs = [
        train(network, 32, 7, 5, 3, { kernel: 'small', threads: null }),
        train(network, 32, 7, 5, 3, { kernel: 'blocked', threads: null }),
        train(network, 32, 7, 5, 3, { kernel: 'blocked', threads: helpers, split: 'always' }),
      ];
      expect(runs[2].threads).toBe(2);
      for (const run of runs.slice(1)) {
        expect(run.losses).toEqual(runs[0].losses);
        expect(firstDifference(run.params, runs[0].params)).toBe(-1);
      }
    });
  }
});
