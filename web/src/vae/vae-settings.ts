import { vaePreset } from '../../../src/runs/vae/presets.js';
import { parseVaeRun, type VaeRunSpec } from '../../../src/runs/vae/spec.js';

/** The VAE form's fields, as typed: the `vae-emoji` preset with its data set, epochs, learning rate and seed changeable. */
export interface VaeSettings {
  dataset: string;
  epochs: string;
  lr: string;
  seed: string;
}

export const VAE_PRESET = 'vae-emoji';

export function vaeDefaults(): VaeSettings {
  const { data, training } = vaePreset(VAE_PRESET);
  return { dataset: data.dataset, epochs: String(training.epochs), lr: String(training.optimizer.lr), seed: String(training.seed) };
}

/** The run spec of the form (checked by the CLI's schema): `latentlab train --preset vae-emoji` with the same changes gives the same numbers. */
export function vaeSpecFromSettings(settings: VaeSettings): VaeRunSpec {
  const spec = vaePreset(VAE_PRESET);
  const number = (name: string, text: string) => {
    const value = Number(text.trim());
    if (text.trim() === '' || !Number.isFinite(value)) throw new Error(`${name} must be a number, got "${text}"`);
    return value;
  };
  spec.data.dataset = settings.dataset;
  spec.training.epochs = number('epochs', settings.epochs);
  spec.training.optimizer.lr = number('learning rate', settings.lr);
  spec.training.seed = number('seed', settings.seed);
  return parseVaeRun(spec);
}
