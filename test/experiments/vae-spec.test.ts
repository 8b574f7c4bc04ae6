import { describe, expect, it } from 'vitest';
import { parseVaeRun } from '../../src/runs/vae/spec.js';
import { preset } from '../../src/runs/kinds.js';
import { vaePresets, vaeStudy, vaeStudyPresetName } from '../../src/runs/vae/presets.js';

const vaePreset = (name: string) => structuredClone(vaePresets[name]);
const vaePresetNames = Object.keys(vaePresets);

describe('VAE run specs', () => {
  it('every preset is valid, and the study grid is all there: 4 architectures x 4 learning rates', () => {
    for (const name of vaePresetNames) expect(() => parseVaeRun(vaePreset(name))).not.toThrow();
    const study = vaeStudy.architectures.flatMap((hidden) => vaeStudy.learningRates.map((lr) => vaeStudyPresetName(hidden, lr)));
    expect(new Set(study).size).toBe(16);
    for (const name of ['vae-emoji', ...study]) expect(vaePresetNames).toContain(name);
    const best = vaePreset(vaeStudyPresetName([150, 50, 15], 0.0001));
    expect(best.model).toMatchObject({ encoder: [150, 50, 15], latent: 2, decoder: [15, 50, 150], activation: 'tanh', beta: 1 });
    expect(best.training).toMatchObject({ epochs: 1000, optimizer: { name: 'adam', lr: 0.0001, beta1: 0.9, beta2: 0.999 } });
    expect(best.training.batchSize).toBeUndefined();
    expect(vaeStudy.learningRates).toEqual([0.1, 0.01, 0.001, 0.0001]);
  });

  it('vae-emoji is the study\'s best architecture on emoji-8, with the learning rate and epochs that reach the target', () => {
    const spec = vaePreset('vae-emoji');
    expect(spec.model).toMatchObject({ encoder: [200], latent: 2, decoder: [200], reconstruction: 'bce', beta: 1, betaWarmupEpochs: 0 });
    expect(spec.training).toMatchObject({ epochs: 3000, optimizer: { name: 'adam', lr: 0.002 }, engine: 'wasm' });
    expect(spec.data).toEqual({ dataset: 'emoji-8' });
  });

  it('names each bad field', () => {
    const bad = vaePreset('vae-emoji') as unknown as { model: Record<string, unknown>; training: Record<string, unknown>; data: Record<string, unknown> };
    bad.model.beta = -0.5;
    bad.model.reconstruction = 'l1';
    bad.training.stopAtWrongPixels = 1;
    bad.data.dataset = '';
    let message = '';
    try {
      parseVaeRun(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    for (const field of ['model.beta', 'model.reconstruction', 'stopAtWrongPixels', 'data.dataset']) expect(message).toContain(field);
    expect(() => preset('vae-nope')).toThrow(/unknown preset "vae-nope"; valid: .*vae-emoji, .*vae-study-200-lr0\.1/);
  });
});
