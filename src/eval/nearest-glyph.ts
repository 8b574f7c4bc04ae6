import { Matrix } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';

export interface NearestGlyphs {
  /** For each input row, the index of the glyph chosen. */
  index: Int32Array;
  /** For each input row, its squared distance to the chosen glyph: the Hamming distance for binary images. */
  distance: Float64Array;
  /** For each input row, how many glyphs were equally near (1 when there was no tie). */
  ties: Int32Array;
  /** The chosen glyphs' pixels, one row per input: the reference denoiser's output. */
  output: Matrix;
}

/**
 * The maximum-likelihood reference denoiser: each input becomes the glyph nearest to it, in
 * squared distance (for binary images that is the Hamming distance: the number of differing
 * pixels); ties are broken at random with `rng`, which is drawn from only when there is a tie.
 * For noise that flips pixels independently (flip-prob, salt-pepper, p < 0.5) the nearest glyph is
 * the most likely one; no denoiser that knows only the glyphs picks the right one more often.
 */
export function nearestGlyphs(inputs: Matrix, glyphs: Matrix, rng: Rng): NearestGlyphs {
  if (inputs.cols !== glyphs.cols) throw new RangeError(`inputs have ${inputs.cols} pixels, glyphs have ${glyphs.cols}`);
  if (glyphs.rows === 0) throw new RangeError('no glyphs to choose from');
  inputs.assertFinite('inputs');
  const index = new Int32Array(inputs.rows);
  const distance = new Float64Array(inputs.rows);
  const ties = new Int32Array(inputs.rows);
  const output = new Matrix(inputs.rows, inputs.cols);
  for (let r = 0; r < inputs.rows; r++) {
    const input = inputs.row(r);
    let best = -1;
    let bestDistance = Infinity;
    let tied = 0;
    for (let g = 0; g < glyphs.rows; g++) {
      const d = squaredDistance(input, glyphs.row(g));
      if (d < bestDistance) {
        best = g;
        bestDistance = d;
        tied = 1;
      } else if (d === bestDistance) {
        tied++;
        if (rng.int(tied) === 0) best = g; // reservoir sampling: each tied glyph ends up chosen with probability 1/tied
      }
    }
    index[r] = best;
    distance[r] = bestDistance;
    ties[r] = tied;
    output.row(r).set(glyphs.row(best));
  }
  return { index, distance, ties, output };
}

function squaredDistance(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i] - b[i]) ** 2;
  return sum;
}
