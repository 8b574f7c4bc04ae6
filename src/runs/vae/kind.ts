import { loadNamedDataset } from '../../io/named-dataset.js';
import { serializeVae } from '../../models/checkpoint.js';
import { DivergenceError } from '../../nn/fit.js';
import type { RunKind, RunResult, TrialSummary } from '../kinds.js';
import { runVae, type VaeRunResult } from './run.js';
import { setPath, type Settings } from '../settings.js';
import { parseVaeRun } from './spec.js';
import { vaePreset, vaePresetNames } from './presets.js';

/** The largest per-image reconstruction error (from the latent mean) that counts as a success. */
export const VAE_TARGET_MAE = 0.05;

/** The variational autoencoder, trained by runVae: a kind for experiments and sweeps. */
export const vaeKind: RunKind = {
  name: 'vae',
  presetNames: vaePresetNames,
  preset: (name) => vaePreset(name) as unknown as Settings,
  prepare: (settings, seed) => parseVaeRun(setPath(settings, 'training.seed', seed)) as unknown as Settings,
  evaluationProblem: (evaluation) => (Object.keys(evaluation).length > 0 ? 'a VAE run takes no evaluation settings' : undefined),
  run(settings) {
    const spec = parseVaeRun(settings);
    const dataset = loadNamedDataset(spec.data.dataset);
    let outcome;
    try {
      outcome = runVae(spec, dataset);
    } catch (error) {
      if (error instanceof DivergenceError) return { status: 'diverged', epoch: error.epoch, message: error.message };
      throw error;
    }
    const images = { name: dataset.name, width: dataset.width, height: dataset.height, labels: dataset.labels, mode: dataset.mode };
    return { status: 'finished', result: outcome.result as unknown as RunResult, model: serializeVae(outcome.model, images) };
  },
  summarize(result): TrialSummary {
    const { finalLoss, epochs, trainSeconds, reconstructionMAE } = result as unknown as VaeRunResult;
    return { finalLoss, epochs, stoppedEarly: false, trainSeconds, success: Math.max(...reconstructionMAE) <= VAE_TARGET_MAE };
  },
};
