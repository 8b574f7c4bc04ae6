import { afterAll, describe, expect, it } from 'vitest';
import type { WasmTuning } from '../../src/nn/kernel-choice.js';
import { hasRelaxedSimd, kernelBuilds } from '../../src/tensor/wasm/loader.js';
import { nodeKernelThreads } from '../../src/io/node-kernel-threads.js';
import type { NetworkSpec } from '../../src/nn/network.js';
import { WasmStack } from '../../src/nn/wasm-stack.js';
import { affine, multiplyTransposedWeights, weightGradients } from '../../src/tensor/kernels.js';
import { Rng } from '../../src/tensor/rng.js';
import { firstDifference } from './same-bits.js';

// The three products of a dense layer, from every wasm kernel, against the float64 reference
// kernels (src/tensor/kernels.ts). A float32 sum of K products has an error of at most about
// (K + 4) * 2^-24 * sum |a_k b_k| (inputs rounded to float32, K roundings, the result rounded):
// each element must be within that bound, computed from the reference kernel on |A| and |B|; a
// fused multiply-add rounds once where a multiply and an add round twice, so the bound holds for
// both builds of the kernels (fma and plain simd). And within a build, every kernel and thread
// count must give the same bits.

const U = 2 ** -24;
const threads = nodeKernelThreads(2);
afterAll(() => threads.release(0));

/** Every kernel family and thread count, for each build. */
const tunings = kernelBuilds.map((build) => ({
  build,
  tunings: {
    small: { kernel: 'small', threads: null, build },
    blocked: { kernel: 'blocked', threads: null, build },
    'blocked, split over 3 threads': { kernel: 'blocked', threads, split: 'always', build },
  } satisfies Record<string, WasmTuning>,
}));

const rng = new Rng(2024);
const oddSizes = [1, 3, 17, 257];
/** [rows, inputs, outputs]: the odd sizes in every position, then random shapes. */
const shapes: [number, number, number][] = [
  [1, 1, 1], [3, 17, 257], [257, 3, 17], [17, 257, 3], [257, 257, 17], [1, 257, 257], [257, 1, 3], [8, 16, 24],
  ...Array.from({ length: 4 }, (): [number, number, number] => [1 + rng.int(300), 1 + rng.int(300), 1 + rng.int(300)]),
];

function random(count: number): Float64Array {
  return Float64Array.from({ length: count }, () => rng.between(-1, 1));
}

const abs = (v: Float64Array): Float64Array => v.map(Math.abs);

/** Largest |actual - expected| / ((K + 4) u scale) over the elements: at most 1 when within the bound. */
function worstRatio(actual: Float64Array, expected: Float64Array, scale: Float64Array, k: number): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const bound = (k + 4) * U * scale[i];
    const diff = Math.abs(actual[i] - expected[i]);
    worst = Math.max(worst, diff === 0 ? 0 : diff / bound);
  }
  return worst;
}

interface Products {
  outputs: Float64Array;
  inputGradient: Float64Array;
  gradient: Float64Array;
}

function products(rows: number, n: number, m: number, params: Float64Array, x: Float64Array, delta: Float64Array, tuning: WasmTuning): Products {
  const network: NetworkSpec = { sizes: [n, m], activations: ['identity'], loss: 'mse', initializer: 'glorot-uniform' };
  const stack = new WasmStack({ network, optimizer: { name: 'gd', lr: 0.1 }, batchSize: rows }, tuning);
  stack.setParameters(params);
  const outputs = stack.forward(x, rows).slice();
  const inputGradient = stack.backward(delta).slice();
  return { outputs, inputGradient, gradient: stack.gradient };
}

describe('wasm dense-layer products against the reference kernels', () => {
  for (const [rows, n, m] of shapes) {
    it(`${rows} rows, ${n} inputs, ${m} outputs: X W + b, dY W^T and X^T dY (with db) within (K + 4) 2^-24 sum|ab|, same bits from every kernel`, () => {
      const w = random(n * m);
      const b = random(m);
      const x = random(rows * n);
      const delta = random(rows * m);
      const params = new Float64Array([...w, ...b]);
      // float64 references and their error scales.
      const y = new Float64Array(rows * m);
      const yScale = new Float64Array(rows * m);
      affine(x, w, b, y, rows, n, m);
      affine(abs(x), abs(w), abs(b), yScale, rows, n, m);
      const dx = new Float64Array(rows * n);
      const dxScale = new Float64Array(rows * n);
      multiplyTransposedWeights(delta, w, dx, rows, n, m);
      multiplyTransposedWeights(abs(delta), abs(w), dxScale, rows, n, m);
      const dw = new Float64Array(n * m);
      const db = new Float64Array(m);
      const dwScale = new Float64Array(n * m);
      const dbScale = new Float64Array(m);
      weightGradients(x, delta, dw, db, rows, n, m);
      weightGradients(abs(x), abs(delta), dwScale, dbScale, rows, n, m);

      for (const { build, tunings: ofBuild } of tunings) {
        const results = Object.entries(ofBuild).map(([kernel, tuning]) => {
          const name = `${build}, ${kernel}`;
          const got = products(rows, n, m, params, x, delta, tuning);
          expect(worstRatio(got.outputs, y, yScale, n), `${name}: X W + b`).toBeLessThanOrEqual(1);
          expect(worstRatio(got.inputGradient, dx, dxScale, m), `${name}: dY W^T`).toBeLessThanOrEqual(1);
          expect(worstRatio(got.gradient.subarray(0, n * m), dw, dwScale, rows), `${name}: X^T dY`).toBeLessThanOrEqual(1);
          expect(worstRatio(got.gradient.subarray(n * m), db, dbScale, rows), `${name}: column sums of dY`).toBeLessThanOrEqual(1);
          return got;
        });
        for (const other of results.slice(1)) {
          for (const key of ['outputs', 'inputGradient', 'gradient'] as const) expect(firstDifference(other[key], results[0][key]), `${build}: ${key}`).toBe(-1);
        }
      }
    });
  }

  it('runs the fma build (test/setup.ts turns relaxed SIMD on)', () => {
    expect(hasRelaxedSimd()).toBe(true);
  });

  it('uses the odd sizes 1, 3, 17 and 257 in every position', () => {
    for (const size of oddSizes) for (let p = 0; p < 3; p++) expect(shapes.some((shape) => shape[p] === size)).toBe(true);
  });
});
