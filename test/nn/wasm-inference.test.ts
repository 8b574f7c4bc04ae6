import { afterAll, describe, expect, it } from 'vitest';
import { nodeKernelThreads } from '../../src/io/node-kernel-threads.js';
import type { ActivationName } from '../../src/nn/activations.js';
import { forward, initialParameters, type NetworkSpec } from '../../src/nn/network.js';
import { INFERENCE_BATCH, WasmInference } from '../../src/nn/wasm-inference.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { kernelBuilds } from '../../src/tensor/wasm/loader.js';
import { firstDifference } from './same-bits.js';

// The wasm forward passes (float32, both builds of the kernels) against the float64 reference
// `forward`: every output within TOLERANCE (activations of size about 1, products of up to 784
// terms rounded to float32 layer after layer), for row counts below, at and across the batch.
const TOLERANCE = 2e-5;
const threads = nodeKernelThreads(1);
afterAll(() => threads.release(0));

function network(sizes: number[], activations: ActivationName[]): NetworkSpec {
  return { sizes, activations, loss: 'mse', initializer: 'glorot-uniform' };
}

const networks: Record<string, NetworkSpec> = {
  'ae-font 35-20-2-20-35, tanh': network([35, 20, 2, 20, 35], ['tanh', 'tanh', 'tanh', 'tanh']),
  'every activation, odd widths 7-5-3-6-9': network([7, 5, 3, 6, 9], ['relu', 'leaky-relu', 'identity', 'sigmoid']),
  'mnist 784-512-256-2-256-512-784, tanh then sigmoid': network([784, 512, 256, 2, 256, 512, 784], ['tanh', 'tanh', 'tanh', 'tanh', 'tanh', 'sigmoid']),
};

function randomRows(rows: number, cols: number, rng: Rng): Matrix {
  return new Matrix(rows, cols, Float64Array.from({ length: rows * cols }, () => rng.between(-1, 1)));
}

function worstDifference(a: Matrix, b: Matrix): number {
  expect([a.rows, a.cols]).toEqual([b.rows, b.cols]);
  let worst = 0;
  for (let i = 0; i < a.data.length; i++) worst = Math.max(worst, Math.abs(a.data[i] - b.data[i]));
  return worst;
}

describe('wasm inference against the float64 forward pass', () => {
  for (const [name, spec] of Object.entries(networks)) {
    const wide = spec.sizes[0] > 100;
    const rowCounts = wide ? [1, INFERENCE_BATCH + 3] : [1, 3, INFERENCE_BATCH, 2 * INFERENCE_BATCH + 1];
    it(`${name}: every layer range, ${rowCounts.join(', ')} rows, both builds within ${TOLERANCE}`, () => {
      const rng = new Rng(7);
      const params = initialParameters(spec, rng);
      const layers = spec.sizes.length - 1;
      const code = Math.floor(layers / 2);
      for (const [from, to] of [[0, layers], [0, code], [code, layers]]) {
        for (const rows of rowCounts) {
          const inputs = randomRows(rows, spec.sizes[from], rng);
          const expected = forward(spec, params, inputs, from, to);
          for (const build of kernelBuilds) {
            const got = new WasmInference(spec, from, to, { build, threads: null }).run(params, inputs);
            expect(worstDifference(got, expected), `${build}, layers ${from}-${to}, ${rows} rows`).toBeLessThanOrEqual(TOLERANCE);
          }
        }
      }
    });
  }

  it('gives the same bits on one thread and on two, and again on a second run', () => {
    const spec = networks['mnist 784-512-256-2-256-512-784, tanh then sigmoid'];
    const params = initialParameters(spec, new Rng(3));
    const inputs = randomRows(300, 784, new Rng(4));
    const one = new WasmInference(spec, 0, 6, { threads: null });
    const two = new WasmInference(spec, 0, 6, { threads, split: 'always' });
    const first = one.run(params, inputs);
    expect(firstDifference(two.run(params, inputs).data, first.data)).toBe(-1);
    expect(firstDifference(one.run(params, inputs).data, first.data)).toBe(-1);
  });

  it('uses the parameters of each run and refuses rows of the wrong width', () => {
    const spec = networks['ae-font 35-20-2-20-35, tanh'];
    const pass = new WasmInference(spec);
    const inputs = randomRows(4, 35, new Rng(5));
    const a = initialParameters(spec, new Rng(1));
    const b = initialParameters(spec, new Rng(2));
    expect(worstDifference(pass.run(b, inputs), forward(spec, b, inputs))).toBeLessThanOrEqual(TOLERANCE);
    expect(worstDifference(pass.run(a, inputs), forward(spec, a, inputs))).toBeLessThanOrEqual(TOLERANCE);
    expect(() => pass.run(a, randomRows(2, 34, new Rng(6)))).toThrow('these layers take 35 values per row, got 34');
    expect(() => new WasmInference(spec, 2, 2)).toThrow('no layers between 2 and 2');
  });
});
