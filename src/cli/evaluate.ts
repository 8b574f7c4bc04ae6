import { parseNoise } from '../data/noise.js';
import { DEFAULT_TEST_COPIES, DEFAULT_TEST_SEED, evaluateDenoising } from '../eval/denoising.js';
import { meanSquaredError, wrongPixelsPerRow } from '../eval/pixels.js';
import { renderDenoisingPicture } from './denoising-picture.js';
import { writeFileAtomic } from '../io/files.js';
import { loadDataset } from '../io/load-dataset.js';
import { loadModel } from './model-file.js';
import { denoisingReport, glyphReport } from './report.js';
import type { Dataset } from '../data/dataset.js';
import type { Autoencoder } from '../models/autoencoder.js';

export interface DataFlags {
  model: string;
  data?: string;
  table: number;
}

/** The model and the data set it is measured on, checked to fit each other. */
export function loadModelAndData(flags: DataFlags): { model: Autoencoder; dataset: Dataset } {
  const { model } = loadModel(flags.model);
  const dataset = loadDataset({ path: flags.data, table: flags.table });
  if (dataset.inputs.cols !== model.inputSize) {
    throw new RangeError(`the model takes ${model.inputSize} pixels per image, the data set has ${dataset.inputs.cols}`);
  }
  return { model, dataset };
}

export interface NoiseTestFlags {
  /** The test noise (flip-count:0.1, ...): runs the denoising test protocol. */
  noise?: string;
  copies?: number;
  seed?: number;
  /** PNG of the first noisy copy: clean, noisy, output. */
  picture?: string;
}

/** `latentlab eval`: wrong pixels of a saved model on a glyph table; with --noise, the denoising test protocol. */
export function evaluate(flags: DataFlags & NoiseTestFlags & { json?: boolean }): void {
  if (flags.noise === undefined) {
    for (const flag of ['copies', 'seed', 'picture'] as const) if (flags[flag] !== undefined) throw new Error(`--${flag} belongs to the denoising test: give --noise too`);
  }
  const { model, dataset } = loadModelAndData(flags);
  if (flags.noise !== undefined) {
    const protocol = { noise: parseNoise(flags.noise), copies: flags.copies ?? DEFAULT_TEST_COPIES, seed: flags.seed ?? DEFAULT_TEST_SEED };
    const detail = evaluateDenoising((x) => model.reconstruct(x), dataset.inputs, protocol);
    if (flags.picture) writeFileAtomic(flags.picture, renderDenoisingPicture(dataset, detail));
    if (flags.json) {
      const { noisyWrongPixels, referenceWrongPixels, cleanWrongPixels } = detail.evaluation;
      process.stdout.write(`${JSON.stringify({ labels: dataset.labels, noisyWrongPixels, referenceWrongPixels, cleanWrongPixels, denoising: detail.evaluation })}\n`);
      return;
    }
    const picture = flags.picture ? ['', `Picture: ${flags.picture} (the first noisy copy: clean, noisy, output)`] : [];
    process.stdout.write(`${[...denoisingReport(detail.evaluation, dataset.inputs.rows), ...picture].join('\n')}\n`);
    return;
  }
  const reconstruction = model.reconstruct(dataset.inputs);
  const wrong = wrongPixelsPerRow(reconstruction, dataset.inputs);
  if (flags.json) {
    const wrongPixels = wrong.reduce((a, b) => a + b, 0);
    const mse = meanSquaredError(reconstruction, dataset.inputs);
    process.stdout.write(`${JSON.stringify({ labels: dataset.labels, wrongPixelsPerGlyph: wrong, wrongPixels, reconstructionMSE: mse })}\n`);
    return;
  }
  const lines = glyphReport(dataset.labels, wrong, reconstruction.toRows(), dataset.inputs.toRows(), dataset.width, dataset.height);
  process.stdout.write(`${lines.join('\n')}\n`);
}
