import { describe, expect, it } from 'vitest';
import { ensureMemory, instantiateKernels, kernelsModule, operations } from '../../src/tensor/wasm/loader.js';
import { activationCodes, kernelCodes, lossCodes, mlpLayout, optimizerCodes, writePlan } from '../../src/tensor/wasm/mlp-layout.js';
import { Rng } from '../../src/tensor/rng.js';

/** Runs the kernels' elementwise function `code` on `inputs` (length a multiple of 4). */
function mapped(code: number, inputs: number[]): Float32Array {
  const { kernels, memory } = instantiateKernels();
  const src = kernels.heapBase() + 64;
  const dst = src + 4 * inputs.length;
  ensureMemory(memory, dst + 4 * inputs.length);
  new Float32Array(memory.buffer, src, inputs.length).set(inputs);
  kernels.mapFunction(code, src, dst, inputs.length);
  return new Float32Array(memory.buffer, dst, inputs.length).slice();
}

function grid(from: number, to: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.fround(from + ((to - from) * i) / (count - 1)));
}

/** Largest |approx - exact| / max(|exact|, floor). */
function worstError(inputs: number[], approx: Float32Array, exact: (x: number) => number, floor: number): number {
  return Math.max(...inputs.map((x, i) => Math.abs(approx[i] - exact(x)) / Math.max(Math.abs(exact(x)), floor)));
}

describe('wasm elementwise functions (float32)', () => {
  const xs = [...grid(-12, 12, 4000), ...grid(-1e-3, 1e-3, 400)];

  it('tanh within 4e-7 absolute and relative', () => {
    expect(worstError(xs, mapped(activationCodes.tanh, xs), Math.tanh, 0.25)).toBeLessThan(4e-7);
    expect(worstError(xs, mapped(activationCodes.tanh, xs), Math.tanh, 0)).toBeLessThan(4e-7);
  });

  it('sigmoid within 5e-7 relative, far into both tails', () => {
    const wide = grid(-80, 80, 4000);
    expect(worstError(wide, mapped(activationCodes.sigmoid, wide), (x) => 1 / (1 + Math.exp(-x)), 0)).toBeLessThan(5e-7);
  });

  it('exp within 3e-7 relative over [-87, 88]', () => {
    const wide = grid(-87, 88, 4000);
    expect(worstError(wide, mapped(5, wide), Math.exp, 0)).toBeLessThan(3e-7);
  });

  it('log(1 + u) within 3e-7 relative over [0, 1]', () => {
    const unit = [...grid(0, 1, 4000), ...grid(1e-9, 1e-6, 400)];
    expect(worstError(unit, mapped(6, unit), Math.log1p, 1e-30)).toBeLessThan(3e-7);
  });

  it('relu and leaky relu exactly', () => {
    const few = [-2, -0.5, 0, 3];
    expect(Array.from(mapped(activationCodes.relu, few))).toEqual([0, 0, 0, 3]);
    expect(Array.from(mapped(activationCodes['leaky-relu'], few))).toEqual([-0.02, -0.005, 0, 3].map(Math.fround));
  });
});

describe('wasm training kernels', () => {
  it('compiles the module once', () => {
    expect(kernelsModule()).toBe(kernelsModule());
  });

  it.each(Object.entries(kernelCodes))('keeps padded weights, biases and gradients exactly zero (%s kernels, sigmoid layers, Adam, ragged batches)', (_, kernel) => {
    const sizes = [5, 3, 2, 3, 5];
    const rows = 7;
    const { kernels, memory } = instantiateKernels();
    const layout = mlpLayout(sizes, 3, rows, kernels.heapBase(), {
      withInputGradient: false, threads: 1, packBufferBytes: kernels.packBufferBytes, kernels: [kernel, kernel, kernel, kernel], splits: [false, false, false, false],
    });
    ensureMemory(memory, layout.end);
    writePlan(memory, layout, {
      sizes, activations: sizes.slice(1).map(() => activationCodes.sigmoid), loss: lossCodes.bce, optimizer: optimizerCodes.adam,
      rows, batchSize: 3, learningRate: 0.05, hyper1: 0.9, beta2: 0.999, epsilon: 1e-8,
    });
    const floats = new Float32Array(memory.buffer);
    const rng = new Rng(11);
    const real: boolean[] = new Array(layout.paramFloats).fill(false);
    layout.layers.forEach((layer, l) => {
      const base = (layer.weights - layout.params) / 4;
      for (let k = 0; k < sizes[l]; k++) for (let j = 0; j < sizes[l + 1]; j++) real[base + k * layer.paddedOutputs + j] = true;
      for (let j = 0; j < sizes[l + 1]; j++) real[(layer.biases - layout.params) / 4 + j] = true;
    });
    real.forEach((isReal, i) => {
      if (isReal) floats[layout.params / 4 + i] = rng.between(-1, 1);
    });
    for (let i = 0; i < rows * 8; i++) if (i % 8 < 5) floats[layout.inputs / 4 + i] = floats[layout.targets / 4 + i] = rng.int(2);
    const before = floats.slice(layout.params / 4, layout.params / 4 + layout.paramFloats);
    for (let epoch = 0; epoch < 5; epoch++) expect(kernels.run(operations.epoch, layout.plan, 0, 0, 1)).toBeGreaterThan(0);
    const after = floats.slice(layout.params / 4, layout.params / 4 + layout.paramFloats);
    const grads = floats.slice(layout.grads / 4, layout.grads / 4 + layout.paramFloats);
    const padded = real.flatMap((isReal, i) => (isReal ? [] : [i]));
    expect(padded.length).toBe(layout.paramFloats - 55);
    expect(padded.map((i) => after[i])).toEqual(padded.map(() => 0));
    expect(padded.map((i) => grads[i])).toEqual(padded.map(() => 0));
    expect(real.filter((isReal, i) => isReal && after[i] !== before[i]).length).toBe(55);
  });
});
