import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { modelFileMatches, writeFileAtomic } from '../io/files.js';
import { runTasks } from '../io/trial-pool.js';
import type { TrialOutcome, TrialTask } from '../io/trial-worker.js';
import { versions } from '../io/versions.js';
import { RESULT_FORMAT, RESULT_VERSION, divergedDocument, finishedDocument, type DivergedDocument, type FinishedDocument, type Provenance, type TrialInfo } from '../runs/result-document.js';
import { canonicalJson } from '../runs/settings.js';
import { expandExperiment, type ExperimentSpec, type Trial } from './experiment-spec.js';

/** A result document of an experiment's trial: it always names its trial. */
export type TrialDocument = (FinishedDocument | DivergedDocument) & { trial: TrialInfo };

export interface ExperimentRunOptions {
  /** Results go to <outDir>/<experiment>/<variant>/seed-<n>/{result,model}.json. */
  outDir: string;
  quick: boolean;
  threads: number;
  /** After each trial, done counting the ones found already finished on disk. */
  onTrial?(done: number, total: number, trial: Trial, outcome: TrialOutcome | 'reused'): void;
}

/** The folder of one trial's files. */
export function trialDir(outDir: string, trial: Trial): string {
  const slug = trial.variant.label.toLowerCase().replace(/[^a-z0-9.]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'base';
  return join(outDir, trial.experiment, `${String(trial.variant.index).padStart(2, '0')}-${slug}`, `seed-${trial.seed}`);
}

/** What the worker is asked to do for a trial: its run, its model file kept (and checkpointed) in the trial's folder. */
export function trialTask(outDir: string, trial: Trial): TrialTask {
  return { kind: trial.kind, spec: trial.spec, evaluation: trial.evaluation, modelFile: join(trialDir(outDir, trial), 'model.json') };
}

/** Which experiment, variant and seed a trial is, as its result document records it. */
export function trialInfo(trial: Trial): TrialInfo {
  return { experiment: trial.experiment, key: trial.key, variant: trial.variant.label, variantIndex: trial.variant.index, values: trial.variant.values, seed: trial.seed };
}

/** The result document of a trial's outcome. */
export function trialDocument(trial: Trial, outcome: TrialOutcome): TrialDocument {
  const info = trialInfo(trial);
  const files: Record<string, string> = outcome.status === 'finished' && outcome.modelFile ? { model: outcome.modelFile } : {};
  const modelHash = outcome.status === 'finished' ? outcome.modelHash : undefined;
  const provenance: Provenance = { versions: versions(), files, ...(modelHash && { modelHash }), trial: info, ...(trial.evaluation && { evaluation: trial.evaluation }) };
  if (outcome.status === 'diverged') {
    return { ...divergedDocument(trial.kind, { ...trial.spec }, trial.seed, { epoch: outcome.epoch, message: outcome.message }, provenance), trial: info };
  }
  return { ...finishedDocument(outcome.result, provenance), trial: info };
}

/**
 * Runs every variant x seed of an experiment and writes one result JSON and model file per run,
 * in the run's folder (trialDir). A run whose result.json already holds the same spec (made by the
 * same latentlab version) is not trained again, and a run stopped mid-way goes on from the last
 * checkpoint in its model.json, so an interrupted experiment resumes where it stopped. Returns the
 * result documents in trial order.
 */
export async function runExperiment(experiment: ExperimentSpec, options: ExperimentRunOptions): Promise<TrialDocument[]> {
  const trials = expandExperiment(experiment, options.quick);
  const documents: (TrialDocument | undefined)[] = trials.map((trial) => reusableResult(options.outDir, trial));
  let done = 0;
  trials.forEach((trial, i) => documents[i] && options.onTrial?.(++done, trials.length, trial, 'reused'));
  const todo = trials.map((_, i) => i).filter((i) => !documents[i]);
  await runTasks(
    todo.map((i) => trialTask(options.outDir, trials[i])),
    options.threads,
    {
      onDone(t, outcome) {
        const trial = trials[todo[t]];
        const document = trialDocument(trial, outcome);
        writeFileAtomic(join(trialDir(options.outDir, trial), 'result.json'), `${JSON.stringify(document)}\n`);
        documents[todo[t]] = document;
        options.onTrial?.(++done, trials.length, trial, outcome);
      },
    },
  );
  return documents as TrialDocument[];
}

/**
 * The result documents of a finished experiment, read from disk (for rebuilding figures without
 * training); an error says how many runs are missing and how to make them.
 */
export function loadExperimentResults(experiment: ExperimentSpec, outDir: string, quick: boolean): TrialDocument[] {
  const trials = expandExperiment(experiment, quick);
  const documents = trials.map((trial) => reusableResult(outDir, trial));
  const missing = documents.filter((d) => !d).length;
  if (missing > 0) {
    throw new Error(`experiment "${experiment.name}" has ${missing} of ${trials.length} runs missing or out of date in ${join(outDir, experiment.name)}; run it first`);
  }
  return documents as TrialDocument[];
}

/**
 * The trial's result.json when it exists, was made from this very spec by this version of latentlab
 * in this result format, and (finished) its model file is still there.
 */
function reusableResult(outDir: string, trial: Trial): TrialDocument | undefined {
  const file = join(trialDir(outDir, trial), 'result.json');
  if (!existsSync(file)) return undefined;
  let document: TrialDocument;
  try {
    document = JSON.parse(readFileSync(file, 'utf8')) as TrialDocument;
  } catch {
    return undefined; // unreadable: train it again
  }
  const same =
    document.format === RESULT_FORMAT &&
    document.version === RESULT_VERSION &&
    (document.status === 'diverged' || (typeof document.files?.model === 'string' && modelFileMatches(document.files.model, document.modelHash))) &&
    canonicalJson(document.spec) === canonicalJson(trial.spec) &&
    canonicalJson(document.evaluation ?? null) === canonicalJson(trial.evaluation ?? null) &&
    document.versions?.latentlab === versions().latentlab;
  return same ? document : undefined;
}
