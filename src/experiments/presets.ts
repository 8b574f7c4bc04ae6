import type { AutoencoderRunSpec } from './autoencoder-spec.js';

/** The study's best autoencoder: 35-20-2-20-35, tanh everywhere, MSE, Adam lr 0.0005, 19300 full-batch epochs. */
const aeFont: AutoencoderRunSpec = {
  model: {
    encoder: [20],
    latent: 2,
    decoder: [20],
    activation: 'tanh',
    latentActivation: 'tanh',
    outputActivation: 'tanh',
    loss: 'mse',
    initializer: 'glorot-uniform',
  },
  training: { epochs: 19300, optimizer: { name: 'adam', lr: 0.0005 }, seed: 1, engine: 'wasm' },
  data: { table: 3 },
};

export const autoencoderPresets: Record<string, AutoencoderRunSpec> = {
  'ae-font': aeFont,
};

export const presetNames = Object.keys(autoencoderPresets);

/** A deep copy of a preset, or an error that lists the presets. */
export function autoencoderPreset(name: string): AutoencoderRunSpec {
  const preset = autoencoderPresets[name];
  if (!preset) throw new RangeError(`unknown preset "${name}"; valid: ${presetNames.join(', ')}`);
  return structuredClone(preset);
}
