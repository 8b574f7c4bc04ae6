import { describe, expect, it } from 'vitest';
import { decodePng, imagesDataset } from '../../src/data/images.js';
import { grayOnWhite, padToSquare, pictureProblems, picturesDataset, resizeArea, type GrayImage } from '../../src/data/pictures.js';
import { pngBytes } from '../fixtures/png.js';

const gray = (width: number, height: number, values: number[]): GrayImage => ({ width, height, pixels: Float64Array.from(values) });

describe('resizeArea: an exact area-weighted box filter', () => {
  it('averages whole blocks when the factor is an integer', () => {
    const image = gray(4, 2, [0, 1, 0.2, 0.4, 1, 0, 0.6, 0.8]);
    expect(Array.from(resizeArea(image, 2, 1).pixels)).toEqual([0.5, 0.5]);
  });

  it('weights partial pixels by the area covered (3 -> 2: each output takes 1.5 source pixels)', () => {
    // Output 0 covers [0, 1.5): 1 x a + 0.5 x b; output 1 covers [1.5, 3): 0.5 x b + 1 x c; divided by 1.5.
    const [a, b, c] = [0.9, 0.3, 0.6];
    const out = resizeArea(gray(3, 1, [a, b, c]), 2, 1).pixels;
    expect(out[0]).toBeCloseTo((a + 0.5 * b) / 1.5, 15);
    expect(out[1]).toBeCloseTo((0.5 * b + c) / 1.5, 15);
  });

  it('keeps a constant image constant and the mean of any image, 64 -> 20 (factor 3.2)', () => {
    const values = Array.from({ length: 64 * 64 }, (_, i) => ((i * 7919) % 101) / 100);
    const out = resizeArea(gray(64, 64, values), 20, 20).pixels;
    const mean = (v: ArrayLike<number>) => Array.from(v).reduce((s, x) => s + x, 0) / v.length;
    expect(mean(out)).toBeCloseTo(mean(values), 12);
    const constant = resizeArea(gray(64, 64, values.map(() => 0.37)), 20, 20).pixels;
    for (const v of constant) expect(v).toBeCloseTo(0.37, 14);
  });

  it('refuses a size of 0', () => {
    expect(() => resizeArea(gray(2, 2, [0, 0, 0, 0]), 0, 2)).toThrow('width must be a positive integer, got 0');
  });
});

describe('grayOnWhite', () => {
  it('turns transparent pixels white whatever their color, and weights colors by luminance', () => {
    const image = decodePng({
      name: 'four.png',
      bytes: pngBytes(4, 1, (x) => [[0, 0, 0, 0], [255, 0, 0, 255], [0, 255, 0, 255], [0, 0, 0, 128]][x] as [number, number, number, number]),
    });
    const pixels = grayOnWhite(image).pixels;
    expect(pixels[0]).toBe(1);
    expect(pixels[1]).toBeCloseTo(0.2126, 12);
    expect(pixels[2]).toBeCloseTo(0.7152, 12);
    expect(pixels[3]).toBeCloseTo(1 - 128 / 255, 12);
  });

  it('pads a wide picture to a white square, centered', () => {
    const padded = padToSquare(gray(2, 1, [0, 0]));
    expect([padded.width, padded.height]).toEqual([2, 2]);
    expect(Array.from(padded.pixels)).toEqual([0, 0, 1, 1]);
  });
});

describe('decodePng and imagesDataset', () => {
  it('name the file that is not a PNG or is damaged', () => {
    expect(() => decodePng({ name: 'notes.png', bytes: new TextEncoder().encode('hello') })).toThrow('notes.png: not a PNG file');
    const good = pngBytes(8, 8, () => [10, 20, 30, 255]);
    expect(() => decodePng({ name: 'cut.png', bytes: good.subarray(0, 40) })).toThrow(/^cut\.png: corrupt or truncated PNG/);
  });

  it('refuses a picture larger than 4096x4096 from its header, before decoding it', () => {
    const huge = pngBytes(8, 8, () => [10, 20, 30, 255]);
    new DataView(huge.buffer, huge.byteOffset).setUint32(16, 5000);
    new DataView(huge.buffer, huge.byteOffset).setUint32(20, 4000);
    expect(() => decodePng({ name: 'huge.png', bytes: huge })).toThrow('huge.png: the picture is 5000x4000 pixels; the most read is 16,777,216 pixels (4096x4096); make it smaller');
  });

  it('builds size x size grayscale rows labelled by file name', () => {
    const black = pngBytes(6, 6, () => [0, 0, 0, 255]);
    // 3 wide, 6 high: centred on a 6x6 white square (black columns 1 to 3), then each output pixel averages 2x2.
    const bar = pngBytes(3, 6, () => [0, 0, 0, 255]);
    const dataset = imagesDataset('mine', [{ name: 'black.png', bytes: black }, { name: 'bar.PNG', bytes: bar }], 3);
    expect(dataset.labels).toEqual(['black', 'bar']);
    expect([dataset.inputs.rows, dataset.inputs.cols, dataset.width, dataset.height, dataset.mode]).toEqual([2, 9, 3, 3, 'luminance']);
    expect(Array.from(dataset.inputs.row(0))).toEqual(new Array(9).fill(0));
    expect(Array.from(dataset.inputs.row(1))).toEqual([0.5, 0, 1, 0.5, 0, 1, 0.5, 0, 1]);
  });

  it('refuses a near-blank picture and a picture identical to another, naming them', () => {
    const black = pngBytes(6, 6, () => [0, 0, 0, 255]);
    const clear = pngBytes(3, 6, () => [0, 0, 0, 0]);
    expect(() => imagesDataset('mine', [{ name: 'black.png', bytes: black }, { name: 'clear.png', bytes: clear }], 3)).toThrow('"clear" is near-blank on white (mean darkness 0.0000 < 0.02)');
    expect(() => imagesDataset('mine', [{ name: 'a.png', bytes: black }, { name: 'b.png', bytes: pngBytes(2, 2, () => [0, 0, 0, 255]) }], 3)).toThrow('"a" and "b" are identical pictures at 3x3');
  });
});

describe('pictureProblems and picturesDataset: the checks of every picture dataset (the CLI and the explorer)', () => {
  const dark = [0, 0.5, 0.5, 0];
  it('lists every problem by picture: no label, a repeated label, near-blank, identical', () => {
    const problems = pictureProblems(
      [
        { label: 'a', pixels: dark },
        { label: '', pixels: [0, 0, 0, 0] },
        { label: 'a', pixels: [0.2, 0.2, 0.2, 0.2] },
        { label: 'white', pixels: [1, 1, 1, 0.99] },
        { label: 'copy', pixels: dark.slice() },
      ],
      2,
    );
    expect(problems).toEqual([
      { index: 1, message: 'picture 2 has no label' },
      { index: 2, message: '"a": the label of picture 1 too; each label may appear once' },
      { index: 3, message: '"white" is near-blank on white (mean darkness 0.0025 < 0.02)' },
      { index: 4, message: '"a" and "copy" are identical pictures at 2x2; each picture may appear once' },
    ]);
  });

  it('builds a luminance or an ink dataset, and refuses a bad size or a bad set', () => {
    const ink = picturesDataset('drawn', [{ label: 'x', pixels: dark }], 2, 'ink');
    expect([Array.from(ink.inputs.row(0)), ink.mode]).toEqual([[1, 0.5, 0.5, 1], 'ink']);
    expect(Array.from(picturesDataset('p', [{ label: 'x', pixels: dark }], 2).inputs.row(0))).toEqual(dark);
    expect(() => picturesDataset('p', [{ label: 'x', pixels: dark }], 65)).toThrow('size must be a whole number of pixels from 2 to 64, got 65');
    expect(() => picturesDataset('p', [], 2)).toThrow('no pictures to build a dataset from');
    expect(() => picturesDataset('p', [{ label: 'x', pixels: [0, 0, 0] }], 2)).toThrow('"x" has 3 pixels, expected 2x2 = 4');
  });
});
