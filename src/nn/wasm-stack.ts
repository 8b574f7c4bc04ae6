import { padTo4, readPaddedRows, readParameters, writePaddedRows } from '../tensor/wasm/mlp-layout.js';
import type { LayerStack, StackOptions } from './stack.js';
import { checkBceTargets, checkForwardRows, checkOutputDelta, checkStackOptions } from './stack-checks.js';
import type { WasmTuning } from './kernel-choice.js';
import type { OptimizerState } from './optimizers.js';
import { WasmNetwork } from './wasm-network.js';

/**
 * The float32 WebAssembly SIMD layer stack: one wasm call per forward pass, backward pass and
 * optimizer step, on the kernels of the wasm engine. Same numbers as ReferenceStack up to float32
 * rounding. Inputs and deltas are copied into zero-padded float32 buffers; results are copied out
 * into float64 workspaces (the returned views).
 */
export class WasmStack implements LayerStack {
  readonly kind = 'wasm' as const;
  readonly options: StackOptions;
  private readonly net: WasmNetwork;
  private readonly outputs: Float64Array;
  private readonly inputGradient: Float64Array;
  private rows = 0;

  constructor(options: StackOptions, tuning?: WasmTuning) {
    checkStackOptions(options);
    this.options = options;
    const { network, batchSize } = options;
    const withInputGradient = options.inputGradient !== false;
    // A batch's worth of data rows: the targets of backwardBce (and its identity row order).
    this.net = new WasmNetwork({ network, optimizer: options.optimizer, batchSize, rows: batchSize, withInputGradient, tuning });
    this.outputs = new Float64Array(batchSize * network.sizes.at(-1)!);
    this.inputGradient = new Float64Array(withInputGradient ? batchSize * network.sizes[0] : 0);
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

  /** A copy of the gradient of the last backward pass, in the parameters' layout. */
  get gradient(): Float64Array {
    return readParameters(this.net.floats, this.net.layout, this.options.network.sizes, this.net.layout.grads);
  }

  forward(inputs: Float64Array, rows: number): Float64Array {
    checkForwardRows(this.options, inputs, rows);
    this.rows = rows;
    const { layout } = this.net;
    this.writeBatch(inputs, rows, this.options.network.sizes[0], layout.batchInputs);
    this.net.run('forward', rows);
    return this.readBatch(layout.layers.at(-1)!.outputs, this.outputs, this.options.network.sizes.at(-1)!);
  }

  backward(outputDelta: Float64Array): Float64Array {
    checkOutputDelta(this.options, outputDelta, this.rows);
    const { layout } = this.net;
    this.writeBatch(outputDelta, this.rows, this.options.network.sizes.at(-1)!, layout.layers.at(-1)!.delta);
    this.net.run('backward', this.rows);
    if (!layout.inputGradient) return this.inputGradient;
    return this.readBatch(layout.inputGradient, this.inputGradient, this.options.network.sizes[0]);
  }

  backwardBce(targets: Float64Array): { loss: number; inputGradient: Float64Array } {
    checkBceTargets(this.options, targets, this.rows);
    const { layout, floats } = this.net;
    writePaddedRows(floats, layout.targets, targets, this.rows, this.options.network.sizes.at(-1)!);
    const loss = this.net.run('bceBackward', this.rows);
    const inputGradient = layout.inputGradient ? this.readBatch(layout.inputGradient, this.inputGradient, this.options.network.sizes[0]) : this.inputGradient;
    return { loss, inputGradient };
  }

  step(): void {
    this.net.run('step');
  }

  getOptimizerState(): OptimizerState {
    return this.net.getOptimizerState();
  }

  setOptimizerState(state: OptimizerState): void {
    this.net.setOptimizerState(state);
  }

  /** Writes rows x width values into a padded buffer and zeroes its padded rows (its padded columns stay zero). */
  private writeBatch(values: Float64Array, rows: number, width: number, at: number): void {
    writePaddedRows(this.net.floats, at, values, rows, width);
    const stride = padTo4(width);
    this.net.floats.fill(0, at / 4 + rows * stride, at / 4 + padTo4(rows) * stride);
  }

  /** Copies the last batch's rows x width values out of a padded buffer. */
  private readBatch(at: number, into: Float64Array, width: number): Float64Array {
    readPaddedRows(this.net.floats, at, into, this.rows, width);
    return into.subarray(0, this.rows * width);
  }
}
