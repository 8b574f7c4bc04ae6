import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { latentlab, refused } from './latentlab.js';

const fixtures = join(import.meta.dirname, '../fixtures');

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
    [['--data', 'no/such/font.h'], /cannot read font file "no\/such\/font.h": ENOENT/],
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
    refused(['eval', '--model', bad], new RegExp(`${bad.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: bad model file: not valid JSON`));
  });
});
