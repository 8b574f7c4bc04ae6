import { performance } from 'node:perf_hooks';
import type { Dataset } from '../data/dataset.js';
import { meanSquaredError, wrongPixelsPerRow } from '../eval/pixels.js';
import { Autoencoder } from '../models/autoencoder.js';
import type { EpochReport } from '../nn/fit.js';
import { Rng } from '../tensor/rng.js';
import type { AutoencoderRunSpec } from './autoencoder-spec.js';

/** Everything a table or a chart needs about one training run: the result document. */
/** What a caller hears after every epoch. */
export interface RunProgress extends EpochReport {
  /** Seconds since training started. */
  elapsedSeconds: number;
}

export interface AutoencoderRunResult {
  kind: 'autoencoder';
  spec: AutoencoderRunSpec;
  seed: number;
  dataset: { name: string; rows: number; width: number; height: number; labels: string[] };
  epochs: number;
  stoppedEarly: boolean;
  trainSeconds: number;
  finalLoss: number;
  /** Loss per epoch. */
  lossHistory: number[];
  wrongPixels: number;
  totalPixels: number;
  /** Wrong pixels of each row, in dataset order (see dataset.labels). */
  wrongPixelsPerGlyph: number[];
  reconstructionMSE: number;
  /** The code of each row, in dataset order. */
  latentCodes: number[][];
}

/** Trains an autoencoder as the spec says and measures it on its training data. */
export function runAutoencoder(
  spec: AutoencoderRunSpec,
  dataset: Dataset,
  onEpoch?: (progress: RunProgress) => void,
): { model: Autoencoder; result: AutoencoderRunResult } {
  const { training } = spec;
  const inputs = dataset.inputs;
  const rng = new Rng(training.seed);
  const model = Autoencoder.create(spec.model, inputs.cols, rng);
  const limit = training.stopAtWrongPixels;
  const started = performance.now();
  const fitted = model.fit(inputs, {
    epochs: training.epochs,
    batchSize: training.batchSize,
    optimizer: training.optimizer,
    engine: training.engine,
    rng,
    onEpoch: onEpoch && ((report) => onEpoch({ ...report, elapsedSeconds: (performance.now() - started) / 1000 })),
    stopWhen: limit === undefined ? undefined : (m) => Math.max(...wrongPixelsPerRow(m.reconstruct(inputs), inputs)) <= limit,
  });
  const trainSeconds = (performance.now() - started) / 1000;
  const reconstruction = model.reconstruct(inputs);
  const wrongPixelsPerGlyph = wrongPixelsPerRow(reconstruction, inputs);
  return {
    model,
    result: {
      kind: 'autoencoder',
      spec,
      seed: training.seed,
      dataset: { name: dataset.name, rows: inputs.rows, width: dataset.width, height: dataset.height, labels: dataset.labels },
      epochs: fitted.epochs,
      stoppedEarly: fitted.stoppedEarly,
      trainSeconds,
      finalLoss: fitted.losses[fitted.epochs - 1],
      lossHistory: Array.from(fitted.losses),
      wrongPixels: wrongPixelsPerGlyph.reduce((a, b) => a + b, 0),
      totalPixels: inputs.data.length,
      wrongPixelsPerGlyph,
      reconstructionMSE: meanSquaredError(reconstruction, inputs),
      latentCodes: model.encode(inputs).toRows(),
    },
  };
}
