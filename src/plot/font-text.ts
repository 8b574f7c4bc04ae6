import { fontTable } from '../data/font.js';
import { GLYPH_HEIGHT, GLYPH_WIDTH } from '../data/glyphs.js';

/** A line of text as a bitmap: 1 = ink, row-major, `width` x `height`. */
export interface TextBitmap {
  width: number;
  height: number;
  ink: Uint8Array;
}

/** Columns of paper between two characters. */
const LETTER_SPACING = 1;

let glyphsByCharacter: Map<string, Float64Array> | undefined;

/** Printable ASCII (0x20..0x7e) drawn with the built-in 5x7 font, for labels and legends in pictures. */
export function textBitmap(text: string): TextBitmap {
  glyphsByCharacter ??= characterMap();
  const characters = Array.from(text);
  const width = Math.max(0, characters.length * (GLYPH_WIDTH + LETTER_SPACING) - LETTER_SPACING);
  const ink = new Uint8Array(width * GLYPH_HEIGHT);
  characters.forEach((character, c) => {
    const glyph = glyphsByCharacter!.get(character);
    if (!glyph) throw new RangeError(`the 5x7 font has no glyph for ${JSON.stringify(character)}; it draws printable ASCII only`);
    for (let y = 0; y < GLYPH_HEIGHT; y++) {
      for (let x = 0; x < GLYPH_WIDTH; x++) ink[y * width + c * (GLYPH_WIDTH + LETTER_SPACING) + x] = glyph[y * GLYPH_WIDTH + x];
    }
  });
  return { width, height: GLYPH_HEIGHT, ink };
}

function characterMap(): Map<string, Float64Array> {
  const map = new Map<string, Float64Array>();
  for (const table of [1, 2, 3] as const) {
    const { inputs, labels } = fontTable(table);
    labels.forEach((label, i) => {
      if (label === 'space') map.set(' ', inputs.row(i));
      else if (label.length === 1) map.set(label, inputs.row(i));
    });
  }
  return map;
}
