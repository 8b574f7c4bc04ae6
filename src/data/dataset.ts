import type { Matrix } from '../tensor/matrix.js';

/** 'ink': 0 = white paper, 1 = black ink (glyphs). 'luminance': 0 = black, 1 = white (photos, emoji). */
export type PixelMode = 'ink' | 'luminance';

/**
 * A set of images, one per row of `inputs`, each `width` x `height` pixels flattened row by row,
 * with values in [0, 1] (binary for fonts, grayscale for emoji). `labels` name the rows
 * (a glyph's character, an emoji's short name).
 */
export interface Dataset {
  name: string;
  inputs: Matrix;
  labels: string[];
  width: number;
  height: number;
  /** How to draw the values: 'ink' (1 = black, the font; the default) or 'luminance' (1 = white, pictures). */
  mode?: PixelMode;
}
