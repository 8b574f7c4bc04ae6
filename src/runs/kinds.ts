import { modelKindNames, type ModelKindName } from '../models/checkpoint.js';
import { autoencoderKind } from './autoencoder/kind.js';
import type { ModelKind } from './model-kind.js';
import { vaeKind } from './vae/kind.js';

/** Every kind of model, by name: the one registry the CLI, experiments, sweeps and the explorer go through. */
export const modelKinds: Readonly<Record<ModelKindName, ModelKind>> = { autoencoder: autoencoderKind, vae: vaeKind };

/** The kinds' names: the model file's own list (every kind has its section there and its entry above). */
export const kindNames = modelKindNames;

export function modelKind(name: string): ModelKind {
  if (!Object.hasOwn(modelKinds, name)) throw new RangeError(`unknown model kind "${name}"; valid: ${kindNames.join(', ')}`);
  return modelKinds[name as ModelKindName];
}

/** Every preset of every kind, the default (ae-font) first. */
export const presetNames = kindNames.flatMap((name) => Object.keys(modelKinds[name].presets));

/** The kind a preset belongs to, and a deep copy of its spec; an error lists the presets. */
export function preset(name: string): { kind: ModelKind; spec: ModelKind['presets'][string] } {
  for (const kind of Object.values(modelKinds)) {
    if (Object.hasOwn(kind.presets, name)) return { kind, spec: structuredClone(kind.presets[name]) };
  }
  throw new RangeError(`unknown preset "${name}"; valid: ${presetNames.join(', ')}`);
}
