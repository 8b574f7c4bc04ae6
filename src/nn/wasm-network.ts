import {
  MAX_MEMORY_BYTES, ensureMemory, instantiateKernels, kernelBuild, type KernelBuild, instantiateThreadedKernels, operations, sharedMemory, threadedKernelsSizes, type WasmKernels,
} from '../tensor/wasm/loader.js';
import {
  activationCodes, header, lossCodes, mlpLayout, optimizerCodes, readParameters, writeParameters, writePlan, type MlpLayout,
} from '../tensor/wasm/mlp-layout.js';
import { chooseKernels, type WasmTuning } from './kernel-choice.js';
import type { KernelThreads } from './kernel-threads.js';
import { parameterCount, type NetworkSpec } from './network.js';
import { checkOptimizerState, optimizerSettings, type OptimizerName, type OptimizerSpec, type OptimizerState } from './optimizers.js';

export interface WasmNetworkOptions {
  network: NetworkSpec;
  optimizer: OptimizerSpec;
  batchSize: number;
  /** Rows of the data set the kernels hold (0 when batches come from the caller). */
  rows: number;
  /** Room for dLoss/dInputs of a batch. */
  withInputGradient: boolean;
  tuning?: WasmTuning;
}

export type Operation = keyof typeof operations;

/**
 * The optimizer slots the kernels keep in the state1 and state2 regions (assembly/optimizers.ts),
 * named as the reference optimizers name them.
 */
const stateRegions: Record<OptimizerName, readonly string[]> = { gd: [], momentum: ['velocity'], adam: ['m', 'v'], rmsprop: ['meanSquare'] };

let nextKey = 1;
/** Tells the helpers to drop a network's instance once the network is garbage. */
const releases = new FinalizationRegistry<{ helpers: KernelThreads; key: number }>(({ helpers, key }) => helpers.release(key));

/**
 * One network's parameters, optimizer state and workspaces in wasm memory, with the kernels that
 * train it (and their helper threads when its layers are wide): what the wasm engine and the wasm
 * layer stack share. Options are checked by the caller.
 */
export class WasmNetwork {
  readonly kernels: WasmKernels;
  readonly layout: MlpLayout;
  readonly floats: Float32Array;
  /** The plan header (byte offsets of mlp-layout's `header`). */
  readonly header: DataView;
  /** Threads that run each operation (1 unless a layer is split over helpers). */
  readonly threads: number;
  /** The build of the kernels it runs. */
  readonly build: KernelBuild;
  private readonly sizes: number[];
  private readonly parameters: number;
  /** The optimizer's slots, in the order of the state1 and state2 regions. */
  private readonly slotNames: readonly string[];
  private readonly helpers: KernelThreads | null;
  private readonly memory: WebAssembly.Memory;
  private readonly key = nextKey++;
  private lr: number;

  constructor(options: WasmNetworkOptions) {
    const { network, batchSize, rows } = options;
    const settings = optimizerSettings(options.optimizer);
    const choice = chooseKernels(network.sizes, batchSize, options.tuning);
    const threaded = choice.helpers !== null;
    this.build = options.tuning?.build ?? kernelBuild();
    const layoutOf = (base: number, packBufferBytes: (floats: number) => number): MlpLayout => {
      const layout = mlpLayout(network.sizes, batchSize, rows, base, { ...choice, withInputGradient: options.withInputGradient, packBufferBytes });
      if (layout.end > MAX_MEMORY_BYTES) {
        const mb = (bytes: number) => Math.ceil(bytes / 2 ** 20);
        throw new RangeError(`the network, its workspaces and ${rows} rows of data need ${mb(layout.end)} MB, more than the ${mb(MAX_MEMORY_BYTES)} MB wasm memory holds: use fewer rows`);
      }
      return layout;
    };
    if (threaded) {
      const sizes = threadedKernelsSizes(this.build);
      this.layout = layoutOf(sizes.heapBase(), sizes.packBufferBytes);
      this.memory = sharedMemory(this.layout.end);
      this.kernels = instantiateThreadedKernels(this.memory, this.build);
      releases.register(this, { helpers: choice.helpers!, key: this.key });
    } else {
      const { kernels, memory } = instantiateKernels(this.build);
      this.kernels = kernels;
      this.memory = memory;
      this.layout = layoutOf(kernels.heapBase(), kernels.packBufferBytes);
      ensureMemory(memory, this.layout.end);
    }
    writePlan(this.memory, this.layout, {
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
    this.floats = new Float32Array(this.memory.buffer);
    this.header = new DataView(this.memory.buffer, this.layout.plan, header.layerTable);
    this.threads = choice.threads;
    this.helpers = choice.helpers;
    this.sizes = network.sizes;
    this.parameters = parameterCount(network);
    this.slotNames = stateRegions[settings.name];
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
  }

  /**
   * The optimizer's state: the plan header's step count (steps taken, counted for every optimizer;
   * the next step is Adam's t = step + 1) and the slots in the state regions, float32 values as float64.
   */
  getOptimizerState(): OptimizerState {
    const slots: Record<string, Float64Array> = {};
    this.slotNames.forEach((name, i) => {
      slots[name] = readParameters(this.floats, this.layout, this.sizes, this.stateRegion(i));
    });
    return { step: this.header.getFloat64(header.step, true), slots };
  }

  /** Restores a state of getOptimizerState's form (the slots rounded to float32); checks it first. */
  setOptimizerState(state: OptimizerState): void {
    checkOptimizerState(state, this.slotNames, this.parameters);
    this.slotNames.forEach((name, i) => {
      writeParameters(this.floats, this.layout, this.sizes, state.slots[name], this.stateRegion(i));
    });
    this.header.setFloat64(header.step, state.step, true);
  }

  /** Runs an operation on every thread of the team; returns the summed element loss of an epoch. */
  run(op: Operation, rows = 0): number {
    const { plan } = this.layout;
    const code = operations[op];
    this.helpers?.start({ key: this.key, build: this.build, memory: this.memory, op: code, plan, rows, threads: this.threads });
    const result = this.kernels.run(code, plan, rows, 0, this.threads);
    if (this.header.getInt32(header.aborted, true)) {
      throw new Error(`a kernel thread failed, so the network's state is lost: ${this.helpers?.failure ?? 'no message yet'}`);
    }
    return result;
  }

  /** Where slot i of the optimizer lives: state1, then state2. */
  private stateRegion(i: number): number {
    return i === 0 ? this.layout.state1 : this.layout.state2;
  }
}
