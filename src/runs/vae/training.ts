import type { Dataset } from '../../data/dataset.js';
import type { ModelFitting, SavedTraining } from '../../models/latent-model.js';
import { startVaeFit, type VaeEpochReport } from '../../models/vae/trainer.js';
import { Vae } from '../../models/vae/vae.js';
import { learningRateSchedule } from '../../nn/lr-schedules.js';
import { Rng } from '../../tensor/rng.js';
import type { VaeRunSpec } from './spec.js';

/**
 * Sets up a VAE's training as the spec says, fresh or continuing a saved one: one Rng from the seed
 * draws the weights, then the shuffles and the reparameterization noise; the learning-rate schedule.
 */
export function startVaeTraining(spec: VaeRunSpec, dataset: Dataset, onEpoch?: (report: VaeEpochReport) => void, saved?: SavedTraining<Vae>): { model: Vae; fitting: ModelFitting } {
  const { training } = spec;
  const inputs = dataset.inputs;
  const rng = new Rng(training.seed);
  const model = saved?.model ?? Vae.create(spec.model, inputs.cols, rng);
  const fitting = startVaeFit(model, inputs, {
    epochs: training.epochs,
    batchSize: training.batchSize,
    optimizer: training.optimizer,
    engine: training.engine,
    rng,
    learningRate: training.lrSchedule && learningRateSchedule(training.lrSchedule, training.optimizer.lr, training.epochs),
    onEpoch,
    resume: saved?.state,
  });
  return { model, fitting };
}
