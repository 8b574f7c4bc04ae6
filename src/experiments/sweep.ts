import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { runTasks } from '../io/trial-pool.js';
import { modelKind } from '../runs/kinds.js';
import { expandExperiment, type ExperimentSpec, type Trial } from './experiment-spec.js';
import { leaderboard, type LeaderboardRow, type TrialRecord } from './leaderboard.js';
import { SweepStore } from './sweep-store.js';

export const DEFAULT_SWEEP_DIR = join('out', 'sweeps');

/** out/sweeps/<name>.sqlite, or <name>-quick.sqlite for the quick version. */
export function defaultStoreFile(experiment: ExperimentSpec, quick: boolean, dir = DEFAULT_SWEEP_DIR): string {
  return join(dir, `${experiment.name}${quick ? '-quick' : ''}.sqlite`);
}

/** The most recently changed store in `dir`, for a bare `latentlab sweep --resume`. */
export function latestStoreFile(dir = DEFAULT_SWEEP_DIR): string {
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.sqlite')).map((f) => join(dir, f)) : [];
  if (files.length === 0) throw new Error(`no sweep to resume: no .sqlite store in ${dir}; start one with \`latentlab sweep spec.json\``);
  const changed = (file: string) => Math.max(...[file, `${file}-wal`].filter(existsSync).map((f) => statSync(f).mtimeMs));
  return files.sort((a, b) => changed(b) - changed(a))[0];
}

/** Opens (or creates) the store of a sweep spec; an existing store of the same spec is resumed. */
export function openSweep(experiment: ExperimentSpec, quick: boolean, file = defaultStoreFile(experiment, quick)): SweepStore {
  return SweepStore.open(file, { experiment, quick, gridSize: expandExperiment(experiment, quick).length });
}

/** The folder of a sweep's model files, beside its store: out/sweeps/ae-font-widths.sqlite keeps them in out/sweeps/ae-font-widths-models/. */
export function sweepModelsDir(storeFile: string): string {
  return `${storeFile.replace(/\.sqlite$/i, '')}-models`;
}

/** The model file of one trial of a sweep: <models folder>/<variant index>-seed<seed>.json (its checkpoints while it trains). */
export function sweepModelFile(storeFile: string, trial: Trial): string {
  return join(sweepModelsDir(storeFile), `${trial.variant.index}-seed${trial.seed}.json`);
}

export interface SweepProgress {
  /** Trials recorded, counting those finished before a resume. */
  done: number;
  total: number;
  /** The trial that just finished (absent in the first report, before any trial of this session). */
  record?: TrialRecord;
  board: LeaderboardRow[];
}

/**
 * Runs the trials of a sweep that are not in its store yet, on worker threads, recording each (with
 * its model file, see sweepModelFile) as it finishes. A trial that was running when the sweep was
 * stopped goes on from its last checkpoint. Returns the leaderboard of all trials.
 */
export async function runSweep(store: SweepStore, threads: number, onProgress?: (progress: SweepProgress) => void): Promise<LeaderboardRow[]> {
  const trials = expandExperiment(store.experiment, store.quick);
  if (trials.length !== store.gridSize) {
    throw new Error(`${store.file} was made for ${store.gridSize} trials but its spec now gives ${trials.length}; was latentlab changed in between?`);
  }
  const finished = store.finishedKeys();
  const todo = trials.filter((trial) => !finished.has(trial.key));
  const kind = modelKind(store.experiment.kind);
  const records = store.records();
  onProgress?.({ done: records.length, total: trials.length, board: leaderboard(records) });
  await runTasks(
    todo.map((trial) => ({ kind: trial.kind, spec: trial.spec, evaluation: trial.evaluation, modelFile: sweepModelFile(store.file, trial) })),
    threads,
    {
      onStart: (i) => store.recordStart(todo[i].key),
      onDone(i, outcome) {
        const summary = outcome.status === 'finished' ? kind.summarize(outcome.result) : undefined;
        const record = store.recordTrial(todo[i], outcome, summary);
        records.push(record);
        onProgress?.({ done: records.length, total: trials.length, record, board: leaderboard(records) });
      },
    },
  );
  return leaderboard(records);
}
