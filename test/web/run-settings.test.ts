import { describe, expect, it } from 'vitest';
import { autoencoderPreset, presetNames } from '../../src/runs/autoencoder/presets.js';
import { denoisingPresetNames, layerText, plainPresetNames, settingsFromPreset, specFromSettings } from '../../web/src/training/run-settings.js';

// The explorer's training form: a preset fills it, the form's fields become the run spec.
describe('the training form', () => {
  it('splits the presets between the font view and the denoising view', () => {
    expect(plainPresetNames).toContain('ae-font');
    expect(denoisingPresetNames).toContain('dae-font');
    expect([...plainPresetNames, ...denoisingPresetNames].sort()).toEqual([...presetNames].sort());
  });

  it.each(presetNames)('gives back preset %s exactly when its fields are not changed', (name) => {
    expect(specFromSettings(settingsFromPreset(name), name)).toEqual(autoencoderPreset(name));
  });

  it('overrides the preset with each field, keeping what the form does not show', () => {
    const settings = { ...settingsFromPreset('dae-font-best-0.2'), hidden: '16,4', lr: '0.01', epochs: '300', batchSize: '8', seed: '7', noise: 'flip-count:0.3' };
    const spec = specFromSettings(settings, 'dae-font-best-0.2');
    expect(spec.model).toMatchObject({ encoder: [16, 4], latent: 2, decoder: [4, 16] });
    expect(spec.training).toMatchObject({ epochs: 300, batchSize: 8, seed: 7, optimizer: { name: 'adam', lr: 0.01 }, lrSchedule: { name: 'cosine' } });
    expect(spec.noise).toEqual({ name: 'flip-count', level: 0.3, copies: 16, curriculum: [{ epochs: 3000, level: 0.1 }] });
    expect(layerText(settings)).toBe('35-16-4-2-4-16-35');
    expect(specFromSettings({ ...settings, noise: '' }, 'dae-font-best-0.2').noise).toBeUndefined();
  });

  it.each([
    [{ lr: 'fast' }, 'learning rate: expected a number, got "fast"'],
    [{ epochs: '' }, 'epochs: expected a number, got ""'],
    [{ hidden: '20,x' }, 'hidden layers: widths must be whole numbers from 1 to 512'],
    [{ lr: '0' }, 'training.optimizer.lr'],
    [{ epochs: '2.5' }, 'training.epochs'],
    [{ loss: 'bce' }, 'loss "bce" needs outputActivation "sigmoid"'],
    [{ noise: 'flip-count:2' }, 'flip-count p must be in [0, 1], got 2'],
  ])('refuses %j with a message naming the field', (change, message) => {
    expect(() => specFromSettings({ ...settingsFromPreset('ae-font'), ...change }, 'ae-font')).toThrow(message);
  });
});
