import { existsSync, rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import type { Dataset } from '../data/dataset.js';
import { identityMismatch, type DataIdentity } from '../data/dataset-identity.js';
import { setSha256 } from '../data/sha256.js';
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
import { nodeSha256 } from './node-sha256.js';

// A worker thread starts from the modules' defaults: its data and model files are hashed with Node's native SHA-256 too.
setSha256(nodeSha256);

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

/** A checkpoint a trial wants kept: its complete model file as it is now. */
export interface TrialCheckpoint {
  epochsDone: number;
  modelFile: string;
}

/** How a trial ended, with its finished model file (absent when it diverged). */
export type TrialEnd = { outcome: TrialOutcome; modelFile?: string };

/**
 * Trains one trial, keeping its model file on disk (task.modelFile): loads its data, continues the
 * checkpoint there or starts fresh, writes checkpoints while training and the finished model at the
 * end, and measures the model. A divergence is an outcome (its checkpoint, a state the run can only
 * diverge from again, is removed).
 */
export function runTrial(task: TrialTask, hooks: TrialHooks = {}): TrialOutcome {
  const { modelFile } = task;
  const saved = modelFile && existsSync(modelFile) ? readText(modelFile, 'model file') : undefined;
  const steps = trialSteps(task, saved, modelFile !== undefined);
  for (let step = steps.next(); ; step = steps.next()) {
    if (!step.done) {
      writeFileAtomic(modelFile as string, step.value.modelFile);
      hooks.onCheckpoint?.(step.value.epochsDone);
      continue;
    }
    const { outcome, modelFile: finished } = step.value;
    if (modelFile && finished) writeFileAtomic(modelFile, finished);
    if (modelFile && outcome.status === 'diverged') rmSync(modelFile, { force: true });
    return outcome.status === 'finished' && modelFile && finished ? { ...outcome, modelFile, modelHash: modelFileHash(finished) } : outcome;
  }
}

/**
 * The steps of one trial, wherever its checkpoints are kept: continues `saved` (the text of its last
 * checkpoint) when that is an unfinished checkpoint of this trial, else starts fresh; with
 * `checkpoints`, yields a checkpoint every task.checkpointEvery epochs (or about every
 * CHECKPOINT_SECONDS of training) for the caller to keep, and returns the outcome with the finished
 * model file. The caller keeps checkpoints between slices, so an async caller can await its storage.
 */
export function* trialSteps(task: TrialTask, saved: string | undefined, checkpoints: boolean): Generator<TrialCheckpoint, TrialEnd> {
  const { checkpointEvery } = task;
  if (checkpointEvery !== undefined && !(Number.isInteger(checkpointEvery) && checkpointEvery >= 1)) {
    throw new RangeError(`checkpointEvery must be a positive whole number of epochs, got ${checkpointEvery}`);
  }
  const kind = modelKind(task.kind);
  const spec = kind.parseSpec(task.spec);
  const { dataset, identity } = loadDataset(spec.data);
  const run = (saved !== undefined && continuable(saved, kind, spec, dataset)) || Run.start(kind, spec, dataset, identity);
  try {
    if (checkpoints) yield* checkpointedSlices(run, checkpointEvery);
    else run.train();
  } catch (error) {
    if (!(error instanceof DivergenceError)) throw error;
    return { outcome: { status: 'diverged', epoch: error.epoch, message: error.message } };
  }
  return { outcome: { status: 'finished', result: run.result(task.evaluation) }, ...(checkpoints && { modelFile: run.modelFile() }) };
}

/**
 * The run saved in `text` when it is an unfinished checkpoint of `spec` on `dataset` (or of the same
 * spec with fewer epochs: a trial promoted to train longer), continued to the spec's epochs;
 * undefined when it holds something else (a finished run, another spec or data, unreadable text),
 * which the fresh run's checkpoints will replace.
 */
function continuable(text: string, kind: ModelKind, spec: RunSpec, dataset: Dataset): Run | undefined {
  let file;
  try {
    file = parseModelFile(text);
  } catch {
    return undefined;
  }
  if (file.kind !== kind.name || !file.training || file.training.stoppedEarly || file.training.epochsDone >= spec.training.epochs) return undefined;
  if (!sameSpec(kind, file.spec, spec) || !sameData(file.data, dataset)) return undefined;
  return Run.resume(file, dataset, spec.training.epochs);
}

/** The same spec but for the number of epochs. */
function sameSpec(kind: ModelKind, saved: unknown, spec: RunSpec): boolean {
  const withoutEpochs = (s: RunSpec) => canonicalJson({ ...s, training: { ...s.training, epochs: 0 } });
  try {
    return withoutEpochs(kind.parseSpec(saved)) === withoutEpochs(spec);
  } catch {
    return false;
  }
}

function sameData(identity: DataIdentity, dataset: Dataset): boolean {
  return identity.hash !== '' && identityMismatch(identity, dataset) === undefined;
}

/**
 * Trains `run` to its end in slices, yielding a checkpoint after each slice but the last: every
 * `every` epochs, or (without `every`) about every CHECKPOINT_SECONDS, each slice sized by the speed
 * of the one before. Slicing never changes the numbers: a run trained in slices is the run trained in one go.
 */
function* checkpointedSlices(run: Run, every: number | undefined): Generator<TrialCheckpoint, void> {
  const checkpoint = (): TrialCheckpoint => ({ epochsDone: run.epochsDone, modelFile: run.modelFile() });
  if (every !== undefined) {
    while (!run.finished) {
      run.train(every - (run.epochsDone % every));
      if (!run.finished) yield checkpoint();
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
      yield checkpoint();
      sinceSave = 0;
    }
    const perEpoch = Math.max(ms, 0.01) / Math.max(trained, 1);
    slice = Math.max(1, Math.ceil((budget - sinceSave) / perEpoch));
  }
}
