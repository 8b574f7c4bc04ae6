import { InvalidArgumentError } from 'commander';
import { parseVaeRun, type VaeRunSpec } from '../runs/vae/spec.js';
import { vaePreset } from '../runs/vae/presets.js';
import { merge, parseJsonFile, splitLayers } from './run-spec.js';

/** The flags of `train` that change a VAE spec; each one overrides the preset or spec file. */
export interface VaeSpecFlags {
  preset: string;
  spec?: string;
  layers?: number[];
  activation?: string;
  init?: string;
  optimizer?: string;
  lr?: number;
  lrSchedule?: string;
  epochs?: number;
  batchSize?: number;
  data?: string;
  seed?: number;
  engine?: string;
  reconstruction?: string;
  beta?: number;
  betaWarmup?: number;
}

/** Flags of `train` that only an autoencoder has, and what a VAE uses instead. */
const AUTOENCODER_ONLY: Record<string, string> = {
  latentActivation: '--latent-activation (a VAE\'s code is a Gaussian sample)',
  outputActivation: '--output-activation (a VAE\'s output is a sigmoid)',
  loss: '--loss (use --reconstruction bce|mse)',
  table: '--table (use --data font-1|font-2|font-3)',
  stopAt: '--stop-at',
  noise: '--noise',
  copies: '--copies',
  testNoise: '--test-noise',
  testCopies: '--test-copies',
  testSeed: '--test-seed',
};

const VAE_ONLY: Record<string, string> = { reconstruction: '--reconstruction', beta: '--beta', betaWarmup: '--beta-warmup' };

type Json = Record<string, unknown>;

/** Refuses the VAE's flags on an autoencoder run (they would be ignored silently otherwise). */
export function refuseVaeFlags<T extends object>(flags: T): T {
  const given = Object.keys(VAE_ONLY).filter((key) => (flags as Json)[key] !== undefined);
  if (given.length > 0) throw new InvalidArgumentError(`${given.map((k) => VAE_ONLY[k]).join(', ')} only apply to a VAE preset (vae-emoji, vae-study-*)`);
  return flags;
}

/** Preset, then the spec file merged over it, then each flag; validated at the end. */
export function buildVaeRunSpec(flags: VaeSpecFlags): VaeRunSpec {
  const wrong = Object.keys(AUTOENCODER_ONLY).filter((key) => (flags as unknown as Json)[key] !== undefined);
  if (wrong.length > 0) throw new InvalidArgumentError(`${wrong.map((k) => AUTOENCODER_ONLY[k]).join(', ')}: not for a VAE preset`);
  let spec = vaePreset(flags.preset) as unknown as Json;
  if (flags.spec) spec = merge(spec, parseJsonFile(flags.spec));
  const model = spec.model as Json;
  const training = spec.training as Json;
  if (flags.layers) Object.assign(model, splitLayers(flags.layers));
  const set = (target: Json, key: string, value: unknown): void => {
    if (value !== undefined) target[key] = value;
  };
  set(model, 'activation', flags.activation);
  set(model, 'initializer', flags.init);
  set(model, 'reconstruction', flags.reconstruction);
  set(model, 'beta', flags.beta);
  set(model, 'betaWarmupEpochs', flags.betaWarmup);
  if (flags.optimizer) {
    const previous = training.optimizer as Json;
    training.optimizer = previous.name === flags.optimizer ? previous : { name: flags.optimizer, lr: previous.lr };
  }
  set(training.optimizer as Json, 'lr', flags.lr);
  if (flags.lrSchedule) training.lrSchedule = { name: flags.lrSchedule };
  set(training, 'epochs', flags.epochs);
  set(training, 'batchSize', flags.batchSize);
  set(training, 'seed', flags.seed);
  set(training, 'engine', flags.engine);
  set(spec.data as Json, 'dataset', flags.data);
  return parseVaeRun(spec);
}
