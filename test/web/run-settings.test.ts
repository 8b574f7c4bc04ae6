import { describe, expect, it } from 'vitest';
import { preset, presetNames } from '../../src/runs/kinds.js';
import {
  denoisingPresetNames,
  fieldsOf,
  layerText,
  linkedForm,
  plainPresetNames,
  SettingsError,
  settingsFromPreset,
  settingsText,
  specFromSettings,
  vaePresetNames,
} from '../../web/src/training/run-settings.js';

// The explorer's training form: a preset fills it, the form's fields become the run spec the way `latentlab train`'s flags do.
const pagePresets = [...plainPresetNames, ...denoisingPresetNames, ...vaePresetNames];

describe('the training form', () => {
  it('splits the presets between the views: plain and denoising autoencoders, and the VAEs whose data the page has', () => {
    expect(plainPresetNames).toContain('ae-font');
    expect(denoisingPresetNames).toContain('dae-font');
    expect(vaePresetNames).toContain('vae-emoji');
    // vae-mnist needs the mnist package's digits, which the page does not bundle.
    expect([...pagePresets, 'vae-mnist'].sort()).toEqual([...presetNames].sort());
  });

  it.each(pagePresets)('gives back preset %s exactly when its fields are not changed', (name) => {
    const { kind, spec } = preset(name);
    expect(specFromSettings(settingsFromPreset(name), name).spec).toEqual(kind.parseSpec(spec));
  });

  it("shows only the fields of the preset's kind", () => {
    const names = (name: string) => fieldsOf(preset(name).kind).map((field) => field.name);
    expect(names('ae-font')).toEqual(expect.arrayContaining(['hidden', 'latentActivation', 'loss', 'noise', 'stopAt', 'lr', 'dataset']));
    expect(names('ae-font')).not.toContain('beta');
    expect(names('vae-emoji')).toEqual(expect.arrayContaining(['hidden', 'reconstruction', 'beta', 'betaWarmup', 'lr', 'epochs', 'dataset']));
    expect(names('vae-emoji')).not.toEqual(expect.arrayContaining(['latentActivation']));
    expect(names('vae-emoji').filter((name) => ['latentActivation', 'outputActivation', 'loss', 'noise', 'stopAt'].includes(name))).toEqual([]);
  });

  it('overrides the preset with each field, keeping what the form does not show', () => {
    const settings = { ...settingsFromPreset('dae-font-best-0.2'), hidden: '16,4', lr: '0.01', epochs: '300', batchSize: '8', seed: '7', noise: 'flip-count:0.3' };
    const { spec } = specFromSettings(settings, 'dae-font-best-0.2');
    expect(spec.model).toMatchObject({ encoder: [16, 4], latent: 2, decoder: [4, 16] });
    expect(spec.training).toMatchObject({ epochs: 300, batchSize: 8, seed: 7, optimizer: { name: 'adam', lr: 0.01 }, lrSchedule: { name: 'cosine' } });
    expect(spec).toMatchObject({ noise: { name: 'flip-count', level: 0.3, copies: 16, curriculum: [{ epochs: 3000, level: 0.1 }] } });
    expect(layerText(settings)).toBe('35-16-4-2-4-16-35');
    expect(specFromSettings({ ...settings, noise: '' }, 'dae-font-best-0.2').spec).not.toHaveProperty('noise');
    expect(specFromSettings({ ...settings, batchSize: '' }, 'dae-font-best-0.2').spec.training).not.toHaveProperty('batchSize');
  });

  it('sets a VAE spec from its fields, the data too', () => {
    const settings = { ...settingsFromPreset('vae-emoji'), dataset: 'emoji-4', beta: '0.5', epochs: '200' };
    const { kind, spec } = specFromSettings(settings, 'vae-emoji');
    expect(kind.name).toBe('vae');
    expect(spec).toMatchObject({ data: { dataset: 'emoji-4' }, model: { beta: 0.5, encoder: [200], latent: 2, decoder: [200] }, training: { epochs: 200 } });
    expect(layerText(settings)).toBe('400-200-2-200-400');
  });

  it.each([
    [{ lr: 'fast' }, 'learning rate: expected a number, got "fast"'],
    [{ epochs: '' }, 'epochs: expected a number, got ""'],
    [{ hidden: '20,x' }, 'hidden layers: widths must be whole numbers from 3 to 512'],
    [{ hidden: '20,2' }, 'hidden layers: widths must be whole numbers from 3 to 512'],
    [{ lr: '0' }, 'training.optimizer.lr'],
    [{ epochs: '2.5' }, 'training.epochs'],
    [{ loss: 'bce' }, 'loss "bce" needs outputActivation "sigmoid"'],
    [{ noise: 'flip-count:2' }, 'flip-count p must be in [0, 1], got 2'],
    [{ dataset: 'mnist' }, 'the page has no dataset "mnist"'],
  ])('refuses %j with a message naming the field', (change, message) => {
    expect(() => specFromSettings({ ...settingsFromPreset('ae-font'), ...change }, 'ae-font')).toThrow(message);
  });

  it.each([
    [{ lr: 'fast' }, { lr: 'learning rate: expected a number, got "fast"' }],
    [{ lr: '0', epochs: '0' }, { lr: 'Too small: expected number to be >0', epochs: 'Too small: expected number to be >0' }],
    [{ epochs: '5000000000' }, { epochs: 'this run needs about 223.5 GB of memory, more than the 1.0 GB it can have here; the largest part is the loss history of 5,000,000,000 epochs (223.5 GB): lower training.epochs (--epochs)' }],
    [{ hidden: Array(60).fill(512).join(',') }, { hidden: expect.stringMatching(/^this run needs about 1\.\d GB .*parameters with their gradients and optimizer state .*lower the layer widths \(--layers\)$/) }],
  ])('puts the problems of %j beside their fields', (change, fields) => {
    let caught: unknown;
    try {
      specFromSettings({ ...settingsFromPreset('ae-font'), ...change }, 'ae-font');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(SettingsError);
    expect((caught as SettingsError).fields).toEqual(fields);
  });

  it('trains 35-512-512-512-512-2-... in the page (within its memory)', () => {
    expect(specFromSettings({ ...settingsFromPreset('ae-font'), hidden: '512,512,512,512', epochs: '1000000' }, 'ae-font').spec.model).toMatchObject({ encoder: [512, 512, 512, 512] });
  });

  it('reads a link: its preset and fields over the preset, the epoch reached; it ignores what it does not know', () => {
    const link = new URLSearchParams('view=font&preset=ae-font-best&lr=0.002&seed=4&epoch=1234&bogus=1');
    const { preset: name, settings, epoch } = linkedForm(link, plainPresetNames);
    expect(name).toBe('ae-font-best');
    expect(settings).toEqual({ ...settingsFromPreset('ae-font-best'), lr: '0.002', seed: '4' });
    expect(epoch).toBe(1234);
    expect(linkedForm(new URLSearchParams('preset=vae-emoji&epoch=-3'), plainPresetNames)).toEqual({ preset: plainPresetNames[0], settings: settingsFromPreset(plainPresetNames[0]), epoch: null });
  });

  it('writes the settings as the flags of latentlab train that differ from the preset', () => {
    expect(settingsText(settingsFromPreset('ae-font'), 'ae-font')).toBe('--preset ae-font');
    expect(settingsText({ ...settingsFromPreset('ae-font'), lr: '0.01', stopAt: '0', hidden: '20,10' }, 'ae-font')).toBe('--preset ae-font --layers 20,10 --lr 0.01 --stop-at 0');
  });
});
