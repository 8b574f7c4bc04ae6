import { describe, expect, it } from 'vitest';
import { fontTable } from '../../src/data/font.js';
import { findNewGlyphs, latentGrid, strokeCount } from '../../src/eval/new-glyphs.js';
import { binarize } from '../../src/eval/pixels.js';
import { autoencoderPresets } from '../../src/runs/autoencoder/presets.js';
import { Autoencoder } from '../../src/models/autoencoder/autoencoder.js';
import { fitAutoencoder } from '../../src/models/autoencoder/trainer.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

/** A 6-pixel image from a string of 0/1. */
const image = (bits: string) => Array.from(bits, Number);

describe('latentGrid', () => {
  it('covers the codes plus the margin, x fastest, ends included', () => {
    const grid = latentGrid(Matrix.fromRows([[0, 0], [2, 1]]), 3, 0.5);
    expect(grid.toRows()).toEqual([
      [-1, -0.5], [1, -0.5], [3, -0.5],
      [-1, 0.5], [1, 0.5], [3, 0.5],
      [-1, 1.5], [1, 1.5], [3, 1.5],
    ]);
  });

  it('gives a point cloud of one code a unit-sized box, and refuses what it cannot grid', () => {
    expect(latentGrid(Matrix.fromRows([[1, 1]]), 2, 0.5).toRows()).toEqual([[0.5, 0.5], [1.5, 0.5], [0.5, 1.5], [1.5, 1.5]]);
    expect(() => latentGrid(Matrix.fromRows([[1, 1, 1]]), 4)).toThrow('a latent grid needs 2-D codes, got 3-D');
    expect(() => latentGrid(Matrix.fromRows([[1, 1]]), 1)).toThrow('steps must be an integer of at least 2, got 1');
  });
});

describe('findNewGlyphs', () => {
  // 3x2 images. Two glyphs with 4 and 2 pixels on, one stroke each, codes 10 apart:
  // a plausible new glyph has 2 to 4 pixels on, one stroke, and a code within 10 of theirs.
  const shape = { width: 3, height: 2 };
  const glyphs = Matrix.fromRows([image('111100'), image('000011')]);
  const glyphCodes = Matrix.fromRows([[0, 0], [10, 0]]);

  it('keeps images at least 3 pixels from every glyph, once each, plausible ones first', () => {
    const points = Matrix.fromRows([[1, 0], [2, 0], [3, 0], [4, 0], [5, 0], [7, 0], [9, 0], [-20, 0]]);
    const decoded = Matrix.fromRows([
      [0.9, 0.9, 0.1, 0.9, 0.1, 0.1], // 110100: 1 pixel from 111100, not new
      [0.6, 0.4, 0.4, 0.6, 0.6, 0.4], // 100110: 3 from both glyphs, new
      [0.9, 0.1, 0.1, 0.9, 0.9, 0.1], // 100110 again, decided more firmly
      [0.9, 0.9, 0.9, 0.1, 0.9, 0.9], // 111011: new, but 5 pixels on
      [0.9, 0.1, 0.1, 0.1, 0.1, 0.1], // 100000: new, but 1 pixel on
      [0.9, 0.1, 0.9, 0.1, 0.1, 0.9], // 101001: new, but 2 strokes
      [0.1, 0.1, 0.1, 0.9, 0.9, 0.9], // 000111: 1 from 000011, not new
      [0.1, 0.1, 0.9, 0.9, 0.9, 0.1], // 001110: new, glyph-like, but 20 from the nearest code
    ]);
    const found = findNewGlyphs(points, decoded, glyphs, glyphCodes, shape);
    expect(found.map((g) => g.pixels.join(''))).toEqual(['100110', '101001', '111011', '100000', '001110']);
    expect(found[0]).toEqual({
      code: [3, 0],
      pixels: image('100110'),
      pixelDistance: 3,
      nearestGlyph: 0,
      latentDistance: 3,
      area: 2,
      onPixels: 3,
      strokes: 1,
      plausible: true,
    });
    expect(found.slice(1).map((g) => [g.latentDistance, g.onPixels, g.strokes, g.plausible])).toEqual([
      [3, 3, 2, false],
      [4, 5, 1, false],
      [5, 1, 1, false],
      [20, 3, 1, false],
    ]);
  });

  it('uses the distance and threshold it is given', () => {
    const points = Matrix.fromRows([[1, 0]]);
    const decoded = Matrix.fromRows([[0.9, 0.9, 0.1, 0.9, 0.1, 0.1]]);
    expect(findNewGlyphs(points, decoded, glyphs, glyphCodes, shape)).toHaveLength(0);
    expect(findNewGlyphs(points, decoded, glyphs, glyphCodes, { ...shape, minDistance: 1 })).toHaveLength(1);
    expect(findNewGlyphs(points, decoded, glyphs, glyphCodes, { ...shape, minDistance: 0, threshold: 0.95 })[0].pixels).toEqual(image('000000'));
  });

  it('counts strokes as 8-connected groups of on pixels', () => {
    expect(strokeCount(image('101' + '010' + '101'), 3, 3)).toBe(1);
    expect(strokeCount(image('101' + '000' + '101'), 3, 3)).toBe(4);
    expect(strokeCount(image('110' + '001' + '000'), 3, 3)).toBe(1);
    expect(strokeCount(image('000000000'), 3, 3)).toBe(0);
    // The font's i and j have a dot over their stroke; l has one stroke.
    const font = fontTable(3);
    const strokes = (label: string) => strokeCount(font.inputs.row(font.labels.indexOf(label)), 5, 7);
    expect([strokes('i'), strokes('j'), strokes('l')]).toEqual([2, 2, 1]);
  });

  it('names mismatched shapes', () => {
    const points = Matrix.fromRows([[1, 0]]);
    expect(() => findNewGlyphs(points, new Matrix(2, 6), glyphs, glyphCodes, shape)).toThrow('1 points but 2 decoded images');
    expect(() => findNewGlyphs(points, new Matrix(1, 5), glyphs, glyphCodes, shape)).toThrow('decoded images have 5 pixels, glyphs 6');
    expect(() => findNewGlyphs(points, new Matrix(1, 6), glyphs, Matrix.fromRows([[0, 0]]), shape)).toThrow('need one 2-D code per glyph');
    expect(() => findNewGlyphs(points, new Matrix(1, 6), glyphs, glyphCodes, { width: 2, height: 2 })).toThrow('images of 2x2 pixels do not match glyphs of 6 pixels');
  });

  it('on a trained font autoencoder, finds only glyphs that really are 3+ pixels from all 32', () => {
    const spec = autoencoderPresets['ae-font-best'];
    const font = fontTable(3).inputs;
    const rng = new Rng(1);
    const model = Autoencoder.create(spec.model, 35, rng);
    fitAutoencoder(model, font, { epochs: 300, optimizer: spec.training.optimizer, engine: 'wasm', rng });
    const codes = model.encode(font);
    const points = latentGrid(codes, 60);
    const found = findNewGlyphs(points, model.decode(points), font, codes, { width: 5, height: 7 });
    expect(found.filter((glyph) => glyph.plausible).length).toBeGreaterThan(0);
    for (const glyph of found) {
      const bits = binarize(model.decode(Matrix.fromRows([glyph.code]))).row(0);
      expect(Array.from(bits)).toEqual(glyph.pixels);
      for (let g = 0; g < 32; g++) {
        const distance = glyph.pixels.reduce((sum, bit, i) => sum + (bit !== font.get(g, i) ? 1 : 0), 0);
        expect(distance).toBeGreaterThanOrEqual(3);
      }
    }
  });
});
