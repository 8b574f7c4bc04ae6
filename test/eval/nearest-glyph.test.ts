import { describe, expect, it } from 'vitest';
import { fontTable } from '../../src/data/font.js';
import { nearestGlyphs } from '../../src/eval/nearest-glyph.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

// Three hand-made 4-pixel "glyphs".
const glyphs = Matrix.fromRows([
  [1, 1, 0, 0],
  [0, 0, 1, 1],
  [1, 1, 1, 1],
]);

describe('the nearest-glyph reference denoiser', () => {
  it('maps each input to the glyph with the fewest differing pixels', () => {
    const inputs = Matrix.fromRows([
      [1, 0, 0, 0], // 1 pixel from glyph 0, 3 from glyph 1, 3 from glyph 2
      [0, 0, 1, 1], // glyph 1 itself
      [0, 1, 1, 1], // 3 from glyph 0, 1 from glyph 1, 1 from glyph 2: a tie
    ]);
    const result = nearestGlyphs(inputs, glyphs, new Rng(1));
    expect(Array.from(result.index.slice(0, 2))).toEqual([0, 1]);
    expect(Array.from(result.distance)).toEqual([1, 0, 1]);
    expect(Array.from(result.ties)).toEqual([1, 1, 2]);
    expect([1, 2]).toContain(result.index[2]);
    expect(result.output.toRows().slice(0, 2)).toEqual([[1, 1, 0, 0], [0, 0, 1, 1]]);
  });

  it('breaks ties at random, between the tied glyphs only, about evenly', () => {
    const input = Matrix.fromRows([[1, 1, 1, 0]]); // 1 pixel from glyphs 0 and 2, 3 from glyph 1
    const rng = new Rng(5);
    const picked = [0, 0, 0];
    for (let i = 0; i < 2000; i++) {
      const result = nearestGlyphs(input, glyphs, rng);
      expect(result.ties[0]).toBe(2);
      expect(result.distance[0]).toBe(1);
      picked[result.index[0]]++;
    }
    expect(picked[1]).toBe(0);
    expect(Math.abs(picked[0] - 1000)).toBeLessThan(5 * 23); // binomial(2000, 1/2): standard deviation 22.4
  });

  it('draws from the rng only when there is a tie, so the same seed gives the same choices', () => {
    const rng = new Rng(9);
    nearestGlyphs(Matrix.fromRows([[1, 0, 0, 0]]), glyphs, rng); // no tie
    expect(rng.nextUint32()).toBe(new Rng(9).nextUint32());
    const inputs = Matrix.fromRows([[1, 1, 1, 0], [0, 1, 1, 1], [1, 1, 1, 0]]);
    expect(nearestGlyphs(inputs, glyphs, new Rng(3)).index).toEqual(nearestGlyphs(inputs, glyphs, new Rng(3)).index);
  });

  it('on the font: every glyph is its own nearest, and l and | (2 pixels apart) tie halfway', () => {
    const font = fontTable(3);
    const clean = nearestGlyphs(font.inputs, font.inputs, new Rng(1));
    expect(Array.from(clean.index)).toEqual(font.labels.map((_, i) => i));
    const l = font.labels.indexOf('l');
    const bar = font.labels.indexOf('|');
    const differing = font.inputs.row(l).reduce<number[]>((acc, v, i) => (v !== font.inputs.row(bar)[i] ? [...acc, i] : acc), []);
    expect(differing).toHaveLength(2);
    const halfway = new Matrix(1, 35, font.inputs.row(l).slice());
    halfway.data[differing[0]] = 1 - halfway.data[differing[0]];
    const result = nearestGlyphs(halfway, font.inputs, new Rng(1));
    expect(result.ties[0]).toBe(2);
    expect([l, bar]).toContain(result.index[0]);
  });

  it('refuses inputs of another width', () => {
    expect(() => nearestGlyphs(new Matrix(1, 3), glyphs, new Rng(1))).toThrow('inputs have 3 pixels, glyphs have 4');
  });
});
