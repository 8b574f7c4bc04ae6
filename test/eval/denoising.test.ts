import { describe, expect, it } from 'vitest';
import { fontTable } from '../../src/data/font.js';
import { evaluateDenoising, noisyTestSet, type DenoisingProtocol } from '../../src/eval/denoising.js';
import { Matrix } from '../../src/tensor/matrix.js';

const glyphs = fontTable(3).inputs;
const protocol = (level: number, seed = 1000, copies = 10): DenoisingProtocol => ({ noise: { name: 'flip-count', level }, copies, seed });
const identity = (inputs: Matrix): Matrix => inputs.clone();
/** A denoiser that cheats: it knows row i of the test set is glyph i mod 32. */
const oracle = (inputs: Matrix): Matrix => {
  const out = new Matrix(inputs.rows, inputs.cols);
  for (let r = 0; r < inputs.rows; r++) out.row(r).set(glyphs.row(r % glyphs.rows));
  return out;
};

describe('the denoising test protocol', () => {
  it('is the same for the same seed, and other noise for another seed', () => {
    const a = evaluateDenoising(identity, glyphs, protocol(0.2));
    const b = evaluateDenoising(identity, glyphs, protocol(0.2));
    expect(b.noisy.data).toEqual(a.noisy.data);
    expect(b.evaluation).toEqual(a.evaluation);
    expect(evaluateDenoising(identity, glyphs, protocol(0.2, 1001)).noisy.data).not.toEqual(a.noisy.data);
  });

  it('makes K copies of the 32 glyphs; fewer copies are the first ones of more', () => {
    const ten = noisyTestSet(glyphs, protocol(0.1));
    const three = noisyTestSet(glyphs, protocol(0.1, 1000, 3));
    expect([ten.noisy.rows, ten.noisy.cols]).toEqual([320, 35]);
    expect(three.noisy.data).toEqual(ten.noisy.data.slice(0, 3 * 1120));
    expect(ten.targets.row(33)).toEqual(glyphs.row(1));
  });

  it('counts the noise itself for a denoiser that changes nothing: exactly 3 flips x 32 glyphs per copy at p = 0.1', () => {
    const { evaluation } = evaluateDenoising(identity, glyphs, protocol(0.1));
    expect(evaluation.inputWrongPixels).toEqual({ mean: 96, min: 96, max: 96 });
    expect(evaluation.noisyWrongPixels).toEqual({ mean: 96, min: 96, max: 96 });
    expect(evaluation.wrongPixelsPerCopy).toEqual(new Array(10).fill(96));
    expect(evaluation.restored).toEqual({ perfect: 0, oneWrong: 0, worse: 1 });
    expect(evaluation.cleanWrongPixels).toBe(0);
    expect(evaluation.pixelsPerCopy).toBe(1120);
    expect(evaluation.noise).toBe('flip-count:0.1');
  });

  it('gives a perfect denoiser 0 and shares that add up', () => {
    const { evaluation } = evaluateDenoising(oracle, glyphs, protocol(0.2));
    expect(evaluation.noisyWrongPixels).toEqual({ mean: 0, min: 0, max: 0 });
    expect(evaluation.restored).toEqual({ perfect: 1, oneWrong: 0, worse: 0 });
    const r = evaluation.referenceRestored;
    expect(r.perfect + r.oneWrong + r.worse).toBeCloseTo(1, 12);
  });

  it('measures the references on the same inputs: the study\'s floors at p = 0.1 and 0.2, Bayes below nearest glyph', () => {
    const low = evaluateDenoising(identity, glyphs, protocol(0.1)).evaluation;
    const high = evaluateDenoising(identity, glyphs, protocol(0.2)).evaluation;
    // Measured for test seed 1000 (10 x 32 inputs); 20,000 inputs give about 0.8 and 17 (DIGEST.md: 0.9 and 18).
    expect(low.referenceWrongPixels.mean).toBeCloseTo(0.8, 10);
    expect(high.referenceWrongPixels.mean).toBeCloseTo(16.3, 10);
    expect(high.posteriorWrongPixels!.mean).toBeCloseTo(7.8, 10);
    expect(high.referenceWrongPixels.min).toBeLessThanOrEqual(high.referenceWrongPixels.mean);
    expect(high.referenceWrongPixelsPerCopy.reduce((a, b) => a + b, 0) / 10).toBeCloseTo(high.referenceWrongPixels.mean, 12);
    expect(high.referenceWrongGlyphs).toBeGreaterThan(low.referenceWrongGlyphs);
  });

  it('measures the Bayes denoiser with a prior over levels: the floor of a model trained on 0 to 7 flips, at 7 flips', () => {
    const exact = evaluateDenoising(identity, glyphs, protocol(0.2)).evaluation;
    const mixture = evaluateDenoising(identity, glyphs, { ...protocol(0.2), prior: { name: 'flip-count', level: { min: 0, max: 0.2 } } }).evaluation;
    expect(mixture.posteriorPrior).toBe('flip-count:0-0.2');
    expect(exact.posteriorPrior).toBeUndefined();
    // Not knowing the level costs: the mixture floor lies between the exact floor and the nearest glyph.
    expect(mixture.posteriorWrongPixels!.mean).toBeGreaterThan(exact.posteriorWrongPixels!.mean + 3);
    expect(mixture.posteriorWrongPixels!.mean).toBeLessThanOrEqual(mixture.referenceWrongPixels.mean);
    expect(mixture.referenceWrongPixels).toEqual(exact.referenceWrongPixels);
  });

  it('refuses a bad protocol', () => {
    expect(() => evaluateDenoising(identity, glyphs, protocol(0.1, 1000, 0))).toThrow('noisy copies (--copies) must be a whole number in 1..1000, got 0');
    expect(() => evaluateDenoising(identity, glyphs, protocol(0.1, -1))).toThrow('test seed must be a non-negative integer, got -1');
    expect(() => evaluateDenoising(identity, glyphs, protocol(1.2))).toThrow('flip-count p must be in [0, 1], got 1.2');
    expect(() => evaluateDenoising(identity, glyphs, { ...protocol(0.1), prior: { name: 'flip-count', level: 2 } })).toThrow('flip-count p must be in [0, 1], got 2');
  });
});
