/// <reference types="vite/client" />
import emoji4 from '../../../data/emoji-4.json?raw';
import emoji8 from '../../../data/emoji-8.json?raw';
import type { Dataset } from '../../../src/data/dataset.js';
import { parseDataset, type DatasetFile } from '../../../src/data/dataset-file.js';
import { datasetHash, identityMismatch, type DataIdentity } from '../../../src/data/dataset-identity.js';
import { fontTable } from '../../../src/data/font.js';

/**
 * The datasets the page has, by the names specs and model files give them (src/io/datasets.ts's
 * built-in names): the built-in font's tables, and the emoji sets shipped in data/ (built by
 * `latentlab dataset`), bundled into the page so it works offline. The CLI's mnist is not bundled.
 */
const loaders: Record<string, () => Dataset> = {
  'font-1': () => fontTable(1),
  'font-2': () => fontTable(2),
  'font-3': () => fontTable(3),
  'emoji-8': () => parseDataset(emoji8).dataset,
  'emoji-4': () => parseDataset(emoji4).dataset,
};
export const pageDatasetNames = Object.keys(loaders);
/** The glyph tables (the font and denoising views' data) and the emoji sets (the VAE view's). */
export const fontDatasetNames = ['font-1', 'font-2', 'font-3'];
export const emojiDatasetNames = ['emoji-8', 'emoji-4'];
const loaded = new Map<string, Dataset>();
/** Datasets the user made or opened in this page (see own-data/), by name, as dataset files (what the worker is sent). */
const own = new Map<string, { file: DatasetFile; text: string }>();

/** The user's datasets in this page, by name, in the order they came. */
export const ownDatasetNames = (): string[] => [...own.keys()];

/**
 * Adds (or replaces) a dataset of the user's, from a dataset file's text (the CLI's format); returns
 * its name. A built-in dataset's name is refused: the page's names must mean one dataset.
 */
export function addOwnDataset(text: string): string {
  const file = parseDataset(text);
  const { name } = file.dataset;
  if (Object.hasOwn(loaders, name)) throw new RangeError(`"${name}" is the name of a built-in dataset; give your dataset another name`);
  own.set(name, { file, text });
  return name;
}

/** The dataset file text of one of the user's datasets, or undefined for a built-in one (the worker has those). */
export function ownDatasetText(name: string): string | undefined {
  return own.get(name)?.text;
}

/** A dataset of the page by name (built in, read once, or the user's); an unknown name gets an error listing them. */
export function pageDataset(name: string): Dataset {
  const ownDataset = own.get(name);
  if (ownDataset) return ownDataset.file.dataset;
  if (!Object.hasOwn(loaders, name)) throw new Error(`the page has no dataset "${name}"; it has ${[...pageDatasetNames, ...own.keys()].join(', ')}`);
  let dataset = loaded.get(name);
  if (!dataset) {
    dataset = loaders[name]();
    loaded.set(name, dataset);
  }
  return dataset;
}

/**
 * The page's copy of the data a model file names (by its source, then checked by size, labels and
 * content hash; a version-1 file has no hash, so size and labels), or why there is none.
 */
export function pageDataOf(identity: DataIdentity): { dataset: Dataset } | { problem: string } {
  // The user's datasets are known by their content: a model trained on one (here or by the CLI) finds it.
  for (const { file } of own.values()) if (identity.hash !== '' && datasetHash(file.dataset) === identity.hash) return { dataset: file.dataset };
  if (!Object.hasOwn(loaders, identity.source)) {
    return { problem: `it was trained on "${identity.name}" (${identity.source}), which the page does not have; it has ${pageDatasetNames.join(', ')}` };
  }
  const dataset = pageDataset(identity.source);
  // A version-1 file recorded no hash: its data are checked by size and labels only (as the CLI does).
  const problem = identityMismatch(identity.hash === '' ? { ...identity, hash: datasetHash(dataset) } : identity, dataset);
  return problem ? { problem } : { dataset };
}
