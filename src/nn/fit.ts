import type { Matrix } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import type { EngineOptions, TrainingEngine } from './engine.js';

/** What the loop drives: a TrainingEngine, or any trainer with its epoch interface (the VAE's, src/models/vae-trainer.ts). */
export type EpochTrainer = Pick<TrainingEngine, 'learningRate' | 'setData' | 'trainEpoch'> & {
  readonly options: Pick<EngineOptions, 'rows' | 'batchSize'>;
};

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
   * Corrupts the inputs before an epoch (1-based `epoch`, for noise that changes over training):
   * writes a noisy copy of `clean` into `noisy`. The targets stay clean. This is all a denoising
   * autoencoder adds to the training loop.
   */
  corrupt?: (clean: Matrix, noisy: Matrix, rng: Rng, epoch: number) => void;
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

/**
 * The training loop shared by every model and both engines. It can train in slices: run(n) trains up
 * to n more epochs and a later run() goes on exactly where it stopped (same shuffles, same noise, same
 * optimizer state), so a caller can do other work between slices (the explorer's worker answers its
 * messages). fit() is one run to the end.
 */
export class Fitting {
  private readonly order: Uint32Array | null;
  private readonly noisy: Matrix | null;
  private readonly losses: Float64Array;
  private done = 0;
  private stoppedEarly = false;

  constructor(
    private readonly engine: EpochTrainer,
    private readonly inputs: Matrix,
    private readonly targets: Matrix,
    private readonly options: FitOptions,
  ) {
    const { epochs, corrupt } = options;
    if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs must be a positive integer, got ${epochs}`);
    const { rows, batchSize } = engine.options;
    this.order = batchSize < rows ? Uint32Array.from({ length: rows }, (_, i) => i) : null;
    this.noisy = corrupt ? inputs.clone() : null;
    this.losses = new Float64Array(epochs);
    engine.setData(inputs, targets);
  }

  /** Epochs trained so far. */
  get epochsDone(): number {
    return this.done;
  }

  /** True once every epoch is trained or onEpoch asked to stop. */
  get finished(): boolean {
    return this.stoppedEarly || this.done === this.options.epochs;
  }

  /** Trains up to `count` more epochs (all that are left by default); returns how many it trained. */
  run(count = Infinity): number {
    const { engine, inputs, targets, noisy, order } = this;
    const { epochs, rng, corrupt, learningRate, onEpoch } = this.options;
    const last = Math.min(epochs, this.done + count);
    const first = this.done;
    while (!this.stoppedEarly && this.done < last) {
      const epoch = this.done + 1;
      if (noisy && corrupt) {
        corrupt(inputs, noisy, rng, epoch);
        engine.setData(noisy, targets);
      }
      if (learningRate) engine.learningRate = learningRate(epoch);
      if (order) rng.shuffle(order);
      const loss = engine.trainEpoch(order);
      if (!Number.isFinite(loss)) throw new DivergenceError(epoch, loss);
      this.losses[epoch - 1] = loss;
      this.done = epoch;
      if (onEpoch?.({ epoch, loss })) this.stoppedEarly = true;
    }
    return this.done - first;
  }

  result(): FitResult {
    const losses = this.done === this.losses.length ? this.losses : this.losses.slice(0, this.done);
    return { epochs: this.done, losses, stoppedEarly: this.stoppedEarly };
  }
}

/** Trains every epoch (or until onEpoch asks to stop). */
export function fit(engine: EpochTrainer, inputs: Matrix, targets: Matrix, options: FitOptions): FitResult {
  const fitting = new Fitting(engine, inputs, targets, options);
  fitting.run();
  return fitting.result();
}
