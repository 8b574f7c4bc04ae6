import { fontTable } from '../../data/font.js';
import { flipCount } from '../../data/noise.js';
import { evaluateDenoising } from '../../eval/denoising.js';
import { pairsByDistance, hammingDistance } from '../../eval/latent-walk.js';
import type { Study } from '../study.js';

/** Noisy copies of the 32 glyphs per level: 625 x 32 = 20,000 noisy glyphs, as in the digest. */
const COPIES = 625;
const SEED = 2024;

/** The nearest-glyph reference denoiser's floor: no model that knows only the 32 glyphs does better on average. */
export const daeFloor: Study = {
  name: 'dae-floor',
  title: 'The floor of denoising: the nearest-glyph reference',
  question:
    'Computed for the digest (not in the study): maximum-likelihood denoising (nearest glyph in Hamming distance, ties at random) of 20,000 glyphs with exactly 3 (p = 0.1) or 7 (p = 0.2) of 35 pixels flipped gives about 0.9 and 18 wrong pixels per 1120 (1.0% and 9.4% wrong glyphs); the closest two glyphs, l and |, differ in 2 pixels.',
  experiments: [],
  build() {
    const font = fontTable(3);
    const glyphs = font.inputs;
    const closest = pairsByDistance(glyphs)[0];
    const floor = (level: number) =>
      evaluateDenoising((inputs) => inputs, glyphs, { noise: { name: 'flip-count', level }, copies: COPIES, seed: SEED }).evaluation;
    const [low, high] = [floor(0.1), floor(0.2)];
    const line = (e: typeof low) => `${e.referenceWrongPixels.mean.toFixed(2)} wrong pixels per 1120 (${((100 * e.referenceWrongPixels.mean) / 1120).toFixed(2)}%; ${e.referenceWrongPixels.min}-${e.referenceWrongPixels.max} over the ${COPIES} copies), ${(100 * e.referenceWrongGlyphs).toFixed(1)}% wrong glyphs`;
    return {
      figures: [],
      findings: [
        { topic: 'Reference denoiser floor at p = 0.1 (3 of 35 pixels flipped)', study: 'about 0.9 wrong pixels per 1120 (0.08%), 1.0% wrong glyphs', latentlab: `${line(low)}; ${COPIES * 32} noisy glyphs, seed ${SEED}` },
        { topic: 'Reference denoiser floor at p = 0.2 (7 of 35 pixels flipped)', study: 'about 18 wrong pixels per 1120 (1.6%), 9.4% wrong glyphs', latentlab: `${line(high)}; ${COPIES * 32} noisy glyphs, seed ${SEED}` },
        {
          topic: 'Salt & pepper noise level p: pixels inverted per glyph',
          study: '"0.1 means inverting 10% of the pixels, here 3"; 0.2 -> 7',
          latentlab: `flip-count inverts exactly floor(p x 35): ${flipCount(0.1, glyphs.cols)} at p = 0.1, ${flipCount(0.2, glyphs.cols)} at p = 0.2`,
        },
        {
          topic: 'The closest two glyphs',
          study: 'l and | differ in only 2 pixels',
          latentlab: `"${font.labels[closest.a]}" and "${font.labels[closest.b]}" differ in ${hammingDistance(glyphs.row(closest.a), glyphs.row(closest.b))} pixels`,
        },
      ],
    };
  },
};
