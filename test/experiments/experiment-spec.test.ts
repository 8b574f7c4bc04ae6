import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { shippedExperiment } from '../../src/experiments/experiment-file.js';
import { expandExperiment, parseExperiment } from '../../src/experiments/experiment-spec.js';
import { mergeSettings, setPath } from '../../src/runs/settings.js';

const root = join(import.meta.dirname, '../..');

const valid = {
  name: 'lr-test',
  title: 'a test',
  kind: 'autoencoder',
  preset: 'ae-font',
  base: { training: { epochs: 100 } },
  axes: [
    { name: 'optimizer', path: 'training.optimizer.name', values: ['gd', 'adam'] },
    { name: 'width', paths: ['model.encoder', 'model.decoder'], values: [[8], [16], [24]] },
  ],
  seeds: { first: 3, count: 2 },
  quick: { seeds: [7], set: { 'training.epochs': 10 } },
};

function message(value: unknown): string {
  try {
    parseExperiment(value, 'spec.json');
  } catch (error) {
    return (error as Error).message;
  }
  return '';
}

describe('experiment specs', () => {
  it('expand into every variant x seed, first axis slowest, each spec complete', () => {
    const trials = expandExperiment(parseExperiment(valid));
    expect(trials).toHaveLength(2 * 3 * 2);
    expect(trials.map((t) => t.key).slice(0, 3)).toEqual(['optimizer=gd, width=8 #3', 'optimizer=gd, width=8 #4', 'optimizer=gd, width=16 #3']);
    const last = trials.at(-1)!;
    expect(last.variant).toEqual({ index: 5, label: 'optimizer=adam, width=24', values: { optimizer: 'adam', width: '24' } });
    expect(last.spec).toMatchObject({ model: { encoder: [24], decoder: [24], latent: 2 }, training: { epochs: 100, seed: 4, optimizer: { name: 'adam', lr: 0.0005 } } });
  });

  it('a variant can start from another preset; the base and the other axes still apply', () => {
    const spec = parseExperiment({
      ...valid,
      axes: [{ name: 'setting', variants: [{ label: 'study' }, { label: 'best', preset: 'ae-font-best', set: { 'training.optimizer.lr': 0.01 } }] }],
    });
    const [study, best] = expandExperiment(spec).filter((t) => t.seed === 3);
    expect(study.spec).toMatchObject({ model: { encoder: [20], loss: 'mse' }, training: { epochs: 100, optimizer: { lr: 0.0005 } } });
    expect(best.spec).toMatchObject({ model: { encoder: [64], loss: 'bce' }, training: { epochs: 100, optimizer: { lr: 0.01 } } });
    expect(message({ ...valid, axes: [{ name: 's', variants: [{ label: 'x', preset: 'nope' }] }] })).toMatch(/unknown autoencoder preset "nope"[\s\S]*axes\[0\]\.variants\[0\]\.preset/);
  });

  it('quick applies its seeds and settings', () => {
    const trials = expandExperiment(parseExperiment(valid), true);
    expect(trials).toHaveLength(6);
    expect(new Set(trials.map((t) => t.seed))).toEqual(new Set([7]));
    expect(trials.every((t) => (t.spec.training as { epochs: number }).epochs === 10)).toBe(true);
  });

  it('names every bad field', () => {
    const bad = message({ ...valid, name: 'Bad Name', seeds: { first: -1, count: 0 }, kind: 'gan', colour: 'red' });
    expect(bad).toContain('spec.json');
    expect(bad).toMatch(/at name/);
    expect(bad).toMatch(/at seeds/);
    expect(bad).toMatch(/at kind/);
    expect(bad).toContain('colour');
  });

  it('explains a bad axis, a bad preset, a repeated axis name and bad evaluation settings', () => {
    expect(message({ ...valid, axes: [{ name: 'lr', values: [0.1] }] })).toMatch(/needs "values" and exactly one of "path" or "paths"[\s\S]*at axes\[0\]/);
    expect(message({ ...valid, axes: [{ name: 'lr', path: 'training..lr', values: [0.1] }] })).toMatch(/dotted path[\s\S]*axes\[0\]\.path/);
    expect(message({ ...valid, preset: 'ae-fnt' })).toMatch(/unknown autoencoder preset "ae-fnt"; valid: ae-font, ae-font-best[\s\S]*at preset/);
    expect(message({ ...valid, axes: [valid.axes[0], valid.axes[0]] })).toMatch(/axis name "optimizer" is used twice[\s\S]*axes\[1\]\.name/);
    expect(message({ ...valid, evaluation: { newGlyphs: { minDistance: -2 } } })).toMatch(/newGlyphs\.minDistance[\s\S]*at evaluation/);
    expect(message({ ...valid, seeds: [1, 1] })).toContain('seeds must not repeat');
  });

  it('names the variant, the seed and the run spec field a bad value lands in', () => {
    const spec = parseExperiment({ ...valid, axes: [{ name: 'lr', path: 'training.optimizer.lr', values: [0.01, -1] }] });
    expect(() => expandExperiment(spec)).toThrow(/experiment "lr-test", variant "lr=-1", seed 3: invalid spec:[\s\S]*training\.optimizer\.lr/);
    const typo = parseExperiment({ ...valid, axes: [{ name: 'lr', path: 'training.optimiser.lr', values: [0.01] }] });
    expect(() => expandExperiment(typo)).toThrow(/Unrecognized key[\s\S]*optimiser/);
  });

  it('every shipped experiment is valid; the widths sweep is the grid it says', () => {
    for (const name of readdirSync(join(root, 'experiments')).map((f) => f.replace(/\.json$/, ''))) {
      expect(expandExperiment(shippedExperiment(name)).length).toBeGreaterThan(0);
    }
    const widths = shippedExperiment('ae-font-widths');
    expect(expandExperiment(widths)).toHaveLength(32 * 20);
    expect(expandExperiment(widths, true)).toHaveLength(32 * 3);
  });
});

describe('settings', () => {
  it('merge recursively, but replace an object that names another kind', () => {
    const base = { training: { epochs: 5, optimizer: { name: 'adam', lr: 0.1, beta1: 0.8 } } };
    expect(mergeSettings(base, { training: { optimizer: { lr: 0.2 } } })).toEqual({ training: { epochs: 5, optimizer: { name: 'adam', lr: 0.2, beta1: 0.8 } } });
    expect(mergeSettings(base, { training: { optimizer: { name: 'gd', lr: 0.2 } } })).toEqual({ training: { epochs: 5, optimizer: { name: 'gd', lr: 0.2 } } });
  });

  it('set a dotted path without touching the original', () => {
    const base = { model: { encoder: [20] } };
    expect(setPath(base, 'model.encoder', [8, 4])).toEqual({ model: { encoder: [8, 4] } });
    expect(setPath(base, 'noise.level', 0.1)).toEqual({ model: { encoder: [20] }, noise: { level: 0.1 } });
    expect(base).toEqual({ model: { encoder: [20] } });
  });
});
