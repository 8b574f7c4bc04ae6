import { describe, expect, it } from 'vitest';
import { parseDataset, serializeDataset } from '../../src/data/dataset-file.js';
import { Matrix } from '../../src/tensor/matrix.js';

const file = {
  dataset: { name: 'tiny', inputs: Matrix.fromRows([[0, 0.25, 1, 0.1234567], [1, 1, 0, 0]]), labels: ['a', 'b'], width: 2, height: 2, mode: 'luminance' as const },
  credits: 'made by hand',
  origins: ['a.png', 'b.png'],
};

describe('dataset files', () => {
  it('round-trip, with values rounded to 6 decimals', () => {
    const back = parseDataset(serializeDataset(file));
    expect(back.dataset.labels).toEqual(['a', 'b']);
    expect(back.dataset.mode).toBe('luminance');
    expect(Array.from(back.dataset.inputs.data)).toEqual([0, 0.25, 1, 0.123457, 1, 1, 0, 0]);
    expect([back.credits, back.origins]).toEqual([file.credits, file.origins]);
  });

  it('say what is wrong with a bad file', () => {
    const json = JSON.parse(serializeDataset(file)) as Record<string, unknown>;
    const bad = (change: Record<string, unknown>) => () => parseDataset(JSON.stringify({ ...json, ...change }));
    expect(() => parseDataset('{')).toThrow(/bad dataset file: not valid JSON/);
    expect(bad({ format: 'x' })).toThrow('not a latentlab dataset file');
    expect(bad({ version: 2 })).toThrow('unsupported version 2');
    expect(bad({ pixels: [[0, 0, 0, 2], [0, 0, 0, 0]] })).toThrow(/pixels\[0\]\[3\]/);
    expect(bad({ pixels: [[0, 0, 0], [0, 0, 0, 0]] })).toThrow('picture 0 (a) has 3 values, expected 2x2 = 4');
    expect(bad({ labels: ['a'] })).toThrow('1 labels but 2 pictures');
    expect(bad({ mode: 'sepia' })).toThrow(/mode/);
  });
});
