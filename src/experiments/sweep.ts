import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { loadDataset } from '../io/datasets.js';
import { runTaskSource } from '../io/trial-pool.js';
import type { TrialOutcome, TrialTask } from '../io/trial-worker.js';
import { openTrialStore } from '../io/trial-stores.js';
import type { TrialRecord, TrialStore } from '../io/trial-store.js';
import { modelKind } from '../runs/kinds.js';
import type { RunResult } from '../runs/model-kind.js';
import { Run } from '../runs/run.js';
import { Rng } from '../tensor/rng.js';
import { ashaPromotions, rungEpochs, type RungResult } from './asha.js';
import { expandExperiment, parseExperiment, type ExperimentSpec, type Trial } from './experiment-spec.js';
import { compareRows, compareTrials, latestResults, leaderboard, type LeaderboardRow } from './leaderboard.js';

export const DEFAULT_SWEEP_DIR = join('out', 'sweeps');

/** How many points of a trial's loss curve the store keeps (the first, the last and evenly spaced ones between). */
const STORED_CURVE_POINTS = 200;

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

/** The folder of a SQLite sweep's model files, beside its store: out/sweeps/ae-font-widths.sqlite keeps them in out/sweeps/ae-font-widths-models/. */
export function sweepModelsDir(storeFile: string): string {
  return `${storeFile.replace(/\.sqlite$/i, '')}-models`;
}

/** The model file of one trial of a SQLite sweep: <models folder>/<variant index>-seed<seed>.json (its checkpoints while it trains). */
export function sweepModelFile(storeFile: string, trial: Trial): string {
  return join(sweepModelsDir(storeFile), `${trial.variant.index}-seed${trial.seed}.json`);
}

/** A sweep: its spec and store, the trials it trains (all of the grid, or a random pick) and the epochs of each rung. */
export interface Sweep {
  store: TrialStore;
  experiment: ExperimentSpec;
  quick: boolean;
  trials: Trial[];
  byKey: Map<string, Trial>;
}

/** One thing to train: a trial, to a rung (rung 0 of a grid sweep is all its epochs). */
export interface SweepJob {
  key: string;
  rung: number;
}

/** Opens (or creates) the sweep of a spec in the store at `location` (default: out/sweeps/<name>.sqlite); an existing sweep of the same spec is resumed. */
export async function openSweep(experiment: ExperimentSpec, quick: boolean, location = defaultStoreFile(experiment, quick)): Promise<Sweep> {
  const trials = sweepTrials(experiment, quick);
  const store = await openTrialStore(location, { name: experiment.name, spec: experiment, quick, trials: trials.length });
  return sweepOf(store);
}

/** The sweep a store holds (`name` picks one of a PostgreSQL store's sweeps; default the newest). */
export async function openStoredSweep(location: string, name?: string): Promise<Sweep> {
  return sweepOf(await openTrialStore(location, undefined, name));
}

/** The sweep of an open store, its trials expanded from the spec it holds (checked to give as many as when it was made). */
export function sweepOf(store: TrialStore): Sweep {
  const experiment = parseExperiment(store.sweep.spec, `the spec stored in ${store.location}`);
  const trials = sweepTrials(experiment, store.sweep.quick);
  if (trials.length !== store.sweep.trials) {
    throw new Error(`${store.location} was made for ${store.sweep.trials} trials but its spec now gives ${trials.length}; was latentlab changed in between?`);
  }
  return { store, experiment, quick: store.sweep.quick, trials, byKey: new Map(trials.map((t) => [t.key, t])) };
}

/** The trials of a sweep: the whole grid, or with random search a seeded pick of whole variants (all their seeds) within the trial budget. */
export function sweepTrials(experiment: ExperimentSpec, quick: boolean): Trial[] {
  const grid = expandExperiment(experiment, quick);
  const search = experiment.search;
  if (!search) return grid;
  const variants = [...new Set(grid.map((t) => t.variant.index))];
  const seedsPerVariant = grid.length / variants.length;
  const picked = Math.min(variants.length, Math.floor(search.trials / seedsPerVariant));
  if (picked === 0) throw new Error(`random search: a budget of ${search.trials} trials is less than one variant's ${seedsPerVariant} seeds`);
  const chosen = new Set(new Rng(search.seed).shuffle(variants).slice(0, picked));
  return grid.filter((t) => chosen.has(t.variant.index));
}

/** The epochs of each rung of a trial: its spec's epochs alone, or the ASHA rungs up to them. */
export function trialRungs(experiment: ExperimentSpec, trial: Trial): number[] {
  const { schedule } = experiment;
  return schedule ? rungEpochs(schedule.minEpochs, schedule.reduction, trial.spec.training.epochs) : [trial.spec.training.epochs];
}

/** The task of a job: the trial's run trained to the rung's epochs (going on from its checkpoint at the rung below). */
export function jobTask(sweep: Sweep, job: SweepJob, modelFile?: string, checkpointEvery?: number): TrialTask {
  const trial = sweep.byKey.get(job.key);
  if (!trial) throw new Error(`${sweep.store.location}: sweep "${sweep.experiment.name}" has no trial "${job.key}"`);
  const epochs = trialRungs(sweep.experiment, trial)[job.rung];
  if (epochs === undefined) throw new Error(`trial "${job.key}" has no rung ${job.rung}`);
  return {
    kind: trial.kind,
    spec: { ...trial.spec, training: { ...trial.spec.training, epochs } },
    evaluation: trial.evaluation,
    ...(modelFile && { modelFile }),
    ...(checkpointEvery !== undefined && { checkpointEvery }),
  };
}

/**
 * What to train now, given the results so far and the jobs already `taken` ("key@rung": running,
 * queued or planned): rung 0 of every trial not yet trained, and ASHA's promotions (of trials, or of
 * whole variants with `promote: "variant"`).
 */
export function nextJobs(sweep: Sweep, results: readonly TrialRecord[], taken: ReadonlySet<string>): SweepJob[] {
  const done = new Set(results.map((r) => `${r.key}@${r.rung}`));
  const firsts = sweep.trials.filter((t) => !done.has(`${t.key}@0`) && !taken.has(`${t.key}@0`));
  const { schedule } = sweep.experiment;
  if (!schedule) return firsts.map((t) => ({ key: t.key, rung: 0 }));
  const highest = new Map<string, number>();
  for (const job of [...done, ...taken]) {
    const at = job.lastIndexOf('@');
    const [key, rung] = [job.slice(0, at), Number(job.slice(at + 1))];
    highest.set(key, Math.max(rung, highest.get(key) ?? 0));
  }
  const rungCount = Math.max(...sweep.trials.map((t) => trialRungs(sweep.experiment, t).length));
  const canGoOn = goesOn(sweep);
  if (schedule.promote !== 'variant') {
    // In grid order, each new (better) variant would rank in the best third so far: start trials in a seeded order.
    const starts = new Rng(schedule.seed).shuffle(firsts).map((t) => ({ key: t.key, rung: 0 }));
    const ranked = results.map((r) => ({ ...r, canContinue: canGoOn(r) }));
    return [...starts, ...ashaPromotions(ranked, rungCount, schedule.reduction, compareTrials, (key) => highest.get(key))];
  }
  // Variants in a seeded order, each with its seeds together, so that variants complete their rungs one by one.
  const order = new Rng(schedule.seed).shuffle([...new Set(sweep.trials.map((t) => t.variant.index))]);
  const starts = order.flatMap((variant) => firsts.filter((t) => t.variant.index === variant)).map((t) => ({ key: t.key, rung: 0 }));
  const variants = variantRungResults(sweep, results, rungCount);
  const variantHighest = (variant: string) => Math.max(...sweep.trials.filter((t) => String(t.variant.index) === variant).map((t) => highest.get(t.key) ?? 0));
  const promotions = ashaPromotions(variants, rungCount, schedule.reduction, (a, b) => compareRows(a.row, b.row), variantHighest);
  const atRung = new Map(results.map((r) => [`${r.key}@${r.rung}`, r]));
  const trialPromotions = promotions.flatMap(({ key: variant, rung }) =>
    sweep.trials
      .filter((t) => String(t.variant.index) === variant)
      .flatMap((t) => {
        const below = atRung.get(`${t.key}@${rung - 1}`);
        return below && canGoOn(below) ? [{ key: t.key, rung }] : [];
      }),
  );
  return [...starts, ...trialPromotions];
}

/** Whether a trial can train on from this result to its next rung: it finished without meeting its goal below its last rung. */
function goesOn(sweep: Sweep): (result: TrialRecord) => boolean {
  return (r) => r.status === 'finished' && !r.summary?.stoppedEarly && r.rung + 1 < trialRungs(sweep.experiment, sweep.byKey.get(r.key)!).length;
}

/**
 * Each variant's standing at each rung below the top whose results are all in: the leaderboard row of
 * its trials' results at that rung (a trial that ended below it, having met its goal or diverged,
 * counts with its last result). A variant can go on when any of its trials can.
 */
function variantRungResults(sweep: Sweep, results: readonly TrialRecord[], rungCount: number): (RungResult & { row: LeaderboardRow })[] {
  const canGoOn = goesOn(sweep);
  const byTrial = new Map<string, TrialRecord[]>();
  for (const r of results) byTrial.set(r.key, [...(byTrial.get(r.key) ?? []), r]);
  const byVariant = new Map<number, Trial[]>();
  for (const t of sweep.trials) byVariant.set(t.variant.index, [...(byVariant.get(t.variant.index) ?? []), t]);
  const standings: (RungResult & { row: LeaderboardRow })[] = [];
  for (const [variant, trials] of byVariant) {
    for (let rung = 0; rung < rungCount - 1; rung++) {
      const table = trials.map((t) => {
        const own = byTrial.get(t.key) ?? [];
        return own.find((r) => r.rung === rung) ?? own.find((r) => r.rung < rung && !canGoOn(r) && !own.some((later) => later.rung > r.rung));
      });
      if (!table.every((r): r is TrialRecord => r !== undefined)) break;
      standings.push({ key: String(variant), rung, canContinue: table.some((r) => r.rung === rung && canGoOn(r)), row: leaderboard(table)[0] });
    }
  }
  return standings;
}

/** The leaderboard of a sweep's results: each trial at its latest rung, pruned when ASHA stopped it before its last rung and its goal. */
export function sweepLeaderboard(sweep: Sweep, results: readonly TrialRecord[]): LeaderboardRow[] {
  return leaderboard(latestResults(results), goesOn(sweep));
}

/** What the store keeps of a job's outcome: its record (for the leaderboard) and its result document (loss history thinned to a curve). */
export function jobRecord(sweep: Sweep, job: SweepJob, outcome: TrialOutcome, modelFile?: string): { record: TrialRecord; document: unknown } {
  const trial = sweep.byKey.get(job.key)!;
  const record: TrialRecord = {
    key: trial.key,
    variant: trial.variant.label,
    variantIndex: trial.variant.index,
    values: trial.variant.values,
    seed: trial.seed,
    rung: job.rung,
    status: outcome.status,
    summary: outcome.status === 'finished' ? modelKind(trial.kind).summarize(outcome.result) : undefined,
    ...(outcome.status === 'finished' && modelFile && { modelFile }),
  };
  const document = outcome.status === 'finished' ? { ...outcome.result, lossHistory: undefined, lossCurve: thinCurve(outcome.result.lossHistory) } : outcome;
  return { record, document };
}

/** [epoch, loss] pairs: the first epoch, the last, and evenly spaced ones between. */
function thinCurve(losses: number[]): [number, number][] {
  const step = Math.max(1, Math.ceil(losses.length / STORED_CURVE_POINTS));
  const epochs = losses.map((_, i) => i + 1).filter((epoch) => epoch === 1 || epoch % step === 0 || epoch === losses.length);
  return epochs.map((epoch) => [epoch, losses[epoch - 1]]);
}

/** The stored result of one trial (its highest rung by default), loss history thinned to a curve. */
export type StoredResult = Omit<RunResult, 'lossHistory'> & { lossCurve: [number, number][] };

export interface SweepProgress {
  /** Trials recorded (at any rung), counting those finished before a resume. */
  done: number;
  total: number;
  /** Jobs run in this session, and those still to run that are known now (ASHA promotes as results come). */
  jobsDone: number;
  /** The result that just came in (absent in the first report, before any of this session). */
  record?: TrialRecord;
  board: LeaderboardRow[];
}

/** The progress of a sweep from its results. */
export function sweepProgress(sweep: Sweep, results: readonly TrialRecord[], jobsDone = 0, record?: TrialRecord): SweepProgress {
  return { done: latestResults(results).length, total: sweep.trials.length, jobsDone, record, board: sweepLeaderboard(sweep, results) };
}

/**
 * Runs the jobs of a sweep on this machine's worker threads, recording each result as it comes (with
 * its model file beside a SQLite store, see sweepModelFile), and ASHA's promotions as they become due.
 * A trial that was running when the sweep was stopped goes on from its last checkpoint; a recorded
 * one never runs again. Returns the leaderboard of all trials.
 */
export async function runSweep(sweep: Sweep, threads: number, onProgress?: (progress: SweepProgress) => void): Promise<LeaderboardRow[]> {
  const { store } = sweep;
  if (store.location.startsWith('postgres://')) throw new Error('a sweep on PostgreSQL is trained by workers: `latentlab worker --store URL`');
  const results = await store.results();
  onProgress?.(sweepProgress(sweep, results));
  const running = new Set<string>();
  let queue: SweepJob[] = nextJobs(sweep, results, running);
  let jobsDone = 0;
  const writes: Promise<unknown>[] = [];
  await runTaskSource(
    threads,
    () => {
      const job = queue.shift();
      if (!job) return undefined;
      running.add(`${job.key}@${job.rung}`);
      return { job, task: jobTask(sweep, job, sweepModelFile(store.location, sweep.byKey.get(job.key)!)) };
    },
    {
      onStart: ({ job }) => void writes.push(store.recordStart(job.key, job.rung, 'local')),
      onDone({ job, task }, outcome) {
        const { record, document } = jobRecord(sweep, job, outcome, task.modelFile);
        writes.push(store.recordResult(record, document, 'local'));
        results.push(record);
        running.delete(`${job.key}@${job.rung}`);
        jobsDone++;
        const taken = new Set([...running, ...queue.map((j) => `${j.key}@${j.rung}`)]);
        const jobs = nextJobs(sweep, results, taken);
        queue = [...jobs.filter((j) => j.rung > 0), ...queue, ...jobs.filter((j) => j.rung === 0)]; // ASHA's promotions before new trials
        onProgress?.(sweepProgress(sweep, results, jobsDone, record));
      },
    },
  );
  await Promise.all(writes);
  return sweepLeaderboard(sweep, await store.results());
}

/**
 * How long a job may stay with one worker before it is taken for dead and given to another: about
 * 20 times what this machine takes to train the sweep's largest trial, timed on a few epochs (other
 * machines may be slower or busier), at least a minute; `fullTrialSeconds` overrides the estimate of
 * a whole trial. A rung's job gets its share of the trial's epochs.
 */
export function jobTimeouts(sweep: Sweep, fullTrialSeconds?: number): (job: SweepJob) => number {
  const widest = sweep.trials.reduce((a, b) => (parameterCount(b) > parameterCount(a) ? b : a));
  let perEpoch: number | undefined;
  return (job) => {
    const trial = sweep.byKey.get(job.key)!;
    const epochs = trialRungs(sweep.experiment, trial)[job.rung];
    if (fullTrialSeconds !== undefined) return (fullTrialSeconds * epochs) / trial.spec.training.epochs;
    perEpoch ??= secondsPerEpoch(widest);
    return Math.max(60, 20 * perEpoch * epochs);
  };
}

function parameterCount(trial: Trial): number {
  const model = trial.spec.model as { encoder?: number[]; decoder?: number[] };
  return [...(model.encoder ?? []), ...(model.decoder ?? [])].reduce((a, b) => a + b, 0);
}

/** This machine's seconds per epoch of a trial, from 20 epochs. */
function secondsPerEpoch(trial: Trial): number {
  const kind = modelKind(trial.kind);
  const { dataset, identity } = loadDataset(trial.spec.data);
  const run = Run.start(kind, { ...trial.spec, training: { ...trial.spec.training, epochs: 20 } }, dataset, identity);
  const started = performance.now();
  run.train();
  return (performance.now() - started) / 1000 / Math.max(1, run.epochsDone);
}
