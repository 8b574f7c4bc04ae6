import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Dataset } from '../data/dataset.js';
import { identityMismatch } from '../data/dataset-identity.js';
import { parseModelFile, type ModelFile } from '../models/checkpoint.js';
import { readText, removeOrphanTemporaries } from '../io/files.js';
import { builtinDatasets, loadDataset } from '../io/datasets.js';

/** Reads a model file of any kind and version; errors name the file. */
export function readModelFile(path: string): ModelFile {
  return openModelFile(path).file;
}

/** A model file read once: the file, checked, and its text (a result document names its model file by the hash of the text). */
export function openModelFile(path: string): { file: ModelFile; text: string } {
  const text = readText(path, 'model file');
  // The next command in a folder clears what a killed one left there.
  removeOrphanTemporaries(dirname(path));
  try {
    return { file: parseModelFile(text), text };
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
}

/** The help of the data flags of every command that judges a saved model. */
export const DATA_HELP = 'judge the model on other data: a built-in name, a dataset .json or a font.h file (default: the data its model file names)';
export const TABLE_HELP = 'glyph table of a font.h file (default: the model\'s)';
export const FORCE_HELP = 'use data whose size or content differ from the model\'s';

export interface DataFlags {
  /** Other data than the model file names: a built-in name, a dataset .json or a font.h file. */
  data?: string;
  table?: number;
  /** Use data whose size or content differs from the model's. */
  force?: boolean;
}

/**
 * The data to judge a model on: the data its file names (a built-in set by name, a file by its
 * recorded path), or --data. Data whose size, labels or content differ from what the model was
 * trained on are refused, naming both, unless --force; the input size must fit in any case.
 */
export function modelData(file: ModelFile, flags: DataFlags): Dataset {
  const ref = flags.data ? { dataset: localPath(flags.data), table: flags.table } : { dataset: file.data.source, table: flags.table ?? file.data.table };
  let loaded;
  try {
    loaded = loadDataset(ref);
  } catch (error) {
    const hint = flags.data ? '' : ` (the model was trained on "${file.data.name}" from ${file.data.source}; give its data with --data)`;
    throw new Error(`${(error as Error).message}${hint}`);
  }
  const { dataset } = loaded;
  if (dataset.inputs.cols !== file.model.inputSize) {
    throw new RangeError(`the model takes ${file.model.inputSize} pixels per image, the dataset "${dataset.name}" has ${dataset.inputs.cols}`);
  }
  // A version-1 model file recorded no hash: its data are checked by size and labels only.
  const mismatch = identityMismatch(file.data.hash ? file.data : { ...file.data, hash: loaded.identity.hash }, dataset);
  if (mismatch && !flags.force) throw new Error(`${mismatch}; pass --force to use these data anyway`);
  return dataset;
}

/** What every command that judges a saved model on data takes: the model file and, to override its own data, --data/--table/--force. */
export interface ModelDataFlags extends DataFlags {
  model: string;
}

/** A model file and the data to judge it on (see modelData). */
export function modelAndData(flags: ModelDataFlags): { file: ModelFile; dataset: Dataset } {
  const file = readModelFile(flags.model);
  return { file, dataset: modelData(file, flags) };
}

/**
 * Throws unless every pixel of `dataset` is 0 or 1: wrong pixels and nearest glyphs are measures
 * of binary images. `what` names the command or flag that needs them.
 */
export function requireBinary(dataset: Dataset, what: string): void {
  const values = dataset.inputs.data;
  const i = values.findIndex((v) => v !== 0 && v !== 1);
  if (i < 0) return;
  const pixels = dataset.inputs.cols;
  throw new RangeError(
    `${what} needs binary images (it counts wrong pixels and finds nearest glyphs), but "${dataset.name}" has grey levels (image ${Math.floor(i / pixels)} "${dataset.labels[Math.floor(i / pixels)]}", pixel ${i % pixels} is ${values[i]})`,
  );
}

/**
 * A dataset path as an absolute path (so a model file finds its data from any folder); a built-in
 * name stays a name, and so does a word that names no file (e.g. "emoji-9": loadDataset says it is
 * no dataset's name, where a path would only say the file is missing).
 */
export function localPath(source: string): string {
  const aName = builtinDatasets.includes(source) || (!/[/\\.]/.test(source) && !existsSync(source));
  return aName ? source : resolve(source);
}
