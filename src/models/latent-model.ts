import type { Matrix } from '../tensor/matrix.js';
import type { NoiseState } from '../data/noise.js';
import type { FitResult, Fitting, FittingState } from '../nn/fit.js';

/**
 * What every kind of model is to the rest of latentlab: it maps images to codes of its latent
 * space and codes back to images. A VAE's code of an image is the mean of q(z|x).
 */
export interface LatentModel {
  readonly inputSize: number;
  /** Width of the code. */
  readonly latent: number;
  encode(inputs: Matrix): Matrix;
  decode(codes: Matrix): Matrix;
  reconstruct(inputs: Matrix): Matrix;
}

/** The loss terms a kind records beside the loss, per epoch (a VAE's reconstruction and KL). */
export type LossTerms = Record<string, Float64Array>;

/** Everything needed to continue a training bit for bit: the loop's state, the recorded loss terms and a denoising run's noise state. */
export interface TrainingState extends FittingState {
  terms: LossTerms;
  noise?: NoiseState;
}

/**
 * A model's training in progress, trained in slices: run(n) trains up to n more epochs and leaves
 * the model holding the parameters trained so far; state() is what a checkpoint saves.
 */
export interface ModelFitting {
  run(count?: number): number;
  /** True once every epoch is trained or the stop rule said stop. */
  readonly finished: boolean;
  readonly epochsDone: number;
  /** Threads the training runs on (kernel threads split wide layers; see src/nn/kernel-choice.ts). */
  readonly threads: number;
  result(): FitResult & { terms: LossTerms };
  state(): TrainingState;
}

/**
 * A training loop seen as a ModelFitting: each run ends with `copyToModel` (the model then holds
 * the parameters trained so far); `terms` are the kind's recorded loss terms and `extraState`
 * whatever else its checkpoint needs (a denoising run's noise state).
 */
export function modelFitting(
  fitting: Fitting,
  threads: number,
  copyToModel: () => void,
  terms: () => LossTerms,
  extraState: () => Partial<TrainingState> = () => ({}),
): ModelFitting {
  return {
    run: (count) => {
      const trained = fitting.run(count);
      copyToModel();
      return trained;
    },
    get finished() {
      return fitting.finished;
    },
    threads,
    get epochsDone() {
      return fitting.epochsDone;
    },
    result: () => ({ ...fitting.result(), terms: terms() }),
    state: () => ({ ...fitting.state(), terms: terms(), ...extraState() }),
  };
}

/** A model file's model and training state, to continue from. */
export interface SavedTraining<Model extends LatentModel> {
  model: Model;
  state: TrainingState;
}
