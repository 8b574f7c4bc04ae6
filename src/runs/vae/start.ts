import type { Dataset } from '../../data/dataset.js';
import { Vae, type VaeEpochReport, type VaeFitting } from '../../models/vae.js';
import { learningRateSchedule } from '../../nn/lr-schedules.js';
import { Rng } from '../../tensor/rng.js';
import type { VaeRunSpec } from './spec.js';

/**
 * Sets up a VAE run as the spec says, ready to train in one go (the CLI's runner) or in slices (the
 * explorer's worker): one Rng from the seed draws the weights, then the shuffles and the
 * reparameterization noise; the learning-rate schedule. Browser-safe (no Node imports).
 */
export function startVaeRun(spec: VaeRunSpec, dataset: Dataset, onEpoch?: (report: VaeEpochReport) => void): { model: Vae; fitting: VaeFitting } {
  const { training } = spec;
  const inputs = dataset.inputs;
  const rng = new Rng(training.seed);
  const model = Vae.create(spec.model, inputs.cols, rng);
  const fitting = model.startFit(inputs, {
    epochs: training.epochs,
    batchSize: training.batchSize,
    optimizer: training.optimizer,
    engine: training.engine,
    rng,
    learningRate: training.lrSchedule && learningRateSchedule(training.lrSchedule, training.optimizer.lr, training.epochs),
    onEpoch,
  });
  return { model, fitting };
}
