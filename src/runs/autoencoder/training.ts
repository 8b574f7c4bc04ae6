import type { Dataset } from '../../data/dataset.js';
import { repeatRows, scheduledCorruption, type TrainingNoise } from '../../data/noise.js';
import { wrongPixelsPerRow } from '../../eval/pixels.js';
import { posteriorPixelMeans } from '../../eval/posterior-denoiser.js';
import type { Matrix } from '../../tensor/matrix.js';
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
 * noisy copies of every image per epoch with the clean images as targets (or the posterior means,
 * `noise.targets`); the learning-rate schedule and the wrong-pixel stop rule.
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
  const trainingNoise = noise && scheduledCorruption(noise, noise.curriculum);
  const targets = noise?.targets === 'posterior' ? clean.clone() : clean;
  const fitting = startAutoencoderFit(
    model,
    clean,
    {
      epochs: training.epochs,
      batchSize: training.batchSize,
      optimizer: training.optimizer,
      engine: training.engine,
      rng,
      noise: trainingNoise && (targets === clean ? trainingNoise : withPosteriorTargets(trainingNoise, spec, inputs, targets)),
      learningRate: training.lrSchedule && learningRateSchedule(training.lrSchedule, training.optimizer.lr, training.epochs),
      onEpoch,
      stopWhen: limit === undefined ? undefined : (m) => Math.max(...wrongPixelsPerRow(m.reconstruct(inputs), inputs)) <= limit,
      resume: saved?.state,
    },
    targets,
  );
  return { model, fitting };
}

/**
 * The noise of a `targets: "posterior"` training: after each epoch's corruption it writes into
 * `targets` (the matrix the training reads its targets from) the posterior mean of every pixel
 * of every noisy input, under the noise level of that epoch (a curriculum stage's, then the final
 * one). It draws no randomness, so a resumed run computes the same targets.
 */
function withPosteriorTargets(noise: TrainingNoise, spec: AutoencoderRunSpec, glyphs: Matrix, targets: Matrix): TrainingNoise {
  const { name, level, curriculum = [] } = spec.noise!;
  let until = 0;
  const stages = [...curriculum, { epochs: Infinity, level }].map((stage) => {
    until += stage.epochs;
    const means = posteriorPixelMeans({ name, level: stage.level }, glyphs.cols);
    if (!means) throw new RangeError(`posterior targets need noise that flips binary pixels, not ${name}`);
    return { until, means };
  });
  return {
    ...noise,
    corrupt(clean, noisy, rng, epoch) {
      noise.corrupt(clean, noisy, rng, epoch);
      const means = stages.find((stage) => epoch <= stage.until)!.means(noisy, glyphs);
      for (let i = 0; i < means.data.length; i++) targets.data[i] = Number.isNaN(means.data[i]) ? clean.data[i] : means.data[i];
    },
  };
}
