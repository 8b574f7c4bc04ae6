import { formatNoise } from '../../../src/data/noise.js';
import type { ModelKindName } from '../../../src/models/checkpoint.js';
import { reconstructionLosses } from '../../../src/models/vae/vae.js';
import { activationNames } from '../../../src/nn/activations.js';
import { initializerNames } from '../../../src/nn/initializers.js';
import { lossNames } from '../../../src/nn/losses.js';
import { optimizerNames } from '../../../src/nn/optimizers.js';
import { autoencoderKind } from '../../../src/runs/autoencoder/kind.js';
import { commonFlags, flagText, specFromFlags } from '../../../src/runs/flags.js';
import { preset, presetNames } from '../../../src/runs/kinds.js';
import { memoryRefusal, runMemory } from '../../../src/runs/memory.js';
import type { ModelKind } from '../../../src/runs/model-kind.js';
import { isSettings, type Settings } from '../../../src/runs/settings.js';
import { SpecError, type RunSpec } from '../../../src/runs/spec.js';
import { pageDataset, pageDatasetNames } from './page-datasets.js';

/**
 * The training form: one list of fields for every kind, each the twin of a flag of `latentlab train`
 * (src/runs/flags.ts). A kind's form shows the fields whose flag the kind takes, filled from a
 * preset; the spec is the preset's with every field applied as its flag, so the page trains what
 * `latentlab train --preset P --flag value ...` trains. What the form does not show (a learning-rate
 * schedule, noisy copies, a noise curriculum, the engine) stays as the preset has it. The code is
 * 2-D (the plane) and the decoder mirrors the encoder, as in the presets.
 */

export const LATENT = 2;

/** The memory a run trained in the page may take (src/runs/memory.ts's estimate): 1 GB, what a browser tab can count on. */
export const PAGE_MEMORY = 1024 ** 3;

/** The presets of each view: plain and denoising autoencoders, and the VAEs whose data the page has. */
const denoising = (name: string) => preset(name).kind.name === 'autoencoder' && autoencoderKind.parseSpec(preset(name).spec).noise !== undefined;
export const plainPresetNames = presetNames.filter((name) => preset(name).kind.name === 'autoencoder' && !denoising(name));
export const denoisingPresetNames = presetNames.filter(denoising);
export const vaePresetNames = presetNames.filter((name) => preset(name).kind.name === 'vae' && pageDatasetNames.includes(preset(name).spec.data.dataset));

/** The form's fields, as typed, by field name. */
export type RunSettings = Record<string, string>;

interface Field {
  name: string;
  /** Where the field's setting is in the spec ("training.epochs"): a spec's problem there is the field's. */
  path: string;
  label: string;
  /** The flag of `train` the field sets: the form shows it when the kind takes that flag. */
  flag: string;
  /** The field's text for a spec (a preset's). */
  text(spec: Settings): string;
  /** The flag's value from the field's text (a number by default); `settings`: the whole form. */
  value?(text: string, settings: RunSettings): unknown;
  /** Choices, for a select. */
  options?: readonly string[];
  /** An empty field removes the setting from the spec (the default: full batch, no stop, no noise). */
  empty?: { placeholder: string; clear(spec: Settings): Settings };
  title?: string;
  wide?: boolean;
}

const at = (spec: Settings, path: string): unknown => path.split('.').reduce<unknown>((value, key) => (isSettings(value) ? value[key] : undefined), spec);
const textAt = (path: string) => (spec: Settings) => {
  const value = at(spec, path);
  return value === undefined ? '' : String(value);
};
/** The spec without the setting at `section.key`. */
const without = (section: string, key: string) => (spec: Settings): Settings => {
  const inner = isSettings(spec[section]) ? { ...spec[section] } : {};
  delete inner[key];
  return { ...spec, [section]: inner };
};

export const fields: readonly Field[] = [
  {
    name: 'hidden',
    path: 'model.encoder',
    label: 'Hidden layers',
    flag: 'layers',
    text: (spec) => (at(spec, 'model.encoder') as number[]).join(','),
    // The layers of `--layers`: the data's pixels, the hidden widths, the 2-D code, the same widths mirrored.
    value: (text, settings) => {
      const hidden = hiddenWidths(text);
      const pixels = pageDataset(settings.dataset).inputs.cols;
      return [pixels, ...hidden, LATENT, ...hidden.slice().reverse(), pixels];
    },
    title: 'hidden widths from the input to the 2-D code; the decoder mirrors them',
    wide: true,
  },
  {
    name: 'noise',
    path: 'noise',
    label: 'Noise',
    flag: 'noise',
    // The noise model and level, as --noise takes them (an autoencoder's spec: the only kind with this flag).
    text: (spec) => {
      const { noise } = autoencoderKind.parseSpec(spec);
      return noise ? formatNoise(noise) : '';
    },
    value: (text) => text,
    empty: {
      placeholder: 'none',
      clear: ({ noise: _noise, ...spec }) => spec,
    },
    title: 'the noise the inputs get at every epoch, as latentlab train --noise writes it: flip-count:0.1 flips 3 of 35 pixels',
    wide: true,
  },
  { name: 'activation', path: 'model.activation', label: 'Activation', flag: 'activation', text: textAt('model.activation'), value: (text) => text, options: activationNames, title: 'the function each hidden layer applies to its weighted sums (--activation)' },
  {
    name: 'latentActivation',
    path: 'model.latentActivation',
    label: 'Code act.',
    flag: 'latentActivation',
    text: textAt('model.latentActivation'),
    value: (text) => text,
    options: activationNames,
    title: 'the activation of the 2-D code layer (--latent-activation): tanh keeps the codes in [-1, 1], identity leaves them unbounded',
  },
  { name: 'outputActivation', path: 'model.outputActivation', label: 'Output act.', flag: 'outputActivation', text: textAt('model.outputActivation'), value: (text) => text, options: activationNames, title: "the activation of the output layer (--output-activation): sigmoid gives pixels in [0, 1]" },
  { name: 'loss', path: 'model.loss', label: 'Loss', flag: 'loss', text: textAt('model.loss'), value: (text) => text, options: lossNames, title: 'how each reconstruction is compared with its image (--loss)' },
  { name: 'reconstruction', path: 'model.reconstruction', label: 'Recon. loss', flag: 'reconstruction', text: textAt('model.reconstruction'), value: (text) => text, options: reconstructionLosses, title: 'how the decoded image is compared with the input (--reconstruction)' },
  { name: 'beta', path: 'model.beta', label: 'β (KL weight)', flag: 'beta', text: textAt('model.beta'), title: 'the weight of the KL term (--beta): 1 is the evidence lower bound; larger pulls the codes towards the prior N(0, I), smaller lets them spread' },
  { name: 'betaWarmup', path: 'model.betaWarmupEpochs', label: 'β warm-up', flag: 'betaWarmup', text: textAt('model.betaWarmupEpochs'), title: 'epochs over which β grows from 0 to its value (--beta-warmup); 0 for none' },
  { name: 'optimizer', path: 'training.optimizer.name', label: 'Optimizer', flag: 'optimizer', text: textAt('training.optimizer.name'), value: (text) => text, options: optimizerNames, title: 'how the gradients change the weights (--optimizer)' },
  { name: 'lr', path: 'training.optimizer.lr', label: 'Learning rate', flag: 'lr', text: textAt('training.optimizer.lr'), title: "the optimizer's step size (--lr): too large and the loss jumps or turns NaN, too small and it barely moves" },
  { name: 'epochs', path: 'training.epochs', label: 'Epochs', flag: 'epochs', text: textAt('training.epochs'), title: 'passes over the whole dataset (--epochs)' },
  { name: 'seed', path: 'training.seed', label: 'Seed', flag: 'seed', text: textAt('training.seed'), title: 'the random seed of the initial weights, the shuffles and the noise (--seed): the same seed gives the same numbers' },
  {
    name: 'batchSize',
    path: 'training.batchSize',
    label: 'Batch size',
    flag: 'batchSize',
    text: textAt('training.batchSize'),
    empty: { placeholder: 'all', clear: without('training', 'batchSize') },
    title: 'rows per optimizer step; empty for the whole set',
  },
  {
    name: 'stopAt',
    path: 'training.stopAtWrongPixels',
    label: 'Stop at',
    flag: 'stopAt',
    text: textAt('training.stopAtWrongPixels'),
    empty: { placeholder: 'off', clear: without('training', 'stopAtWrongPixels') },
    title: 'stop once every image has at most this many wrong pixels (--stop-at); empty to train every epoch',
  },
  { name: 'initializer', path: 'model.initializer', label: 'Init', flag: 'init', text: textAt('model.initializer'), value: (text) => text, options: initializerNames, title: 'how the initial weights are drawn (--init)' },
  { name: 'dataset', path: 'data.dataset', label: 'Data', flag: 'data', text: textAt('data.dataset'), value: (text) => text, options: pageDatasetNames, title: 'the images to train on (--data)' },
];

/** What each choice of a select means, for its tooltip. */
export const CHOICES: Record<string, string> = {
  identity: 'identity: the weighted sum as it is, unbounded',
  tanh: 'tanh: squashes to (-1, 1)',
  sigmoid: 'sigmoid: squashes to (0, 1)',
  relu: 'relu: max(0, x)',
  'leaky-relu': 'leaky-relu: x, or a small slope times x below 0',
  mse: 'mse: mean squared error between each pixel and its reconstruction',
  bce: 'bce: binary cross-entropy, -[t log y + (1 - t) log(1 - y)] per pixel; for pixels in [0, 1]',
  'glorot-uniform': 'glorot-uniform: uniform in ±sqrt(6 / (inputs + outputs)), for tanh and sigmoid',
  'glorot-normal': 'glorot-normal: normal with variance 2 / (inputs + outputs)',
  'he-uniform': 'he-uniform: uniform in ±sqrt(6 / inputs), for relu',
  'he-normal': 'he-normal: normal with variance 2 / inputs, for relu',
  gd: 'gd: plain gradient descent',
  momentum: 'momentum: gradient descent with a running average of the steps',
  adam: 'adam: per-weight steps scaled by running averages of the gradient and its square',
  rmsprop: 'rmsprop: per-weight steps scaled by a running average of the squared gradient',
  'font-1': 'font-1: glyphs 0x20..0x3f: space, punctuation, digits',
  'font-2': 'font-2: glyphs 0x40..0x5f: @, A-Z, [ \\ ] ^ _',
  'font-3': "font-3: glyphs 0x60..0x7f: `, a-z, { | } ~ DEL (the study's)",
  'emoji-8': 'emoji-8: eight 20x20 Twemoji faces: grinning, heart_eyes, sunglasses, sob, angry, thinking_face, sleeping, skull',
  'emoji-4': 'emoji-4: four very different 20x20 Twemoji: heart, star, sunny, ghost',
};

/** A select's choices as listed, where the name alone does not say what it holds (the datasets). */
export const CHOICE_TEXT: Record<string, string> = {
  'font-1': 'font-1: space ! " # … 0-9 … ?',
  'font-2': 'font-2: @ A-Z [ \\ ] ^ _',
  'font-3': 'font-3: ` a-z { | } ~ DEL',
  'emoji-8': 'emoji-8: 8 faces',
  'emoji-4': 'emoji-4: ♥ ★ ☀ ghost',
};

/** The fields of a kind's form: those whose flag the kind takes. */
export function fieldsOf(kind: ModelKind): Field[] {
  return fields.filter((field) => Object.hasOwn(commonFlags, field.flag) || Object.hasOwn(kind.flags, field.flag));
}

export function kindOfPreset(name: string): ModelKindName {
  return preset(name).kind.name;
}

export function settingsFromPreset(name: string): RunSettings {
  const { kind, spec } = preset(name);
  const settings: Settings = { ...spec };
  return Object.fromEntries(fieldsOf(kind).map((field) => [field.name, field.text(settings)]));
}

/** The layer widths the settings describe, e.g. "35-20-2-20-35", or null while the hidden field or the data is not valid. */
export function layerText(settings: RunSettings): string | null {
  try {
    const hidden = hiddenWidths(settings.hidden ?? '');
    const pixels = pageDataset(settings.dataset).inputs.cols;
    return [pixels, ...hidden, LATENT, ...hidden.slice().reverse(), pixels].join('-');
  } catch {
    return null;
  }
}

/** Problems of a form's fields: each beside its field (`fields`, by field name), all of them in the message. */
export class SettingsError extends RangeError {
  constructor(
    message: string,
    readonly fields: Record<string, string>,
  ) {
    super(message);
    this.name = 'SettingsError';
  }
}

/**
 * The run spec of the settings over their preset, built as `train`'s flags build it and validated like
 * a CLI spec. A field's problem (not a number, a spec's rule broken at its path) throws a
 * SettingsError naming the field; a problem of no one field, a plain error.
 */
export function specFromSettings(settings: RunSettings, presetName: string): { kind: ModelKind; spec: RunSpec } {
  const { kind, spec: presetSpec } = preset(presetName);
  let base: Settings = { ...presetSpec };
  const flags: Record<string, unknown> = {};
  const problems: Record<string, string> = {};
  for (const field of fieldsOf(kind)) {
    const text = (settings[field.name] ?? '').trim();
    try {
      if (text === '' && field.empty) base = field.empty.clear(base);
      else flags[field.flag] = field.value ? field.value(text, settings) : number(field.label.toLowerCase(), text);
    } catch (error) {
      problems[field.name] = (error as Error).message;
    }
  }
  if (Object.keys(problems).length > 0) throw new SettingsError(Object.values(problems).join('\n'), problems);
  let spec: RunSpec;
  try {
    spec = specFromFlags(kind, base, flags);
  } catch (error) {
    const fields = error instanceof SpecError ? fieldProblems(kind, error.issues) : null;
    throw fields ? new SettingsError((error as Error).message, fields) : error;
  }
  const { inputs } = pageDataset(spec.data.dataset);
  const parts = runMemory(kind.name, spec, inputs.rows, inputs.cols);
  const refusal = memoryRefusal(parts, PAGE_MEMORY);
  if (refusal) {
    const largest = parts.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    const field = fieldsOf(kind).find((f) => largest.setting.includes(`(${flagText(f.flag)})`));
    throw field ? new SettingsError(refusal, { [field.name]: refusal }) : new RangeError(refusal);
  }
  return { kind, spec };
}

/** A spec's problems by the field at their path, or null when one of them is no field's. */
function fieldProblems(kind: ModelKind, issues: readonly { path: string; message: string }[]): Record<string, string> | null {
  const problems: Record<string, string> = {};
  for (const issue of issues) {
    const field = fieldsOf(kind).find((f) => issue.path === f.path || issue.path.startsWith(`${f.path}.`));
    if (!field) return null;
    problems[field.name] = issue.message;
  }
  return issues.length > 0 ? problems : null;
}

/** The settings as `latentlab train` flags over their preset: "--preset ae-font --lr 0.001" (the fields that differ). */
export function settingsText(settings: RunSettings, presetName: string): string {
  const { kind } = preset(presetName);
  const defaults = settingsFromPreset(presetName);
  const changed = fieldsOf(kind).filter((field) => (settings[field.name] ?? '') !== defaults[field.name]);
  return [`--preset ${presetName}`, ...changed.map((field) => `${flagText(field.flag)} ${settings[field.name] === '' ? "''" : settings[field.name]}`)].join(' ');
}

/** The preset and form a link holds (link.ts), and the epoch its run had reached; unknown names and fields are ignored. */
export function linkedForm(params: URLSearchParams, presets: readonly string[]): { preset: string; settings: RunSettings; epoch: number | null } {
  const asked = params.get('preset');
  const presetName = asked !== null && presets.includes(asked) ? asked : presets[0];
  const settings = settingsFromPreset(presetName);
  for (const field of fieldsOf(preset(presetName).kind)) {
    const value = params.get(field.name);
    if (value !== null) settings[field.name] = value;
  }
  const epoch = Number(params.get('epoch'));
  return { preset: presetName, settings, epoch: Number.isInteger(epoch) && epoch > 0 ? epoch : null };
}

function hiddenWidths(text: string): number[] {
  if (text.trim() === '') return [];
  return text.split(',').map((part) => {
    const width = Number(part);
    if (part.trim() === '' || !Number.isInteger(width) || width <= LATENT || width > 512) {
      throw new RangeError(`hidden layers: widths must be whole numbers from ${LATENT + 1} to 512 (wider than the ${LATENT}-D code), separated by commas; got "${text}"`);
    }
    return width;
  });
}

function number(field: string, text: string): number {
  const value = Number(text);
  if (text === '' || !Number.isFinite(value)) throw new RangeError(`${field}: expected a number, got "${text}"`);
  return value;
}
