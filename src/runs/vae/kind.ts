import { meanAbsoluteErrorPerRow } from '../../eval/pixels.js';
import type { Vae } from '../../models/vae/vae.js';
import type { ModelKind, RunResult } from '../model-kind.js';
import { setFlag } from '../settings.js';
import { vaePresets } from './presets.js';
import { parseVaeRun, type VaeRunSpec } from './spec.js';

/** The largest per-image reconstruction error (from the latent mean) that counts as a success. */
export const VAE_TARGET_MAE = 0.05;

/** A VAE run's result document: its loss terms and how well each image comes back from its latent mean. */
export interface VaeResult extends RunResult {
  kind: 'vae';
  spec: VaeRunSpec;
  /** The last epoch's means per training image: finalLoss = finalReconstruction + beta * finalKL. */
  finalReconstruction: number;
  finalKL: number;
  reconstructionHistory: number[];
  klHistory: number[];
  /** Mean absolute pixel error of each training image decoded from its latent mean, in dataset order. */
  reconstructionMAE: number[];
  /** The latent mean and log-variance of each training image, in dataset order. */
  latentMeans: number[][];
  latentLogVariances: number[][];
}

/** The variational autoencoder. */
export const vaeKind: ModelKind<VaeRunSpec, Vae, VaeResult> = {
  name: 'vae',
  presets: vaePresets,
  parseSpec: parseVaeRun,
  flags: {
    reconstruction: setFlag('model.reconstruction'),
    beta: setFlag('model.beta'),
    betaWarmup: setFlag('model.betaWarmupEpochs'),
  },
  modelOf(file) {
    if (file.kind !== 'vae') throw new RangeError(`this is an ${file.kind} model, not a vae`);
    return file.model;
  },
  measure(model, dataset, common, terms) {
    const { mean, logVariance } = model.encodeDistribution(dataset.inputs);
    const reconstructionHistory = Array.from(terms.reconstruction ?? []);
    const klHistory = Array.from(terms.kl ?? []);
    return {
      ...common,
      kind: 'vae',
      finalReconstruction: reconstructionHistory[common.epochs - 1],
      finalKL: klHistory[common.epochs - 1],
      reconstructionHistory,
      klHistory,
      reconstructionMAE: meanAbsoluteErrorPerRow(model.decode(mean), dataset.inputs),
      latentMeans: mean.toRows(),
      latentLogVariances: logVariance.toRows(),
    };
  },
  evaluationProblem: (evaluation) => (Object.keys(evaluation).length > 0 ? 'a VAE run takes no evaluation settings' : undefined),
  summarize: ({ finalLoss, epochs, trainSeconds, reconstructionMAE }) => ({ finalLoss, epochs, stoppedEarly: false, trainSeconds, success: Math.max(...reconstructionMAE) <= VAE_TARGET_MAE }),
};
