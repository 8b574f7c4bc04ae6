import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Dataset } from '../data/dataset.js';
import { parseDataset } from '../data/dataset-file.js';
import { datasetIdentity, type DataIdentity } from '../data/dataset-identity.js';
import { emojiSets } from '../data/emoji-sets.js';
import { fontHeaderDataset, fontTable, type FontTableNumber } from '../data/font.js';
import { readText } from './files.js';
import { mnistPackageDataset } from './mnist-package.js';
import { packageRoot } from './package-root.js';

/** Every run spec names its data this way. */
export interface DataRef {
  /** A built-in name (see builtinDatasets), a dataset file (.json) or a font.h-style C header. */
  dataset: string;
  /** The glyph table of a font.h-style header (1-based; 3 when absent). Only for headers. */
  table?: number;
}

/** The built-in font's tables by name: each is the table of its number. */
const FONT_TABLES: Readonly<Record<string, FontTableNumber>> = { 'font-1': 1, 'font-2': 2, 'font-3': 3 };
const MNIST = 'mnist';
/** The table of a font.h-style header read without a `table`: the study trains on table 3. */
const DEFAULT_TABLE = 3;

/** The datasets known by name: the built-in font's tables, the emoji sets shipped in data/, the mnist package's digits. */
export const builtinDatasets: readonly string[] = [...Object.keys(FONT_TABLES), ...Object.keys(emojiSets), MNIST];

/**
 * Loads the data a ref names: a built-in name; a dataset file (.json, made by `latentlab dataset`);
 * any other path is a font.h-style C header, read at `table` (default 3). Errors name the file and
 * the problem. A built-in name wins over a file of that name in the working folder ("./mnist" is the file).
 */
export function loadDataset(ref: DataRef): { dataset: Dataset; identity: DataIdentity } {
  const { dataset: source, table } = ref;
  if (typeof source !== 'string' || source === '') {
    throw new RangeError(`dataset must be one of ${builtinDatasets.join(', ')}, a dataset file (.json) or a font.h file, got ${JSON.stringify(source)}`);
  }
  if (builtinDatasets.includes(source)) {
    refuseTable(table, `${source} is a built-in dataset; the built-in font has one name per table (font-1, font-2, font-3)`);
    const dataset = builtinDataset(source);
    return { dataset, identity: datasetIdentity(dataset, source) };
  }
  if (isDatasetFile(source)) {
    refuseTable(table, `"${source}" is a dataset file, which holds one set of pictures`);
    const dataset = datasetFromFile(source);
    return { dataset, identity: datasetIdentity(dataset, source) };
  }
  if (!existsSync(source) && looksLikeAName(source)) throw new RangeError(unknownName(source));
  const headerTable = table ?? DEFAULT_TABLE;
  const dataset = fontHeaderFromFile(source, headerTable);
  return { dataset, identity: datasetIdentity(dataset, source, headerTable) };
}

/** A built-in dataset by one of the names in builtinDatasets. */
function builtinDataset(name: string): Dataset {
  if (name === MNIST) return mnistPackageDataset();
  if (Object.hasOwn(FONT_TABLES, name)) return fontTable(FONT_TABLES[name]);
  return datasetFromFile(join(packageRoot(), 'data', `${name}.json`));
}

function isDatasetFile(path: string): boolean {
  return /\.json$/i.test(path);
}

/** A dataset file written by `latentlab dataset`; errors start with the file's path. */
function datasetFromFile(path: string): Dataset {
  const text = readText(path, 'dataset file');
  try {
    return parseDataset(text).dataset;
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

/** One glyph table of a font.h-style C header, named after the file; errors start with the file's path. */
function fontHeaderFromFile(path: string, table: number): Dataset {
  const text = readText(path, 'font file');
  try {
    return fontHeaderDataset(text, table, basename(path));
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

/** A table only picks a glyph table of a font.h file; anywhere else it is a mistake worth saying. */
function refuseTable(table: number | undefined, why: string): void {
  if (table !== undefined) throw new RangeError(`table ${table} does not apply: ${why}; a table only picks a glyph table of a font.h file`);
}

/** A word with no folder and no extension (e.g. "emoji-9") is a mistyped name rather than a missing file. */
function looksLikeAName(source: string): boolean {
  return !/[/\\.]/.test(source);
}

function unknownName(name: string): string {
  return `unknown dataset "${name}": give one of ${builtinDatasets.join(', ')}, a dataset file (.json) made by latentlab dataset, or a font.h file`;
}
