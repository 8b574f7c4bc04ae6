import type { Matrix } from '../tensor/matrix.js';
import type { EngineOptions, TrainingEngine } from './engine.js';
import { checkData, checkEngineOptions, onlyOptimizerState } from './engine-checks.js';
import { loss, type Loss } from './losses.js';
import type { OptimizerState } from './optimizers.js';
import { ReferenceStack } from './reference-stack.js';

/** The float64 TypeScript engine: the reference for correctness and for gradient checks. */
export class ReferenceEngine implements TrainingEngine {
  readonly kind = 'reference' as const;
  readonly threads = 1;
  readonly options: EngineOptions;
  private readonly stack: ReferenceStack;
  private readonly lossFunction: Loss;
  private readonly batchInputs: Float64Array;
  private readonly batchTargets: Float64Array;
  private readonly outputDelta: Float64Array;
  private readonly inputs: Float64Array;
  private readonly targets: Float64Array;

  constructor(options: EngineOptions) {
    checkEngineOptions(options);
    this.options = options;
    const { network, batchSize, rows } = options;
    this.stack = new ReferenceStack({ network, optimizer: options.optimizer, batchSize });
    this.lossFunction = loss(network.loss);
    const outputs = network.sizes.at(-1)!;
    this.batchInputs = new Float64Array(batchSize * network.sizes[0]);
    this.batchTargets = new Float64Array(batchSize * outputs);
    this.outputDelta = new Float64Array(batchSize * outputs);
    this.inputs = new Float64Array(rows * network.sizes[0]);
    this.targets = new Float64Array(rows * outputs);
  }

  get learningRate(): number {
    return this.stack.learningRate;
  }

  set learningRate(lr: number) {
    this.stack.learningRate = lr;
  }

  getParameters(): Float64Array {
    return this.stack.getParameters();
  }

  setParameters(params: Float64Array): void {
    this.stack.setParameters(params);
  }

  getOptimizerState(): OptimizerState {
    return this.stack.getOptimizerState();
  }

  setOptimizerState(state: OptimizerState): void {
    this.stack.setOptimizerState(state);
  }

  getOptimizerStates(): OptimizerState[] {
    return [this.getOptimizerState()];
  }

  setOptimizerStates(states: OptimizerState[]): void {
    this.setOptimizerState(onlyOptimizerState(states));
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
      this.stack.step();
    }
    return lossSum / (rows * this.options.network.sizes.at(-1)!);
  }

  /**
   * The mean loss and its gradient for the given parameters on the given rows, computed in one
   * batch without changing the engine's parameters: what gradient checks compare against.
   */
  lossAndGradient(params: Float64Array, inputs: Matrix, targets: Matrix): { loss: number; gradient: Float64Array } {
    if (inputs.rows > this.options.batchSize) throw new RangeError(`at most ${this.options.batchSize} rows, got ${inputs.rows}`);
    const saved = this.stack.getParameters();
    this.stack.setParameters(params);
    this.batchInputs.set(inputs.data);
    this.batchTargets.set(targets.data);
    const lossSum = this.computeGradient(inputs.rows);
    this.stack.setParameters(saved);
    return { loss: lossSum / targets.data.length, gradient: this.stack.gradient.slice() };
  }

  private gatherBatch(order: Uint32Array | null, start: number, count: number): void {
    const inputWidth = this.options.network.sizes[0];
    const outputWidth = this.options.network.sizes.at(-1)!;
    for (let r = 0; r < count; r++) {
      const row = order ? order[start + r] : start + r;
      this.batchInputs.set(this.inputs.subarray(row * inputWidth, (row + 1) * inputWidth), r * inputWidth);
      this.batchTargets.set(this.targets.subarray(row * outputWidth, (row + 1) * outputWidth), r * outputWidth);
    }
  }

  /** Forward, loss and backward over `count` batch rows; returns the summed loss. */
  private computeGradient(count: number): number {
    const y = this.stack.forward(this.batchInputs, count);
    const z = this.stack.logits;
    const t = this.batchTargets;
    const outputActivation = this.options.network.activations.at(-1)!;
    const size = y.length;
    let lossSum = 0;
    for (let i = 0; i < size; i++) {
      lossSum += this.lossFunction.value(z[i], y[i], t[i]);
      this.outputDelta[i] = this.lossFunction.gradient(z[i], y[i], t[i], outputActivation) / size;
    }
    this.stack.backpropagate(this.outputDelta, false);
    return lossSum;
  }
}
