import fc from 'fast-check';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { Canvas, grey, type Rgb } from '../../src/plot/canvas.js';

/** The canvas's pixels, decoded from its PNG: [r, g, b] row by row. */
function pixels(canvas: Canvas): number[][] {
  const png = PNG.sync.read(Buffer.from(canvas.toPng()));
  return Array.from({ length: png.width * png.height }, (_, i) => Array.from(png.data.subarray(4 * i, 4 * i + 3)));
}

const PAPER: Rgb = [250, 240, 230];
const palette: Rgb[] = [[255, 0, 0], [0, 128, 255], [10, 10, 10], [200, 200, 200]];
const colorOf = (pixel: number): Rgb => palette[pixel % palette.length];
const edgeOf = (color: Rgb): Rgb => [color[1], color[2], color[0]];

/** The blocks as the definition says: each block a rectangle, its top row and left column in the edge colour. */
function blocksOneByOne(canvas: Canvas, left: number, top: number, columns: number, rows: number, scale: number, edge: boolean): void {
  for (let pixel = 0; pixel < columns * rows; pixel++) {
    const x = Math.round(left) + (pixel % columns) * scale;
    const y = Math.round(top) + Math.floor(pixel / columns) * scale;
    canvas.fillRect(x, y, scale, scale, colorOf(pixel));
    if (edge) {
      canvas.fillRect(x, y, scale, 1, edgeOf(colorOf(pixel)));
      canvas.fillRect(x, y, 1, scale, edgeOf(colorOf(pixel)));
    }
  }
}

describe('Canvas.blocks', () => {
  it('paints what painting every block alone paints, with and without edges, clipped at every side', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -12, max: 20 }),
        fc.integer({ min: -12, max: 20 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 6 }),
        fc.boolean(),
        (left, top, columns, rows, scale, edge) => {
          const fast = new Canvas(17, 13, PAPER);
          fast.blocks(left, top, columns, rows, scale, colorOf, edge ? edgeOf : undefined);
          const slow = new Canvas(17, 13, PAPER);
          blocksOneByOne(slow, left, top, columns, rows, scale, edge);
          expect(pixels(fast)).toEqual(pixels(slow));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('draws a 2x1 image at scale 2 as two 2x2 squares', () => {
    const canvas = new Canvas(5, 3, PAPER);
    canvas.blocks(1, 1, 2, 1, 2, colorOf);
    const [red, blue] = palette;
    expect(pixels(canvas)).toEqual([
      PAPER, PAPER, PAPER, PAPER, PAPER,
      PAPER, red, red, blue, blue,
      PAPER, red, red, blue, blue,
    ]);
  });
});

describe('grey', () => {
  it('draws 1 black in ink mode and white in luminance mode, clamps, and draws NaN black', () => {
    expect(grey(1, 'ink')).toEqual([0, 0, 0]);
    expect(grey(0, 'ink')).toEqual([255, 255, 255]);
    expect(grey(1, 'luminance')).toEqual([255, 255, 255]);
    expect(grey(0.5, 'luminance')).toEqual([128, 128, 128]);
    expect(grey(-3, 'luminance')).toEqual([0, 0, 0]);
    expect(grey(7, 'ink')).toEqual([0, 0, 0]);
    expect(grey(Number.NaN, 'luminance')).toEqual([0, 0, 0]);
  });
});

describe('Canvas.line', () => {
  it('draws a level or upright line between whole pixels as the pixels a step at a time would', () => {
    for (const [x0, y0, x1, y1] of [[2, 3, 9, 3], [9, 3, 2, 3], [4, 1, 4, 8], [4, 8, 4, 1], [5, 5, 5, 5]]) {
      const canvas = new Canvas(12, 10, PAPER);
      canvas.line(x0, y0, x1, y1, palette[0]);
      const expected = new Canvas(12, 10, PAPER);
      const steps = Math.max(1, Math.abs(x1 - x0), Math.abs(y1 - y0));
      for (let i = 0; i <= steps; i++) expected.setPixel(x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps, palette[0]);
      expect(pixels(canvas)).toEqual(pixels(expected));
    }
  });
});
