import type { Dataset } from '../data/dataset.js';
import { renderLatentScatter, renderManifold, type PlaneOptions } from '../plot/latent-pictures.js';
import { planeCodes } from '../eval/latent-plane.js';
import { writeFileAtomic } from '../io/files.js';
import type { PixelMode } from '../data/dataset.js';
import type { KindModel } from '../models/checkpoint.js';
import { PREVIEW_ROWS } from './report.js';

/** Where the companion scatter of a manifold picture goes: beside it, "-means" added to its name. */
export function scatterPath(manifoldPath: string): string {
  return manifoldPath.replace(/(\.png)?$/i, '-means.png');
}

/**
 * Writes the manifold picture (the images decoded on a grid x grid lattice over [-range, range]^2)
 * and, when the training data are known, its companion scatter of their codes. Returns lines that
 * say what was written, and which training codes lie outside the range.
 */
export function writePlanePictures(
  { kind, model }: KindModel,
  image: { width: number; height: number; mode?: PixelMode },
  dataset: Dataset | undefined,
  grid: number,
  range: number,
  manifoldPath: string,
): string[] {
  if (model.latent !== 2) throw new RangeError(`a manifold picture needs a 2-D latent space; this model's has ${model.latent} dimensions`);
  const options: PlaneOptions = { grid, range, width: image.width, height: image.height, mode: image.mode ?? 'ink' };
  writeFileAtomic(manifoldPath, renderManifold(model.decode(planeCodes(grid, range)), options));
  const lines = [`Manifold (${grid}x${grid} codes over [-${range}, ${range}]^2): ${manifoldPath}`];
  if (!dataset) return lines;
  // A large data set contributes its first rows (a balanced sample for MNIST, whose digits take turns).
  const shown = dataset.inputs.head(Math.min(dataset.inputs.rows, PREVIEW_ROWS));
  const { mean: codes, logVariance } = kind === 'vae' ? model.encodeDistribution(shown) : { mean: model.encode(shown), logVariance: undefined };
  const points = dataset.labels.slice(0, shown.rows).map((label, i) => ({
    label,
    code: [codes.get(i, 0), codes.get(i, 1)] as [number, number],
    logVariance: logVariance && ([logVariance.get(i, 0), logVariance.get(i, 1)] as [number, number]),
    pixels: dataset.inputs.row(i),
  }));
  const { png, outside } = renderLatentScatter(points, options, kind === 'vae');
  const path = scatterPath(manifoldPath);
  writeFileAtomic(path, png);
  const sample = shown.rows < dataset.inputs.rows ? `, the first ${shown.rows} of ${dataset.inputs.rows} images` : '';
  lines.push(`Training codes (${kind === 'vae' ? 'means of q(z|x), 1-sigma ellipses' : 'codes'}${sample}): ${path}`);
  if (outside.length > 0) {
    const reach = Math.ceil(Math.max(...points.map((p) => Math.max(Math.abs(p.code[0]), Math.abs(p.code[1])))));
    lines.push(`Outside the range, not drawn: ${outside.join(', ')} (--range ${reach} shows them)`);
  }
  return lines;
}
