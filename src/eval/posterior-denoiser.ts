import { flipCountOdds, levelBounds, type NoiseSpec } from '../data/noise.js';
import { Matrix } from '../tensor/matrix.js';
import type { Rng } from '../tensor/rng.js';
import { nearestGlyphs } from './nearest-glyph.js';

/** Levels a continuous noise range is averaged over (midpoints of equal slices). */
const RANGE_STEPS = 64;

/**
 * The Bayes pixel denoiser: it knows the glyphs (each equally likely a priori) and the noise
 * model, weighs every glyph by the likelihood of the input given that glyph, and sets each pixel
 * to its more probable value under those weights (ties at random). No denoiser that knows only
 * the glyphs and the noise has fewer wrong pixels on average. It can beat the nearest glyph: under
 * flip-count at p = 0.2 an input lies exactly 7 pixels from its glyph, so a glyph 5 pixels away is
 * impossible, not likely. `noise` is its prior over noise levels: a range (flip-count:0-0.2, a
 * uniform prior over 0..7 flips) gives the floor of a model trained on that range, whatever the
 * level of the inputs it is then tested on. Inputs are binarized at 0.5; defined for the noise
 * models that flip binary pixels (flip-count, flip-prob, salt-pepper), undefined for gaussian.
 */
export function posteriorDenoiser(noise: NoiseSpec, pixels: number): ((inputs: Matrix, glyphs: Matrix, rng: Rng) => Matrix) | undefined {
  const means = posteriorPixelMeans(noise, pixels);
  if (!means) return undefined;
  return (inputs, glyphs, rng) => {
    const output = means(inputs, glyphs);
    for (let r = 0; r < inputs.rows; r++) {
      const out = output.row(r);
      if (Number.isNaN(out[0])) {
        // The input cannot come from any glyph under this noise (it was made by another): nearest glyph.
        out.set(nearestGlyphs(new Matrix(1, pixels, inputs.row(r).slice()), glyphs, rng).output.row(0));
        continue;
      }
      for (let i = 0; i < pixels; i++) out[i] = out[i] > 0.5 ? 1 : out[i] < 0.5 ? 0 : rng.int(2);
    }
    return output;
  };
}

/**
 * The posterior mean of every pixel given the input: P(pixel is ink | input), each glyph weighed by
 * P(input | glyph) under `noise` (its prior over levels). This is what a denoiser trained with
 * binary cross-entropy on that noise converges to, and a training target with no label noise in
 * it (`noise.targets: "posterior"`). A row of NaN marks an input no glyph can give under this
 * noise. Undefined for gaussian noise.
 */
export function posteriorPixelMeans(noise: NoiseSpec, pixels: number): ((inputs: Matrix, glyphs: Matrix) => Matrix) | undefined {
  const likelihood = distanceLikelihood(noise, pixels);
  if (!likelihood) return undefined;
  return (inputs, glyphs) => {
    if (inputs.cols !== pixels || glyphs.cols !== pixels) throw new RangeError(`inputs and glyphs must have ${pixels} pixels, got ${inputs.cols} and ${glyphs.cols}`);
    const output = new Matrix(inputs.rows, pixels);
    const weights = new Float64Array(glyphs.rows);
    const ink = Uint8Array.from(glyphs.data, (v) => (v >= 0.5 ? 1 : 0));
    const words = Math.ceil(pixels / 32);
    const glyphBits = packBits(glyphs, words);
    const inputBits = packBits(inputs, words);
    for (let r = 0; r < inputs.rows; r++) {
      const at = r * pixels;
      let total = 0;
      for (let g = 0; g < glyphs.rows; g++) {
        let distance = 0;
        for (let w = 0; w < words; w++) distance += bitCount(inputBits[r * words + w] ^ glyphBits[g * words + w]);
        weights[g] = likelihood[distance];
        total += weights[g];
      }
      if (total === 0) {
        output.data.fill(NaN, at, at + pixels);
        continue;
      }
      for (let g = 0; g < glyphs.rows; g++) {
        if (weights[g] === 0) continue;
        for (let i = 0; i < pixels; i++) if (ink[g * pixels + i]) output.data[at + i] += weights[g];
      }
      for (let i = 0; i < pixels; i++) output.data[at + i] /= total;
    }
    return output;
  };
}

/**
 * P(input | glyph) as a function of their Hamming distance d = 0..pixels, for noise that flips
 * binary pixels; undefined for gaussian noise. A range of levels is averaged over (a flip-count range by its weights).
 */
export function distanceLikelihood(noise: NoiseSpec, pixels: number): Float64Array | undefined {
  const { min, max } = levelBounds(noise.level);
  const table = new Float64Array(pixels + 1);
  if (noise.name === 'flip-count') {
    const { low, odds } = flipCountOdds(noise.level, pixels);
    odds.forEach((odd, i) => (table[low + i] += odd / binomial(pixels, low + i)));
    return table;
  }
  if (noise.name === 'gaussian') return undefined;
  // flip-prob flips a pixel with probability p; salt-pepper sets it at random with probability p, which flips it with p / 2.
  const flipProbability = (level: number): number => (noise.name === 'flip-prob' ? level : level / 2);
  const levels = min === max ? [min] : Array.from({ length: RANGE_STEPS }, (_, s) => min + ((s + 0.5) * (max - min)) / RANGE_STEPS);
  for (const level of levels) {
    const q = flipProbability(level);
    for (let d = 0; d <= pixels; d++) table[d] += (q ** d * (1 - q) ** (pixels - d)) / levels.length;
  }
  return table;
}

/** Each row's pixels binarized at 0.5, 32 to a word. */
function packBits(images: Matrix, words: number): Uint32Array {
  const bits = new Uint32Array(images.rows * words);
  for (let i = 0; i < images.data.length; i++) {
    const [r, p] = [Math.floor(i / images.cols), i % images.cols];
    if (images.data[i] >= 0.5) bits[r * words + (p >> 5)] |= 1 << (p & 31);
  }
  return bits;
}

function bitCount(word: number): number {
  let v = word - ((word >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

function binomial(n: number, k: number): number {
  let result = 1;
  for (let i = 1; i <= k; i++) result = (result * (n - k + i)) / i;
  return result;
}
