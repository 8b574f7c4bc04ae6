import { autoencoderKind } from './autoencoder/kind.js';
import { vaeKind } from './vae/kind.js';
import type { Settings } from './settings.js';

/** A finished run's result document, as written to result.json (kind-specific fields beyond these). */
export interface RunResult extends Settings {
  kind: string;
  spec: Settings;
  seed: number;
  epochs: number;
  trainSeconds: number;
  finalLoss: number;
  lossHistory: number[];
}

/** What a trial produced: a result and a model file, or the epoch its loss turned NaN or infinite. */
export type TrialOutcome =
  | { status: 'finished'; result: RunResult; model: string }
  | { status: 'diverged'; epoch: number; message: string };

/** The few numbers a sweep's leaderboard ranks trials by. */
export interface TrialSummary {
  finalLoss: number;
  epochs: number;
  stoppedEarly: boolean;
  trainSeconds: number;
  /** Wrong pixels over the whole data set after binarizing (kinds with binary data). */
  wrongPixels?: number;
  /** The most wrong pixels of any one item. */
  worstItem?: number;
  /** The kind's goal was met (the font autoencoder: at most 1 wrong pixel in every glyph). */
  success?: boolean;
}

/**
 * One kind of training run (autoencoder, VAE, ...): its presets, how a spec is validated and
 * seeded, how it runs and how its result is summarized. Experiments, sweeps and the worker
 * threads only go through this interface, so a new kind plugs in with one entry in `kinds`.
 */
export interface RunKind {
  readonly name: string;
  readonly presetNames: readonly string[];
  preset(name: string): Settings;
  /** The complete run spec of one seed, validated; throws an error naming each bad field. */
  prepare(settings: Settings, seed: number): Settings;
  /** What is wrong with an experiment's `evaluation` settings for this kind, or undefined. */
  evaluationProblem(evaluation: Settings): string | undefined;
  /** Trains and measures (synchronous, CPU-bound: runs inside a worker thread). */
  run(spec: Settings, evaluation?: Settings): TrialOutcome;
  summarize(result: RunResult): TrialSummary;
}

const kinds: Record<string, RunKind> = {
  autoencoder: autoencoderKind,
  vae: vaeKind,
};

export const runKindNames = Object.keys(kinds);

export function runKind(name: string): RunKind {
  const kind = kinds[name];
  if (!kind) throw new RangeError(`unknown run kind "${name}"; valid: ${runKindNames.join(', ')}`);
  return kind;
}
