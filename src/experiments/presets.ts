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

/**
 * Still a 2-D code, but 0 wrong pixels on every glyph: wider hidden layers, an unbounded (identity)
 * code, a sigmoid output trained with binary cross-entropy and a larger learning rate. It stops as
 * soon as every glyph is perfect (checked every 10 epochs), typically after 130 to 210 epochs.
 */
const aeFontBest: AutoencoderRunSpec = {
  model: {
    encoder: [64],
    latent: 2,
    decoder: [64],
    activation: 'tanh',
    latentActivation: 'identity',
    outputActivation: 'sigmoid',
    loss: 'bce',
    initializer: 'glorot-uniform',
  },
  training: { epochs: 2000, optimizer: { name: 'adam', lr: 0.03 }, seed: 1, engine: 'wasm', stopAtWrongPixels: 0 },
  data: { table: 3 },
};

export const autoencoderPresets: Record<string, AutoencoderRunSpec> = {
  'ae-font': aeFont,
  'ae-font-best': aeFontBest,
};

export const presetNames = Object.keys(autoencoderPresets);

/** A deep copy of a preset, or an error that lists the presets. */
export function autoencoderPreset(name: string): AutoencoderRunSpec {
  const preset = autoencoderPresets[name];
  if (!preset) throw new RangeError(`unknown preset "${name}"; valid: ${presetNames.join(', ')}`);
  return structuredClone(preset);
}
