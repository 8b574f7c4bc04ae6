/// <reference types="vite/client" />
import emoji4 from '../../../data/emoji-4.json?raw';
import emoji8 from '../../../data/emoji-8.json?raw';
import type { Dataset } from '../../../src/data/dataset.js';
import { parseDataset } from '../../../src/data/dataset-file.js';
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

/** A dataset of the page by name, read once; an unknown name gets an error listing them. */
export function pageDataset(name: string): Dataset {
  if (!Object.hasOwn(loaders, name)) throw new Error(`the page has no dataset "${name}"; it has ${pageDatasetNames.join(', ')}`);
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
  if (!Object.hasOwn(loaders, identity.source)) {
    return { problem: `it was trained on "${identity.name}" (${identity.source}), which the page does not have; it has ${pageDatasetNames.join(', ')}` };
  }
  const dataset = pageDataset(identity.source);
  // A version-1 file recorded no hash: its data are checked by size and labels only (as the CLI does).
  const problem = identityMismatch(identity.hash === '' ? { ...identity, hash: datasetHash(dataset) } : identity, dataset);
  return problem ? { problem } : { dataset };
}
