import type { Dataset } from '../../data/dataset.js';
import { repeatRows, scheduledCorruption } from '../../data/noise.js';
import { wrongPixelsPerRow } from '../../eval/pixels.js';
import { Autoencoder } from '../../models/autoencoder/autoencoder.js';
import { startAutoencoderFit } from '../../models/autoencoder/trainer.js';
import type { ModelFitting, SavedTraining } from '../../models/latent-model.js';
import type { EpochReport } from '../../nn/fit.js';
import { learningRateSchedule } from '../../nn/lr-schedules.js';
import { Rng } from '../../tensor/rng.js';
import type { AutoencoderRunSpec } from './spec.js';

/**
 * Sets up an autoencoder's training as the spec says, fresh or continuing a saved one: one Rng from
 * the seed draws the weights, then the shuffles and the noise; a denoising spec trains on `copies`
 * noisy copies of every image per epoch with the clean images as targets; the learning-rate
 * schedule and the wrong-pixel stop rule.
 */
export function startAutoencoderTraining(
  spec: AutoencoderRunSpec,
  dataset: Dataset,
  onEpoch?: (report: EpochReport) => void,
  saved?: SavedTraining<Autoencoder>,
): { model: Autoencoder; fitting: ModelFitting } {
  const { training, noise } = spec;
  const inputs = dataset.inputs;
  const rng = new Rng(training.seed);
  const model = saved?.model ?? Autoencoder.create(spec.model, inputs.cols, rng);
  const limit = training.stopAtWrongPixels;
  const clean = noise ? repeatRows(inputs, noise.copies ?? 1) : inputs;
  const fitting = startAutoencoderFit(
    model,
    clean,
    {
      epochs: training.epochs,
      batchSize: training.batchSize,
      optimizer: training.optimizer,
      engine: training.engine,
      rng,
      noise: noise && scheduledCorruption(noise, noise.curriculum),
      learningRate: training.lrSchedule && learningRateSchedule(training.lrSchedule, training.optimizer.lr, training.epochs),
      onEpoch,
      stopWhen: limit === undefined ? undefined : (m) => Math.max(...wrongPixelsPerRow(m.reconstruct(inputs), inputs)) <= limit,
      resume: saved?.state,
    },
    clean,
  );
  return { model, fitting };
}
