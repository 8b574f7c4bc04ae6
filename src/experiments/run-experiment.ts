import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../io/files.js';
import { versions } from '../io/versions.js';
import { expandExperiment, type ExperimentSpec, type Trial } from './experiment-spec.js';
import { resultDocument, type ResultDocument } from '../runs/result-document.js';
import type { TrialOutcome } from '../runs/kinds.js';
import { canonicalJson } from '../runs/settings.js';
import { runTasks } from '../io/trial-pool.js';

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

/**
 * Runs every variant x seed of an experiment and writes one result JSON (and model file) per run.
 * A run whose result.json already holds the same spec (made by the same latentlab version) is not
 * trained again, so an interrupted experiment resumes where it stopped. Returns the result documents in trial order.
 */
export async function runExperiment(experiment: ExperimentSpec, options: ExperimentRunOptions): Promise<ResultDocument[]> {
  const trials = expandExperiment(experiment, options.quick);
  const documents: (ResultDocument | undefined)[] = trials.map((trial) => reusableResult(options.outDir, trial));
  let done = 0;
  trials.forEach((trial, i) => documents[i] && options.onTrial?.(++done, trials.length, trial, 'reused'));
  const todo = trials.map((_, i) => i).filter((i) => !documents[i]);
  await runTasks(
    todo.map((i) => ({ kind: trials[i].kind, spec: trials[i].spec, evaluation: trials[i].evaluation })),
    options.threads,
    {
      onDone(t, outcome) {
        const trial = trials[todo[t]];
        const dir = trialDir(options.outDir, trial);
        const modelFile = join(dir, 'model.json');
        if (outcome.status === 'finished') writeFileAtomic(modelFile, outcome.model);
        const document = resultDocument(trial, outcome, modelFile);
        writeFileAtomic(join(dir, 'result.json'), `${JSON.stringify(document)}\n`);
        documents[todo[t]] = document;
        options.onTrial?.(++done, trials.length, trial, outcome);
      },
    },
  );
  return documents as ResultDocument[];
}

/**
 * The result documents of a finished experiment, read from disk (for rebuilding figures without
 * training); an error says how many runs are missing and how to make them.
 */
export function loadExperimentResults(experiment: ExperimentSpec, outDir: string, quick: boolean): ResultDocument[] {
  const trials = expandExperiment(experiment, quick);
  const documents = trials.map((trial) => reusableResult(outDir, trial));
  const missing = documents.filter((d) => !d).length;
  if (missing > 0) {
    throw new Error(`experiment "${experiment.name}" has ${missing} of ${trials.length} runs missing or out of date in ${join(outDir, experiment.name)}; run it first`);
  }
  return documents as ResultDocument[];
}

/** The trial's result.json when it exists and was made from this very spec by this version of latentlab. */
function reusableResult(outDir: string, trial: Trial): ResultDocument | undefined {
  const file = join(trialDir(outDir, trial), 'result.json');
  if (!existsSync(file)) return undefined;
  let document: ResultDocument;
  try {
    document = JSON.parse(readFileSync(file, 'utf8')) as ResultDocument;
  } catch {
    return undefined; // unreadable: train it again
  }
  const same =
    canonicalJson(document.spec) === canonicalJson(trial.spec) &&
    canonicalJson(document.evaluation ?? null) === canonicalJson(trial.evaluation ?? null) &&
    document.versions?.latentlab === versions().latentlab;
  return same ? document : undefined;
}
