import type { Dataset } from '../../../src/data/dataset.js';
import type { VaeRunSpec } from '../../../src/runs/vae/spec.js';
import { parseVae, serializeVae, type ImageInfo } from '../../../src/models/checkpoint.js';
import { Vae } from '../../../src/models/vae.js';
import type { Matrix } from '../../../src/tensor/matrix.js';
import { Rng } from '../../../src/tensor/rng.js';
import { emojiDataset, emojiDatasetNames } from './emoji-datasets.js';

/** The VAE the view shows, trained in the page or opened from a model file, with its training images' latent means when known. */
export interface ExploredVae {
  model: Vae;
  image: ImageInfo;
  /** The training images (a shipped emoji set recognised by name and size), else null. */
  images: Dataset | null;
  means: Matrix | null;
  source: { kind: 'training' | 'file'; name: string };
}

/** The encoder's parameter count of each run's spec (the layout is the model's own business, so ask it once). */
const encoderSizes = new WeakMap<VaeRunSpec, number>();

/** A model from a run's spec and the worker's parameters (the encoder's, then the decoder's). */
export function exploredVaeFromTraining(spec: VaeRunSpec, parameters: Float64Array, name: string): ExploredVae {
  const dataset = emojiDataset(spec.data.dataset);
  const inputSize = dataset.inputs.cols;
  const encoderSize = encoderSizes.get(spec) ?? Vae.create(spec.model, inputSize, new Rng(0)).encoderParameters.length;
  encoderSizes.set(spec, encoderSize);
  const model = new Vae(spec.model, inputSize, parameters.slice(0, encoderSize), parameters.slice(encoderSize));
  return withImages(model, imageInfo(dataset), dataset, { kind: 'training', name });
}

/** Reads a VAE model file (as written by `latentlab train --preset vae-emoji`); the error says what is wrong with it. */
export function exploredVaeFromFile(fileName: string, text: string): ExploredVae {
  let parsed;
  try {
    parsed = parseVae(text);
  } catch (error) {
    throw new Error(`${fileName}: ${(error as Error).message}`);
  }
  const { model, data } = parsed;
  if (model.spec.latent !== 2) throw new Error(`${fileName}: this VAE has a ${model.spec.latent}-D code; the latent plane shows 2-D codes only`);
  return withImages(model, data, shippedImages(data), { kind: 'file', name: fileName });
}

export function vaeFileText(explored: ExploredVae): string {
  return serializeVae(explored.model, explored.image);
}

function withImages(model: Vae, image: ImageInfo, images: Dataset | null, source: ExploredVae['source']): ExploredVae {
  return { model, image, images, means: images && model.encode(images.inputs).mean, source };
}

function shippedImages(data: ImageInfo): Dataset | null {
  if (!emojiDatasetNames.includes(data.name)) return null;
  const dataset = emojiDataset(data.name);
  const same = dataset.width === data.width && dataset.height === data.height && dataset.labels.join('\u0000') === data.labels.join('\u0000');
  return same ? dataset : null;
}

function imageInfo(dataset: Dataset): ImageInfo {
  return { name: dataset.name, width: dataset.width, height: dataset.height, labels: dataset.labels, ...(dataset.mode ? { mode: dataset.mode } : {}) };
}
