import type { Matrix } from '../tensor/matrix.js';
import { header, writePaddedRows } from '../tensor/wasm/mlp-layout.js';
import type { EngineOptions, TrainingEngine } from './engine.js';
import { checkData, checkEngineOptions, onlyOptimizerState } from './engine-checks.js';
import type { WasmTuning } from './kernel-choice.js';
import type { OptimizerState } from './optimizers.js';
import { WasmNetwork } from './wasm-network.js';

/**
 * The fast engine: float32 WebAssembly SIMD kernels (assembly/) that run a whole epoch per call
 * over zero-padded buffers in their own memory; wide layers get the blocked kernels and, with
 * kernel threads, a team of threads (see WasmTuning). Same results as ReferenceEngine up to
 * float32 rounding, and the same bits whatever the kernels or threads.
 */
export class WasmEngine implements TrainingEngine {
  readonly kind = 'wasm' as const;
  readonly options: EngineOptions;
  private readonly net: WasmNetwork;
  private readonly order: Uint32Array;

  constructor(options: EngineOptions, tuning?: WasmTuning) {
    checkEngineOptions(options);
    this.options = options;
    this.net = new WasmNetwork({ ...options, withInputGradient: false, tuning });
    this.order = new Uint32Array(this.net.floats.buffer, this.net.layout.order, options.rows);
  }

  get learningRate(): number {
    return this.net.learningRate;
  }

  set learningRate(lr: number) {
    this.net.learningRate = lr;
  }

  /** Threads that run each operation: 1, or the team that shares the wide layers' products. */
  get threads(): number {
    return this.net.threads;
  }

  getParameters(): Float64Array {
    return this.net.getParameters();
  }

  setParameters(params: Float64Array): void {
    this.net.setParameters(params);
  }

  getOptimizerState(): OptimizerState {
    return this.net.getOptimizerState();
  }

  setOptimizerState(state: OptimizerState): void {
    this.net.setOptimizerState(state);
  }

  getOptimizerStates(): OptimizerState[] {
    return [this.getOptimizerState()];
  }

  setOptimizerStates(states: OptimizerState[]): void {
    this.setOptimizerState(onlyOptimizerState(states));
  }

  setData(inputs: Matrix, targets: Matrix): void {
    checkData(this.options, inputs, targets);
    writePaddedRows(this.net.floats, this.net.layout.inputs, inputs.data, inputs.rows, inputs.cols);
    writePaddedRows(this.net.floats, this.net.layout.targets, targets.data, targets.rows, targets.cols);
  }

  trainEpoch(order: Uint32Array | null): number {
    const { rows } = this.options;
    const { layout, header: plan } = this.net;
    if (order) {
      if (order.length !== rows) throw new RangeError(`order must list ${rows} rows, got ${order.length}`);
      for (let i = 0; i < rows; i++) {
        if (order[i] >= rows) throw new RangeError(`order[${i}] = ${order[i]} is not a row index below ${rows}`);
      }
      this.order.set(order);
    }
    plan.setInt32(header.order, order ? layout.order : layout.identityOrder, true);
    const lossSum = this.net.run('epoch');
    return lossSum / (rows * this.options.network.sizes.at(-1)!);
  }
}
