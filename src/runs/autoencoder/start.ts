import type { Dataset } from '../../data/dataset.js';
import { repeatRows, scheduledCorruption } from '../../data/noise.js';
import { wrongPixelsPerRow } from '../../eval/pixels.js';
import { Autoencoder, type AutoencoderFitting } from '../../models/autoencoder.js';
import type { EpochReport } from '../../nn/fit.js';
import { learningRateSchedule } from '../../nn/lr-schedules.js';
import { Rng } from '../../tensor/rng.js';
import type { AutoencoderRunSpec } from './spec.js';

/**
 * Sets up an autoencoder run as the spec says, ready to train in one go (the CLI's runner) or in
 * slices (the explorer's worker): one Rng from the seed draws the weights, then the shuffles and the
 * noise; a denoising spec trains on `copies` noisy copies of every image per epoch with the clean
 * images as targets; the learning-rate schedule and the wrong-pixel stop rule. Browser-safe (no Node imports).
 */
export function startAutoencoderRun(
  spec: AutoencoderRunSpec,
  dataset: Dataset,
  onEpoch?: (report: EpochReport) => void,
): { model: Autoencoder; fitting: AutoencoderFitting } {
  const { training, noise } = spec;
  const inputs = dataset.inputs;
  const rng = new Rng(training.seed);
  const model = Autoencoder.create(spec.model, inputs.cols, rng);
  const limit = training.stopAtWrongPixels;
  const clean = noise ? repeatRows(inputs, noise.copies ?? 1) : inputs;
  const fitting = model.startFit(
    clean,
    {
      epochs: training.epochs,
      batchSize: training.batchSize,
      optimizer: training.optimizer,
      engine: training.engine,
      rng,
      corrupt: noise && scheduledCorruption(noise, noise.curriculum),
      learningRate: training.lrSchedule && learningRateSchedule(training.lrSchedule, training.optimizer.lr, training.epochs),
      onEpoch,
      stopWhen: limit === undefined ? undefined : (m) => Math.max(...wrongPixelsPerRow(m.reconstruct(inputs), inputs)) <= limit,
    },
    clean,
  );
  return { model, fitting };
}
