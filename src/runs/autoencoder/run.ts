import type { Dataset } from '../../data/dataset.js';
import { DEFAULT_TEST_COPIES, DEFAULT_TEST_SEED, evaluateDenoising, type DenoisingDetail, type DenoisingEvaluation, type DenoisingProtocol, type Spread } from '../../eval/denoising.js';
import { meanSquaredError, wrongPixelsPerRow } from '../../eval/pixels.js';
import type { Autoencoder } from '../../models/autoencoder.js';
import type { EpochReport } from '../../nn/fit.js';
import type { AutoencoderRunSpec } from './spec.js';
import { startAutoencoderRun } from './start.js';

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
  /** Denoising runs (a spec with noise or an evaluation): wrong pixels per copy of the data set on the noisy test inputs. */
  noisyWrongPixels?: Spread;
  /** The nearest-glyph reference denoiser on the same noisy inputs. */
  referenceWrongPixels?: Spread;
  /** Wrong pixels on the clean data (the same as wrongPixels). */
  cleanWrongPixels?: number;
  /** The whole test protocol's figures. */
  denoising?: DenoisingEvaluation;
}

/** The test protocol of a spec, or undefined when it asks for none (a plain autoencoder). */
export function denoisingProtocol(spec: AutoencoderRunSpec): DenoisingProtocol | undefined {
  if (!spec.noise && !spec.evaluation) return undefined;
  const { copies = DEFAULT_TEST_COPIES, seed = DEFAULT_TEST_SEED, noise } = spec.evaluation ?? {};
  const trainingNoise = spec.noise && { name: spec.noise.name, level: spec.noise.level, ...(spec.noise.clip === undefined ? {} : { clip: spec.noise.clip }) };
  return { noise: (noise ?? trainingNoise)!, copies, seed };
}

/**
 * Trains an autoencoder as the spec says and measures it on its training data; a denoising spec
 * (with noise) trains on noisy inputs and is also measured with the denoising test protocol.
 */
export function runAutoencoder(
  spec: AutoencoderRunSpec,
  dataset: Dataset,
  onEpoch?: (progress: RunProgress) => void,
): { model: Autoencoder; result: AutoencoderRunResult; denoising?: DenoisingDetail } {
  const { training } = spec;
  const inputs = dataset.inputs;
  const started = performance.now();
  const { model, fitting } = startAutoencoderRun(
    spec,
    dataset,
    onEpoch && ((report) => onEpoch({ ...report, elapsedSeconds: (performance.now() - started) / 1000 })),
  );
  fitting.run();
  const fitted = fitting.result();
  const trainSeconds = (performance.now() - started) / 1000;
  const reconstruction = model.reconstruct(inputs);
  const wrongPixelsPerGlyph = wrongPixelsPerRow(reconstruction, inputs);
  const protocol = denoisingProtocol(spec);
  const denoising = protocol && evaluateDenoising((x) => model.reconstruct(x), inputs, protocol);
  const evaluation = denoising?.evaluation;
  return {
    model,
    denoising,
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
      ...(evaluation && {
        noisyWrongPixels: evaluation.noisyWrongPixels,
        referenceWrongPixels: evaluation.referenceWrongPixels,
        cleanWrongPixels: evaluation.cleanWrongPixels,
        denoising: evaluation,
      }),
    },
  };
}
