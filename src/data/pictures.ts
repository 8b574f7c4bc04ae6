import { Matrix } from '../tensor/matrix.js';
import type { Dataset, PixelMode } from './dataset.js';

/**
 * Pictures to grayscale datasets, as pure functions over decoded pixels (no PNG decoder here, so
 * the explorer runs them on the pictures its browser decodes): compositing on white, luminance, an
 * exact area-weighted resize, and the checks every picture dataset passes (size, near-blank
 * pictures, identical pictures, repeated labels). images.ts decodes PNG files with them for the CLI.
 */

/** Rec. 709 luminance weights, applied to the sRGB values. */
const LUMINANCE = [0.2126, 0.7152, 0.0722] as const;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** A picture is "near-blank" when its mean darkness (1 - value, on white) is below this. */
export const MIN_MEAN_INK = 0.02;
/** The sides a dataset's square pictures may have, in pixels. */
export const PICTURE_SIDES = { min: 2, max: 64 } as const;

/** A decoded picture: RGBA bytes, row by row (palettes expanded). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** A grayscale picture: values in [0, 1], 0 black, 1 white, row by row. */
export interface GrayImage {
  width: number;
  height: number;
  pixels: Float64Array;
}

/** Whether the bytes start with the PNG signature. */
export function isPng(bytes: Uint8Array): boolean {
  return bytes.length >= PNG_SIGNATURE.length && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte);
}

/**
 * Composites a picture on white paper (alpha-weighted: fully transparent pixels become white,
 * whatever color they hold underneath) and converts it to gray with luminance weights.
 */
export function grayOnWhite(image: RgbaImage): GrayImage {
  const { width, height, data } = image;
  const pixels = new Float64Array(width * height);
  for (let i = 0; i < pixels.length; i++) {
    const alpha = data[4 * i + 3] / 255;
    let luminance = 0;
    for (let c = 0; c < 3; c++) luminance += LUMINANCE[c] * (data[4 * i + c] / 255);
    pixels[i] = alpha * luminance + (1 - alpha);
  }
  return { width, height, pixels };
}

/** Centers a picture on a white square as wide as its longer side (a square one is returned as is). */
export function padToSquare(image: GrayImage): GrayImage {
  const side = Math.max(image.width, image.height);
  if (image.width === side && image.height === side) return image;
  const pixels = new Float64Array(side * side).fill(1);
  const left = Math.floor((side - image.width) / 2);
  const top = Math.floor((side - image.height) / 2);
  for (let y = 0; y < image.height; y++) {
    pixels.set(image.pixels.subarray(y * image.width, (y + 1) * image.width), (top + y) * side + left);
  }
  return { width: side, height: side, pixels };
}

/**
 * Resizes with an exact area-weighted box filter: each output pixel is the mean of the source
 * area it covers, partial source pixels weighted by the fraction covered (64 -> 20 is a factor
 * of 3.2). Separable: rows first, then columns.
 */
export function resizeArea(image: GrayImage, width: number, height: number): GrayImage {
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  const across = coverage(image.width, width);
  const down = coverage(image.height, height);
  const rows = new Float64Array(image.height * width);
  for (let y = 0; y < image.height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (const { source, overlap } of across[x]) sum += overlap * image.pixels[y * image.width + source];
      rows[y * width + x] = sum / image.width;
    }
  }
  const pixels = new Float64Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      for (const { source, overlap } of down[y]) sum += overlap * rows[source * width + x];
      pixels[y * width + x] = sum / image.height;
    }
  }
  return { width, height, pixels };
}

/**
 * For each of `to` output pixels along one axis of `from` source pixels: the source pixels it
 * covers and by how much, in units of 1 / `to` source pixel, so the overlaps are whole numbers
 * that sum to `from` and a constant stays exactly constant (an output pixel is sum / from).
 */
function coverage(from: number, to: number): { source: number; overlap: number }[][] {
  return Array.from({ length: to }, (_, i) => {
    const start = i * from;
    const end = (i + 1) * from;
    const taps = [];
    for (let k = Math.floor(start / to); k * to < end; k++) {
      const overlap = Math.min(end, (k + 1) * to) - Math.max(start, k * to);
      if (overlap > 0) taps.push({ source: k, overlap });
    }
    return taps;
  });
}

/** A decoded picture as a `size` x `size` grayscale picture on white: composited, padded to a square, resized. */
export function pictureToGray(image: RgbaImage, size: number): GrayImage {
  return resizeArea(padToSquare(grayOnWhite(image)), size, size);
}

/** The mean darkness of a grayscale picture (1 - value, so 0 for white paper). */
export function meanDarkness(pixels: ArrayLike<number>): number {
  let ink = 0;
  for (let i = 0; i < pixels.length; i++) ink += 1 - pixels[i];
  return ink / pixels.length;
}

/** The side of a dataset's square pictures, checked: a whole number of pixels within PICTURE_SIDES. */
export function checkPictureSide(size: number): number {
  if (!Number.isInteger(size) || size < PICTURE_SIDES.min || size > PICTURE_SIDES.max) {
    throw new RangeError(`size must be a whole number of pixels from ${PICTURE_SIDES.min} to ${PICTURE_SIDES.max}, got ${size}`);
  }
  return size;
}

/** A picture of a dataset being built: its label and its grayscale pixels (1 = white), all of one size. */
export interface LabelledPicture {
  label: string;
  pixels: ArrayLike<number>;
}

/** What is wrong with one picture of a set, by its index. */
export interface PictureProblem {
  index: number;
  message: string;
}

/**
 * The problems of a set of same-size grayscale pictures, every one of them: a near-blank picture
 * (mean darkness below MIN_MEAN_INK), a picture identical to an earlier one, a label used before, an
 * empty label. A dataset is built only from a set with none.
 */
export function pictureProblems(pictures: LabelledPicture[], size: number): PictureProblem[] {
  const problems: PictureProblem[] = [];
  pictures.forEach(({ label, pixels }, index) => {
    if (label.trim() === '') problems.push({ index, message: `picture ${index + 1} has no label` });
    const labelTwin = pictures.findIndex((other, j) => j < index && other.label === label);
    if (label.trim() !== '' && labelTwin >= 0) problems.push({ index, message: `"${label}": the label of picture ${labelTwin + 1} too; each label may appear once` });
    const ink = meanDarkness(pixels);
    if (ink < MIN_MEAN_INK) problems.push({ index, message: `"${label}" is near-blank on white (mean darkness ${ink.toFixed(4)} < ${MIN_MEAN_INK})` });
    const twin = pictures.findIndex((other, j) => j < index && samePixels(other.pixels, pixels));
    if (twin >= 0) problems.push({ index, message: `"${pictures[twin].label}" and "${label}" are identical pictures at ${size}x${size}; each picture may appear once` });
  });
  return problems;
}

/** Two pictures with exactly the same pixel values. */
export function samePixels(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A dataset of `size` x `size` grayscale pictures (luminance: 1 = white), checked by pictureProblems
 * (the first problem is thrown); 'ink' mode stores 1 - value, for pictures of glyphs drawn in ink.
 */
export function picturesDataset(name: string, pictures: LabelledPicture[], size: number, mode: PixelMode = 'luminance'): Dataset {
  checkPictureSide(size);
  if (pictures.length === 0) throw new RangeError('no pictures to build a dataset from');
  const problem = pictureProblems(pictures, size)[0];
  if (problem) throw new RangeError(problem.message);
  const inputs = new Matrix(pictures.length, size * size);
  pictures.forEach(({ pixels }, i) => {
    if (pixels.length !== size * size) throw new RangeError(`"${pictures[i].label}" has ${pixels.length} pixels, expected ${size}x${size} = ${size * size}`);
    for (let p = 0; p < pixels.length; p++) inputs.data[i * size * size + p] = mode === 'ink' ? 1 - pixels[p] : pixels[p];
  });
  return { name, inputs, labels: pictures.map((picture) => picture.label), width: size, height: size, mode };
}
