import type { Matrix } from '../tensor/matrix.js';
import { ensureMemory, instantiateKernels, type WasmKernels } from '../tensor/wasm/loader.js';
import { activationCodes, header, lossCodes, mlpLayout, optimizerCodes, padTo4, writePlan, type MlpLayout } from '../tensor/wasm/mlp-layout.js';
import type { EngineOptions, TrainingEngine } from './engine.js';
import { checkData, checkEngineOptions } from './engine-checks.js';
import { layerLayouts, parameterCount, type LayerLayout } from './network.js';
import { optimizerSettings } from './optimizers.js';

/**
 * The fast engine: float32 WebAssembly SIMD kernels (assembly/) that run a whole epoch per call
 * over zero-padded buffers in their own memory. Same results as ReferenceEngine up to float32
 * rounding.
 */
export class WasmEngine implements TrainingEngine {
  readonly kind = 'wasm' as const;
  readonly options: EngineOptions;
  private readonly kernels: WasmKernels;
  private readonly layout: MlpLayout;
  private readonly layouts: LayerLayout[];
  private readonly floats: Float32Array;
  private readonly order: Uint32Array;
  private readonly header: DataView;
  private lr: number;

  constructor(options: EngineOptions) {
    checkEngineOptions(options);
    this.options = options;
    const { network, batchSize, rows } = options;
    const settings = optimizerSettings(options.optimizer);
    const { kernels, memory } = instantiateKernels();
    this.kernels = kernels;
    this.layout = mlpLayout(network.sizes, batchSize, rows, kernels.heapBase());
    ensureMemory(memory, this.layout.end);
    writePlan(memory, this.layout, {
      sizes: network.sizes,
      activations: network.activations.map((name) => activationCodes[name]),
      loss: lossCodes[network.loss],
      optimizer: optimizerCodes[settings.name],
      rows,
      batchSize,
      learningRate: settings.lr,
      hyper1: settings.name === 'momentum' ? settings.momentum : settings.name === 'rmsprop' ? settings.rho : settings.beta1,
      beta2: settings.beta2,
      epsilon: settings.epsilon,
    });
    this.layouts = layerLayouts(network);
    this.floats = new Float32Array(memory.buffer);
    this.order = new Uint32Array(memory.buffer, this.layout.order, rows);
    this.header = new DataView(memory.buffer, this.layout.plan, header.layerTable);
    this.lr = settings.lr;
  }

  get learningRate(): number {
    return this.lr;
  }

  set learningRate(lr: number) {
    this.lr = lr;
    this.header.setFloat64(header.learningRate, lr, true);
  }

  getParameters(): Float64Array {
    const params = new Float64Array(parameterCount(this.options.network));
    this.layouts.forEach((layer, l) => {
      const { weights, biases, paddedOutputs } = this.layout.layers[l];
      for (let k = 0; k < layer.inputs; k++) {
        for (let j = 0; j < layer.outputs; j++) params[layer.weights + k * layer.outputs + j] = this.floats[weights / 4 + k * paddedOutputs + j];
      }
      for (let j = 0; j < layer.outputs; j++) params[layer.biases + j] = this.floats[biases / 4 + j];
    });
    return params;
  }

  setParameters(params: Float64Array): void {
    const count = parameterCount(this.options.network);
    if (params.length !== count) throw new RangeError(`the network has ${count} parameters, got ${params.length}`);
    this.layouts.forEach((layer, l) => {
      const { weights, biases, paddedOutputs } = this.layout.layers[l];
      for (let k = 0; k < layer.inputs; k++) {
        for (let j = 0; j < layer.outputs; j++) this.floats[weights / 4 + k * paddedOutputs + j] = params[layer.weights + k * layer.outputs + j];
      }
      for (let j = 0; j < layer.outputs; j++) this.floats[biases / 4 + j] = params[layer.biases + j];
    });
    this.kernels.refreshTransposes(this.layout.plan);
  }

  setData(inputs: Matrix, targets: Matrix): void {
    checkData(this.options, inputs, targets);
    this.writeRows(inputs, this.layout.inputs);
    this.writeRows(targets, this.layout.targets);
  }

  trainEpoch(order: Uint32Array | null): number {
    const { rows } = this.options;
    if (order) {
      if (order.length !== rows) throw new RangeError(`order must list ${rows} rows, got ${order.length}`);
      for (let i = 0; i < rows; i++) {
        if (order[i] >= rows) throw new RangeError(`order[${i}] = ${order[i]} is not a row index below ${rows}`);
      }
      this.order.set(order);
    }
    this.header.setInt32(header.order, order ? this.layout.order : this.layout.identityOrder, true);
    const lossSum = this.kernels.trainEpoch(this.layout.plan);
    return lossSum / (rows * this.options.network.sizes.at(-1)!);
  }

  /** Copies a matrix into a buffer of rows padded to a multiple of 4 floats. */
  private writeRows(matrix: Matrix, at: number): void {
    const stride = padTo4(matrix.cols);
    for (let r = 0; r < matrix.rows; r++) {
      for (let c = 0; c < matrix.cols; c++) this.floats[at / 4 + r * stride + c] = matrix.data[r * matrix.cols + c];
    }
  }
}
