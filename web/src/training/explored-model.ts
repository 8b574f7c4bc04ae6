import type { Dataset } from '../../../src/data/dataset.js';
import type { DataIdentity } from '../../../src/data/dataset-identity.js';
import { parseModelFile, type KindModel, type ModelFile } from '../../../src/models/checkpoint.js';
import type { ActivationName } from '../../../src/nn/activations.js';
import { Matrix } from '../../../src/tensor/matrix.js';
import type { Measured } from './explore-client.js';
import { ownDatasetText, pageDataOf, pageDataset } from './page-datasets.js';
import { LATENT } from './run-settings.js';

/** What the views draw of a model's data: its name, picture size, labels and how values are drawn. */
export type ImageInfo = Pick<DataIdentity, 'name' | 'width' | 'height' | 'labels' | 'mode'>;

/**
 * The model a view shows, of any kind, trained in the page or opened from a file, with its training
 * images when the page has them, measured by the explore worker (their codes and wrong pixels). The
 * views' own forward passes (a point, a line of points) run on the main thread with plain TS
 * (src/models); no training engine is involved.
 */
export type ExploredModel = KindModel & {
  image: ImageInfo;
  /** The training images when the page has them (its font tables and emoji sets), else null. */
  dataset: Dataset | null;
  /** Their codes under this model (a VAE's: the means of q(z|x)). */
  codes: Matrix | null;
  /** Their wrong pixels after binarizing, per image (binary 'ink' data only). */
  wrongPixels: number[] | null;
  /** Where the model came from, for titles and the download's file name. */
  source: { kind: 'training' | 'file'; name: string };
};

/** What a view shows beside a model: its images' size and labels, its training images (when the page has them) and where it came from. */
export interface ShownData {
  image: ImageInfo;
  dataset: Dataset | null;
  /** The page's name of that dataset (page-datasets.ts), for the explore worker. */
  datasetName: string | null;
  source: ExploredModel['source'];
}

/** The data of a model trained in the page on one of its datasets. */
export function trainingData(datasetName: string, name: string): ShownData {
  const dataset = pageDataset(datasetName);
  return { image: imageInfo(dataset), dataset, datasetName, source: { kind: 'training', name } };
}

/** The data of a model file's model: its training images are the page's copy of its data, if the page has it. */
export function fileData(fileName: string, file: ModelFile): ShownData {
  if (file.model.latent !== LATENT) throw new Error(`${fileName}: this model has a ${file.model.latent}-D code; the latent plane shows 2-D codes only`);
  const data = pageDataOf(file.data);
  if (!('dataset' in data)) return { image: file.data, dataset: null, datasetName: null, source: { kind: 'file', name: fileName } };
  // A dataset of the user's is known to the page by its own name; a built-in one by the file's source.
  const datasetName = ownDatasetText(data.dataset.name) === undefined ? file.data.source : data.dataset.name;
  return { image: file.data, dataset: data.dataset, datasetName, source: { kind: 'file', name: fileName } };
}

/** A model on show with its data, as the explore worker measured it. */
export function exploredModel(trained: KindModel, { image, dataset, source }: ShownData, measured: Measured): ExploredModel {
  const model: KindModel = trained.kind === 'autoencoder' ? { kind: 'autoencoder', model: trained.model } : { kind: 'vae', model: trained.model };
  const codes = dataset && measured.codes ? new Matrix(dataset.inputs.rows, LATENT, measured.codes) : null;
  const info = { image: { name: image.name, width: image.width, height: image.height, labels: image.labels, mode: image.mode }, dataset, source };
  return { ...model, ...info, codes, wrongPixels: codes && image.mode === 'ink' ? measured.wrongPixels : null };
}

/** Reads a model file of any kind and version (as written by `latentlab train` or this page); the error names the file and says what is wrong. */
export function readModelFile(fileName: string, text: string): ModelFile {
  try {
    return parseModelFile(text);
  } catch (error) {
    throw new Error(`${fileName}: ${(error as Error).message}`);
  }
}

/** The layer widths from the input to the code and back, as the CLI prints them (35-20-2-20-35, 400-200-2-200-400). */
export function layerWidths(trained: KindModel): string {
  if (trained.kind === 'autoencoder') return trained.model.network.sizes.join('-');
  return [...trained.model.encoderNetwork.sizes.slice(0, -1), ...trained.model.decoderNetwork.sizes].join('-');
}

/** The activation of the code layer (a VAE's code is a Gaussian mean: unbounded). */
export function codeActivation(trained: KindModel): ActivationName {
  return trained.kind === 'autoencoder' ? trained.model.spec.latentActivation : 'identity';
}

function imageInfo(dataset: Dataset): ImageInfo {
  return { name: dataset.name, width: dataset.width, height: dataset.height, labels: dataset.labels, mode: dataset.mode ?? 'ink' };
}
