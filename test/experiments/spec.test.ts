import { describe, expect, it } from 'vitest';
import { parseAutoencoderRun } from '../../src/runs/autoencoder/spec.js';
import { autoencoderPresets } from '../../src/runs/autoencoder/presets.js';
import { preset, presetNames } from '../../src/runs/kinds.js';

const autoencoderPreset = (name: string) => structuredClone(autoencoderPresets[name]);

describe('run specs', () => {
  it('every preset is valid', () => {
    expect(Object.keys(autoencoderPresets).length).toBeGreaterThan(3);
    for (const name of Object.keys(autoencoderPresets)) expect(() => parseAutoencoderRun(autoencoderPreset(name))).not.toThrow();
  });

  it('ae-font is the study\'s setting', () => {
    const spec = autoencoderPreset('ae-font');
    expect(spec.model).toMatchObject({ encoder: [20], latent: 2, decoder: [20], activation: 'tanh', outputActivation: 'tanh', loss: 'mse' });
    expect(spec.training).toMatchObject({ epochs: 19300, optimizer: { name: 'adam', lr: 0.0005 } });
    expect(spec.training.batchSize).toBeUndefined();
  });

  it('names each bad field', () => {
    const bad = autoencoderPreset('ae-font') as unknown as { model: Record<string, unknown>; training: Record<string, unknown> };
    bad.model.latent = 0;
    bad.model.activation = 'swish';
    bad.training.optimizer = { name: 'adam', lr: -1 };
    bad.training.epochs = 2.5;
    let message = '';
    try {
      parseAutoencoderRun(bad);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('model.latent');
    expect(message).toContain('model.activation');
    expect(message).toContain('training.optimizer.lr');
    expect(message).toContain('training.epochs');
  });

  it('refuses an unknown optimizer and an unknown field', () => {
    const spec = autoencoderPreset('ae-font') as unknown as { training: Record<string, unknown> };
    spec.training.optimizer = { name: 'adagrad', lr: 0.1 };
    expect(() => parseAutoencoderRun(spec)).toThrow(/training\.optimizer\.name/);
    expect(() => parseAutoencoderRun({ ...autoencoderPreset('ae-font'), colour: 'red' })).toThrow(/colour/);
  });

  it('lists the presets for an unknown name', () => {
    expect(() => preset('ae-fnt')).toThrow(`unknown preset "ae-fnt"; valid: ${presetNames.join(', ')}`);
  });
});
