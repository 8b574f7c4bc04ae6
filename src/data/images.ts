import { PNG } from 'pngjs';
import type { Dataset } from './dataset.js';
import { formatCount } from './format-count.js';
import { checkPictureSide, isPng, pictureToGray, picturesDataset, type GrayImage, type RgbaImage } from './pictures.js';

/**
 * PNG files to grayscale datasets: decoding (pngjs), then pictures.ts's compositing on white,
 * luminance, resize and checks. Pure functions over bytes: the caller reads the files.
 */

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

/** The largest PNG read (width x height, checked in its header before decoding): 4096 x 4096. */
export const MAX_PNG_PIXELS = 4096 * 4096;

/** Decodes a PNG; a file that is not one, is damaged or too large, gets an error that names it. */
export function decodePng(file: ImageFile): RgbaImage {
  if (!isPng(file.bytes)) throw new ImageError(`${file.name}: not a PNG file (it does not start with the PNG signature)`);
  // The header's width and height (IHDR, right after the signature), before any pixel is decoded.
  if (file.bytes.length >= 24) {
    const header = new DataView(file.bytes.buffer, file.bytes.byteOffset, 24);
    const [width, height] = [header.getUint32(16), header.getUint32(20)];
    if (width * height > MAX_PNG_PIXELS) {
      throw new ImageError(`${file.name}: the picture is ${width}x${height} pixels; the most read is ${formatCount(MAX_PNG_PIXELS)} pixels (4096x4096); make it smaller`);
    }
  }
  try {
    const png = PNG.sync.read(Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength));
    return { width: png.width, height: png.height, data: png.data };
  } catch (error) {
    throw new ImageError(`${file.name}: corrupt or truncated PNG (${(error as Error).message})`);
  }
}

/** A PNG file as a `size` x `size` grayscale picture on white: decoded, composited, padded to a square, resized. */
export function pngToGray(file: ImageFile, size: number): GrayImage {
  return pictureToGray(decodePng(file), size);
}

/**
 * A folder's PNG files as a dataset of `size` x `size` grayscale pictures, labelled by file name;
 * refuses near-blank and identical pictures (pictures.ts's checks, the explorer's too).
 */
export function imagesDataset(name: string, files: ImageFile[], size: number): Dataset {
  if (files.length === 0) throw new ImageError('no PNG files to build a dataset from');
  // Before any picture is resized to it: a side of 100000 would ask for 80 GB per picture.
  checkPictureSide(size);
  const pictures = files.map((file) => ({ label: file.name.replace(/\.png$/i, ''), pixels: pngToGray(file, size).pixels }));
  try {
    return picturesDataset(name, pictures, size);
  } catch (error) {
    throw new ImageError((error as Error).message);
  }
}
