import { formatNoise, parseNoise } from '../../../src/data/noise.js';
import { parseAutoencoderRun, type AutoencoderRunSpec } from '../../../src/runs/autoencoder/spec.js';
import { autoencoderPreset, presetNames } from '../../../src/runs/autoencoder/presets.js';

/** Presets of plain autoencoders (the font view) and of denoising ones (the denoising view). */
export const plainPresetNames = presetNames.filter((name) => !autoencoderPreset(name).noise);
export const denoisingPresetNames = presetNames.filter((name) => autoencoderPreset(name).noise);

/**
 * The training form's fields, as typed. Like the CLI's flags, they override the preset's spec and
 * what the form does not show (a learning-rate schedule, noisy copies, a noise curriculum) stays as
 * the preset has it. The code is 2-D (the plane) and the decoder mirrors the encoder, as in the presets.
 */
export interface RunSettings {
  /** Hidden widths from the input towards the code, comma separated, e.g. "20" or "32,8". */
  hidden: string;
  activation: string;
  latentActivation: string;
  outputActivation: string;
  loss: string;
  initializer: string;
  optimizer: string;
  lr: string;
  epochs: string;
  /** Empty: the whole data set per step. */
  batchSize: string;
  seed: string;
  /** Empty: train every epoch. */
  stopAt: string;
  table: string;
  /** Training noise as the CLI writes it (flip-count:0.1); empty for a plain autoencoder. */
  noise: string;
}

export const LATENT = 2;
const INPUT = 35;

export function settingsFromPreset(name: string): RunSettings {
  const spec = autoencoderPreset(name);
  const { model, training, data } = spec;
  return {
    hidden: model.encoder.join(','),
    activation: model.activation,
    latentActivation: model.latentActivation,
    outputActivation: model.outputActivation,
    loss: model.loss,
    initializer: model.initializer,
    optimizer: training.optimizer.name,
    lr: String(training.optimizer.lr),
    epochs: String(training.epochs),
    batchSize: training.batchSize === undefined ? '' : String(training.batchSize),
    seed: String(training.seed),
    stopAt: training.stopAtWrongPixels === undefined ? '' : String(training.stopAtWrongPixels),
    table: String(data.table),
    noise: spec.noise ? formatNoise(spec.noise) : '',
  };
}

/** The layer widths the settings describe, e.g. "35-20-2-20-35", or null while the hidden field is not valid. */
export function layerText(settings: RunSettings): string | null {
  try {
    const hidden = hiddenWidths(settings.hidden);
    return [INPUT, ...hidden, LATENT, ...hidden.slice().reverse(), INPUT].join('-');
  } catch {
    return null;
  }
}

/** The run spec of the settings over their preset, validated like a CLI spec; errors name the field. */
export function specFromSettings(settings: RunSettings, preset: string): AutoencoderRunSpec {
  const base = autoencoderPreset(preset);
  const hidden = hiddenWidths(settings.hidden);
  const noise = settings.noise.trim() === '' ? undefined : parseNoise(settings.noise.trim());
  const lr = number('learning rate', settings.lr);
  const training: Record<string, unknown> = {
    ...base.training,
    epochs: number('epochs', settings.epochs),
    optimizer: base.training.optimizer.name === settings.optimizer ? { ...base.training.optimizer, lr } : { name: settings.optimizer, lr },
    seed: number('seed', settings.seed),
    engine: 'wasm',
  };
  delete training.batchSize;
  delete training.stopAtWrongPixels;
  if (settings.batchSize.trim() !== '') training.batchSize = number('batch size', settings.batchSize);
  if (settings.stopAt.trim() !== '') training.stopAtWrongPixels = number('stop at', settings.stopAt);
  const spec: Record<string, unknown> = {
    ...base,
    model: {
      encoder: hidden,
      latent: LATENT,
      decoder: hidden.slice().reverse(),
      activation: settings.activation,
      latentActivation: settings.latentActivation,
      outputActivation: settings.outputActivation,
      loss: settings.loss,
      initializer: settings.initializer,
    },
    training,
    data: { table: number('glyph table', settings.table) },
  };
  delete spec.noise;
  if (noise) spec.noise = { ...base.noise, ...noise };
  return parseAutoencoderRun(spec);
}

function hiddenWidths(text: string): number[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const width = Number(part);
    if (part.trim() === '' || !Number.isInteger(width) || width < 1 || width > 512) {
      throw new RangeError(`hidden layers: widths must be whole numbers from 1 to 512, separated by commas; got "${text}"`);
    }
    return width;
  });
}

function number(field: string, text: string): number {
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) throw new RangeError(`${field}: expected a number, got "${text}"`);
  return value;
}
