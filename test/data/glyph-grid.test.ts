import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { fontTable } from '../../src/data/font.js';
import { renderComparisonGrid, renderImageGrid } from '../../src/plot/glyph-grid.js';
import { Matrix } from '../../src/tensor/matrix.js';

const BLACK = [0, 0, 0];
const WHITE = [255, 255, 255];
const RED = [230, 20, 20];

function decode(bytes: Uint8Array): PNG {
  return PNG.sync.read(Buffer.from(bytes));
}

function rgbAt(png: PNG, x: number, y: number): number[] {
  const at = (y * png.width + x) * 4;
  return Array.from(png.data.subarray(at, at + 3));
}

describe('renderImageGrid', () => {
  // Three 2x2 images: a diagonal, all ink, half grey.
  const images = Matrix.fromRows([
    [1, 0, 0, 1],
    [1, 1, 1, 1],
    [0.5, 0.5, 0.5, 0.5],
  ]);
  const options = { width: 2, height: 2, columns: 2, scale: 3, gap: 2 };
  /** Center of image pixel (x, y) of cell (column, row) for scale 3, gap 2, 2x2 images. */
  const center = (column: number, row: number, x: number, y: number): [number, number] => [2 + column * 8 + x * 3 + 1, 2 + row * 8 + y * 3 + 1];

  it('lays the cells out in rows with gaps around them', () => {
    const png = decode(renderImageGrid(images, options));
    expect([png.width, png.height]).toEqual([2 + 2 * (6 + 2), 2 + 2 * (6 + 2)]);
    const background = rgbAt(png, 0, 0);
    expect(background).not.toEqual(WHITE);
    expect(background).not.toEqual(BLACK);
    expect(rgbAt(png, 16, 16)).toEqual(background); // the empty fourth cell
  });

  it('draws ink black and paper white in ink mode', () => {
    const png = decode(renderImageGrid(images, options));
    expect(rgbAt(png, ...center(0, 0, 0, 0))).toEqual(BLACK);
    expect(rgbAt(png, ...center(0, 0, 1, 0))).toEqual(WHITE);
    expect(rgbAt(png, ...center(1, 0, 1, 1))).toEqual(BLACK);
    expect(rgbAt(png, ...center(0, 1, 0, 0))).toEqual([128, 128, 128]);
  });

  it('draws 1 as white in luminance mode', () => {
    const png = decode(renderImageGrid(images, { ...options, mode: 'luminance' }));
    expect(rgbAt(png, ...center(0, 0, 0, 0))).toEqual(WHITE);
    expect(rgbAt(png, ...center(0, 0, 1, 0))).toEqual(BLACK);
  });

  it('refuses images of the wrong size, bad numbers and bad options', () => {
    expect(() => renderImageGrid(images, { width: 3, height: 2 })).toThrow('images have 4 values each, expected width x height = 3x2 = 6');
    expect(() => renderImageGrid(new Matrix(1, 4, Float64Array.of(0, Number.NaN, 0, 0)), options)).toThrow(/images has a non-finite value/);
    expect(() => renderImageGrid(images, { ...options, scale: 0 })).toThrow('scale must be an integer >= 1, got 0');
    expect(() => renderImageGrid(new Matrix(0, 4), options)).toThrow(/no images to draw/);
  });
});

describe('renderComparisonGrid', () => {
  const font = fontTable(3);
  // Soft reconstruction of table 3 with two pixels wrong: 'a' loses ink at (2, 3), '`' gains ink at (0, 0).
  const reconstruction = new Matrix(32, 35, font.inputs.data.map((v) => (v === 1 ? 0.8 : 0.2)));
  reconstruction.set(1, 3 * 5 + 2, 0.3);
  reconstruction.set(0, 0, 0.6);
  // Defaults: scale 12, gap 6, 16 pairs per row; 3 px between a glyph and its reconstruction, 12 between rows of pairs.
  const cellTop = [6, 6 + 87, 6 + 87 + 96, 6 + 87 + 96 + 87]; // cells are 84 px high
  const center = (glyph: number, reconstructed: boolean, x: number, y: number): [number, number] => {
    const band = 2 * Math.floor(glyph / 16) + (reconstructed ? 1 : 0);
    return [6 + (glyph % 16) * 66 + x * 12 + 6, cellTop[band] + y * 12 + 6];
  };

  it('stacks the 32 glyphs over their reconstructions in two rows of 16 pairs', () => {
    const png = decode(renderComparisonGrid(font.inputs, reconstruction, { width: 5, height: 7 }));
    expect([png.width, png.height]).toEqual([6 + 16 * 66, 6 + (84 + 3 + 84 + 12) + (84 + 3 + 84 + 6)]);
    // DEL (glyph 31) is all ink, in the second row of pairs, both above and below.
    expect(rgbAt(png, ...center(31, false, 4, 6))).toEqual(BLACK);
    expect(rgbAt(png, ...center(31, true, 0, 0))).toEqual(BLACK);
  });

  it('marks wrong pixels red and keeps right ones black on white', () => {
    const png = decode(renderComparisonGrid(font.inputs, reconstruction, { width: 5, height: 7 }));
    expect(rgbAt(png, ...center(1, false, 2, 3))).toEqual(BLACK); // 'a' original ink
    expect(rgbAt(png, ...center(1, true, 2, 3))).toEqual(RED); // lost ink
    expect(rgbAt(png, ...center(0, true, 0, 0))).toEqual(RED); // extra ink on '`'
    expect(rgbAt(png, ...center(1, true, 1, 3))).toEqual(BLACK); // 0.8 binarized to ink
    expect(rgbAt(png, ...center(1, true, 0, 0))).toEqual(WHITE); // 0.2 binarized to paper
  });

  it('can show grey levels, still marking wrong pixels', () => {
    const png = decode(renderComparisonGrid(font.inputs, reconstruction, { width: 5, height: 7, reconstruction: 'grey' }));
    expect(rgbAt(png, ...center(1, true, 1, 3))).toEqual([51, 51, 51]);
    expect(rgbAt(png, ...center(1, true, 0, 0))).toEqual([204, 204, 204]);
    expect(rgbAt(png, ...center(1, true, 2, 3))).toEqual(RED);
  });

  it('marks nothing in luminance mode', () => {
    const png = decode(renderComparisonGrid(font.inputs, reconstruction, { width: 5, height: 7, mode: 'luminance' }));
    expect(rgbAt(png, ...center(1, true, 2, 3))).toEqual(BLACK);
  });

  it('refuses reconstructions of another shape', () => {
    expect(() => renderComparisonGrid(font.inputs, new Matrix(31, 35), { width: 5, height: 7 })).toThrow(
      "reconstructions are 31x35, expected the originals' shape 32x35",
    );
  });
});
