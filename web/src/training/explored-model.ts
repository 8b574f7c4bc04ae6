import type { Dataset } from '../../../src/data/dataset.js';
import { fontTable, type FontTableNumber } from '../../../src/data/font.js';
import { wrongPixelsPerRow } from '../../../src/eval/pixels.js';
import type { AutoencoderRunSpec } from '../../../src/runs/autoencoder/spec.js';
import { Autoencoder } from '../../../src/models/autoencoder.js';
import { parseAutoencoder, serializeAutoencoder, type ImageInfo } from '../../../src/models/checkpoint.js';
import type { Matrix } from '../../../src/tensor/matrix.js';
import { LATENT } from './run-settings.js';

/** The model a view shows: trained in the page or opened from a file. Decoding runs on the main thread (plain TS forward). */
export interface ExploredModel {
  model: Autoencoder;
  image: ImageInfo;
  /** The training glyphs when the page knows them (the built-in font tables), else null. */
  glyphs: Matrix | null;
  /** Their codes and wrong pixels under this model. */
  codes: Matrix | null;
  wrongPixels: number[] | null;
  /** Where the model came from, for titles and the download's file name. */
  source: { kind: 'training' | 'file'; name: string };
}

export function exploredFromTraining(spec: AutoencoderRunSpec, parameters: Float64Array, name: string): ExploredModel {
  const dataset = fontTable(spec.data.table as FontTableNumber);
  const model = new Autoencoder(spec.model, dataset.inputs.cols, parameters);
  return withGlyphs(model, imageInfo(dataset), dataset, { kind: 'training', name });
}

/** Reads a model file (as written by `latentlab train` or this page); the error says what is wrong with it. */
export function exploredFromFile(fileName: string, text: string): ExploredModel {
  let parsed;
  try {
    parsed = parseAutoencoder(text);
  } catch (error) {
    throw new Error(`${fileName}: ${(error as Error).message}`);
  }
  const { model, data } = parsed;
  if (model.spec.latent !== LATENT) {
    throw new Error(`${fileName}: this model has a ${model.spec.latent}-D code; the latent plane shows 2-D codes only`);
  }
  return withGlyphs(model, data, builtInGlyphs(data), { kind: 'file', name: fileName });
}

/** The model file of what the page shows, in the CLI's format. */
export function modelFileText(explored: ExploredModel): string {
  return serializeAutoencoder(explored.model, explored.image);
}

function withGlyphs(model: Autoencoder, image: ImageInfo, dataset: Dataset | null, source: ExploredModel['source']): ExploredModel {
  if (!dataset) return { model, image, glyphs: null, codes: null, wrongPixels: null, source };
  const glyphs = dataset.inputs;
  return { model, image, glyphs, codes: model.encode(glyphs), wrongPixels: wrongPixelsPerRow(model.reconstruct(glyphs), glyphs), source };
}

/** The built-in table a model file was trained on, recognised by name, size and labels. */
function builtInGlyphs(data: ImageInfo): Dataset | null {
  const match = /^font-([123])$/.exec(data.name);
  if (!match) return null;
  const dataset = fontTable(Number(match[1]) as FontTableNumber);
  const same = data.width === dataset.width && data.height === dataset.height && data.labels.join('\u0000') === dataset.labels.join('\u0000');
  return same ? dataset : null;
}

function imageInfo(dataset: Dataset): ImageInfo {
  return { name: dataset.name, width: dataset.width, height: dataset.height, labels: dataset.labels };
}
