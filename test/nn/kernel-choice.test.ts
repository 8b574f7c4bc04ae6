import { describe, expect, it } from 'vitest';
import { BLOCKED_MIN_WORK, chooseKernels, SPLIT_MIN_WORK } from '../../src/nn/kernel-choice.js';
import type { KernelJob, KernelThreads } from '../../src/nn/kernel-threads.js';
import { WasmEngine } from '../../src/nn/wasm-engine.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { kernelCodes } from '../../src/tensor/wasm/mlp-layout.js';

const { small, blocked } = kernelCodes;

/** Helper threads that do not run anything (chooseKernels only counts them). */
function idleThreads(helpers: number): KernelThreads {
  return { helpers, failure: null, start() {}, release() {} };
}

describe('chooseKernels', () => {
  it('keeps tiny nets on the small kernels and one thread, even with helpers', () => {
    expect(chooseKernels([35, 20, 2, 20, 35], 32, { threads: idleThreads(1) })).toEqual({
      kernels: [small, small, small, small], splits: [false, false, false, false], threads: 1, helpers: null,
    });
  });

  it('gives wide layers the blocked kernels, and splits the widest over the helpers', () => {
    const helpers = idleThreads(1);
    const choice = chooseKernels([784, 512, 256, 2, 256, 512, 784], 256, { threads: helpers });
    expect(choice.kernels).toEqual([blocked, blocked, small, small, blocked, blocked]);
    expect(choice.splits).toEqual([true, true, false, false, true, true]);
    expect(choice.threads).toBe(2);
    expect(choice.helpers).toBe(helpers);
    // The thresholds are on padded batch rows x inputs x outputs.
    expect(256 * 512 * 256).toBeGreaterThanOrEqual(SPLIT_MIN_WORK);
    expect(256 * 256 * 4).toBeLessThan(BLOCKED_MIN_WORK);
  });

  it('runs everything on one thread without helpers', () => {
    const choice = chooseKernels([784, 512, 784], 256, { threads: null });
    expect(choice).toEqual({ kernels: [blocked, blocked], splits: [false, false], threads: 1, helpers: null });
  });

  it('forces a kernel family and splitting for tests and benchmarks; splitting needs the blocked kernels', () => {
    expect(chooseKernels([784, 512, 784], 256, { kernel: 'small', threads: idleThreads(1), split: 'always' }).threads).toBe(1);
    const forced = chooseKernels([5, 3, 5], 2, { kernel: 'blocked', threads: idleThreads(3), split: 'always' });
    expect(forced).toMatchObject({ kernels: [blocked, blocked], splits: [true, true], threads: 4 });
  });

  it('rejects an unknown kernel', () => {
    expect(() => chooseKernels([5, 3, 5], 2, { kernel: 'fast' as 'auto' })).toThrow('unknown kernel "fast"; valid: auto, small, blocked');
  });
});

describe('a failed kernel thread', () => {
  it('stops its team instead of leaving it waiting, and the engine says so', () => {
    // A helper that fails as the real ones do (kernel-threads.ts): it marks the plan aborted and wakes the team.
    const failing: KernelThreads = {
      helpers: 1,
      failure: 'RuntimeError: memory access out of bounds',
      start(job: KernelJob) {
        const words = new Int32Array(job.memory.buffer, job.plan, 32);
        Atomics.store(words, 112 / 4, 1);
        Atomics.add(words, 108 / 4, 1);
        Atomics.notify(words, 108 / 4);
      },
      release() {},
    };
    const network = { sizes: [6, 5, 6], activations: ['tanh', 'tanh'] as ['tanh', 'tanh'], loss: 'mse' as const, initializer: 'glorot-uniform' as const };
    const engine = new WasmEngine({ network, optimizer: { name: 'gd', lr: 0.1 }, batchSize: 4, rows: 8 }, { kernel: 'blocked', threads: failing, split: 'always' });
    engine.setData(new Matrix(8, 6), new Matrix(8, 6));
    expect(() => engine.trainEpoch(null)).toThrow("a kernel thread failed, so the network's state is lost: RuntimeError: memory access out of bounds");
  });
});
