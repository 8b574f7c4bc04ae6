import { describe, expect, it } from 'vitest';
import { fontTable } from '../../src/data/font.js';
import { checkNoise, corruption, flipCount, formatNoise, parseNoise, repeatRows, scheduledCorruption, type NoiseSpec } from '../../src/data/noise.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

const glyphs = fontTable(3).inputs;

/** Pixels of each row that differ between two matrices. */
function changedPerRow(a: Matrix, b: Matrix): number[] {
  return Array.from({ length: a.rows }, (_, r) => a.row(r).reduce((n, v, i) => n + (v !== b.row(r)[i] ? 1 : 0), 0));
}

function noisyCopy(spec: NoiseSpec, clean: Matrix, seed = 1): Matrix {
  const noisy = new Matrix(clean.rows, clean.cols);
  corruption(spec)(clean, noisy, new Rng(seed));
  return noisy;
}

describe('flip-count', () => {
  it.each([
    [0, 0],
    [0.05, 1],
    [0.1, 3],
    [0.2, 7],
    [0.3, 10],
    [0.6, 21], // 0.6 x 35 is 20.999999999999996 in floating point: still 21
    [1, 35],
  ])('at p = %s flips exactly %s of the 35 pixels of every glyph', (p, flips) => {
    expect(flipCount(p, 35)).toBe(flips);
    const clean = repeatRows(glyphs, 20);
    const noisy = noisyCopy({ name: 'flip-count', level: p }, clean);
    expect(new Set(changedPerRow(clean, noisy))).toEqual(new Set([flips]));
    // Every changed pixel is inverted, never set to something else.
    expect(noisy.data.every((v, i) => v === clean.data[i] || v === 1 - clean.data[i])).toBe(true);
  });

  it('picks every pixel equally often', () => {
    const rows = 20000;
    const noisy = noisyCopy({ name: 'flip-count', level: 0.1 }, new Matrix(rows, 35));
    const counts = Array.from({ length: 35 }, (_, i) => Array.from({ length: rows }, (_, r) => noisy.get(r, i)).reduce((a, b) => a + b, 0));
    // Each pixel is flipped with probability 3/35 in each row: 1714 expected, standard deviation about 40.
    for (const count of counts) expect(Math.abs(count - (rows * 3) / 35)).toBeLessThan(5 * 40);
  });

  it('with a range, draws each count from floor(min n)..floor(max n) equally often', () => {
    const rows = 14000;
    const noisy = noisyCopy({ name: 'flip-count', level: { min: 0.05, max: 0.2 } }, new Matrix(rows, 35));
    const histogram = new Map<number, number>();
    for (const flips of changedPerRow(new Matrix(rows, 35), noisy)) histogram.set(flips, (histogram.get(flips) ?? 0) + 1);
    expect([...histogram.keys()].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    // 2000 expected per count, standard deviation about 41.
    for (const n of histogram.values()) expect(Math.abs(n - 2000)).toBeLessThan(5 * 41);
  });

  it('with weights, draws each count of the range with its share of the weights', () => {
    const rows = 16000;
    const noisy = noisyCopy({ name: 'flip-count', level: { min: 0.05, max: 0.1, weights: [1, 0, 3] } }, new Matrix(rows, 35));
    const histogram = new Map<number, number>();
    for (const flips of changedPerRow(new Matrix(rows, 35), noisy)) histogram.set(flips, (histogram.get(flips) ?? 0) + 1);
    expect([...histogram.keys()].sort((a, b) => a - b)).toEqual([1, 3]);
    // 4000 and 12000 expected, standard deviation about 55.
    expect(Math.abs(histogram.get(1)! - 4000)).toBeLessThan(5 * 55);
    expect(Math.abs(histogram.get(3)! - 12000)).toBeLessThan(5 * 55);
  });

  it('refuses weights that do not match the counts of the range, or are not odds', () => {
    expect(() => noisyCopy({ name: 'flip-count', level: { min: 0, max: 0.2, weights: [1, 2] } }, glyphs)).toThrow(
      'flip-count 0-0.2 of 35 pixels is 8 flip counts (0 to 7), but its weights list 2',
    );
    expect(() => checkNoise({ name: 'flip-count', level: { min: 0, max: 0.1, weights: [1, -1, 1, 1] } })).toThrow("a range's weights must be finite numbers >= 0, not all 0, got 1,-1,1,1");
    expect(() => checkNoise({ name: 'flip-count', level: { min: 0, max: 0.1, weights: [0, 0, 0, 0] } })).toThrow("a range's weights must be finite numbers >= 0");
    expect(() => checkNoise({ name: 'flip-prob', level: { min: 0, max: 0.1, weights: [1] } })).toThrow('only a flip-count range can weigh its levels, got weights with flip-prob');
  });
});

describe('flip-prob, salt-pepper and gaussian', () => {
  const rows = 4000;

  it('flip-prob inverts each pixel with probability p, independently', () => {
    const clean = repeatRows(glyphs, rows / 32);
    const flips = changedPerRow(clean, noisyCopy({ name: 'flip-prob', level: 0.2 }, clean));
    const mean = flips.reduce((a, b) => a + b, 0) / rows;
    const variance = flips.reduce((a, b) => a + (b - mean) ** 2, 0) / rows;
    expect(mean).toBeCloseTo(7, 0); // n p = 7
    expect(variance).toBeGreaterThan(5.6 * 0.85); // n p (1 - p) = 5.6: a binomial count, not a fixed one
    expect(variance).toBeLessThan(5.6 * 1.15);
  });

  it('salt-pepper sets a share p of the pixels, half to 0 and half to 1', () => {
    const grey = new Matrix(rows, 35, new Float64Array(rows * 35).fill(0.5));
    const noisy = noisyCopy({ name: 'salt-pepper', level: 0.3 }, grey);
    const ones = noisy.data.filter((v) => v === 1).length / noisy.data.length;
    const zeros = noisy.data.filter((v) => v === 0).length / noisy.data.length;
    expect(noisy.data.every((v) => v === 0 || v === 0.5 || v === 1)).toBe(true);
    expect(ones).toBeCloseTo(0.15, 2);
    expect(zeros).toBeCloseTo(0.15, 2);
  });

  it('gaussian adds N(0, sigma^2), clipped to [0, 1] unless noclip', () => {
    const grey = new Matrix(rows, 35, new Float64Array(rows * 35).fill(0.5));
    const unclipped = noisyCopy({ name: 'gaussian', level: 0.1, clip: false }, grey);
    const deltas = unclipped.data.map((v) => v - 0.5);
    const mean = deltas.reduce((a, b) => a + b, 0) / deltas.length;
    const std = Math.sqrt(deltas.reduce((a, b) => a + (b - mean) ** 2, 0) / deltas.length);
    expect(Math.abs(mean)).toBeLessThan(0.002);
    expect(std).toBeCloseTo(0.1, 2);
    const clipped = noisyCopy({ name: 'gaussian', level: 1 }, grey);
    expect(clipped.data.reduce((a, b) => Math.min(a, b))).toBe(0);
    expect(clipped.data.reduce((a, b) => Math.max(a, b))).toBe(1);
  });

  it('the same seed gives the same noise, another seed other noise', () => {
    const spec: NoiseSpec = { name: 'flip-prob', level: 0.1 };
    expect(noisyCopy(spec, glyphs, 7).data).toEqual(noisyCopy(spec, glyphs, 7).data);
    expect(noisyCopy(spec, glyphs, 8).data).not.toEqual(noisyCopy(spec, glyphs, 7).data);
  });
});

describe('noise specs', () => {
  it('reads and writes the text form', () => {
    expect(parseNoise('flip-count:0.1')).toEqual({ name: 'flip-count', level: 0.1 });
    expect(parseNoise('flip-count:0.05-0.2')).toEqual({ name: 'flip-count', level: { min: 0.05, max: 0.2 } });
    expect(parseNoise('gaussian:0.3:noclip')).toEqual({ name: 'gaussian', level: 0.3, clip: false });
    for (const text of ['flip-count:0.1', 'flip-prob:0-0.3', 'salt-pepper:1', 'gaussian:0.25:noclip']) expect(formatNoise(parseNoise(text))).toBe(text);
    expect(parseNoise('flip-count:0-0.1:weights=1,1,2,2')).toEqual({ name: 'flip-count', level: { min: 0, max: 0.1, weights: [1, 1, 2, 2] } });
    expect(formatNoise({ name: 'flip-count', level: { min: 0, max: 0.2, weights: [1, 1, 1, 1, 1, 2, 2, 2] } })).toBe('flip-count:0-0.2:weights=1,1,1,1,1,2,2,2');
  });

  it.each([
    ['flip-count:-0.1', 'bad noise "flip-count:-0.1": flip-count p must be in [0, 1], got -0.1'],
    ['flip-prob:1.5', 'flip-prob p must be in [0, 1], got 1.5'],
    ['salt-pepper:NaN', 'salt-pepper p must be a finite number, got NaN'],
    ['gaussian:-1', 'gaussian sigma must be >= 0, got -1'],
    ['flip-count:0.3-0.1', 'a noise range must go from low to high, got 0.3-0.1'],
    ['blur:0.1', 'unknown noise model "blur"; valid: flip-count, flip-prob, salt-pepper, gaussian'],
    ['flip-count', 'expected model:level (e.g. flip-count:0.1)'],
    ['flip-count:0.1:noclip', 'the options are ":noclip", for gaussian noise, and ":weights=w,w,...", for a flip-count range'],
    ['flip-count:0.1:weights=1', 'weights need a range of levels (min-max)'],
    ['flip-count:0-0.1:weights=1,x', "a range's weights must be finite numbers >= 0, not all 0, got 1,NaN"],
  ])('refuses %s', (text, message) => {
    expect(() => parseNoise(text)).toThrow(message);
  });

  it('refuses bad levels given as objects too', () => {
    expect(() => checkNoise({ name: 'flip-count', level: Number.NaN })).toThrow('flip-count p must be a finite number, got NaN');
    expect(() => corruption({ name: 'gaussian', level: { min: 0.2, max: 0.1 } })).toThrow('a noise range must go from low to high');
    expect(() => checkNoise({ name: 'flip-prob', level: 0.1, clip: true })).toThrow('only gaussian noise can be clipped');
  });
});

describe('a curriculum', () => {
  it('uses each stage for its epochs, then the final level', () => {
    const noise = scheduledCorruption({ name: 'flip-count', level: 0.2 }, [
      { epochs: 2, level: 0.05 },
      { epochs: 3, level: 0.1 },
    ]);
    const noisy = new Matrix(glyphs.rows, glyphs.cols);
    const rng = new Rng(1);
    const flipsAt = (epoch: number): number => {
      noise.corrupt(glyphs, noisy, rng, epoch);
      return changedPerRow(glyphs, noisy)[0];
    };
    expect([1, 2, 3, 4, 5, 6, 100].map(flipsAt)).toEqual([1, 1, 3, 3, 3, 7, 7]);
    expect(() => scheduledCorruption({ name: 'flip-count', level: 0.2 }, [{ epochs: 0, level: 0.1 }])).toThrow('a curriculum stage must last a positive whole number of epochs, got 0');
  });
});

describe('the state of a training noise', () => {
  it('carries flip-count\'s pixel permutation, so noise after a restored state is the same noise', () => {
    const spec = { name: 'flip-count', level: 0.2 } as const;
    const curriculum = [{ epochs: 2, level: 0.1 }];
    const draw = (noise: ReturnType<typeof scheduledCorruption>, rng: Rng, epochs: number[]): number[][] =>
      epochs.map((epoch) => {
        const noisy = new Matrix(glyphs.rows, glyphs.cols);
        noise.corrupt(glyphs, noisy, rng, epoch);
        return Array.from(noisy.data);
      });
    const straight = scheduledCorruption(spec, curriculum);
    const rng = new Rng(3);
    const before = draw(straight, rng, [1, 2, 3]);
    const state = straight.getState();
    expect(state.map((order) => order.length)).toEqual([35, 35]);
    const rngState = rng.getState();
    const after = draw(straight, rng, [4, 5]);
    const restored = scheduledCorruption(spec, curriculum);
    restored.setState(JSON.parse(JSON.stringify(state)) as number[][]);
    expect(draw(restored, Rng.fromState(rngState), [4, 5])).toEqual(after);
    // Without the permutation the same rng draws other pixels: the state matters.
    expect(draw(scheduledCorruption(spec, curriculum), Rng.fromState(rngState), [4, 5])).not.toEqual(after);
    expect(before).toHaveLength(3);
    expect(() => restored.setState([[0, 1]])).toThrow('this noise has 2 stages, the saved state 1');
    expect(() => restored.setState([[0, 0], []])).toThrow('a saved noise permutation must list each pixel once');
  });
});

describe('repeatRows', () => {
  it('stacks whole copies of the data set', () => {
    const copies = repeatRows(Matrix.fromRows([[1, 2], [3, 4]]), 3);
    expect(copies.toRows()).toEqual([[1, 2], [3, 4], [1, 2], [3, 4], [1, 2], [3, 4]]);
    expect(() => repeatRows(glyphs, 0)).toThrow('copies must be a positive integer, got 0');
  });
});
