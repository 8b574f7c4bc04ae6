import { InvalidArgumentError } from 'commander';
import { parseNoise } from '../data/noise.js';
import { parseAutoencoderRun, type AutoencoderRunSpec } from '../runs/autoencoder/spec.js';
import { autoencoderPreset } from '../runs/autoencoder/presets.js';
import { readText } from '../io/files.js';

/** The flags of `train` that change the spec; each one overrides the preset or spec file. */
export interface SpecFlags {
  preset: string;
  spec?: string;
  layers?: number[];
  activation?: string;
  latentActivation?: string;
  outputActivation?: string;
  loss?: string;
  init?: string;
  optimizer?: string;
  lr?: number;
  epochs?: number;
  batchSize?: number;
  data?: string;
  table?: number;
  seed?: number;
  engine?: string;
  stopAt?: number;
  /** Denoising: the training noise as text (flip-count:0.1, flip-count:0.05-0.2, ...). */
  noise?: string;
  /** Noisy copies of every image per epoch. */
  copies?: number;
  lrSchedule?: string;
  testNoise?: string;
  testCopies?: number;
  testSeed?: number;
}

type Json = Record<string, unknown>;

/** Preset, then the spec file merged over it, then each flag; validated at the end. */
export function buildRunSpec(flags: SpecFlags): AutoencoderRunSpec {
  let spec: Json = autoencoderPreset(flags.preset) as unknown as Json;
  if (flags.spec) spec = merge(spec, parseJsonFile(flags.spec));
  const model = spec.model as Json;
  const training = spec.training as Json;
  const data = spec.data as Json;
  if (flags.layers) Object.assign(model, splitLayers(flags.layers));
  set(model, 'activation', flags.activation);
  set(model, 'latentActivation', flags.latentActivation);
  set(model, 'outputActivation', flags.outputActivation);
  set(model, 'loss', flags.loss);
  set(model, 'initializer', flags.init);
  if (flags.optimizer) {
    const previous = training.optimizer as Json;
    training.optimizer = previous.name === flags.optimizer ? previous : { name: flags.optimizer, lr: previous.lr };
  }
  set(training.optimizer as Json, 'lr', flags.lr);
  set(training, 'epochs', flags.epochs);
  set(training, 'batchSize', flags.batchSize);
  set(training, 'seed', flags.seed);
  set(training, 'engine', flags.engine);
  set(training, 'stopAtWrongPixels', flags.stopAt);
  set(data, 'path', flags.data);
  set(data, 'table', flags.table);
  if (flags.lrSchedule) training.lrSchedule = { name: flags.lrSchedule };
  setNoiseFlags(spec, flags);
  return parseAutoencoderRun(spec);
}

/** --noise replaces the noise model and level (keeping copies and curriculum); the other flags set one field each. */
function setNoiseFlags(spec: Json, flags: SpecFlags): void {
  if (flags.noise) {
    const { copies, curriculum } = (spec.noise ?? {}) as Json;
    spec.noise = { ...parseNoise(flags.noise), ...(copies === undefined ? {} : { copies }), ...(curriculum === undefined ? {} : { curriculum }) };
  }
  if (flags.copies !== undefined) {
    if (!spec.noise) throw new InvalidArgumentError('--copies needs a training noise: give --noise too, or a dae-* preset');
    (spec.noise as Json).copies = flags.copies;
  }
  if (flags.testNoise !== undefined || flags.testCopies !== undefined || flags.testSeed !== undefined) {
    const evaluation = (spec.evaluation ?? {}) as Json;
    set(evaluation, 'noise', flags.testNoise === undefined ? undefined : parseNoise(flags.testNoise));
    set(evaluation, 'copies', flags.testCopies);
    set(evaluation, 'seed', flags.testSeed);
    spec.evaluation = evaluation;
  }
}

/** 35,20,2,20,35 -> encoder [20], latent 2, decoder [20]: the narrowest layer is the code. */
export function splitLayers(layers: number[]): { encoder: number[]; latent: number; decoder: number[] } {
  if (layers.length < 3) throw new InvalidArgumentError(`--layers needs input, code and output widths at least, got ${layers.join(',')}`);
  const inner = layers.slice(1, -1);
  const code = inner.indexOf(Math.min(...inner));
  return { encoder: inner.slice(0, code), latent: inner[code], decoder: inner.slice(code + 1) };
}

function set(target: Json, key: string, value: unknown): void {
  if (value !== undefined) target[key] = value;
}

export function merge(base: Json, override: Json): Json {
  const out: Json = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const current = out[key];
    out[key] = isObject(current) && isObject(value) && key !== 'optimizer' ? merge(current, value) : value;
  }
  return out;
}

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function parseJsonFile(path: string): Json {
  const text = readText(path, 'spec file');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new Error(`spec file "${path}" is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(value)) throw new Error(`spec file "${path}" must hold a JSON object`);
  return value;
}
