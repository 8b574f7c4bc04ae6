import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { fontTable } from '../../src/data/font.js';
import { textBitmap } from '../../src/plot/font-text.js';
import { RESTORED_COLORS, renderDenoisingGrid, renderNoiseGrid } from '../../src/plot/glyph-grid.js';
import { Matrix } from '../../src/tensor/matrix.js';

const font = fontTable(3);
const options = { width: 5, height: 7 };

function decode(bytes: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(bytes));
}

function rgbAt(png: PNG, x: number, y: number): number[] {
  const at = (y * png.width + x) * 4;
  return Array.from(png.data.subarray(at, at + 3));
}

function colorsIn(png: PNG, top: number, bottom: number): Set<string> {
  const seen = new Set<string>();
  for (let y = top; y < bottom; y++) for (let x = 0; x < png.width; x++) seen.add(rgbAt(png, x, y).join(','));
  return seen;
}

describe('renderDenoisingGrid', () => {
  // Outputs: glyph 0 perfect, glyph 1 ('a') with 1 wrong pixel, glyph 2 ('b') with 2.
  const outputs = font.inputs.clone();
  outputs.set(1, 0, 1 - outputs.get(1, 0));
  outputs.set(2, 0, 1 - outputs.get(2, 0));
  outputs.set(2, 1, 1 - outputs.get(2, 1));
  // Defaults: scale 12, gap 6; labels at text scale 2 ("OUTPUT": 35 x 2 = 70 px, plus a gap) put the first column at x = 82.
  // Cells are 60 x 84; bands: clean at y = 6, noisy at 6 + 84 + 3 = 93, output at 93 + 84 + 6 = 183.
  const left = (column: number): number => 82 + column * 66;
  const outputTop = 183;

  it('frames each output in the colour of how well it was restored and paints its wrong pixels that colour', () => {
    const png = decode(renderDenoisingGrid(font.inputs, font.inputs, outputs, options));
    expect(rgbAt(png, left(0) - 1, outputTop + 40)).toEqual([...RESTORED_COLORS.perfect]);
    expect(rgbAt(png, left(1) - 1, outputTop + 40)).toEqual([...RESTORED_COLORS.oneWrong]);
    expect(rgbAt(png, left(2) - 1, outputTop + 40)).toEqual([...RESTORED_COLORS.worse]);
    expect(rgbAt(png, left(1) + 6, outputTop + 6)).toEqual([...RESTORED_COLORS.oneWrong]); // the wrong pixel (0, 0) of 'a'
    expect(rgbAt(png, left(2) + 18, outputTop + 6)).toEqual([...RESTORED_COLORS.worse]); // pixel (1, 0) of 'b'
    expect(rgbAt(png, left(2) + 6, 6 + 6)).toEqual([0, 0, 0]); // 'b' itself, clean, in the top band
  });

  it('draws a legend with the three colours under the grid', () => {
    const png = decode(renderDenoisingGrid(font.inputs, font.inputs, outputs, options));
    const legend = colorsIn(png, png.height - 20, png.height);
    for (const color of Object.values(RESTORED_COLORS)) expect(legend).toContain(color.join(','));
  });

  it('refuses outputs of another shape and images that are not ink', () => {
    expect(() => renderDenoisingGrid(font.inputs, font.inputs, new Matrix(31, 35), options)).toThrow("outputs are 31x35, expected the clean images' shape 32x35");
    expect(() => renderDenoisingGrid(font.inputs, font.inputs, outputs, { ...options, mode: 'luminance' })).toThrow("mode must be 'ink'");
  });
});

describe('renderNoiseGrid', () => {
  it('shows the clean row and then each noisy copy', () => {
    const noisy = new Matrix(64, 35, new Float64Array(64 * 35).fill(1));
    const png = decode(renderNoiseGrid(font.inputs, noisy, options));
    // Labels "NOISY 2" (41 x 2 = 82 px, plus a gap) put the first column at x = 94; bands: clean at 6, copies at 6 + 84 + 6 = 96 and 96 + 84 + 3 = 183.
    expect(rgbAt(png, 94 + 6, 6 + 6)).toEqual([255, 255, 255]); // '`' top-left pixel is paper
    expect(rgbAt(png, 94 + 6, 96 + 6)).toEqual([0, 0, 0]);
    expect(rgbAt(png, 94 + 6, 183 + 6)).toEqual([0, 0, 0]);
    expect(() => renderNoiseGrid(font.inputs, new Matrix(40, 35), options)).toThrow('expected whole copies of the clean 32x35 images');
  });
});

describe('textBitmap', () => {
  it('writes with the 5x7 font, a column of paper between characters', () => {
    const text = textBitmap('a1');
    expect([text.width, text.height]).toEqual([11, 7]);
    const a = font.inputs.row(font.labels.indexOf('a'));
    for (let y = 0; y < 7; y++) {
      for (let x = 0; x < 5; x++) expect(text.ink[y * 11 + x]).toBe(a[y * 5 + x]);
      expect(text.ink[y * 11 + 5]).toBe(0);
    }
    expect(() => textBitmap('é')).toThrow('the 5x7 font has no glyph for "é"');
  });
});
