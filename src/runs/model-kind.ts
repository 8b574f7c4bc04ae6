import type { Dataset } from '../data/dataset.js';
import type { DataIdentity } from '../data/dataset-identity.js';
import type { KindModel, ModelKindName } from '../models/checkpoint.js';
import type { LatentModel, LossTerms } from '../models/latent-model.js';
import type { Settings } from './settings.js';
import type { RunSpec } from './spec.js';

/** What every run's result document holds, whatever its kind (each kind adds its measures). */
export interface RunResult {
  kind: ModelKindName;
  spec: RunSpec;
  seed: number;
  /** The identity of the training data (src/data/dataset-identity.ts). */
  dataset: DataIdentity;
  epochs: number;
  stoppedEarly: boolean;
  /** Seconds spent training in this session (a continued run counts only its own). */
  trainSeconds: number;
  finalLoss: number;
  /** Loss per epoch, from the first. */
  lossHistory: number[];
}

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

/** Sets what one flag of `train` says in a spec (a copy comes back; the spec is validated afterwards). */
export type FlagSetter = (spec: Settings, value: unknown) => Settings;

/**
 * One kind of model (autoencoder, VAE): everything the CLI, experiments, sweeps and the explorer
 * need to know of it, in one place, with no training engine behind it (its training is in
 * training.ts beside it, see src/runs/run.ts), so the page's main thread can use it.
 */
export interface ModelKind<Spec extends RunSpec = RunSpec, Model extends LatentModel = LatentModel, Result extends RunResult = RunResult> {
  readonly name: ModelKindName;
  /** Ready-made specs by name (the first is the kind's default). */
  readonly presets: Readonly<Record<string, Spec>>;
  /** Validates a complete run spec; the error names each bad field. */
  parseSpec(value: unknown): Spec;
  /** The flags of `train` only this kind takes, each with what it sets in the spec. */
  readonly flags: Readonly<Record<string, FlagSetter>>;
  /** This kind's model from a model file's, or an error that names both kinds. */
  modelOf(file: KindModel): Model;
  /**
   * A trained model measured on its data: the result document, from the common fields, the loss
   * terms its training recorded and the kind's measures. `evaluation`: an experiment's extra
   * measures (see evaluationProblem).
   */
  measure(model: Model, dataset: Dataset, common: RunResult & { spec: Spec }, terms: LossTerms, evaluation?: Settings): Result;
  /** What is wrong with an experiment's `evaluation` settings for this kind, or undefined. */
  evaluationProblem(evaluation: Settings): string | undefined;
  summarize(result: Result): TrialSummary;
}
