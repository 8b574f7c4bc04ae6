import type { Matrix } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import type { TrainingEngine } from './engine.js';

export interface EpochReport {
  /** 1-based epoch number. */
  epoch: number;
  /** Mean loss per element over the epoch. */
  loss: number;
}

export interface FitOptions {
  epochs: number;
  /** Shuffles the row order of every epoch (when batches are smaller than the data set) and draws noise. */
  rng: Rng;
  /**
   * Corrupts the inputs before an epoch: writes a noisy copy of `clean` into `noisy`. The targets
   * stay clean. This is all a denoising autoencoder adds to the training loop.
   */
  corrupt?: (clean: Matrix, noisy: Matrix, rng: Rng) => void;
  /** The learning rate of an epoch (a schedule); the optimizer's own rate when absent. */
  learningRate?: (epoch: number) => number;
  /** Called after every epoch; return true to stop training early. */
  onEpoch?: (report: EpochReport) => boolean | void;
}

export interface FitResult {
  epochs: number;
  losses: Float64Array;
  stoppedEarly: boolean;
}

/** Raised when the loss becomes NaN or infinite. */
export class DivergenceError extends Error {
  constructor(readonly epoch: number, readonly loss: number) {
    super(`training diverged at epoch ${epoch} (loss ${loss}); try a smaller learning rate`);
    this.name = 'DivergenceError';
  }
}

/** The training loop shared by every model and both engines. */
export function fit(engine: TrainingEngine, inputs: Matrix, targets: Matrix, options: FitOptions): FitResult {
  const { epochs, rng, corrupt, learningRate, onEpoch } = options;
  if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs must be a positive integer, got ${epochs}`);
  const { rows, batchSize } = engine.options;
  const order = batchSize < rows ? Uint32Array.from({ length: rows }, (_, i) => i) : null;
  const noisy = corrupt ? inputs.clone() : null;
  const losses = new Float64Array(epochs);
  engine.setData(inputs, targets);
  for (let epoch = 1; epoch <= epochs; epoch++) {
    if (noisy && corrupt) {
      corrupt(inputs, noisy, rng);
      engine.setData(noisy, targets);
    }
    if (learningRate) engine.learningRate = learningRate(epoch);
    if (order) rng.shuffle(order);
    const loss = engine.trainEpoch(order);
    if (!Number.isFinite(loss)) throw new DivergenceError(epoch, loss);
    losses[epoch - 1] = loss;
    if (onEpoch?.({ epoch, loss })) return { epochs: epoch, losses: losses.slice(0, epoch), stoppedEarly: true };
  }
  return { epochs, losses, stoppedEarly: false };
}
