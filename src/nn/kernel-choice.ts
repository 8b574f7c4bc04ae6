import type { KernelBuild } from '../tensor/wasm/loader.js';
import { kernelCodes, padTo4 } from '../tensor/wasm/mlp-layout.js';
import { kernelThreads, type KernelThreads } from './kernel-threads.js';

/** Which wasm kernels a network's layers use: chosen by size, or one family forced (tests, benchmarks). */
export type KernelChoice = 'auto' | 'small' | 'blocked';
export const kernelChoices: KernelChoice[] = ['auto', 'small', 'blocked'];

/** How a wasm network runs; every field has a default. Kernels and threads change speed only, never the numbers. */
export interface WasmTuning {
  /** Kernel family of every layer: 'auto' (the default) picks by layer size. */
  kernel?: KernelChoice;
  /** Helper threads for wide layers: the process's (setKernelThreads) by default; null for one thread. */
  threads?: KernelThreads | null;
  /** 'auto' (the default) splits a layer's products over the threads when the layer is wide enough; 'always' splits every layer (tests). */
  split?: 'auto' | 'always';
  /** Build of the kernels: the process's (kernelBuild) by default. */
  build?: KernelBuild;
}

/**
 * Multiply-adds of one product of a layer (padded batch rows x inputs x outputs) from which the
 * blocked kernels are used. Timed per layer on a 2023 Xeon: below about 2M both families run at
 * 25-31 GFLOP/s (the small ones need no packing); from 128x128 layers on batches of 128 the
 * blocked ones win (backward 31-36 against 27-28 GFLOP/s), up to 32 against 22 at 784x512.
 */
export const BLOCKED_MIN_WORK = 1 << 21;
/**
 * Multiply-adds of one product from which it is split over threads: 4M take about 0.25 ms on one
 * thread, against some 10-50 microseconds to wake a helper and meet it at a barrier.
 */
export const SPLIT_MIN_WORK = 1 << 22;

export interface LayerKernels {
  /** Each layer's kernel family (kernelCodes). */
  kernels: number[];
  /** Whether each layer's products are split over the team. */
  splits: boolean[];
  /** Threads of the team: 1 unless some layer is split. */
  threads: number;
  /** The helpers of the team, if any. */
  helpers: KernelThreads | null;
}

/** The kernels and threads for a network of layer widths `sizes` trained in batches of `batchSize` rows. */
export function chooseKernels(sizes: number[], batchSize: number, tuning: WasmTuning = {}): LayerKernels {
  const { kernel = 'auto', split = 'auto' } = tuning;
  if (!kernelChoices.includes(kernel)) throw new RangeError(`unknown kernel "${kernel}"; valid: ${kernelChoices.join(', ')}`);
  const helpers = tuning.threads === undefined ? kernelThreads() : tuning.threads;
  const works = sizes.slice(1).map((outputs, l) => padTo4(batchSize) * padTo4(sizes[l]) * padTo4(outputs));
  const blocked = works.map((work) => kernel === 'blocked' || (kernel === 'auto' && work >= BLOCKED_MIN_WORK));
  const splits = works.map((work, l) => blocked[l] && helpers !== null && helpers.helpers > 0 && (split === 'always' || work >= SPLIT_MIN_WORK));
  const threaded = splits.some(Boolean);
  return {
    kernels: blocked.map((b) => (b ? kernelCodes.blocked : kernelCodes.small)),
    splits,
    threads: threaded ? helpers!.helpers + 1 : 1,
    helpers: threaded ? helpers : null,
  };
}
