import { sha256Hex } from '../data/sha256.js';
import { canonicalJson } from './settings.js';
import type { RunSpec } from './spec.js';

/**
 * The default name of a run's folder: the preset, a short hash of the spec whenever it differs from
 * the preset's (the seed aside), and the seed, e.g. ae-font-seed1, ae-font-3fa2c1-seed1. Both specs
 * are validated ones, so defaults filled in do not count as a difference.
 */
export function runName(presetName: string, presetSpec: RunSpec, spec: RunSpec): string {
  const withoutSeed = (value: RunSpec): string => canonicalJson({ ...value, training: { ...value.training, seed: 0 } });
  const text = withoutSeed(spec);
  const variant = text === withoutSeed(presetSpec) ? '' : `-${sha256Hex(text).slice(0, 6)}`;
  return `${presetName}${variant}-seed${spec.training.seed}`;
}
