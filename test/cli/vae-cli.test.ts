import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseDataset } from '../../src/data/dataset-file.js';
import { pngBytes } from '../fixtures/png.js';
import { latentlab, refused } from './latentlab.js';


const size = (file: string): [number, number] => {
  const png = PNG.sync.read(readFileSync(file));
  return [png.width, png.height];
};

describe('latentlab train --preset vae-emoji (a short run), sample and interpolate', () => {
  let out = '';
  let result: Record<string, unknown> = {};

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'latentlab-vae-'));
    const run = latentlab('train', '--preset', 'vae-emoji', '--epochs', '60', '--seed', '2', '--out', out, '--json');
    expect(run.stderr).toContain('epoch 60/60');
    expect(run.status).toBe(0);
    result = JSON.parse(run.stdout) as Record<string, unknown>;
  });

  it('prints the result document with the fields scripts need, and writes the model and pictures', () => {
    expect(result).toMatchObject({ kind: 'vae', seed: 2, epochs: 60, dataset: { name: 'emoji-8', rows: 8, width: 20, height: 20 } });
    const mae = result.reconstructionMAE as number[];
    expect(mae).toHaveLength(8);
    for (const v of mae) expect(v > 0 && v < 1).toBe(true);
    expect(result.finalLoss as number).toBeCloseTo((result.finalReconstruction as number) + (result.finalKL as number), 9);
    expect(result.trainSeconds).toBeGreaterThan(0);
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'))).toEqual(result);
    expect(size(join(out, 'manifold.png'))).toEqual(size(join(out, 'manifold-means.png')));
    expect(existsSync(join(out, 'reconstruction.png'))).toBe(true);
  });

  it('prints the per-emoji errors and the paths as a table without --json', () => {
    const run = latentlab('train', '--preset', 'vae-emoji', '--data', 'emoji-4', '--epochs', '20', '--out', join(out, 'four'));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/emoji-4: VAE 400-200-2-200-400 tanh, bce \+ 1 x KL, adam lr 0\.002/);
    expect(run.stdout).toMatch(/\nghost +0\.\d{4} /);
    expect(run.stdout).toContain(`Manifold (15x15 codes over [-3, 3]^2): ${join(out, 'four', 'manifold.png')}`);
  });

  it('sample draws the manifold with its scatter, or samples the prior', () => {
    const model = join(out, 'model.json');
    const grid = latentlab('sample', '--model', model, '--grid', '5', '--range', '2', '--out', join(out, 'm.png'));
    expect(grid.status).toBe(0);
    expect(grid.stdout).toContain(join(out, 'm-means.png'));
    expect(size(join(out, 'm.png'))).toEqual([1 + 5 * 41, 1 + 5 * 41]);
    const random = latentlab('sample', '--model', model, '--random', '16', '--out', join(out, 'r.png'));
    expect(random.status).toBe(0);
    expect(size(join(out, 'r.png'))[0]).toBe(2 + 4 * (80 + 2));
  });

  it('interpolate decodes the line between two emojis, named or numbered', () => {
    const run = latentlab('interpolate', '--model', join(out, 'model.json'), '--from', 'grinning', '--to', '7', '--steps', '4', '--out', join(out, 'i.png'));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^4 images from "grinning" \(.*\) to "skull"/);
    refused(['interpolate', '--model', join(out, 'model.json'), '--from', 'nope', '--to', '1'], /--from "nope" is neither a label of emoji-8 \(grinning heart_eyes/);
  });

  it('refuses flags of the other kind of model', () => {
    refused(['train', '--preset', 'vae-emoji', '--loss', 'mse', '--epochs', '5'], /--loss \(use --reconstruction bce\|mse\): not for a VAE preset/);
    refused(['train', '--preset', 'ae-font', '--beta', '0.5', '--epochs', '5'], /--beta only apply to a VAE preset/);
    refused(['train', '--preset', 'vae-emoji', '--data', 'emoji-9', '--epochs', '5'], /unknown dataset "emoji-9": give one of emoji-8, emoji-4, font-1/);
    refused(['train', '--preset', 'vae-emoji', '--beta', '-1', '--epochs', '5'], /model\.beta/);
    refused(['sample', '--model', join(out, 'model.json'), '--grid', '1'], /--grid must be a whole number in 2\.\.100, got 1/);
  });
});

describe('latentlab dataset', () => {
  const out = mkdtempSync(join(tmpdir(), 'latentlab-dataset-'));

  it('emoji builds a set by short name and code point, and refuses unknown names', () => {
    const file = join(out, 'two.json');
    const run = latentlab('dataset', 'emoji', '--names', 'ghost,U+1F600', '--size', '16', '--out', file);
    expect(run.status).toBe(0);
    const { dataset, credits } = parseDataset(readFileSync(file, 'utf8'));
    expect([dataset.inputs.rows, dataset.inputs.cols, dataset.labels]).toEqual([2, 256, ['ghost', 'grinning']]);
    expect(credits).toContain('CC BY 4.0');
    expect(existsSync(join(out, 'two.png'))).toBe(true);
    refused(['dataset', 'emoji', '--names', 'ghost,grining'], /unknown emoji "grining".*similar names: grinning/);
  });

  it('images turns a folder of PNGs into a dataset and names a corrupt file', () => {
    const dir = join(out, 'pictures');
    mkdirSync(dir);
    writeFileSync(join(dir, 'dark.png'), pngBytes(30, 20, () => [0, 0, 0, 255]));
    writeFileSync(join(dir, 'light.png'), pngBytes(20, 20, () => [255, 255, 255, 255]));
    writeFileSync(join(dir, 'notes.txt'), 'not a picture');
    const run = latentlab('dataset', 'images', dir, '--size', '28', '--out', join(out, 'pictures.json'));
    expect(run.status).toBe(0);
    const { dataset } = parseDataset(readFileSync(join(out, 'pictures.json'), 'utf8'));
    expect([dataset.labels, dataset.width, dataset.inputs.cols]).toEqual([['dark', 'light'], 28, 784]);
    writeFileSync(join(dir, 'broken.png'), pngBytes(8, 8, () => [0, 0, 0, 255]).subarray(0, 50));
    refused(['dataset', 'images', dir, '--out', join(out, 'x.json')], /broken\.png: corrupt or truncated PNG/);
  });
});
