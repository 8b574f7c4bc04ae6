import type { Dataset } from '../data/dataset.js';
import { renderLatentScatter, renderManifold, type PlaneOptions } from '../plot/latent-pictures.js';
import { centeredWindow, describeWindow, fittedWindow, planeCodes, type PlaneWindow } from '../eval/latent-plane.js';
import { writeFileAtomic } from '../io/files.js';
import type { PixelMode } from '../data/dataset.js';
import type { KindModel } from '../models/checkpoint.js';
import { PREVIEW_ROWS } from './report.js';

/** The plane drawn without data to fit it to: the prior's 3 standard deviations. */
const DEFAULT_RANGE = 3;

/** Where the companion scatter of a manifold picture goes: beside it, "-means" added to its name. */
export function scatterPath(manifoldPath: string): string {
  return manifoldPath.replace(/(\.png)?$/i, '-means.png');
}

/** What writePlanePictures wrote: its lines for the report, the files, the window drawn and the codes outside it. */
export interface PlanePictures {
  lines: string[];
  manifold: string;
  scatter?: string;
  window: PlaneWindow;
  outside: string[];
}

/**
 * Writes the manifold picture (the images decoded on a grid x grid lattice over a square of the
 * plane) and, when the training data are known, its companion scatter of their codes. The square
 * is [-range, range]^2 when `givenRange` is set, else fitted to the codes ([-3, 3]^2, the prior's
 * 3 standard deviations, without data). Says what was written, and which training codes lie
 * outside the square.
 */
export function writePlanePictures(
  { kind, model }: KindModel,
  image: { width: number; height: number; mode?: PixelMode },
  dataset: Dataset | undefined,
  grid: number,
  givenRange: number | undefined,
  manifoldPath: string,
): PlanePictures {
  if (model.latent !== 2) throw new RangeError(`a manifold picture needs a 2-D latent space; this model's has ${model.latent} dimensions`);
  // A large data set contributes its first rows (a balanced sample for MNIST, whose digits take turns).
  const shown = dataset?.inputs.head(Math.min(dataset.inputs.rows, PREVIEW_ROWS));
  const { mean: codes, logVariance } = !shown ? { mean: undefined, logVariance: undefined } : kind === 'vae' ? model.encodeDistribution(shown) : { mean: model.encode(shown), logVariance: undefined };
  const window = givenRange !== undefined ? centeredWindow(givenRange) : codes ? fittedWindow(codes, logVariance) : centeredWindow(DEFAULT_RANGE);
  const options: PlaneOptions = { grid, window, width: image.width, height: image.height, mode: image.mode ?? 'ink' };
  writeFileAtomic(manifoldPath, renderManifold(model.decode(planeCodes(grid, window)), options));
  const lines = [`Manifold (${grid}x${grid} codes over ${describeWindow(window)}${givenRange === undefined && codes ? ', fitted to the codes' : ''}): ${manifoldPath}`];
  if (!dataset || !shown || !codes) return { lines, manifold: manifoldPath, window, outside: [] };
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
  if (outside.length > 0) lines.push(`Outside the range, not drawn: ${outside.join(', ')} (sample without --range fits the plane to them)`);
  return { lines, manifold: manifoldPath, scatter: path, window, outside };
}
