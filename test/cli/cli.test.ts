import { copyFileSync, existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { fontTable } from '../../src/data/font.js';
import { latentlab, latentlabIn, refused } from './latentlab.js';

const fixtures = join(import.meta.dirname, '../fixtures');

/** A RegExp that matches `text` literally. */
const literally = (text: string): RegExp => new RegExp(text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));

/** Trains a run with `args` into a new folder and returns its folder and result document. */
function trained(...args: string[]): { dir: string; result: { wrongPixelsPerGlyph: number[]; dataset: { name: string; labels: string[] } } } {
  const dir = join(mkdtempSync(join(tmpdir(), 'latentlab-data-')), 'run');
  const run = latentlab('train', ...args, '--out', dir, '--json');
  expect(run.stderr).not.toMatch(/latentlab:/);
  expect(run.status).toBe(0);
  return { dir, result: JSON.parse(run.stdout) };
}

/** `eval --json` of a model file, which must succeed. */
function evaluated(...args: string[]): { kind: string; dataset: string; labels: string[]; wrongPixelsPerGlyph: number[]; wrongPixels: number } {
  const run = latentlab('eval', ...args, '--json');
  expect(run.stderr).toBe('');
  expect(run.status).toBe(0);
  return JSON.parse(run.stdout);
}

describe('latentlab train refuses bad input before training', () => {
  it.each([
    [['--optimizer', 'adagrad'], /Allowed choices are gd, momentum, adam, rmsprop/],
    [['--activation', 'swish'], /Allowed choices are identity, tanh, sigmoid, relu, leaky-relu/],
    [['--preset', 'nope'], /Allowed choices are ae-font/],
    [['--lr', '0'], /training\.optimizer\.lr/],
    [['--lr', 'fast'], /expected a number, got "fast"/],
    [['--lr', 'NaN'], /expected a number, got "NaN"/],
    [['--epochs', '2.5'], /expected a whole number, got "2.5"/],
    [['--layers', '35,20,0,20,35'], /layer widths must be positive whole numbers, got "0"/],
    [['--layers', '36,20,2,20,36'], /must start and end with the data's 35 pixels per image/],
    [['--loss', 'bce'], /loss "bce" needs outputActivation "sigmoid"/],
    [['--table', '4'], /the built-in font has tables 1, 2 and 3, got 4/],
    [['--data', 'no/such/font.h'], /cannot read font file ".*no\/such\/font\.h": ENOENT/],
    [['--data', join(fixtures, 'font-six-rows.h')], /line \d+/],
  ])('%j', (args, message) => refused(['train', '--epochs', '10', ...args], message));
});

describe('a short training run, then the model file', () => {
  let out = '';
  let result: Record<string, unknown> = {};

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'latentlab-cli-'));
    const run = latentlab('train', '--epochs', '300', '--seed', '4', '--lr', '0.01', '--out', out, '--json');
    expect(run.stderr).toContain('epoch 300/300');
    expect(run.status).toBe(0);
    result = JSON.parse(run.stdout) as Record<string, unknown>;
  });

  it('prints the result document with the fields scripts need', () => {
    expect(result).toMatchObject({ seed: 4, epochs: 300, totalPixels: 1120 });
    expect(result.trainSeconds).toBeGreaterThan(0);
    expect(result.reportSeconds).toBeGreaterThan(0);
    expect(result.finalLoss).toBeGreaterThan(0);
    const perGlyph = result.wrongPixelsPerGlyph as number[];
    expect(perGlyph).toHaveLength(32);
    expect(result.wrongPixels).toBe(perGlyph.reduce((a, b) => a + b, 0));
    expect(JSON.parse(readFileSync(join(out, 'result.json'), 'utf8'))).toEqual(result);
    expect(existsSync(join(out, 'reconstruction.png'))).toBe(true);
  });

  it('eval of the saved model gives the same wrong pixels', () => {
    const run = latentlab('eval', '--model', join(out, 'model.json'), '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).wrongPixelsPerGlyph).toEqual(result.wrongPixelsPerGlyph);
  });

  it('encode gives the saved latent codes and decode draws a glyph', () => {
    const codes = JSON.parse(latentlab('encode', '--model', join(out, 'model.json'), '--json').stdout) as { label: string; code: number[] }[];
    expect(codes.map((c) => c.code)).toEqual(result.latentCodes);
    const [x, y] = codes[1].code;
    const decoded = latentlab('decode', String(x), String(y), '--model', join(out, 'model.json'), '--out', join(out, 'a.png'));
    expect(decoded.status).toBe(0);
    expect(decoded.stdout).toMatch(/binarized at 0.5:\n[#.]{5}\n/);
    expect(existsSync(join(out, 'a.png'))).toBe(true);
    refused(['decode', '1', '--model', join(out, 'model.json')], /latent space has 2 dimensions, got 1 coordinates/);
  });

  it('a corrupt model file is named and explained', () => {
    const bad = join(out, 'bad.json');
    writeFileSync(bad, readFileSync(join(out, 'model.json'), 'utf8').slice(0, 200));
    refused(['eval', '--model', bad], literally(`${bad}: bad model file: not valid JSON`));
  });

  it('other data than the model\'s are refused, naming both, unless --force', () => {
    const model = join(out, 'model.json');
    for (const command of ['eval', 'encode']) {
      refused([command, '--model', model, '--data', 'font-2'], /the data given, "font-2", is not the data "font-3" \(from font-3\): row 0 is labelled "@", expected "`"; pass --force/);
    }
    refused(['interpolate', '--model', model, '--data', 'font-2', '--from', '0', '--to', '1'], /is not the data "font-3"/);
    refused(['eval', '--model', model, '--data', 'emoji-4'], /the model takes 35 pixels per image, the dataset "emoji-4" has 400/);
    refused(['eval', '--model', model, '--data', 'emoji-9'], /unknown dataset "emoji-9": give one of/);
    const forced = evaluated('--model', model, '--data', 'font-2', '--force');
    expect([forced.dataset, forced.labels[0], forced.wrongPixelsPerGlyph.length]).toEqual(['font-2', '@', 32]);
    expect(forced.wrongPixelsPerGlyph).not.toEqual(result.wrongPixelsPerGlyph);
  });

  it('sample draws the manifold and the scatter of the codes of the model\'s data; interpolate walks between two glyphs', () => {
    const model = join(out, 'model.json');
    const grid = latentlab('sample', '--model', model, '--grid', '5', '--out', join(out, 'm.png'));
    expect(grid.status).toBe(0);
    expect(grid.stdout).toContain(`Training codes (codes): ${join(out, 'm-means.png')}`);
    expect(existsSync(join(out, 'm-means.png'))).toBe(true);
    refused(['sample', '--model', model, '--random', '4'], /--random samples a VAE's prior N\(0, I\); an autoencoder has no prior/);
    const line = latentlab('interpolate', '--model', model, '--from', 'a', '--to', 'b', '--steps', '3', '--out', join(out, 'i.png'));
    expect(line.status).toBe(0);
    const [a, b] = (result.latentCodes as number[][]).slice(1, 3).map((code) => `(${code.map((v) => v.toFixed(3)).join(', ')})`);
    expect(line.stdout).toContain(`3 images from "a" ${a} to "b" ${b}, ends included:`);
  });
});

describe('eval judges a model on the data it was trained on', () => {
  it('a model of the built-in font\'s table 2: the same wrong pixels as train printed', () => {
    const { dir, result } = trained('--preset', 'ae-font-best', '--table', '2', '--epochs', '60', '--seed', '1');
    expect(result.wrongPixelsPerGlyph.some((w) => w > 0)).toBe(true);
    const evaluation = evaluated('--model', join(dir, 'model.json'));
    expect(evaluation).toMatchObject({ kind: 'autoencoder', dataset: 'font-2', labels: fontTable(2).labels });
    expect(evaluation.wrongPixelsPerGlyph).toEqual(result.wrongPixelsPerGlyph);
    const codes = JSON.parse(latentlab('encode', '--model', join(dir, 'model.json'), '--json').stdout) as { label: string }[];
    expect(codes.map((c) => c.label)).toEqual(fontTable(2).labels);
  });

  it('a model of a font.h file\'s table 1: found by its recorded path from any folder', () => {
    const { dir, result } = trained('--preset', 'ae-font-best', '--data', relative(process.cwd(), join(fixtures, 'font.h')), '--table', '1', '--epochs', '60', '--seed', '1');
    expect(result.dataset).toMatchObject({ name: 'font.h', labels: expect.arrayContaining(['space', '!', '0']) });
    const elsewhere = latentlabIn(tmpdir(), 'eval', '--model', join(dir, 'model.json'), '--json');
    expect(elsewhere.status).toBe(0);
    const evaluation = JSON.parse(elsewhere.stdout) as { labels: string[]; wrongPixelsPerGlyph: number[] };
    expect(evaluation.labels).toEqual(result.dataset.labels);
    expect(evaluation.wrongPixelsPerGlyph).toEqual(result.wrongPixelsPerGlyph);
    // Another table of the same file is other data.
    refused(['eval', '--model', join(dir, 'model.json'), '--table', '2'], /is not the data "font\.h" \(from .*font\.h table 1\)/);
  });

  it('a data file that changed since the training is refused by its hash, unless --force', () => {
    const folder = mkdtempSync(join(tmpdir(), 'latentlab-changed-'));
    const font = join(folder, 'font.h');
    copyFileSync(join(fixtures, 'font.h'), font);
    const { dir } = trained('--preset', 'ae-font-best', '--data', font, '--epochs', '10');
    // One more pixel in the first glyph of table 3 ('`': 0x04 -> 0x14).
    const text = readFileSync(font, 'utf8');
    writeFileSync(font, text.replace(/(Font3\[32\]\[7\] = \{\s*\{0x)04/, (_, head: string) => `${head}14`));
    expect(readFileSync(font, 'utf8')).not.toBe(text);
    refused(['eval', '--model', join(dir, 'model.json')], /same size and labels but other pixels: sha256:[0-9a-f]{64}, expected sha256:[0-9a-f]{64}; pass --force/);
    expect(evaluated('--model', join(dir, 'model.json'), '--force').labels).toHaveLength(32);
  });

  it('a model whose data cannot be found says so and takes --data', () => {
    const folder = mkdtempSync(join(tmpdir(), 'latentlab-moved-'));
    const font = join(folder, 'font.h');
    copyFileSync(join(fixtures, 'font.h'), font);
    const { dir } = trained('--preset', 'ae-font-best', '--data', font, '--epochs', '10');
    const moved = join(folder, 'moved.h');
    renameSync(font, moved);
    refused(['eval', '--model', join(dir, 'model.json')], literally(`(the model was trained on "font.h" from ${font}; give its data with --data)`));
    expect(evaluated('--model', join(dir, 'model.json'), '--data', moved).wrongPixelsPerGlyph).toHaveLength(32);
  });
});

describe('a version-1 model file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'latentlab-v1-'));
  const font = fontTable(3);
  const data = { name: 'font-3', width: 5, height: 7, labels: font.labels };
  const zeros = (n: number): number[] => new Array<number>(n).fill(0);

  it('an autoencoder loads for eval, on the built-in data it names', () => {
    // 35-2-35, every parameter 0: every output is tanh(0) = 0, so every ink pixel is wrong.
    const spec = { encoder: [], latent: 2, decoder: [], activation: 'tanh', latentActivation: 'tanh', outputActivation: 'tanh', loss: 'mse', initializer: 'glorot-uniform' };
    const file = join(dir, 'ae.json');
    writeFileSync(file, JSON.stringify({ format: 'latentlab-model', version: 1, kind: 'autoencoder', spec, inputSize: 35, data, parameters: zeros(35 * 2 + 2 + 2 * 35 + 35) }));
    const ink = font.labels.map((_, i) => font.inputs.row(i).reduce((a, b) => a + b, 0));
    expect(evaluated('--model', file)).toMatchObject({ kind: 'autoencoder', dataset: 'font-3', wrongPixelsPerGlyph: ink });
    expect(latentlab('decode', '0', '0', '--model', file, '--out', join(dir, 'decoded.png')).stdout).toMatch(/binarized at 0\.5:\n(\.{5}\n){7}/);
  });

  it('a VAE loads for eval: reconstruction error and KL per glyph', () => {
    // Every parameter 0: q(z|x) = N(0, I) (KL 0) and every pixel decodes to sigmoid(0) = 0.5 (error 0.5 on binary glyphs).
    const spec = { encoder: [], latent: 2, decoder: [], activation: 'tanh', initializer: 'glorot-uniform', reconstruction: 'bce', beta: 1, betaWarmupEpochs: 0 };
    const file = join(dir, 'vae.json');
    writeFileSync(file, JSON.stringify({ format: 'latentlab-model', version: 1, kind: 'vae', spec, inputSize: 35, data, parameters: { encoder: zeros(35 * 4 + 4), decoder: zeros(2 * 35 + 35) } }));
    const run = latentlab('eval', '--model', file, '--json');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ kind: 'vae', dataset: 'font-3', reconstructionMAE: zeros(32).map(() => 0.5), kl: zeros(32), latentMeans: zeros(32).map(() => [0, 0]) });
  });
});
