import { checkNoise, corruption, formatNoise, repeatRows, type NoiseSpec } from '../data/noise.js';
import type { Matrix } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import { nearestGlyphs } from './nearest-glyph.js';
import { meanSquaredError, wrongPixelsPerRow } from './pixels.js';
import { posteriorDenoiser } from './posterior-denoiser.js';

export const DEFAULT_TEST_COPIES = 10;
/** The most noisy copies of a data set one test draws. */
export const MAX_TEST_COPIES = 1000;
/** The test noise's own seed, independent of any training seed, so every model meets the same noisy inputs. */
export const DEFAULT_TEST_SEED = 1000;

/** The tighter protocol's copies: 100 noisy copies of the data set (3200 inputs for the font) instead of 10. */
export const TIGHT_TEST_COPIES = 100;

/**
 * How a denoiser is tested: `copies` noisy copies of every clean image, made with `noise` from
 * `seed`. `prior` is the Bayes pixel denoiser's prior over noise levels (default: `noise` itself):
 * a model trained on a range of levels is compared with the floor of that range, level by level.
 */
export interface DenoisingProtocol {
  noise: NoiseSpec;
  copies: number;
  seed: number;
  prior?: NoiseSpec;
}

export interface Spread {
  mean: number;
  min: number;
  max: number;
}

/** Shares (0..1) of the noisy inputs whose output has 0, exactly 1, or more than 1 wrong pixel. */
export interface RestoredShares {
  perfect: number;
  oneWrong: number;
  worse: number;
}

/**
 * The test protocol's figures. Wrong pixels are counted per copy of the data set (per 1120 pixels
 * for the font's 32 glyphs), with the mean, min and max over the copies.
 */
export interface DenoisingEvaluation {
  noise: string;
  copies: number;
  seed: number;
  /** Pixels of one copy of the data set: what the wrong pixels are counted "per" (1120 for the font). */
  pixelsPerCopy: number;
  /** The model on the noisy inputs. */
  noisyWrongPixels: Spread;
  /** The nearest-glyph reference denoiser on the very same inputs. */
  referenceWrongPixels: Spread;
  /** The Bayes pixel denoiser (glyphs + noise model known) on the same inputs; absent for gaussian noise. */
  posteriorWrongPixels?: Spread;
  /** The Bayes denoiser's prior over noise levels when it is not the test noise (a training range). */
  posteriorPrior?: string;
  /** The noisy inputs themselves against the clean images: how much the noise broke. */
  inputWrongPixels: Spread;
  restored: RestoredShares;
  referenceRestored: RestoredShares;
  /** Share of inputs the reference decoded to another glyph. */
  referenceWrongGlyphs: number;
  /** MSE of the model's outputs on the noisy inputs against the clean images. */
  noisyMSE: number;
  /** The model on the clean images (wrong pixels per copy, MSE). */
  cleanWrongPixels: number;
  cleanMSE: number;
  /** Wrong pixels of the model and of the reference in each copy. */
  wrongPixelsPerCopy: number[];
  referenceWrongPixelsPerCopy: number[];
}

/** The inputs and outputs behind an evaluation, for pictures and text reports. */
export interface DenoisingDetail {
  evaluation: DenoisingEvaluation;
  /** copies x rows noisy inputs: copy c occupies rows c x rows .. (c + 1) x rows - 1. */
  noisy: Matrix;
  /** The clean image of every noisy input. */
  targets: Matrix;
  outputs: Matrix;
  referenceOutputs: Matrix;
  wrongPerInput: number[];
}

/**
 * The noisy test inputs of a protocol: the same for every model, given the clean data and the
 * protocol; `rng` continues the protocol's stream for the references' tie-breaks.
 */
export function noisyTestSet(clean: Matrix, protocol: DenoisingProtocol): { noisy: Matrix; targets: Matrix; rng: Rng } {
  checkProtocol(protocol);
  const rng = new Rng(protocol.seed);
  const targets = repeatRows(clean, protocol.copies);
  const noisy = targets.clone();
  corruption(protocol.noise)(targets, noisy, rng.fork());
  return { noisy, targets, rng };
}

/**
 * Runs the test protocol: `denoise` (e.g. a model's reconstruct) and the reference denoisers on the
 * same noisy copies of `clean`, plus `denoise` on `clean` itself.
 */
export function evaluateDenoising(denoise: (inputs: Matrix) => Matrix, clean: Matrix, protocol: DenoisingProtocol): DenoisingDetail {
  const { noisy, targets, rng } = noisyTestSet(clean, protocol);
  const { copies } = protocol;
  const outputs = denoise(noisy);
  const reference = nearestGlyphs(noisy, clean, rng.fork());
  const posterior = posteriorDenoiser(protocol.prior ?? protocol.noise, clean.cols)?.(noisy, clean, rng.fork());
  const wrongPerInput = wrongPixelsPerRow(outputs, targets);
  const referenceWrong = wrongPixelsPerRow(reference.output, targets);
  const cleanOutputs = denoise(clean);
  const wrongPixelsPerCopy = perCopy(wrongPerInput, copies);
  const referenceWrongPixelsPerCopy = perCopy(referenceWrong, copies);
  let wrongGlyphs = 0;
  reference.index.forEach((g, i) => (wrongGlyphs += g === i % clean.rows ? 0 : 1));
  const evaluation: DenoisingEvaluation = {
    noise: formatNoise(protocol.noise),
    copies,
    seed: protocol.seed,
    pixelsPerCopy: clean.data.length,
    noisyWrongPixels: spread(wrongPixelsPerCopy),
    referenceWrongPixels: spread(referenceWrongPixelsPerCopy),
    ...(posterior ? { posteriorWrongPixels: spread(perCopy(wrongPixelsPerRow(posterior, targets), copies)) } : {}),
    ...(protocol.prior ? { posteriorPrior: formatNoise(protocol.prior) } : {}),
    inputWrongPixels: spread(perCopy(wrongPixelsPerRow(noisy, targets), copies)),
    restored: shares(wrongPerInput),
    referenceRestored: shares(referenceWrong),
    referenceWrongGlyphs: wrongGlyphs / noisy.rows,
    noisyMSE: meanSquaredError(outputs, targets),
    cleanWrongPixels: wrongPixelsPerRow(cleanOutputs, clean).reduce((a, b) => a + b, 0),
    cleanMSE: meanSquaredError(cleanOutputs, clean),
    wrongPixelsPerCopy,
    referenceWrongPixelsPerCopy,
  };
  return { evaluation, noisy, targets, outputs, referenceOutputs: reference.output, wrongPerInput };
}

/** Mean, min and max of some numbers. */
export function spread(values: number[]): Spread {
  if (values.length === 0) throw new RangeError('no values to summarize');
  return { mean: values.reduce((a, b) => a + b, 0) / values.length, min: Math.min(...values), max: Math.max(...values) };
}

function perCopy(wrongPerInput: number[], copies: number): number[] {
  const rows = wrongPerInput.length / copies;
  return Array.from({ length: copies }, (_, c) => wrongPerInput.slice(c * rows, (c + 1) * rows).reduce((a, b) => a + b, 0));
}

function shares(wrongPerInput: number[]): RestoredShares {
  const count = (keep: (w: number) => boolean): number => wrongPerInput.filter(keep).length / wrongPerInput.length;
  return { perfect: count((w) => w === 0), oneWrong: count((w) => w === 1), worse: count((w) => w > 1) };
}

function checkProtocol(protocol: DenoisingProtocol): void {
  checkNoise(protocol.noise);
  if (protocol.prior) checkNoise(protocol.prior);
  if (!Number.isInteger(protocol.copies) || protocol.copies < 1 || protocol.copies > MAX_TEST_COPIES) {
    throw new RangeError(`noisy copies (--copies) must be a whole number in 1..${MAX_TEST_COPIES}, got ${protocol.copies}`);
  }
  if (!Number.isInteger(protocol.seed) || protocol.seed < 0) throw new RangeError(`test seed must be a non-negative integer, got ${protocol.seed}`);
}
