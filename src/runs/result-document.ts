import { versions } from '../io/versions.js';
import type { Trial } from '../experiments/experiment-spec.js';
import type { RunResult, TrialOutcome } from './kinds.js';
import type { Settings } from './settings.js';

export const RESULT_FORMAT = 'latentlab-result';
export const RESULT_VERSION = 1;

/** Which experiment, variant and seed a result belongs to. */
export interface TrialInfo {
  experiment: string;
  key: string;
  variant: string;
  variantIndex: number;
  values: Record<string, string>;
  seed: number;
}

interface Envelope {
  format: typeof RESULT_FORMAT;
  version: typeof RESULT_VERSION;
  versions: ReturnType<typeof versions>;
  trial: TrialInfo;
  evaluation?: Settings;
}

export type FinishedDocument = Envelope & RunResult & { status: 'finished'; files: { model: string } };
export type DivergedDocument = Envelope & { status: 'diverged'; kind: string; spec: Settings; seed: number; diverged: { epoch: number; message: string } };

/** One run's result.json: everything a chart or a table needs, so figures never retrain. */
export type ResultDocument = FinishedDocument | DivergedDocument;

function trialInfo(trial: Trial): TrialInfo {
  return { experiment: trial.experiment, key: trial.key, variant: trial.variant.label, variantIndex: trial.variant.index, values: trial.variant.values, seed: trial.seed };
}

/** The result document of a trial's outcome; `modelFile` is where its model was written. */
export function resultDocument(trial: Trial, outcome: TrialOutcome, modelFile: string): ResultDocument {
  const envelope: Envelope = { format: RESULT_FORMAT, version: RESULT_VERSION, versions: versions(), trial: trialInfo(trial), evaluation: trial.evaluation };
  if (outcome.status === 'diverged') {
    return { ...envelope, status: 'diverged', kind: trial.kind, spec: trial.spec, seed: trial.seed, diverged: { epoch: outcome.epoch, message: outcome.message } };
  }
  return { ...envelope, ...outcome.result, status: 'finished', files: { model: modelFile } };
}
