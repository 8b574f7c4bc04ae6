import { PNG } from 'pngjs';
import type { Dataset } from './dataset.js';
import { isPng, pictureToGray, picturesDataset, type GrayImage, type RgbaImage } from './pictures.js';

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

/** Decodes a PNG; a file that is not one, or is damaged, gets an error that names it. */
export function decodePng(file: ImageFile): RgbaImage {
  if (!isPng(file.bytes)) throw new ImageError(`${file.name}: not a PNG file (it does not start with the PNG signature)`);
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
  const pictures = files.map((file) => ({ label: file.name.replace(/\.png$/i, ''), pixels: pngToGray(file, size).pixels }));
  try {
    return picturesDataset(name, pictures, size);
  } catch (error) {
    throw new ImageError((error as Error).message);
  }
}
