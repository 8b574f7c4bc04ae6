import type { Dataset } from '../data/dataset.js';
import type { PixelMode } from '../data/dataset.js';
import { parseModel, type ImageInfo } from '../models/checkpoint.js';
import type { Autoencoder } from '../models/autoencoder.js';
import type { Vae } from '../models/vae.js';
import type { Matrix } from '../tensor/matrix.js';
import { readText } from '../io/files.js';
import { loadDataset } from '../io/load-dataset.js';
import { isNamedDataset, loadNamedDataset } from '../io/named-dataset.js';

/** What the latent-space commands need of a model file of either kind. */
export interface LatentModel {
  kind: 'autoencoder' | 'vae';
  latent: number;
  inputSize: number;
  data: ImageInfo;
  mode: PixelMode;
  decode(codes: Matrix): Matrix;
  /** The code of each input: an autoencoder's code, a VAE's mean (with its log-variance). */
  encode(inputs: Matrix): { codes: Matrix; logVariance?: Matrix };
  /** The VAE itself, for what only it can do (sampling its prior). */
  vae?: Vae;
}

/** Reads a model file of any kind; errors name the file. */
export function loadLatentModel(path: string): LatentModel {
  const text = readText(path, 'model file');
  let loaded;
  try {
    loaded = parseModel(text);
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  return loaded.kind === 'vae' ? vaeLatentModel(loaded.model, loaded.data) : autoencoderLatentModel(loaded.model, loaded.data);
}

export function vaeLatentModel(vae: Vae, data: ImageInfo): LatentModel {
  return {
    kind: 'vae',
    latent: vae.spec.latent,
    inputSize: vae.inputSize,
    data,
    mode: data.mode ?? 'ink',
    vae,
    decode: (codes) => vae.decode(codes),
    encode: (inputs) => {
      const { mean, logVariance } = vae.encode(inputs);
      return { codes: mean, logVariance };
    },
  };
}

export function autoencoderLatentModel(ae: Autoencoder, data: ImageInfo): LatentModel {
  return {
    kind: 'autoencoder',
    latent: ae.spec.latent,
    inputSize: ae.inputSize,
    data,
    mode: data.mode ?? 'ink',
    decode: (codes) => ae.decode(codes),
    encode: (inputs) => ({ codes: ae.encode(inputs) }),
  };
}

/**
 * The images a model was trained on: --data (a dataset name or file; for an autoencoder also a
 * font.h file with --table), else the dataset the model file names when it is a shipped one.
 */
export function trainingData(model: LatentModel, flags: { data?: string; table?: number }): Dataset {
  let dataset: Dataset;
  if (flags.data) {
    const fontHeader = model.kind === 'autoencoder' && !isNamedDataset(flags.data) && !/\.json$/i.test(flags.data);
    dataset = fontHeader ? loadDataset({ path: flags.data, table: flags.table ?? 3 }) : loadNamedDataset(flags.data);
  } else if (isNamedDataset(model.data.name)) {
    dataset = loadNamedDataset(model.data.name);
  } else {
    throw new Error(`the model was trained on "${model.data.name}", which is not a shipped dataset: pass its file with --data`);
  }
  if (dataset.inputs.cols !== model.inputSize) {
    throw new RangeError(`the model takes ${model.inputSize} pixels per image, the dataset "${dataset.name}" has ${dataset.inputs.cols}`);
  }
  return dataset;
}
