import type { Dataset } from '../../data/dataset.js';
import { meanAbsoluteErrorPerRow } from '../../eval/pixels.js';
import type { Vae, VaeEpochReport } from '../../models/vae.js';
import { startVaeRun } from './start.js';
import type { VaeRunSpec } from './spec.js';

/** What a caller hears after every epoch. */
export interface VaeRunProgress extends VaeEpochReport {
  /** Seconds since training started. */
  elapsedSeconds: number;
}

/** Everything a table or a chart needs about one VAE run: the result document. */
export interface VaeRunResult {
  kind: 'vae';
  spec: VaeRunSpec;
  seed: number;
  dataset: { name: string; rows: number; width: number; height: number; labels: string[] };
  epochs: number;
  /** A VAE run always trains every epoch (for the result documents shared with the autoencoder). */
  stoppedEarly: false;
  trainSeconds: number;
  /** The last epoch's means per training image: loss = reconstruction + beta * KL. */
  finalLoss: number;
  finalReconstruction: number;
  finalKL: number;
  lossHistory: number[];
  reconstructionHistory: number[];
  klHistory: number[];
  /** Mean absolute pixel error of each training image decoded from its latent mean, in dataset order. */
  reconstructionMAE: number[];
  /** The latent mean and log-variance of each training image, in dataset order. */
  latentMeans: number[][];
  latentLogVariances: number[][];
}

/** Trains a VAE as the spec says and measures it on its training data. */
export function runVae(spec: VaeRunSpec, dataset: Dataset, onEpoch?: (progress: VaeRunProgress) => void): { model: Vae; result: VaeRunResult } {
  const { training } = spec;
  const inputs = dataset.inputs;
  const started = performance.now();
  const { model, fitting } = startVaeRun(spec, dataset, onEpoch && ((report) => onEpoch({ ...report, elapsedSeconds: (performance.now() - started) / 1000 })));
  fitting.run();
  const fitted = fitting.result();
  const trainSeconds = (performance.now() - started) / 1000;
  const { mean, logVariance } = model.encode(inputs);
  const last = fitted.epochs - 1;
  return {
    model,
    result: {
      kind: 'vae',
      spec,
      seed: training.seed,
      dataset: { name: dataset.name, rows: inputs.rows, width: dataset.width, height: dataset.height, labels: dataset.labels },
      epochs: fitted.epochs,
      stoppedEarly: false,
      trainSeconds,
      finalLoss: fitted.losses[last],
      finalReconstruction: fitted.reconstruction[last],
      finalKL: fitted.kl[last],
      lossHistory: Array.from(fitted.losses),
      reconstructionHistory: Array.from(fitted.reconstruction),
      klHistory: Array.from(fitted.kl),
      reconstructionMAE: meanAbsoluteErrorPerRow(model.decode(mean), inputs),
      latentMeans: mean.toRows(),
      latentLogVariances: logVariance.toRows(),
    },
  };
}
