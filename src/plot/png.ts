import { PNG } from 'pngjs';

/** Encodes a picture as a PNG file: `rgb` holds 3 bytes a pixel (red, green, blue), row by row. */
export type PngEncoder = (rgb: Uint8Array, width: number, height: number) => Uint8Array;

/**
 * How every picture becomes a PNG: 8-bit RGB, no row filter, deflated at this zlib level. The
 * pictures are flat colours and enlarged pixels, whose repeated rows deflate finds anyway; in a
 * `train` process this took a third less time than filter "up" at level 6 (the four pictures of
 * ae-font-best: 60 -> 39 ms CPU on a busy 2-core AMD EPYC), for files twice as big (39 -> 78 KB in
 * all); pngjs' default (all five filters tried on every row, level 9) takes five times as long.
 */
export const PNG_DEFLATE_LEVEL = 3;

/** pngjs with the options above: the encoder unless one is set, and the reference any other must equal. */
export const pngjsPng: PngEncoder = (rgb, width, height) => {
  const png = new PNG();
  png.width = width;
  png.height = height;
  png.data = Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength);
  return PNG.sync.write(png, { colorType: 2, inputColorType: 2, inputHasAlpha: false, filterType: 0, deflateLevel: PNG_DEFLATE_LEVEL, deflateStrategy: 0 });
};

let encoder: PngEncoder = pngjsPng;

/**
 * Makes every PNG from now on come from `encode`, which must write the same bytes as pngjs with the
 * options above. Node's program sets one (src/io/node-png.ts) that deflates the rows with node:zlib
 * directly: pngjs first copies every byte into its filtered rows in JavaScript, the largest single
 * cost of a short `train`'s pictures.
 */
export function setPngEncoder(encode: PngEncoder): void {
  encoder = encode;
}

/** The PNG file of a picture (`rgb`: 3 bytes a pixel, row by row). */
export function encodePng(rgb: Uint8Array, width: number, height: number): Uint8Array {
  return encoder(rgb, width, height);
}
