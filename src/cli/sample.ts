import type { Dataset } from '../data/dataset.js';
import { renderImageGrid } from '../plot/glyph-grid.js';
import { Rng } from '../tensor/rng.js';
import { formatCount } from '../data/format-count.js';
import { writeFileAtomic } from '../io/files.js';
import { modelData, readModelFile, type ModelDataFlags } from './model-data.js';
import { writePlanePictures } from './plane-pictures.js';
import { print, printJson } from './style.js';

/** The most images one --random draws (a 100 x 100 sheet). */
const MAX_SAMPLES = 10_000;

export interface SampleFlags extends ModelDataFlags {
  grid: number;
  /** Default: fitted to the codes of the model's data (3 without data). */
  range?: number;
  json?: boolean;
  random?: number;
  seed: number;
  out?: string;
}

/**
 * `latentlab sample`: the manifold picture of a 2-D latent space (and the companion scatter of the
 * codes of the model's data), or with --random N, N images decoded from codes drawn from a VAE's prior.
 */
export function sample(flags: SampleFlags): void {
  const file = readModelFile(flags.model);
  const { data } = file;
  if (flags.random !== undefined) {
    if (file.kind !== 'vae') throw new RangeError('--random samples a VAE\'s prior N(0, I); an autoencoder has no prior (draw its manifold with --grid instead)');
    if (!Number.isInteger(flags.random) || flags.random < 1 || flags.random > MAX_SAMPLES) {
      throw new RangeError(`--random must be a whole number in 1..${formatCount(MAX_SAMPLES)}, got ${flags.random}`);
    }
    const out = flags.out ?? 'samples.png';
    const images = file.model.sample(flags.random, new Rng(flags.seed));
    const columns = Math.ceil(Math.sqrt(flags.random));
    writeFileAtomic(out, renderImageGrid(images, { width: data.width, height: data.height, columns, scale: data.width >= 16 ? 4 : 12, mode: data.mode }));
    if (flags.json) printJson({ random: flags.random, seed: flags.seed, out });
    else print(`${flags.random} images decoded from codes drawn from N(0, I) (seed ${flags.seed}): ${out}`);
    return;
  }
  if (!Number.isInteger(flags.grid) || flags.grid < 2 || flags.grid > 100) throw new RangeError(`--grid must be a whole number in 2..100, got ${flags.grid}`);
  if (flags.range !== undefined && (!(flags.range > 0) || !(flags.range <= 1e6))) throw new RangeError(`--range must be a positive number up to 1,000,000, got ${flags.range}`);
  // The manifold needs no data; the scatter of the codes does. Without --data, data that cannot be had only cost the scatter.
  let dataset: Dataset | undefined;
  let note: string[] = [];
  try {
    dataset = modelData(file, flags);
  } catch (error) {
    if (flags.data) throw error;
    note = [`(no scatter of the training codes: ${(error as Error).message})`];
  }
  const { lines, manifold, scatter, window, outside } = writePlanePictures(file, data, dataset, flags.grid, flags.range, flags.out ?? 'manifold.png');
  if (flags.json) printJson({ grid: flags.grid, center: window.center, range: window.range, manifold, ...(scatter && { scatter }), outside });
  else print([...lines, ...note]);
}
