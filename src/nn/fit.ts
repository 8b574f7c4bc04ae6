import type { Matrix } from '../tensor/matrix.js';
import { checkRngState, type Rng, type RngState } from '../tensor/rng.js';
import type { EngineOptions } from './engine.js';
import type { OptimizerState } from './optimizers.js';

/**
 * What the loop drives: a TrainingEngine (which ignores the epoch number), or any trainer with
 * this epoch interface (the VAE's, src/models/vae/trainer.ts).
 */
export interface EpochTrainer {
  readonly options: Pick<EngineOptions, 'rows' | 'batchSize'>;
  learningRate: number;
  setData(inputs: Matrix, targets: Matrix): void;
  /** Trains epoch number `epoch` (1-based) over the rows in `order` (null: 0..rows-1); returns its mean loss. */
  trainEpoch(order: Uint32Array | null, epoch: number): number;
  /** Copies of the optimizer states, one per network the trainer trains. */
  getOptimizerStates(): OptimizerState[];
  setOptimizerStates(states: OptimizerState[]): void;
}

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
  /**
   * A saved state (Fitting.state()) to go on from, restored before the first epoch: epochs done,
   * losses, row order, the rng's state and the trainer's optimizer states. The trainer must hold the
   * parameters saved with it. `epochs` may be more than the saved run's (it is extended), not fewer
   * than its epochs done.
   */
  resume?: FittingState;
}

/** Everything the loop carries from one epoch to the next, to save and resume a run bit for bit. */
export interface FittingState {
  epochsDone: number;
  stoppedEarly: boolean;
  /** The mean loss of every epoch done (length epochsDone). */
  losses: Float64Array;
  /** The row permutation of the last epoch (each epoch shuffles it in place); null with full batches. */
  order: Uint32Array | null;
  rng: RngState;
  /** The trainer's optimizer states, one per network. */
  optimizers: OptimizerState[];
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
    const { epochs, corrupt, resume } = options;
    if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`epochs must be a positive integer, got ${epochs}`);
    const { rows, batchSize } = engine.options;
    this.order = batchSize < rows ? Uint32Array.from({ length: rows }, (_, i) => i) : null;
    this.noisy = corrupt ? inputs.clone() : null;
    this.losses = new Float64Array(epochs);
    engine.setData(inputs, targets);
    if (resume) this.restore(resume);
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
      const loss = engine.trainEpoch(order, epoch);
      if (!Number.isFinite(loss)) throw new DivergenceError(epoch, loss);
      this.losses[epoch - 1] = loss;
      this.done = epoch;
      if (onEpoch?.({ epoch, loss })) this.stoppedEarly = true;
    }
    return this.done - first;
  }

  /** A copy of the loop's state, to resume from later (FitOptions.resume). */
  state(): FittingState {
    return {
      epochsDone: this.done,
      stoppedEarly: this.stoppedEarly,
      losses: this.losses.slice(0, this.done),
      order: this.order ? this.order.slice() : null,
      rng: this.options.rng.getState(),
      optimizers: this.engine.getOptimizerStates(),
    };
  }

  result(): FitResult {
    const losses = this.done === this.losses.length ? this.losses : this.losses.slice(0, this.done);
    return { epochs: this.done, losses, stoppedEarly: this.stoppedEarly };
  }

  /** Checks a saved state against this loop (epochs, rows), then restores it here, into the trainer and into the rng. */
  private restore(state: FittingState): void {
    const { epochs, rng } = this.options;
    const { epochsDone, stoppedEarly, losses, order } = state;
    if (!Number.isInteger(epochsDone) || epochsDone < 0) throw new RangeError(`resume.epochsDone must be a whole number >= 0, got ${epochsDone}`);
    if (epochsDone > epochs) throw new RangeError(`resume.epochsDone is ${epochsDone}, more than the ${epochs} epochs asked for: ask for at least ${epochsDone}`);
    if (typeof stoppedEarly !== 'boolean') throw new RangeError(`resume.stoppedEarly must be true or false, got ${stoppedEarly}`);
    if (!(losses instanceof Float64Array) || losses.length !== epochsDone) {
      throw new RangeError(`resume.losses must be a Float64Array of ${epochsDone} losses (one per epoch done), got ${describeLength(losses)}`);
    }
    checkOrder(order, this.order?.length ?? null);
    checkRngState(state.rng);
    this.engine.setOptimizerStates(state.optimizers);
    rng.setState(state.rng);
    this.losses.set(losses);
    if (this.order && order) this.order.set(order);
    this.done = epochsDone;
    this.stoppedEarly = stoppedEarly;
  }
}

/** Checks a saved row order: null with full batches, else a Uint32Array permutation of the `rows` rows. */
function checkOrder(order: Uint32Array | null, rows: number | null): void {
  if (rows === null) {
    if (order !== null) throw new RangeError('resume.order must be null: batches hold every row, so rows are not shuffled');
    return;
  }
  if (!(order instanceof Uint32Array) || order.length !== rows) {
    throw new RangeError(`resume.order must be a Uint32Array of ${rows} row indices, got ${describeLength(order)}`);
  }
  const seen = new Uint8Array(rows);
  for (let i = 0; i < rows; i++) {
    if (order[i] >= rows || seen[order[i]]) throw new RangeError(`resume.order must be a permutation of 0..${rows - 1}; order[${i}] = ${order[i]} is out of range or repeated`);
    seen[order[i]] = 1;
  }
}

/** What a value that should have been a typed array is, for error messages. */
function describeLength(value: unknown): string {
  if (value instanceof Float64Array || value instanceof Uint32Array) return `${value.length} values`;
  return value === null ? 'null' : Array.isArray(value) ? `a plain array of ${value.length}` : typeof value;
}

/** Trains every epoch (or until onEpoch asks to stop). */
export function fit(engine: EpochTrainer, inputs: Matrix, targets: Matrix, options: FitOptions): FitResult {
  const fitting = new Fitting(engine, inputs, targets, options);
  fitting.run();
  return fitting.result();
}
