import type { Matrix } from '../tensor/matrix.js';
import { affine, multiplyTransposedWeights, weightGradients } from '../tensor/kernels.js';
import { activation, type Activation } from './activations.js';
import type { EngineOptions, TrainingEngine } from './engine.js';
import { loss, type Loss } from './losses.js';
import { layerLayouts, parameterCount, type LayerLayout } from './network.js';
import { createOptimizer, type Optimizer } from './optimizers.js';
import { checkData, checkEngineOptions } from './engine-checks.js';

/** The float64 TypeScript engine: the reference for correctness and for gradient checks. */
export class ReferenceEngine implements TrainingEngine {
  readonly kind = 'reference' as const;
  readonly options: EngineOptions;
  private readonly layouts: LayerLayout[];
  private readonly layerActivations: Activation[];
  private readonly lossFunction: Loss;
  private readonly optimizer: Optimizer;
  private readonly params: Float64Array;
  private readonly grads: Float64Array;
  /** activations[l]: batch rows of layer l's output (activations[0] holds the inputs). */
  private readonly activations: Float64Array[];
  /** deltas[l]: dLoss/dz of layer l's pre-activation, for the batch. */
  private readonly deltas: Float64Array[];
  private readonly outputLogits: Float64Array;
  private readonly batchTargets: Float64Array;
  private readonly inputs: Float64Array;
  private readonly targets: Float64Array;

  constructor(options: EngineOptions) {
    checkEngineOptions(options);
    this.options = options;
    const { network, batchSize, rows } = options;
    this.layouts = layerLayouts(network);
    this.layerActivations = network.activations.map(activation);
    this.lossFunction = loss(network.loss);
    const count = parameterCount(network);
    this.optimizer = createOptimizer(options.optimizer, count);
    this.params = new Float64Array(count);
    this.grads = new Float64Array(count);
    this.activations = network.sizes.map((size) => new Float64Array(batchSize * size));
    this.deltas = this.layouts.map((layer) => new Float64Array(batchSize * layer.outputs));
    const outputs = network.sizes.at(-1)!;
    this.outputLogits = new Float64Array(batchSize * outputs);
    this.batchTargets = new Float64Array(batchSize * outputs);
    this.inputs = new Float64Array(rows * network.sizes[0]);
    this.targets = new Float64Array(rows * outputs);
  }

  get learningRate(): number {
    return this.optimizer.learningRate;
  }

  set learningRate(lr: number) {
    this.optimizer.learningRate = lr;
  }

  getParameters(): Float64Array {
    return this.params.slice();
  }

  setParameters(params: Float64Array): void {
    if (params.length !== this.params.length) {
      throw new RangeError(`the network has ${this.params.length} parameters, got ${params.length}`);
    }
    this.params.set(params);
  }

  setData(inputs: Matrix, targets: Matrix): void {
    checkData(this.options, inputs, targets);
    this.inputs.set(inputs.data);
    this.targets.set(targets.data);
  }

  trainEpoch(order: Uint32Array | null): number {
    const { rows, batchSize } = this.options;
    let lossSum = 0;
    for (let start = 0; start < rows; start += batchSize) {
      const count = Math.min(batchSize, rows - start);
      this.gatherBatch(order, start, count);
      lossSum += this.computeGradient(count);
      this.optimizer.step(this.params, this.grads);
    }
    return lossSum / (rows * this.options.network.sizes.at(-1)!);
  }

  /**
   * The mean loss and its gradient for the given parameters on the given rows, computed in one
   * batch without changing the engine's parameters: what gradient checks compare against.
   */
  lossAndGradient(params: Float64Array, inputs: Matrix, targets: Matrix): { loss: number; gradient: Float64Array } {
    if (inputs.rows > this.options.batchSize) throw new RangeError(`at most ${this.options.batchSize} rows, got ${inputs.rows}`);
    const saved = this.params.slice();
    this.params.set(params);
    this.activations[0].set(inputs.data);
    this.batchTargets.set(targets.data);
    const lossSum = this.computeGradient(inputs.rows);
    this.params.set(saved);
    return { loss: lossSum / targets.data.length, gradient: this.grads.slice() };
  }

  private gatherBatch(order: Uint32Array | null, start: number, count: number): void {
    const inputWidth = this.options.network.sizes[0];
    const outputWidth = this.options.network.sizes.at(-1)!;
    for (let r = 0; r < count; r++) {
      const row = order ? order[start + r] : start + r;
      this.activations[0].set(this.inputs.subarray(row * inputWidth, (row + 1) * inputWidth), r * inputWidth);
      this.batchTargets.set(this.targets.subarray(row * outputWidth, (row + 1) * outputWidth), r * outputWidth);
    }
  }

  /** Forward and backward over `count` batch rows; fills this.grads and returns the summed loss. */
  private computeGradient(count: number): number {
    const last = this.layouts.length - 1;
    for (let l = 0; l <= last; l++) {
      const layer = this.layouts[l];
      const out = l === last ? this.outputLogits : this.activations[l + 1];
      affine(this.activations[l], this.weights(layer), this.biases(layer), out, count, layer.inputs, layer.outputs);
      const act = this.layerActivations[l];
      const y = this.activations[l + 1];
      for (let i = 0; i < count * layer.outputs; i++) y[i] = act.apply(out[i]);
    }

    const outputActivation = this.options.network.activations[last];
    const size = count * this.layouts[last].outputs;
    const z = this.outputLogits;
    const y = this.activations[last + 1];
    const t = this.batchTargets;
    const outputDelta = this.deltas[last];
    let lossSum = 0;
    for (let i = 0; i < size; i++) {
      lossSum += this.lossFunction.value(z[i], y[i], t[i]);
      outputDelta[i] = this.lossFunction.gradient(z[i], y[i], t[i], outputActivation) / size;
    }

    for (let l = last; l >= 0; l--) {
      const layer = this.layouts[l];
      weightGradients(
        this.activations[l],
        this.deltas[l],
        this.grads.subarray(layer.weights, layer.biases),
        this.grads.subarray(layer.biases, layer.biases + layer.outputs),
        count,
        layer.inputs,
        layer.outputs,
      );
      if (l === 0) break;
      const previous = this.deltas[l - 1];
      multiplyTransposedWeights(this.deltas[l], this.weights(layer), previous, count, layer.inputs, layer.outputs);
      const act = this.layerActivations[l - 1];
      const a = this.activations[l];
      for (let i = 0; i < count * layer.inputs; i++) previous[i] *= act.derivativeFromOutput(a[i]);
    }
    return lossSum;
  }

  private weights(layer: LayerLayout): Float64Array {
    return this.params.subarray(layer.weights, layer.biases);
  }

  private biases(layer: LayerLayout): Float64Array {
    return this.params.subarray(layer.biases, layer.biases + layer.outputs);
  }
}
