import { existsSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Dataset } from '../data/dataset.js';
import { identityMismatch, type DataIdentity } from '../data/dataset-identity.js';
import { parseModelFile } from '../models/checkpoint.js';
import { DivergenceError } from '../nn/fit.js';
import { modelKind } from '../runs/kinds.js';
import type { ModelKind, RunResult } from '../runs/model-kind.js';
import { modelFileHash } from '../runs/result-document.js';
import { Run } from '../runs/run.js';
import { canonicalJson, type Settings } from '../runs/settings.js';
import type { RunSpec } from '../runs/spec.js';
import { loadDataset } from './datasets.js';
import { readText, writeFileAtomic } from './files.js';

/** Without `checkpointEvery`, a trial with a model file writes a checkpoint after about this much training. */
export const CHECKPOINT_SECONDS = 5;
/** The first slice of a time-checkpointed trial, to measure its speed (a trial this short writes no checkpoint). */
const PROBE_EPOCHS = 10;

/** What a worker thread is asked to do: one trial, that is one Run. */
export interface TrialTask {
  /** A model kind's name (src/runs/kinds.ts). */
  kind: string;
  /** The complete run spec of the kind (validated again here). */
  spec: RunSpec;
  /** The experiment's extra measures (see ModelKind.evaluationProblem). */
  evaluation?: Settings;
  /**
   * Where the trial keeps its model file. A file there holding an unfinished checkpoint of this very
   * spec on the same data is continued from (never retrained from zero); anything else there is
   * replaced. Checkpoints go there while training and the finished model at the end.
   */
  modelFile?: string;
  /** Write a checkpoint every this many epochs; by default about every CHECKPOINT_SECONDS of training. */
  checkpointEvery?: number;
}

/** What a trial produced: its result and where its model file is, or the epoch its loss turned NaN or infinite. */
export type TrialOutcome = { status: 'finished'; result: RunResult; modelFile?: string; modelHash?: string } | { status: 'diverged'; epoch: number; message: string };

/** What a caller in the same thread can hear of a trial (worker threads cannot pass functions). */
export interface TrialHooks {
  /** A checkpoint of `epochsDone` epochs was just written (not called for the finished model). */
  onCheckpoint?(epochsDone: number): void;
}

/** The worker threads' entry point (piscina calls the default export), also called directly when running inline. */
export default function runTrialTask(task: TrialTask): TrialOutcome {
  return runTrial(task);
}

/**
 * Trains one trial: loads its data, continues its checkpoint or starts it fresh, trains in slices
 * writing checkpoints, writes the finished model file and measures the model. A divergence is an
 * outcome (its checkpoint, a state the run can only diverge from again, is removed).
 */
export function runTrial(task: TrialTask, hooks: TrialHooks = {}): TrialOutcome {
  const { checkpointEvery, modelFile } = task;
  if (checkpointEvery !== undefined && !(Number.isInteger(checkpointEvery) && checkpointEvery >= 1)) {
    throw new RangeError(`checkpointEvery must be a positive whole number of epochs, got ${checkpointEvery}`);
  }
  const kind = modelKind(task.kind);
  const spec = kind.parseSpec(task.spec);
  const { dataset, identity } = loadDataset(spec.data);
  const run = (modelFile && continuable(modelFile, kind, spec, dataset)) || Run.start(kind, spec, dataset, identity);
  try {
    trainWithCheckpoints(run, modelFile, checkpointEvery, hooks);
  } catch (error) {
    if (!(error instanceof DivergenceError)) throw error;
    if (modelFile) rmSync(modelFile, { force: true });
    return { status: 'diverged', epoch: error.epoch, message: error.message };
  }
  if (!modelFile) return { status: 'finished', result: run.result(task.evaluation) };
  const text = run.modelFile();
  writeFileAtomic(modelFile, text);
  return { status: 'finished', result: run.result(task.evaluation), modelFile, modelHash: modelFileHash(text) };
}

/**
 * The run saved in `path` when it is an unfinished checkpoint of `spec` on `dataset`, continued;
 * undefined when there is no such file, or it holds something else (a finished run, another spec or
 * data, an unreadable file), which the fresh run's checkpoints will replace.
 */
function continuable(path: string, kind: ModelKind, spec: RunSpec, dataset: Dataset): Run | undefined {
  if (!existsSync(path)) return undefined;
  let file;
  try {
    file = parseModelFile(readText(path, 'model file'));
  } catch {
    return undefined;
  }
  if (file.kind !== kind.name || !file.training || file.training.stoppedEarly || file.training.epochsDone >= spec.training.epochs) return undefined;
  if (!sameSpec(kind, file.spec, spec) || !sameData(file.data, dataset)) return undefined;
  return Run.resume(file, dataset);
}

function sameSpec(kind: ModelKind, saved: unknown, spec: RunSpec): boolean {
  try {
    return canonicalJson(kind.parseSpec(saved)) === canonicalJson(spec);
  } catch {
    return false;
  }
}

function sameData(identity: DataIdentity, dataset: Dataset): boolean {
  return identity.hash !== '' && identityMismatch(identity, dataset) === undefined;
}

/**
 * Trains `run` to its end in slices, writing its model file after each slice but the last: every
 * `every` epochs, or (without `every`) about every CHECKPOINT_SECONDS, each slice sized by the speed
 * of the one before. Slicing never changes the numbers: a run trained in slices is the run trained in one go.
 */
function trainWithCheckpoints(run: Run, modelFile: string | undefined, every: number | undefined, hooks: TrialHooks): void {
  if (!modelFile) {
    run.train();
    return;
  }
  const save = () => {
    writeFileAtomic(modelFile, run.modelFile());
    hooks.onCheckpoint?.(run.epochsDone);
  };
  if (every !== undefined) {
    while (!run.finished) {
      run.train(every - (run.epochsDone % every));
      if (!run.finished) save();
    }
    return;
  }
  const budget = CHECKPOINT_SECONDS * 1000;
  let slice = PROBE_EPOCHS;
  let sinceSave = 0;
  while (!run.finished) {
    const started = performance.now();
    const trained = run.train(slice);
    const ms = performance.now() - started;
    sinceSave += ms;
    if (run.finished) return;
    if (sinceSave >= budget) {
      save();
      sinceSave = 0;
    }
    const perEpoch = Math.max(ms, 0.01) / Math.max(trained, 1);
    slice = Math.max(1, Math.ceil((budget - sinceSave) / perEpoch));
  }
}
