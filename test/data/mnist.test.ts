import { describe, expect, it } from 'vitest';
import { builtinDatasets, loadDataset } from '../../src/io/datasets.js';
import { mnistPackageDataset } from '../../src/io/mnist-package.js';
import { mnistDataset } from '../../src/data/mnist.js';
import { firstDifference } from '../nn/same-bits.js';

describe('the mnist package as a dataset', () => {
  const dataset = mnistPackageDataset();

  it('holds its 10,000 digits of 28x28 values in [0, 1], with the class counts the package ships', () => {
    expect(dataset.inputs.rows).toBe(10000);
    expect(dataset.inputs.cols).toBe(784);
    expect([dataset.width, dataset.height, dataset.name, dataset.mode]).toEqual([28, 28, 'mnist', 'ink']);
    const counts = Array.from({ length: 10 }, (_, d) => dataset.labels.filter((label) => label === String(d)).length);
    expect(counts).toEqual([1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978]);
    const { data } = dataset.inputs;
    expect(data.reduce((a, b) => Math.min(a, b), Infinity)).toBe(0);
    expect(data.reduce((a, b) => Math.max(a, b), -Infinity)).toBe(1);
  });

  it('looks like handwriting: about a fifth of the pixels are ink, the border is blank', () => {
    const { data } = dataset.inputs;
    const ink = data.reduce((sum, v) => sum + (v >= 0.5 ? 1 : 0), 0) / data.length;
    expect(ink).toBeGreaterThan(0.1);
    expect(ink).toBeLessThan(0.25);
    let border = 0;
    for (let r = 0; r < dataset.inputs.rows; r++) for (let c = 0; c < 28; c++) border += data[r * 784 + c];
    expect(border).toBe(0);
  });

  it('takes the digits in turn, so any prefix is balanced', () => {
    expect(dataset.labels.slice(0, 20).join('')).toBe('01234567890123456789');
    const small = mnistPackageDataset(1000);
    expect(small.name).toBe('mnist-1000');
    expect(firstDifference(small.inputs.data, dataset.inputs.data.subarray(0, 1000 * 784))).toBe(-1);
    for (let d = 0; d < 10; d++) expect(small.labels.filter((label) => label === String(d)).length).toBe(100);
  });
});

describe('--data mnist', () => {
  it('is a built-in data set of every kind', () => {
    expect(builtinDatasets).toContain('mnist');
    const { dataset, identity } = loadDataset({ dataset: 'mnist' });
    expect([dataset.name, dataset.inputs.rows, dataset.width]).toEqual(['mnist', 10000, 28]);
    expect(identity).toMatchObject({ source: 'mnist', rows: 10000, width: 28, height: 28 });
  });
});

describe('mnistDataset checks the package data', () => {
  const one = (value: number) => new Array(784).fill(value);
  const digits = Array.from({ length: 10 }, () => one(0.5));

  it('interleaves uneven classes while each lasts', () => {
    const uneven = digits.map((d, i) => (i === 3 ? [...d, ...one(0.25)] : d));
    expect(mnistDataset(uneven).labels.join('')).toBe('01234567893');
  });

  it('rejects missing classes, broken images, bad values and bad row counts', () => {
    expect(() => mnistDataset(digits.slice(1))).toThrow('MNIST needs one array per digit 0-9, got 9');
    expect(() => mnistDataset(digits.map((d, i) => (i === 7 ? d.slice(1) : d)))).toThrow('digit 7: 783 values is not a whole number of 28x28 images');
    expect(() => mnistDataset(digits.map((d, i) => (i === 2 ? one(1.5) : d)))).toThrow('digit 2, sample 0, pixel 0: 1.5 is not in [0, 1]');
    expect(() => mnistDataset(digits, 11)).toThrow('MNIST has 1..10 rows, asked for 11');
    expect(() => mnistDataset(digits, 0)).toThrow('MNIST has 1..10 rows, asked for 0');
  });
});
