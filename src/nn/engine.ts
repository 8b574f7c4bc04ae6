import type { Matrix } from '../tensor/matrix.js';
import type { NetworkSpec } from './network.js';
import type { OptimizerSpec, OptimizerState } from './optimizers.js';

/** Which kernels train the network: the float64 TypeScript reference, or the float32 WebAssembly SIMD kernels. */
export type EngineKind = 'reference' | 'wasm';
export const engineKinds: EngineKind[] = ['reference', 'wasm'];

export interface EngineOptions {
  network: NetworkSpec;
  optimizer: OptimizerSpec;
  /** Most rows in one optimizer step; workspaces are sized for it once. */
  batchSize: number;
  /** Rows of the data set (inputs and targets) the engine holds. */
  rows: number;
}

/**
 * Trains one network with one optimizer. Both tiers implement it, so the training loop
 * (src/nn/fit.ts) is written once. Parameters use the flat layout of layerLayouts().
 */
export interface TrainingEngine {
  readonly kind: EngineKind;
  readonly options: EngineOptions;
  /** Threads that train it: 1, or the wasm engine's team when its wide layers are split over kernel threads. */
  readonly threads: number;
  learningRate: number;
  /** A copy of the current parameters. */
  getParameters(): Float64Array;
  setParameters(params: Float64Array): void;
  /** Copies a data set in (rows x inputs, rows x outputs); call again to change the inputs, e.g. fresh noise. */
  setData(inputs: Matrix, targets: Matrix): void;
  /**
   * One pass over the rows in the given order (null: 0..rows-1), one optimizer step per batch of
   * batchSize rows. Returns the mean loss per element over the epoch, measured before each step.
   */
  trainEpoch(order: Uint32Array | null): number;
  /** A copy of the optimizer's state: its step count and slots (float32 values as float64 in the wasm engine). */
  getOptimizerState(): OptimizerState;
  /** Restores a state of getOptimizerState's form; checks slot names, lengths and step first. */
  setOptimizerState(state: OptimizerState): void;
  /** The training loop's view (EpochTrainer): the one optimizer state, as a one-element array. */
  getOptimizerStates(): OptimizerState[];
  setOptimizerStates(states: OptimizerState[]): void;
}
