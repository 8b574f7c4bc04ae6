import { fontTable, type FontTableNumber } from '../../../src/data/font.js';
import { repeatRows, scheduledCorruption } from '../../../src/data/noise.js';
import { wrongPixelsPerRow } from '../../../src/eval/pixels.js';
import type { AutoencoderRunSpec } from '../../../src/experiments/autoencoder-spec.js';
import { Autoencoder, type AutoencoderFitting } from '../../../src/models/autoencoder.js';
import type { EpochReport } from '../../../src/nn/fit.js';
import { learningRateSchedule } from '../../../src/nn/lr-schedules.js';
import { Rng } from '../../../src/tensor/rng.js';

/**
 * Sets up a run of a built-in glyph table exactly as the CLI's runner does
 * (src/experiments/run-autoencoder.ts, which trains in one go and so cannot serve a worker that
 * trains in slices): one Rng from the seed draws the weights, then the shuffles and the noise; the
 * same noisy copies, learning-rate schedule and stop rule. So the same spec and seed give the
 * same numbers in the page as `latentlab train` (test/web/start-run.test.ts checks it).
 */
export function startRun(spec: AutoencoderRunSpec, onEpoch: (report: EpochReport) => void): { model: Autoencoder; fitting: AutoencoderFitting } {
  const { training, noise } = spec;
  const inputs = fontTable(spec.data.table as FontTableNumber).inputs;
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
