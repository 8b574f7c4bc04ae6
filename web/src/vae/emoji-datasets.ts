import emoji4 from '../../../data/emoji-4.json?raw';
import emoji8 from '../../../data/emoji-8.json?raw';
import type { Dataset } from '../../../src/data/dataset.js';
import { parseDataset } from '../../../src/data/dataset-file.js';

/** The emoji sets shipped in data/ (built by `latentlab dataset`), bundled into the page: it works offline. */
const files: Record<string, string> = { 'emoji-8': emoji8, 'emoji-4': emoji4 };
export const emojiDatasetNames = Object.keys(files);
const parsed = new Map<string, Dataset>();

/** A shipped emoji set by name, read with the CLI's dataset-file parser; an unknown name gets an error listing them. */
export function emojiDataset(name: string): Dataset {
  const text = files[name];
  if (text === undefined) throw new Error(`the page has no dataset "${name}"; it has ${emojiDatasetNames.join(', ')}`);
  let dataset = parsed.get(name);
  if (!dataset) {
    dataset = parseDataset(text).dataset;
    parsed.set(name, dataset);
  }
  return dataset;
}
