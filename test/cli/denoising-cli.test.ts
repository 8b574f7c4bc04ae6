import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { fontTable } from '../../src/data/font.js';
import { latentlab, refused } from './latentlab.js';


describe('latentlab train refuses bad denoising flags before training', () => {
  it.each([
    [['--noise', 'flip-count:1.5'], /bad noise "flip-count:1.5": flip-count p must be in \[0, 1\], got 1.5/],
    [['--noise', 'blur:0.1'], /unknown noise model "blur"/],
    [['--copies', '4'], /--copies needs a training noise/],
    [['--preset', 'dae-font', '--test-noise', 'gaussian:-1'], /gaussian sigma must be >= 0, got -1/],
    [['--preset', 'dae-font', '--lr-schedule', 'step'], /Allowed choices are constant, cosine/],
  ])('%j', (args, message) => refused(['train', '--epochs', '10', ...args], message));
});

describe('a short denoising run, then eval, denoise, noise', () => {
  let out = '';
  let result: Record<string, unknown> = {};

  beforeAll(() => {
    out = mkdtempSync(join(tmpdir(), 'latentlab-dae-'));
    const run = latentlab('train', '--preset', 'dae-font', '--epochs', '300', '--seed', '2', '--out', out, '--json');
    expect(run.status).toBe(0);
    result = JSON.parse(run.stdout) as Record<string, unknown>;
  });

  it('the result document holds the protocol\'s figures, and a denoising picture is written', () => {
    expect(result.noisyWrongPixels).toMatchObject({ mean: expect.any(Number), min: expect.any(Number), max: expect.any(Number) });
    expect((result.referenceWrongPixels as { mean: number }).mean).toBeCloseTo(0.8, 10);
    expect(result.cleanWrongPixels).toBe(result.wrongPixels);
    expect(result.denoising).toMatchObject({ noise: 'flip-count:0.1', copies: 10, seed: 1000 });
    expect(existsSync(join(out, 'denoising.png'))).toBe(true);
  });

  it('eval --noise on the saved model repeats the protocol exactly; without --json it prints the table', () => {
    const model = join(out, 'model.json');
    const json = JSON.parse(latentlab('eval', '--model', model, '--noise', 'flip-count:0.1', '--json').stdout) as Record<string, unknown>;
    expect(json.noisyWrongPixels).toEqual(result.noisyWrongPixels);
    expect(json.referenceWrongPixels).toEqual(result.referenceWrongPixels);
    const text = latentlab('eval', '--model', model, '--noise', 'flip-count:0.2', '--copies', '3', '--picture', join(out, 'p.png'));
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/Denoising: flip-count:0.2, 3 noisy copies of the 32 images \(test seed 1000\)/);
    expect(text.stdout).toMatch(/noisy inputs \(no denoiser\)\s+224\.0 {2}\(224-224\)/);
    expect(text.stdout).toMatch(/nearest glyph \(reference\)/);
    expect(existsSync(join(out, 'p.png'))).toBe(true);
    refused(['eval', '--model', model, '--copies', '3'], /--copies belongs to the denoising test: give --noise too/);
    // The floor of a model trained on 0 to 7 flips, at 7 flips: the Bayes denoiser with that range as its prior.
    const mixture = latentlab('eval', '--model', model, '--noise', 'flip-count:0.2', '--prior', 'flip-count:0-0.2');
    expect(mixture.stdout).toMatch(/Bayes, prior flip-count:0-0\.2\s+\d/);
    refused(['eval', '--model', model, '--noise', 'flip-count:0.2', '--prior', 'flip-count:2'], /flip-count p must be in \[0, 1\], got 2/);
  });

  it('denoise reads a glyph as text rows or a PNG and names the nearest glyph', () => {
    const model = join(out, 'model.json');
    const a = ['.....', '.###.', '....#', '.##.#', '#..##', '#..##', '.##.#'];
    const run = latentlab('denoise', ...a, '--model', model);
    expect(run.status).toBe(0);
    expect(run.stdout).toContain("nearest glyph to the input: 'a' (0 pixels away)");
    expect(latentlab('denoise', a.join('/'), '--model', model).stdout).toContain("'a' (0 pixels away)");
    refused(['denoise', ...a.slice(0, 6), '--model', model], /a glyph is 7 rows of 5 characters/);
    refused(['denoise', ...a.slice(0, 6), '.##.?', '--model', model], /row 7 ".##.\?": "\?" is neither ink/);

    // The same 'a' as a 10x14 PNG (each pixel 2x2, black on white).
    const font = fontTable(3);
    const glyph = font.inputs.row(font.labels.indexOf('a'));
    const png = new PNG({ width: 10, height: 14 });
    for (let y = 0; y < 14; y++) {
      for (let x = 0; x < 10; x++) {
        const value = glyph[Math.floor(y / 2) * 5 + Math.floor(x / 2)] ? 0 : 255;
        png.data.set([value, value, value, 255], (y * 10 + x) * 4);
      }
    }
    writeFileSync(join(out, 'a.png'), PNG.sync.write(png));
    const fromPng = latentlab('denoise', '--png', join(out, 'a.png'), '--model', model, '--out', join(out, 'denoised.png'));
    expect(fromPng.stdout).toContain("nearest glyph to the input: 'a' (0 pixels away)");
    expect(existsSync(join(out, 'denoised.png'))).toBe(true);
  });

  it('noise draws noisy copies and reports what the noise did', () => {
    const run = latentlab('noise', '--noise', 'flip-count:0.2', '--copies', '2', '--out', join(out, 'noisy.png'));
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/per 1120: 224\.0 \(224-224\)/);
    expect(existsSync(join(out, 'noisy.png'))).toBe(true);
    refused(['noise', '--noise', 'flip-prob:2'], /flip-prob p must be in \[0, 1\], got 2/);
  });
});

describe('latentlab cross-noise', () => {
  it('writes the table with the command that made it, and resumes from its cache', () => {
    const dir = mkdtempSync(join(tmpdir(), 'latentlab-cross-'));
    const args = ['cross-noise', '--preset', 'dae-font', '--epochs', '30', '--train', '0,0.1', '--test', '0.1', '--seeds', '1', '--cache', join(dir, 'cache'), '--out', join(dir, 'table.md')];
    const first = latentlab(...args);
    expect(first.status).toBe(0);
    expect(first.stderr).toContain('2 models (0 already in');
    const table = readFileSync(join(dir, 'table.md'), 'utf8');
    expect(table).toContain(`latentlab ${args.join(' ')}`);
    expect(table).toMatch(/\| 0\.1 \(3 flips\) \| (\*\*)?[\d.]+ \([\d.]+-[\d.]+\)(\*\*)? \| (\*\*)?[\d.]+ \([\d.]+-[\d.]+\)(\*\*)? \|/);
    expect(table).toContain('| nearest glyph (reference) | 0 | 0.8 |');
    const second = latentlab(...args);
    expect(second.stderr).toContain('2 models (2 already in');
    expect(readFileSync(join(dir, 'table.md'), 'utf8')).toBe(table);
  });
});
