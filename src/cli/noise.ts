import { renderNoiseGrid } from '../plot/glyph-grid.js';
import { parseNoise } from '../data/noise.js';
import { DEFAULT_TEST_SEED, noisyTestSet, spread } from '../eval/denoising.js';
import { nearestGlyphs } from '../eval/nearest-glyph.js';
import { wrongPixelsPerRow } from '../eval/pixels.js';
import { writeFileAtomic } from '../io/files.js';
import { loadDataset } from '../io/datasets.js';
import { localPath } from './model-data.js';
import { print, printJson } from './style.js';

export interface NoiseFlags {
  noise: string;
  copies: number;
  seed?: number;
  data?: string;
  table?: number;
  out: string;
  json?: boolean;
}

/**
 * `latentlab noise`: noisy copies of a dataset (default: the built-in font's table 3) drawn to PNG,
 * with what the noise did and how the reference denoiser fares.
 */
export function noise(flags: NoiseFlags): void {
  // --table alone picks a table of the built-in font; with --data, a table of a font.h file.
  const table = flags.table ?? 3;
  if (!flags.data && ![1, 2, 3].includes(table)) throw new RangeError(`the built-in font has tables 1, 2 and 3, got ${table} (a table of your own font.h file: give --data too)`);
  const ref = flags.data ? { dataset: localPath(flags.data), table: flags.table } : { dataset: `font-${table}` };
  const { dataset } = loadDataset(ref);
  const protocol = { noise: parseNoise(flags.noise), copies: flags.copies, seed: flags.seed ?? DEFAULT_TEST_SEED };
  const { noisy, targets, rng } = noisyTestSet(dataset.inputs, protocol);
  writeFileAtomic(flags.out, renderNoiseGrid(dataset.inputs, noisy, { width: dataset.width, height: dataset.height, mode: dataset.mode }));
  const rows = dataset.inputs.rows;
  const perCopy = (wrong: number[]): number[] => Array.from({ length: flags.copies }, (_, c) => wrong.slice(c * rows, (c + 1) * rows).reduce((a, b) => a + b, 0));
  const flipped = spread(perCopy(wrongPixelsPerRow(noisy, targets)));
  const reference = spread(perCopy(wrongPixelsPerRow(nearestGlyphs(noisy, dataset.inputs, rng.fork()).output, targets)));
  const range = (s: { mean: number; min: number; max: number }): string => `${s.mean.toFixed(1)} (${s.min}-${s.max})`;
  const pixels = dataset.inputs.data.length;
  const lines = [
    `${flags.noise} on ${dataset.name}: ${flags.copies} noisy copies of the ${rows} images (seed ${protocol.seed})`,
    `pixels the noise changed (after binarizing at 0.5), per ${pixels}: ${range(flipped)}`,
    `the nearest-glyph reference denoiser leaves ${range(reference)} wrong pixels per ${pixels}`,
    `Picture: ${flags.out} (top row clean, then one row per noisy copy)`,
  ];
  if (flags.json) {
    printJson({ noise: flags.noise, dataset: dataset.name, copies: flags.copies, seed: protocol.seed, pixels, changedPixels: flipped, referenceWrongPixels: reference, picture: flags.out });
    return;
  }
  print(lines);
}
