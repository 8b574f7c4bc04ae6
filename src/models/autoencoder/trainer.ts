import type { TrainingNoise } from '../../data/noise.js';
import type { Matrix } from '../../tensor/matrix.js';
import type { Rng } from '../../tensor/rng.js';
import { createEngine } from '../../nn/create-engine.js';
import type { EngineKind } from '../../nn/engine.js';
import { Fitting, type EpochReport } from '../../nn/fit.js';
import type { OptimizerSpec } from '../../nn/optimizers.js';
import { modelFitting, type ModelFitting, type TrainingState } from '../latent-model.js';
import type { Autoencoder } from './autoencoder.js';

export interface AutoencoderFitOptions {
  epochs: number;
  /** Rows per optimizer step; the whole data set when absent. */
  batchSize?: number;
  optimizer: OptimizerSpec;
  engine: EngineKind;
  rng: Rng;
  /** A denoising training's noise: the inputs get fresh noise every epoch, the targets stay clean. */
  noise?: TrainingNoise;
  learningRate?: (epoch: number) => number;
  onEpoch?: (report: EpochReport) => void;
  /** Checked every `checkEvery` epochs (default 10) on the model as trained so far; true stops training. */
  stopWhen?: (model: Autoencoder) => boolean;
  checkEvery?: number;
  /** Continue a saved training (the model must hold the parameters saved with it). */
  resume?: TrainingState;
}

/**
 * Trains the autoencoder in place to reproduce `targets` (by default the inputs themselves), in
 * slices: run(n) trains up to n more epochs and leaves the model holding the parameters trained so far.
 */
export function startAutoencoderFit(model: Autoencoder, inputs: Matrix, options: AutoencoderFitOptions, targets: Matrix = inputs): ModelFitting {
  const batchSize = Math.min(options.batchSize ?? inputs.rows, inputs.rows);
  const engine = createEngine(options.engine, { network: model.network, optimizer: options.optimizer, batchSize, rows: inputs.rows });
  engine.setParameters(model.parameters);
  const checkEvery = options.checkEvery ?? 10;
  const { stopWhen, onEpoch, noise, resume } = options;
  if (resume?.noise) {
    if (!noise) throw new RangeError('the saved training has a noise state, but this training has no noise');
    noise.setState(resume.noise);
  }
  const fitting = new Fitting(engine, inputs, targets, {
    epochs: options.epochs,
    rng: options.rng,
    corrupt: noise?.corrupt,
    learningRate: options.learningRate,
    resume,
    onEpoch: (report) => {
      onEpoch?.(report);
      if (!stopWhen || report.epoch % checkEvery !== 0) return false;
      model.parameters.set(engine.getParameters());
      return stopWhen(model);
    },
  });
  return modelFitting(fitting, engine.threads, () => model.parameters.set(engine.getParameters()), () => ({}), () => (noise ? { noise: noise.getState() } : {}));
}

/** Trains every epoch (or until stopWhen says stop). */
export function fitAutoencoder(model: Autoencoder, inputs: Matrix, options: AutoencoderFitOptions, targets: Matrix = inputs): ReturnType<ModelFitting['result']> {
  const fitting = startAutoencoderFit(model, inputs, options, targets);
  fitting.run();
  return fitting.result();
}
