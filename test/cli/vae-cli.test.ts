import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

describe('latentlab train --preset vae-emoji (a short run), then every model command', () => {
  let out = '';
  let result: Record<string, unknown> = {};

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'latentlab-vae-'));
    const run = latentlab('train', '--preset', 'vae-emoji', '--epochs', '30', '--seed', '2', '--out', out, '--json');
    expect(run.stderr).toContain('epoch 30/30');
    expect(run.status).toBe(0);
    result = JSON.parse(run.stdout) as Record<string, unknown>;
  });

  it('prints the result document with the fields scripts need, and writes the model and pictures', () => {
    expect(result).toMatchObject({ kind: 'vae', seed: 2, epochs: 30, dataset: { name: 'emoji-8', rows: 8, width: 20, height: 20 } });
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
    expect(run.stdout).toMatch(new RegExp(`Manifold \\(15x15 codes over \\[-?[\\d.]+, -?[\\d.]+\\](\\^2| x \\[-?[\\d.]+, -?[\\d.]+\\]), fitted to the codes\\): ${join(out, 'four', 'manifold.png').replace(/[.]/g, '\\.')}`));
    expect(run.stdout).toContain(`Loss curve: ${join(out, 'four', 'loss.png')}`);
  });

  it('eval prints per emoji the reconstruction error from the latent mean, the KL of q(z|x) and the mean', () => {
    const model = join(out, 'model.json');
    const run = latentlab('eval', '--model', model, '--json');
    expect(run.status).toBe(0);
    const e = JSON.parse(run.stdout) as Record<string, unknown>;
    const means = result.latentMeans as number[][];
    const logVariances = result.latentLogVariances as number[][];
    expect(e).toMatchObject({ kind: 'vae', dataset: 'emoji-8', labels: (result.dataset as { labels: string[] }).labels });
    expect(e.reconstructionMAE).toEqual(result.reconstructionMAE);
    expect(e.latentMeans).toEqual(means);
    expect(e.latentLogVariances).toEqual(logVariances);
    // KL(N(m, exp(lv)) || N(0, I)) = -1/2 sum(1 + lv - m^2 - exp(lv)), by hand.
    const kl = means.map((m, i) => -0.5 * m.reduce((sum, mj, j) => sum + 1 + logVariances[i][j] - mj * mj - Math.exp(logVariances[i][j]), 0));
    (e.kl as number[]).forEach((value, i) => expect(value).toBeCloseTo(kl[i], 12));
    expect(kl.every((v) => v > 0)).toBe(true);
    const text = latentlab('eval', '--model', model);
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(new RegExp(`\\nskull +${(e.reconstructionMAE as number[])[7].toFixed(4)} +${kl[7].toFixed(3)} +${means[7][0].toFixed(3)} `));
    expect(text.stdout).toMatch(/Reconstruction MAE \(from the latent mean\): mean 0\.\d{4}, worst 0\.\d{4}\nKL per image: mean \d+\.\d{3}/);
    // The denoising test and denoise count wrong pixels: emoji have grey levels.
    refused(['eval', '--model', model, '--noise', 'flip-count:0.1'], /the denoising test \(--noise\) needs binary images .* but "emoji-8" has grey levels/);
    refused(['denoise', '--model', model, '.....'], /denoise needs binary images/);
  });

  it('encode gives the means (and the log-variances in JSON); decode 0 0 draws the decoded emoji', () => {
    const model = join(out, 'model.json');
    const codes = JSON.parse(latentlab('encode', '--model', model, '--json').stdout) as { label: string; code: number[]; logVariance: number[] }[];
    expect(codes.map((c) => c.code)).toEqual(result.latentMeans);
    expect(codes.map((c) => c.logVariance)).toEqual(result.latentLogVariances);
    const text = latentlab('encode', '--model', model);
    expect(text.stdout.split('\n')[7]).toBe(`        skull  ${codes[7].code.map((v) => v.toFixed(4).padStart(8)).join(' ')}`);
    const decoded = latentlab('decode', '0', '0', '--model', model, '--out', join(out, 'd.png'));
    expect(decoded.status).toBe(0);
    expect(decoded.stdout).toMatch(/^decoded \(0, 0\), grey levels \(0 black, 1 white\):\n( +[01]\.\d\d){20}\n/);
    expect(size(join(out, 'd.png'))).toEqual([2 + 80 + 2, 2 + 80 + 2]);
    refused(['decode', '0', '--model', model], /the model's latent space has 2 dimensions, got 1 coordinates/);
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
    const four = latentlab('sample', '--model', model, '--random', '4', '--out', join(out, 'r4.png'));
    expect(four.stdout).toBe(`4 images decoded from codes drawn from N(0, I) (seed 1): ${join(out, 'r4.png')}\n`);
    expect(size(join(out, 'r4.png'))[0]).toBe(2 + 2 * (80 + 2));
  });

  it('interpolate decodes the line between two emojis, named or numbered', () => {
    const run = latentlab('interpolate', '--model', join(out, 'model.json'), '--from', 'grinning', '--to', '7', '--steps', '4', '--out', join(out, 'i.png'));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^4 images from "grinning" \(.*\) to "skull"/);
    refused(['interpolate', '--model', join(out, 'model.json'), '--from', 'nope', '--to', '1'], /--from "nope" is neither a label of emoji-8 \(grinning heart_eyes/);
    const numbered = latentlab('interpolate', '--model', join(out, 'model.json'), '--from', '0', '--to', '1', '--out', join(out, 'i01.png'));
    expect(numbered.status).toBe(0);
    const [a, b] = (result.latentMeans as number[][]).map((code) => `(${code.map((v) => v.toFixed(3)).join(', ')})`);
    expect(numbered.stdout).toBe(`10 images from "grinning" ${a} to "heart_eyes" ${b}, ends included:\nPicture: ${join(out, 'i01.png')}\n`);
  });

  it('refuses flags of the other kind of model', () => {
    refused(['train', '--preset', 'vae-emoji', '--loss', 'mse', '--epochs', '5'], /--loss \(autoencoder\): not for a vae preset/);
    refused(['train', '--preset', 'ae-font', '--beta', '0.5', '--epochs', '5'], /--beta \(vae\): not for an autoencoder preset/);
    refused(['train', '--preset', 'vae-emoji', '--data', 'emoji-9', '--epochs', '5'], /unknown dataset "emoji-9": give one of font-1, font-2, font-3, emoji-8, emoji-4, mnist/);
    refused(['train', '--preset', 'vae-emoji', '--beta', '-1', '--epochs', '5'], /model\.beta/);
    refused(['sample', '--model', join(out, 'model.json'), '--grid', '1'], /--grid must be a whole number in 2\.\.100, got 1/);
  });
});

describe('a VAE on glyphs: the denoising test and denoise decode the latent mean', () => {
  let model = '';

  beforeAll(() => {
    const out = mkdtempSync(join(tmpdir(), 'latentlab-vae-font-'));
    const run = latentlab('train', '--preset', 'vae-emoji', '--data', 'font-3', '--epochs', '10', '--out', out, '--json');
    expect(run.status).toBe(0);
    model = join(out, 'model.json');
  });

  it('eval --noise runs the protocol on the VAE\'s reconstructions', () => {
    const run = latentlab('eval', '--model', model, '--noise', 'flip-count:0.1', '--copies', '2', '--json');
    expect(run.status).toBe(0);
    const e = JSON.parse(run.stdout) as { kind: string; denoising: { noise: string; copies: number; inputWrongPixels: { mean: number } }; noisyWrongPixels: { mean: number } };
    expect(e).toMatchObject({ kind: 'vae', denoising: { noise: 'flip-count:0.1', copies: 2, inputWrongPixels: { mean: 96 } } });
    expect(e.noisyWrongPixels.mean).toBeGreaterThan(0);
  });

  it('denoise shows the output decoded from the mean, next to the nearest glyph', () => {
    const run = latentlab('denoise', '.....', '.###.', '....#', '.##.#', '#..##', '#..##', '.##.#', '--model', model);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("nearest glyph to the input: 'a' (0 pixels away)");
    expect(run.stdout).toContain('(a VAE: the output is decoded from the mean of q(z|x), without sampling)');
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

  it('images turns a folder of PNGs into a dataset, refuses blank and identical pictures, and names a corrupt file', () => {
    const dir = join(out, 'pictures');
    mkdirSync(dir);
    writeFileSync(join(dir, 'dark.png'), pngBytes(30, 20, () => [0, 0, 0, 255]));
    writeFileSync(join(dir, 'light.png'), pngBytes(20, 20, () => [200, 200, 200, 255]));
    writeFileSync(join(dir, 'notes.txt'), 'not a picture');
    const run = latentlab('dataset', 'images', dir, '--size', '28', '--out', join(out, 'pictures.json'));
    expect(run.status).toBe(0);
    const { dataset } = parseDataset(readFileSync(join(out, 'pictures.json'), 'utf8'));
    expect([dataset.labels, dataset.width, dataset.inputs.cols]).toEqual([['dark', 'light'], 28, 784]);
    writeFileSync(join(dir, 'white.png'), pngBytes(20, 20, () => [255, 255, 255, 255]));
    refused(['dataset', 'images', dir, '--out', join(out, 'x.json')], /"white" is near-blank on white \(mean darkness 0\.0000 < 0\.02\)/);
    rmSync(join(dir, 'white.png'));
    writeFileSync(join(dir, 'light2.png'), pngBytes(10, 10, () => [200, 200, 200, 255]));
    refused(['dataset', 'images', dir, '--out', join(out, 'x.json')], /"light" and "light2" are identical pictures at 28x28/);
    rmSync(join(dir, 'light2.png'));
    writeFileSync(join(dir, 'broken.png'), pngBytes(8, 8, () => [0, 0, 0, 255]).subarray(0, 50));
    refused(['dataset', 'images', dir, '--out', join(out, 'x.json')], /broken\.png: corrupt or truncated PNG/);
  });
});
