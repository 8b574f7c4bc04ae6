import { renderImageGrid } from '../plot/glyph-grid.js';
import { Matrix } from '../tensor/matrix.js';
import { formatCount } from '../data/format-count.js';
import { writeFileAtomic } from '../io/files.js';
import { art } from './glyph-art.js';
import { readModelFile } from './model-data.js';
import { print, printJson } from './style.js';

/** The farthest a decoded point may lie from 0 on any axis: far beyond every code, yet no overflow in the decoder. */
const MAX_COORDINATE = 1e6;

/**
 * `latentlab decode X Y ...`: the image a point of the latent space decodes to, as text (glyphs:
 * binarized and in grey levels; pictures: grey levels) and PNG. Needs no data: the model file
 * knows the size of its images.
 */
export function decode(coordinates: number[], flags: { model: string; out: string; json?: boolean }): void {
  const { model, data } = readModelFile(flags.model);
  if (coordinates.length !== model.latent) {
    throw new RangeError(`the model's latent space has ${model.latent} dimensions, got ${coordinates.length} coordinates`);
  }
  const far = coordinates.find((c) => !(Math.abs(c) <= MAX_COORDINATE));
  if (far !== undefined) throw new RangeError(`coordinates must be numbers within ±${formatCount(MAX_COORDINATE)} (codes lie within a few units of 0), got ${far}`);
  const decoded = model.decode(Matrix.fromRows([coordinates]));
  const pixels = decoded.row(0);
  const { width, height, mode } = data;
  const greys = Array.from({ length: height }, (_, r) => Array.from(pixels.subarray(r * width, (r + 1) * width), (v) => v.toFixed(2).padStart(5)).join(' '));
  writeFileAtomic(flags.out, renderImageGrid(decoded, { width, height, mode, ...(width >= 16 && { scale: 4 }) }));
  const point = `decoded (${coordinates.join(', ')})`;
  const lines =
    mode === 'ink'
      ? [`${point}, binarized at 0.5:`, ...art(pixels, width, height), '', 'grey levels:', ...greys]
      : [`${point}, grey levels (0 black, 1 white):`, ...greys];
  lines.push('', `Picture: ${flags.out}`);
  if (flags.json) {
    printJson({ coordinates, pixels: Array.from(pixels), width, height, picture: flags.out });
    return;
  }
  print(lines);
}
