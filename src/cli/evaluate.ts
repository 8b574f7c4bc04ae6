import { meanSquaredError, wrongPixelsPerRow } from '../eval/pixels.js';
import { loadDataset } from './load-dataset.js';
import { loadModel } from './model-file.js';
import { glyphReport } from './report.js';
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

/** `latentlab eval`: wrong pixels of a saved model on a glyph table. */
export function evaluate(flags: DataFlags & { json?: boolean }): void {
  const { model, dataset } = loadModelAndData(flags);
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
