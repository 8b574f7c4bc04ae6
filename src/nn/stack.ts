import type { EngineKind } from './engine.js';
import type { NetworkSpec } from './network.js';
import type { OptimizerSpec, OptimizerState } from './optimizers.js';

export interface StackOptions {
  /** Layer widths and activations; the spec's loss is not used (the caller computes the loss). */
  network: NetworkSpec;
  optimizer: OptimizerSpec;
  /** Most rows in one forward pass; workspaces are sized for it once. */
  batchSize: number;
  /**
   * Whether backward computes dLoss/dInputs (default true). A stack whose inputs are data, such as
   * the VAE's encoder, opts out: its backward pass skips the first layer's input product.
   */
  inputGradient?: boolean;
}

/**
 * A network trained one batch at a time by a caller that computes its own loss: the building block
 * of models whose loss is more than a function of one network's output, such as the VAE's
 * encoder and decoder. Both engine tiers implement it. Returned arrays are views into workspaces,
 * valid until the next call.
 */
export interface LayerStack {
  readonly kind: EngineKind;
  readonly options: StackOptions;
  /** Threads that run it: 1, or the wasm stack's team when its wide layers are split over kernel threads. */
  readonly threads: number;
  learningRate: number;
  getParameters(): Float64Array;
  setParameters(params: Float64Array): void;
  /** Runs `rows` rows (row-major, rows x inputs) forward; returns the outputs (rows x outputs). */
  forward(inputs: Float64Array, rows: number): Float64Array;
  /**
   * Backpropagates dLoss/dz, the gradient with respect to the last layer's pre-activation, for the
   * rows of the last forward pass (rows x outputs). Stores the parameter gradients and returns
   * dLoss/dInputs (rows x inputs), or an empty array when the stack opted out of it.
   */
  backward(outputDelta: Float64Array): Float64Array;
  /**
   * backward() from the binary cross-entropy of the last forward pass's outputs, taken as logits
   * (the last layer's activation must be identity), against `targets` (rows x outputs, in [0, 1]),
   * summed over the outputs and averaged over the rows (dLoss/dz = (sigmoid(z) - t) / rows).
   * Returns the summed loss of the rows and dLoss/dInputs (as backward does).
   */
  backwardBce(targets: Float64Array): { loss: number; inputGradient: Float64Array };
  /** One optimizer step with the stored gradients. */
  step(): void;
  /** A copy of the optimizer's state: its step count and slots (float32 values as float64 in the wasm stack). */
  getOptimizerState(): OptimizerState;
  /** Restores a state of getOptimizerState's form; checks slot names, lengths and step first. */
  setOptimizerState(state: OptimizerState): void;
}
