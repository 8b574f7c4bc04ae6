import { describe, expect, it } from 'vitest';
import { autoencoderPresets } from '../../src/runs/autoencoder/presets.js';
import { specFromFlags } from '../../src/runs/flags.js';
import { modelKinds, preset, presetNames } from '../../src/runs/kinds.js';
import { runName } from '../../src/runs/run-name.js';

const base = (name: string) => ({ ...preset(name).spec });

describe('the flags of train', () => {
  it('set the spec of any kind through one table', () => {
    const spec = specFromFlags(modelKinds.autoencoder, base('ae-font'), { layers: [35, 10, 2, 10, 35], lr: 0.01, optimizer: 'momentum', noise: 'flip-count:0.1', copies: 4 });
    expect(spec.model).toMatchObject({ encoder: [10], latent: 2, decoder: [10] });
    expect(spec.training.optimizer).toEqual({ name: 'momentum', lr: 0.01 });
    expect('noise' in spec && spec.noise).toEqual({ name: 'flip-count', level: 0.1, copies: 4 });
    const vae = specFromFlags(modelKinds.vae, base('vae-emoji'), { beta: 0.5, data: 'emoji-4', epochs: 10 });
    expect(vae.model).toMatchObject({ beta: 0.5 });
    expect(vae.data).toEqual({ dataset: 'emoji-4' });
  });

  it("let --noise change the noise model and level only: the preset's copies, curriculum and targets stay", () => {
    const best = autoencoderPresets['dae-font-best'];
    const posterior = specFromFlags(modelKinds.autoencoder, { ...best, noise: { ...best.noise!, targets: 'posterior' } }, { noise: 'flip-count:0.2' });
    expect('noise' in posterior && posterior.noise).toEqual({ name: 'flip-count', level: 0.2, copies: 16, targets: 'posterior' });
    const staged = specFromFlags(modelKinds.autoencoder, base('dae-font-best-0.2'), { noise: 'flip-prob:0.1' });
    expect('noise' in staged && staged.noise).toEqual({ name: 'flip-prob', level: 0.1, copies: 16, curriculum: [{ epochs: 3000, level: 0.1 }] });
  });

  it('apply --data before --table, whatever order they came in', () => {
    expect(specFromFlags(modelKinds.autoencoder, base('ae-font'), { table: 2, data: 'my/font.h' }).data).toEqual({ dataset: 'my/font.h', table: 2 });
    expect(specFromFlags(modelKinds.autoencoder, base('ae-font'), { table: 1 }).data).toEqual({ dataset: 'font-1' });
  });

  it('refuse a flag of another kind, naming whose it is', () => {
    expect(() => specFromFlags(modelKinds.vae, base('vae-emoji'), { stopAt: 0, loss: 'mse' })).toThrow('--stop-at (autoencoder), --loss (autoencoder): not for a vae preset');
    expect(() => specFromFlags(modelKinds.autoencoder, base('ae-font'), { betaWarmup: 3 })).toThrow('--beta-warmup (vae): not for an autoencoder preset');
    expect(() => specFromFlags(modelKinds.autoencoder, base('ae-font'), { copies: 3 })).toThrow('--copies needs a training noise');
    expect(() => specFromFlags(modelKinds.autoencoder, base('ae-font'), { lr: -1 })).toThrow(/invalid spec:[\s\S]*training\.optimizer\.lr/);
  });
});

describe('the default run folder', () => {
  const parsed = (name: string, flags: Record<string, unknown> = {}) => specFromFlags(preset(name).kind, base(name), flags);

  it('is the preset and seed, with a short hash of the spec when it differs from the preset', () => {
    expect(runName('ae-font', parsed('ae-font'), parsed('ae-font'))).toBe('ae-font-seed1');
    expect(runName('ae-font', parsed('ae-font'), parsed('ae-font', { seed: 4 }))).toBe('ae-font-seed4');
    const lr = runName('ae-font', parsed('ae-font'), parsed('ae-font', { lr: 0.01 }));
    const layers = runName('ae-font', parsed('ae-font'), parsed('ae-font', { layers: [35, 10, 2, 10, 35] }));
    const table = runName('ae-font', parsed('ae-font'), parsed('ae-font', { table: 1 }));
    expect(lr).toMatch(/^ae-font-[0-9a-f]{6}-seed1$/);
    expect(new Set([lr, layers, table, 'ae-font-seed1']).size).toBe(4);
    expect(runName('ae-font', parsed('ae-font'), parsed('ae-font', { lr: 0.01 }))).toBe(lr);
  });

  it('covers every preset of every kind', () => {
    expect(presetNames.slice(0, 2)).toEqual(['ae-font', 'ae-font-best']);
    expect(presetNames).toContain('vae-emoji');
    for (const name of presetNames) expect(runName(name, parsed(name), parsed(name))).toBe(`${name}-seed1`);
  });
});
