import { renderImageGrid } from '../plot/glyph-grid.js';
import { Matrix } from '../tensor/matrix.js';
import { writeFileAtomic } from '../io/files.js';
import { art } from './glyph-art.js';
import { loadModel } from './model-file.js';

/** `latentlab decode X Y`: the glyph a point of the latent space decodes to, as text, grey levels and PNG. */
export function decode(coordinates: number[], flags: { model: string; out: string }): void {
  const { model, data } = loadModel(flags.model);
  if (coordinates.length !== model.spec.latent) {
    throw new RangeError(`the model's latent space has ${model.spec.latent} dimensions, got ${coordinates.length} coordinates`);
  }
  const decoded = model.decode(Matrix.fromRows([coordinates]));
  const pixels = decoded.row(0);
  const greys = Array.from({ length: data.height }, (_, r) =>
    Array.from(pixels.subarray(r * data.width, (r + 1) * data.width), (v) => v.toFixed(2).padStart(5)).join(' '),
  );
  writeFileAtomic(flags.out, renderImageGrid(decoded, { width: data.width, height: data.height }));
  const lines = [`decoded (${coordinates.join(', ')}), binarized at 0.5:`, ...art(pixels, data.width, data.height), '', 'grey levels:', ...greys, '', `Picture: ${flags.out}`];
  process.stdout.write(`${lines.join('\n')}\n`);
}
