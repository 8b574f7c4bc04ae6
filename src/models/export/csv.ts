import type { Dataset } from '../../data/dataset.js';
import type { ModelFile } from '../checkpoint.js';
import type { ExportedFile, ExportPart } from './format.js';

/**
 * CSV exports of a model: its latent codes with labels (codes.csv: `label,z1,..`; a VAE's adds its
 * log-variances `logvar1,..`), its loss history (losses.csv: `epoch,loss[,reconstruction,kl]` from
 * the file's training state) and the error of each item (errors.csv: `label,wrong_pixels` on binary
 * data, pixels wrong after rounding the reconstruction at 0.5; `label,mean_abs_error` otherwise).
 * images.json holds the images and latentlab's reconstructions, for checking another runtime
 * (bench/torch_load_safetensors.py).
 */

/** A CSV field: quoted when it holds a comma, a quote or a line break. */
function field(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}

const number = (v: number) => String(v);

/** CSV text: a header row, then the rows; fields quoted where they need it. */
export function csvText(header: string[], rows: string[][]): string {
  return `${[header, ...rows].map((row) => row.map(field).join(',')).join('\n')}\n`;
}

/** codes.csv: `label,z1,z2,...` (a VAE: the means, then `logvar1,...`). */
export function latentCodesCsv(file: ModelFile, dataset: Dataset): string {
  checkData(file, dataset);
  const latent = file.model.latent;
  const names = Array.from({ length: latent }, (_, i) => `z${i + 1}`);
  if (file.kind === 'vae') {
    const { mean, logVariance } = file.model.encodeDistribution(dataset.inputs);
    const means = mean.toRows();
    const logs = logVariance.toRows();
    return csvText(['label', ...names, ...names.map((_, i) => `logvar${i + 1}`)], dataset.labels.map((label, i) => [label, ...means[i].map(number), ...logs[i].map(number)]));
  }
  const codes = file.model.encode(dataset.inputs).toRows();
  return csvText(['label', ...names], dataset.labels.map((label, i) => [label, ...codes[i].map(number)]));
}

/** losses.csv: `epoch,loss` and the kind's loss terms (a VAE's reconstruction, kl), one row per epoch; undefined without a training state. */
export function lossHistoryCsv(file: ModelFile): string | undefined {
  const { training } = file;
  if (!training) return undefined;
  const terms = Object.entries(training.terms);
  return csvText(
    ['epoch', 'loss', ...terms.map(([name]) => name)],
    Array.from(training.losses, (loss, e) => [String(e + 1), number(loss), ...terms.map(([, values]) => number(values[e]))]),
  );
}

/** True when every value of the data is 0 or 1. */
function binary(dataset: Dataset): boolean {
  return dataset.inputs.data.every((v) => v === 0 || v === 1);
}

/** errors.csv: per item, wrong pixels (binary data: the reconstruction rounded at 0.5) or the mean absolute error. */
export function itemErrorsCsv(file: ModelFile, dataset: Dataset): string {
  checkData(file, dataset);
  const outputs = file.model.reconstruct(dataset.inputs).data;
  const inputs = dataset.inputs.data;
  const pixels = dataset.inputs.cols;
  const isBinary = binary(dataset);
  const rows = dataset.labels.map((label, i) => {
    let error = 0;
    for (let p = i * pixels; p < (i + 1) * pixels; p++) error += isBinary ? Number((outputs[p] >= 0.5 ? 1 : 0) !== inputs[p]) : Math.abs(outputs[p] - inputs[p]);
    return [label, number(isBinary ? error : error / pixels)];
  });
  return csvText(['label', isBinary ? 'wrong_pixels' : 'mean_abs_error'], rows);
}

/** images.json: the images, their labels and latentlab's reconstructions (rows of pixel values). */
export function imagesJson(file: ModelFile, dataset: Dataset): string {
  checkData(file, dataset);
  return JSON.stringify({
    name: dataset.name,
    width: dataset.width,
    height: dataset.height,
    labels: dataset.labels,
    images: dataset.inputs.toRows(),
    reconstructions: file.model.reconstruct(dataset.inputs).toRows(),
  });
}

function checkData(file: ModelFile, dataset: Dataset): void {
  if (dataset.inputs.cols !== file.model.inputSize) throw new RangeError(`the model takes ${file.model.inputSize} pixels per image, the dataset "${dataset.name}" has ${dataset.inputs.cols}`);
  if (dataset.labels.length !== dataset.inputs.rows) throw new RangeError(`dataset "${dataset.name}": ${dataset.inputs.rows} images but ${dataset.labels.length} labels`);
}

const text = (name: string, contents: string): ExportedFile => ({ name, bytes: new TextEncoder().encode(contents) });

/** The CSV export from the model file alone: losses.csv (the part does not matter); an error if the file has no training state. */
export function exportCsv(file: ModelFile, _part: ExportPart): ExportedFile[] {
  const losses = lossHistoryCsv(file);
  if (losses === undefined) throw new RangeError('this model file has no training state (no loss history); the codes and errors need its data (exportCsvWithData)');
  return [text('losses.csv', losses)];
}

/** The whole CSV export: codes.csv, errors.csv, images.json and, when the file has a training state, losses.csv. */
export function exportCsvWithData(file: ModelFile, dataset: Dataset): ExportedFile[] {
  const losses = lossHistoryCsv(file);
  return [
    text('codes.csv', latentCodesCsv(file, dataset)),
    text('errors.csv', itemErrorsCsv(file, dataset)),
    text('images.json', imagesJson(file, dataset)),
    ...(losses === undefined ? [] : [text('losses.csv', losses)]),
  ];
}
