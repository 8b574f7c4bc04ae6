import { PNG } from 'pngjs';
import { Matrix } from '../tensor/matrix.js';
import type { Dataset } from './dataset.js';

/**
 * Pictures to grayscale datasets: PNG decoding, compositing on white, luminance, and an exact
 * area-weighted resize. Pure functions over bytes: the caller reads the files.
 */

/** Rec. 709 luminance weights, applied to the sRGB values. */
const LUMINANCE = [0.2126, 0.7152, 0.0722] as const;
const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
/** The largest PNG read (width x height, checked in its header before decoding): 4096 x 4096. */
export const MAX_PNG_PIXELS = 4096 * 4096;
/** The largest side of a dataset's square pictures. */
export const MAX_PICTURE_SIDE = 256;
/** A picture is "near-blank" when its mean darkness (1 - value, on white) is below this. */
export const MIN_MEAN_INK = 0.02;

/** A decoded picture: RGBA bytes, row by row (what pngjs returns, palettes expanded). */
export interface RgbaImage {
  width: number;
  height: number;
  data: Uint8Array;
}

/** A grayscale picture: values in [0, 1], 0 black, 1 white, row by row. */
export interface GrayImage {
  width: number;
  height: number;
  pixels: Float64Array;
}

/** One picture file of a folder: its name (for labels and errors) and its bytes. */
export interface ImageFile {
  name: string;
  bytes: Uint8Array;
}

export class ImageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImageError';
  }
}

/** Decodes a PNG; a file that is not one, or is damaged, gets an error that names it. */
export function decodePng(file: ImageFile): RgbaImage {
  if (file.bytes.length < PNG_SIGNATURE.length || PNG_SIGNATURE.some((byte, i) => file.bytes[i] !== byte)) {
    throw new ImageError(`${file.name}: not a PNG file (it does not start with the PNG signature)`);
  }
  // The header's width and height (IHDR, right after the signature), before any pixel is decoded.
  if (file.bytes.length >= 24) {
    const header = new DataView(file.bytes.buffer, file.bytes.byteOffset, 24);
    const width = header.getUint32(16);
    const height = header.getUint32(20);
    if (width * height > MAX_PNG_PIXELS) {
      throw new ImageError(`${file.name}: the picture is ${width}x${height} pixels; the most read is ${MAX_PNG_PIXELS.toLocaleString('en-US')} pixels (4096x4096); make it smaller`);
    }
  }
  try {
    const png = PNG.sync.read(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
    return { width: png.width, height: png.height, data: png.data };
  } catch (error) {
    throw new ImageError(`${file.name}: corrupt or truncated PNG (${(error as Error).message})`);
  }
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

/** A PNG file as a `size` x `size` grayscale picture on white: decoded, composited, padded to a square, resized. */
export function pngToGray(file: ImageFile, size: number): GrayImage {
  return resizeArea(padToSquare(grayOnWhite(decodePng(file))), size, size);
}

/** A folder's PNG files as a dataset of `size` x `size` grayscale pictures, labelled by file name. */
export function imagesDataset(name: string, files: ImageFile[], size: number): Dataset {
  if (files.length === 0) throw new ImageError('no PNG files to build a dataset from');
  if (!Number.isInteger(size) || size < 2 || size > MAX_PICTURE_SIDE) throw new RangeError(`--size must be a whole number in 2..${MAX_PICTURE_SIDE}, got ${size}`);
  const inputs = new Matrix(files.length, size * size);
  files.forEach((file, i) => {
    inputs.data.set(pngToGray(file, size).pixels, i * size * size);
    const problem = pictureProblem(inputs, i);
    if (problem && 'ink' in problem) throw new ImageError(`${file.name} is near-blank on white (mean darkness ${problem.ink.toFixed(4)} < ${MIN_MEAN_INK}); leave it out`);
    if (problem) throw new ImageError(`${files[problem.twin].name} and ${file.name} are the same picture at ${size}x${size}; each picture may appear once`);
  });
  return { name, inputs, labels: files.map((file) => file.name.replace(/\.png$/i, '')), width: size, height: size, mode: 'luminance' };
}

/**
 * What keeps picture `i` of `pictures` (one per row, the rows before it filled) out of a dataset:
 * it is near-blank on white (its mean darkness), or the same as an earlier one (its index).
 */
export function pictureProblem(pictures: Matrix, i: number): { ink: number } | { twin: number } | undefined {
  const pixels = pictures.row(i);
  const ink = pixels.reduce((sum, v) => sum + (1 - v), 0) / pixels.length;
  if (ink < MIN_MEAN_INK) return { ink };
  const twin = Array.from({ length: i }, (_, j) => j).find((j) => pictures.row(j).every((v, p) => v === pixels[p]));
  return twin === undefined ? undefined : { twin };
}
