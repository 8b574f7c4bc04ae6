import { basename } from 'node:path';
import type { Dataset } from '../data/dataset.js';
import { fontHeaderDataset, fontTable } from '../data/font.js';
import type { DataSpec } from '../runs/autoencoder/spec.js';
import { readText } from './files.js';
import { mnistPackageDataset } from './mnist-package.js';

/** The built-in font table, a table of the user's font.h file, or the digits of the mnist package (path "mnist"). */
export function loadDataset(data: DataSpec): Dataset {
  if (data.path === 'mnist') return mnistPackageDataset();
  if (!data.path) {
    if (data.table !== 1 && data.table !== 2 && data.table !== 3) {
      throw new RangeError(`the built-in font has tables 1, 2 and 3, got ${data.table}`);
    }
    return fontTable(data.table);
  }
  const text = readText(data.path, 'font file');
  try {
    return fontHeaderDataset(text, data.table, basename(data.path));
  } catch (error) {
    throw new Error(`${data.path}: ${(error as Error).message}`);
  }
}
