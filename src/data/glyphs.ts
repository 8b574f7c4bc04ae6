import { Matrix } from '../tensor/matrix.js';
import type { Dataset } from './dataset.js';

/** The font.h glyph format: 7 rows of 5 pixels, a row a 5-bit number whose bit 4 is the leftmost pixel. */
export const GLYPH_WIDTH = 5;
export const GLYPH_HEIGHT = 7;
/** The largest row value: all five pixels on. */
export const MAX_GLYPH_ROW = 0x1f;

export interface Glyph {
  label: string;
  /** GLYPH_HEIGHT row values, top row first, each in 0..MAX_GLYPH_ROW. */
  rows: readonly number[];
}

/**
 * Flattens glyphs row by row into a dataset (one glyph per row of `inputs`, pixels 0 or 1).
 * Row values must be integers in 0..MAX_GLYPH_ROW and every glyph must have GLYPH_HEIGHT rows.
 */
export function glyphDataset(name: string, glyphs: readonly Glyph[]): Dataset {
  const pixels = GLYPH_WIDTH * GLYPH_HEIGHT;
  const inputs = new Matrix(glyphs.length, pixels);
  glyphs.forEach((glyph, g) => {
    if (glyph.rows.length !== GLYPH_HEIGHT) {
      throw new RangeError(`glyph ${g + 1} (${glyph.label}) has ${glyph.rows.length} rows, expected ${GLYPH_HEIGHT}`);
    }
    glyph.rows.forEach((row, y) => {
      if (!Number.isInteger(row) || row < 0 || row > MAX_GLYPH_ROW) {
        throw new RangeError(`glyph ${g + 1} (${glyph.label}) row ${y + 1} is ${row}, expected an integer in 0..${MAX_GLYPH_ROW}`);
      }
      for (let x = 0; x < GLYPH_WIDTH; x++) {
        inputs.data[g * pixels + y * GLYPH_WIDTH + x] = (row >> (GLYPH_WIDTH - 1 - x)) & 1;
      }
    });
  });
  return { name, inputs, labels: glyphs.map((glyph) => glyph.label), width: GLYPH_WIDTH, height: GLYPH_HEIGHT };
}
