import { describe, expect, it } from 'vitest';
import { distanceLikelihood, posteriorDenoiser, posteriorPixelMeans } from '../../src/eval/posterior-denoiser.js';
import { nearestGlyphs } from '../../src/eval/nearest-glyph.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

describe('the Bayes pixel denoiser', () => {
  it('knows that flip-count noise puts an input exactly k pixels from its glyph', () => {
    const table = distanceLikelihood({ name: 'flip-count', level: 0.5 }, 4)!; // exactly 2 of 4 pixels flipped
    expect(Array.from(table)).toEqual([0, 0, 1 / 6, 0, 0]);
    const range = distanceLikelihood({ name: 'flip-count', level: { min: 0.25, max: 0.5 } }, 4)!; // 1 or 2 flips, even odds
    expect(Array.from(range)).toEqual([0, 1 / 8, 1 / 12, 0, 0]);
    const weighted = distanceLikelihood({ name: 'flip-count', level: { min: 0.25, max: 0.5, weights: [1, 3] } }, 4)!; // 2 flips three times as likely
    expect(Array.from(weighted)).toEqual([0, 1 / 16, 1 / 8, 0, 0]);
  });

  it('weighs flip-prob and salt-pepper noise by p^d (1 - p)^(n - d), salt-pepper flipping with p / 2', () => {
    const flip = distanceLikelihood({ name: 'flip-prob', level: 0.2 }, 3)!;
    expect(flip[0]).toBeCloseTo(0.512, 12);
    expect(flip[1]).toBeCloseTo(0.128, 12);
    expect(Array.from(distanceLikelihood({ name: 'salt-pepper', level: 0.4 }, 3)!)).toEqual(Array.from(flip));
    expect(distanceLikelihood({ name: 'gaussian', level: 0.2 }, 3)).toBeUndefined();
  });

  it('picks a farther glyph than the nearest one when the noise makes the nearest impossible', () => {
    const glyphs = Matrix.fromRows([
      [0, 0, 0, 0],
      [1, 1, 1, 0],
    ]);
    // 1 pixel from glyph 0 and 2 from glyph 1: under "exactly 2 flips" it can only come from glyph 1.
    const input = Matrix.fromRows([[1, 0, 0, 0]]);
    const bayes = posteriorDenoiser({ name: 'flip-count', level: 0.5 }, 4)!;
    expect(bayes(input, glyphs, new Rng(1)).toRows()).toEqual([[1, 1, 1, 0]]);
    expect(nearestGlyphs(input, glyphs, new Rng(1)).output.toRows()).toEqual([[0, 0, 0, 0]]);
  });

  it('sets each pixel to its more probable value, which need not make a glyph', () => {
    const glyphs = Matrix.fromRows([
      [1, 1, 0, 0],
      [1, 0, 1, 0],
      [0, 1, 1, 0],
    ]);
    // Exactly 1 flip: [1, 1, 1, 0] is 1 pixel from each glyph, so each is equally likely; every pixel takes the majority (2 of 3).
    const bayes = posteriorDenoiser({ name: 'flip-count', level: 0.25 }, 4)!;
    expect(bayes(Matrix.fromRows([[1, 1, 1, 0]]), glyphs, new Rng(1)).toRows()).toEqual([[1, 1, 1, 0]]);
  });

  it('falls back to the nearest glyph for an input the noise cannot make', () => {
    const glyphs = Matrix.fromRows([[0, 0, 0, 0], [1, 1, 1, 1]]);
    const bayes = posteriorDenoiser({ name: 'flip-count', level: 0.5 }, 4)!;
    expect(bayes(Matrix.fromRows([[1, 1, 1, 0]]), glyphs, new Rng(1)).toRows()).toEqual([[1, 1, 1, 1]]);
  });

  it('gives the posterior mean of every pixel: the shares of the glyphs the input can come from', () => {
    const glyphs = Matrix.fromRows([
      [1, 1, 0, 0],
      [1, 0, 1, 0],
      [0, 0, 0, 1],
    ]);
    // Exactly 1 flip: [1, 1, 1, 0] is 1 pixel from glyphs 0 and 1 (even odds), 4 from glyph 2 (impossible).
    const means = posteriorPixelMeans({ name: 'flip-count', level: 0.25 }, 4)!;
    expect(means(Matrix.fromRows([[1, 1, 1, 0]]), glyphs).toRows()).toEqual([[1, 0.5, 0.5, 0]]);
    // 0 or 1 flips, even odds: glyph 0 itself (d = 0, weight 1/2) outweighs glyph 1 (d = 2, impossible) and the rest.
    const mixture = posteriorPixelMeans({ name: 'flip-count', level: { min: 0, max: 0.25 } }, 4)!;
    expect(mixture(Matrix.fromRows([[1, 1, 0, 0]]), glyphs).toRows()).toEqual([[1, 1, 0, 0]]);
    // An input no glyph can give under exactly 1 flip is marked NaN.
    expect(means(Matrix.fromRows([[0, 1, 1, 1]]), glyphs).row(0).every(Number.isNaN)).toBe(true);
  });

  it('with a prior over levels (a training range) is the floor of a model trained on that range, at any level', () => {
    const glyphs = Matrix.fromRows([
      [0, 0, 0, 0],
      [1, 1, 1, 0],
    ]);
    // 1 pixel from glyph 0, 2 from glyph 1. Knowing it is exactly 2 flips: glyph 1. With a prior of 0 to 2 flips
    // (each 1/3): glyph 0 weighs 1/3 / C(4,1) = 1/12, glyph 1 weighs 1/3 / C(4,2) = 1/18: glyph 0.
    const input = Matrix.fromRows([[1, 0, 0, 0]]);
    const mixture = posteriorDenoiser({ name: 'flip-count', level: { min: 0, max: 0.5 } }, 4)!;
    expect(mixture(input, glyphs, new Rng(1)).toRows()).toEqual([[0, 0, 0, 0]]);
  });
});
