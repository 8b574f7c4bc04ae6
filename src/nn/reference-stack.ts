import { affine, multiplyTransposedWeights, weightGradients } from '../tensor/kernels.js';
import { activation, type Activation } from './activations.js';
import { checkNetwork, layerLayouts, parameterCount, type LayerLayout } from './network.js';
import { createOptimizer, type Optimizer, type OptimizerState } from './optimizers.js';
import { bceFromLogits } from './losses.js';
import type { LayerStack, StackOptions } from './stack.js';
import { checkBceTargets } from './stack-checks.js';

/** The float64 TypeScript layer stack: forward and backward passes over preallocated workspaces. */
export class ReferenceStack implements LayerStack {
  readonly kind = 'reference' as const;
  readonly threads = 1;
  readonly options: StackOptions;
  /** The last forward pass's pre-activations of the output layer (rows x outputs). */
  readonly logits: Float64Array;
  private readonly layouts: LayerLayout[];
  private readonly layerActivations: Activation[];
  private readonly optimizer: Optimizer;
  private readonly params: Float64Array;
  private readonly grads: Float64Array;
  /** activations[l]: batch rows of layer l's output (activations[0] holds the inputs). */
  private readonly activations: Float64Array[];
  /** deltas[l]: dLoss/dz of layer l's pre-activation, for the batch. */
  private readonly deltas: Float64Array[];
  private readonly inputGradient: Float64Array;
  private rows = 0;

  constructor(options: StackOptions) {
    checkNetwork(options.network);
    if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
      throw new RangeError(`batch size must be a positive integer, got ${options.batchSize}`);
    }
    this.options = options;
    const { network, batchSize } = options;
    this.layouts = layerLayouts(network);
    this.layerActivations = network.activations.map(activation);
    const count = parameterCount(network);
    this.optimizer = createOptimizer(options.optimizer, count);
    this.params = new Float64Array(count);
    this.grads = new Float64Array(count);
    this.activations = network.sizes.map((size) => new Float64Array(batchSize * size));
    this.deltas = this.layouts.map((layer) => new Float64Array(batchSize * layer.outputs));
    this.logits = new Float64Array(batchSize * network.sizes.at(-1)!);
    this.inputGradient = new Float64Array(batchSize * network.sizes[0]);
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

  /** The gradient of the last backward pass (a view). */
  get gradient(): Float64Array {
    return this.grads;
  }

  forward(inputs: Float64Array, rows: number): Float64Array {
    const { batchSize, network } = this.options;
    if (!Number.isInteger(rows) || rows < 1 || rows > batchSize) throw new RangeError(`rows must be 1..${batchSize}, got ${rows}`);
    if (inputs.length < rows * network.sizes[0]) throw new RangeError(`${rows} rows need ${rows * network.sizes[0]} inputs, got ${inputs.length}`);
    this.rows = rows;
    this.activations[0].set(inputs.subarray(0, rows * network.sizes[0]));
    const last = this.layouts.length - 1;
    for (let l = 0; l <= last; l++) {
      const layer = this.layouts[l];
      const z = l === last ? this.logits : this.activations[l + 1];
      affine(this.activations[l], this.weights(layer), this.biases(layer), z, rows, layer.inputs, layer.outputs);
      const act = this.layerActivations[l];
      const y = this.activations[l + 1];
      for (let i = 0; i < rows * layer.outputs; i++) y[i] = act.apply(z[i]);
    }
    return this.activations[last + 1].subarray(0, rows * network.sizes.at(-1)!);
  }

  backward(outputDelta: Float64Array): Float64Array {
    const withInputGradient = this.options.inputGradient !== false;
    this.backpropagate(outputDelta, withInputGradient);
    return this.inputGradient.subarray(0, withInputGradient ? this.rows * this.options.network.sizes[0] : 0);
  }

  backwardBce(targets: Float64Array): { loss: number; inputGradient: Float64Array } {
    checkBceTargets(this.options, targets, this.rows);
    const delta = this.deltas[this.layouts.length - 1];
    const loss = bceFromLogits(this.logits, targets, delta, this.rows * this.options.network.sizes.at(-1)!, 1 / this.rows);
    return { loss, inputGradient: this.backward(delta) };
  }

  /** Parameter gradients from dLoss/dz of the output layer; dLoss/dInputs too when asked. */
  backpropagate(outputDelta: Float64Array, withInputGradient: boolean): void {
    const last = this.layouts.length - 1;
    const rows = this.rows;
    if (outputDelta.length < rows * this.layouts[last].outputs) {
      throw new RangeError(`the output delta needs ${rows * this.layouts[last].outputs} values, got ${outputDelta.length}`);
    }
    this.deltas[last].set(outputDelta.subarray(0, rows * this.layouts[last].outputs));
    for (let l = last; l >= 0; l--) {
      const layer = this.layouts[l];
      weightGradients(
        this.activations[l],
        this.deltas[l],
        this.grads.subarray(layer.weights, layer.biases),
        this.grads.subarray(layer.biases, layer.biases + layer.outputs),
        rows,
        layer.inputs,
        layer.outputs,
      );
      if (l === 0) {
        if (withInputGradient) multiplyTransposedWeights(this.deltas[0], this.weights(layer), this.inputGradient, rows, layer.inputs, layer.outputs);
        break;
      }
      const previous = this.deltas[l - 1];
      multiplyTransposedWeights(this.deltas[l], this.weights(layer), previous, rows, layer.inputs, layer.outputs);
      const act = this.layerActivations[l - 1];
      const a = this.activations[l];
      for (let i = 0; i < rows * layer.inputs; i++) previous[i] *= act.derivativeFromOutput(a[i]);
    }
  }

  step(): void {
    this.optimizer.step(this.params, this.grads);
  }

  getOptimizerState(): OptimizerState {
    return this.optimizer.getState();
  }

  setOptimizerState(state: OptimizerState): void {
    this.optimizer.setState(state);
  }

  private weights(layer: LayerLayout): Float64Array {
    return this.params.subarray(layer.weights, layer.biases);
  }

  private biases(layer: LayerLayout): Float64Array {
    return this.params.subarray(layer.biases, layer.biases + layer.outputs);
  }
}
