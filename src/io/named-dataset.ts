import { join } from 'node:path';
import type { Dataset } from '../data/dataset.js';
import { parseDataset } from '../data/dataset-file.js';
import { emojiSets } from '../data/emoji-sets.js';
import { fontTable } from '../data/font.js';
import { readText } from './files.js';
import { mnistPackageDataset } from './mnist-package.js';
import { packageRoot } from './package-root.js';

const FONT_TABLES = { 'font-1': 1, 'font-2': 2, 'font-3': 3 } as const;

/** Datasets known by name: the shipped emoji sets (data/*.json), the built-in font's tables and the mnist package's digits. */
export const namedDatasets = [...Object.keys(emojiSets), ...Object.keys(FONT_TABLES), 'mnist'];

export function isNamedDataset(name: string): boolean {
  return namedDatasets.includes(name);
}

/** A dataset by name (emoji-8, emoji-4, font-1..font-3, mnist) or from a dataset file (latentlab dataset ...); errors name the file. */
export function loadNamedDataset(nameOrPath: string): Dataset {
  if (nameOrPath === 'mnist') return mnistPackageDataset();
  if (Object.hasOwn(FONT_TABLES, nameOrPath)) return fontTable(FONT_TABLES[nameOrPath as keyof typeof FONT_TABLES]);
  const path = Object.hasOwn(emojiSets, nameOrPath) ? join(packageRoot(), 'data', `${nameOrPath}.json`) : nameOrPath;
  if (path === nameOrPath && !/\.json$/i.test(path)) {
    throw new RangeError(`unknown dataset "${nameOrPath}": give one of ${namedDatasets.join(', ')} or a dataset file (.json) made by latentlab dataset`);
  }
  const text = readText(path, 'dataset file');
  try {
    return parseDataset(text).dataset;
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}
