import { ensureMemory, instantiateKernels, type WasmKernels } from '../tensor/wasm/loader.js';
import {
  activationCodes, header, lossCodes, mlpLayout, optimizerCodes, readParameters, writeParameters, writePlan, type MlpLayout,
} from '../tensor/wasm/mlp-layout.js';
import type { NetworkSpec } from './network.js';
import { optimizerSettings, type OptimizerSpec } from './optimizers.js';

export interface WasmNetworkOptions {
  network: NetworkSpec;
  optimizer: OptimizerSpec;
  batchSize: number;
  /** Rows of the data set the kernels hold (0 when batches come from the caller). */
  rows: number;
  /** Room for dLoss/dInputs of a batch. */
  withInputGradient: boolean;
}

/**
 * One network's parameters, optimizer state and workspaces in a wasm kernels instance: what the
 * wasm engine and the wasm layer stack share. Options are checked by the caller.
 */
export class WasmNetwork {
  readonly kernels: WasmKernels;
  readonly layout: MlpLayout;
  readonly floats: Float32Array;
  /** The plan header (byte offsets of mlp-layout's `header`). */
  readonly header: DataView;
  private readonly sizes: number[];
  private lr: number;

  constructor(options: WasmNetworkOptions) {
    const { network, batchSize, rows } = options;
    const settings = optimizerSettings(options.optimizer);
    const { kernels, memory } = instantiateKernels();
    this.kernels = kernels;
    this.layout = mlpLayout(network.sizes, batchSize, rows, kernels.heapBase(), options.withInputGradient);
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
    this.floats = new Float32Array(memory.buffer);
    this.header = new DataView(memory.buffer, this.layout.plan, header.layerTable);
    this.sizes = network.sizes;
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
    return readParameters(this.floats, this.layout, this.sizes);
  }

  setParameters(params: Float64Array): void {
    writeParameters(this.floats, this.layout, this.sizes, params);
    this.kernels.refreshTransposes(this.layout.plan);
  }
}
