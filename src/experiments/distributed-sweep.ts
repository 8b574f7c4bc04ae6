import { hostname } from 'node:os';
import { PostgresTrialStore } from '../io/postgres-trial-store.js';
import { TrialQueue, type QueueState } from '../io/trial-queue.js';
import { trialSteps, type TrialOutcome } from '../io/trial-worker.js';
import { jobRecord, jobTask, jobTimeouts, nextJobs, sweepOf, type Sweep, type SweepJob } from './sweep.js';

/** How often an idle worker looks for a job. */
const POLL_MS = 250;

/** This process as a worker: host:pid. */
export const workerName = `${hostname()}:${process.pid}`;

/** The PostgreSQL store of a sweep, or an error saying the sweep is not on PostgreSQL. */
function postgresStore(sweep: Sweep): PostgresTrialStore {
  if (!(sweep.store instanceof PostgresTrialStore)) throw new Error(`${sweep.store.location} is not a PostgreSQL store (give --store postgres://...)`);
  return sweep.store;
}

/**
 * Puts the jobs of a sweep on PostgreSQL's queue: rung 0 of every trial not trained yet, ASHA's
 * promotions due, and any job planned before whose result is missing and whose job is gone (given up
 * after its retries, or lost). Each job expires after jobTimeouts (then another worker retries it).
 * Returns how many jobs it queued.
 */
export async function queueSweep(sweep: Sweep, trialSeconds?: number): Promise<number> {
  const store = postgresStore(sweep);
  const queue = await openQueue(sweep);
  try {
    const timeout = jobTimeouts(sweep, trialSeconds);
    return await store.transaction(async (sql) => {
      const pending = await queue.pending(store.sweepId); // read holding the lock: no worker queues a promotion meanwhile
      const results = await store.results(sql);
      const recorded = new Set(results.map((r) => `${r.key}@${r.rung}`));
      const planned = (await store.planned(sql)).map((j) => `${j.key}@${j.rung}`);
      const lost = planned.filter((job) => !recorded.has(job) && !pending.has(job)).map(parseJob);
      const fresh = nextJobs(sweep, results, new Set(planned));
      for (const job of fresh) await store.plan(job.key, job.rung, sql);
      const jobs = [...lost, ...fresh];
      await queue.send(jobs.map((job) => ({ job: { sweep: store.sweepId, ...job }, expireInSeconds: timeout(job) })), sql);
      return jobs.length;
    });
  } finally {
    await queue.stop();
  }
}

/** The queue of a sweep's PostgreSQL store (the caller stops it). */
export async function openQueue(sweep: Sweep): Promise<TrialQueue> {
  return TrialQueue.open(postgresStore(sweep).pool, false);
}

function parseJob(text: string): SweepJob {
  const at = text.lastIndexOf('@');
  return { key: text.slice(0, at), rung: Number(text.slice(at + 1)) };
}

/** What a worker tells its caller. */
export type WorkerEvent =
  | { type: 'start'; sweep: string; job: SweepJob; resumedFrom?: number }
  | { type: 'done'; sweep: string; job: SweepJob; outcome: TrialOutcome['status']; recorded: boolean; promoted: number }
  | { type: 'failed'; sweep: string; job: SweepJob; message: string };

export interface WorkerOptions {
  /** Checkpoint every this many epochs (default: about every 5 seconds of training). */
  checkpointEvery?: number;
  /** Seconds a whole trial may take before its job is taken for dead (default: timed, see jobTimeouts); used for promotions. */
  trialSeconds?: number;
  onEvent?(event: WorkerEvent): void;
}

/**
 * A worker: takes jobs of every sweep in the database at `url`, one at a time, until no job is
 * queued or running anywhere. Each job continues the trial's checkpoint kept in the database (a
 * retried job goes on where its dead worker's last checkpoint left it), keeps checkpoints there as it
 * trains, and in one transaction records the result (once: a result already there is kept), queues
 * ASHA's promotions and completes the job. Returns the number of jobs it ran.
 */
export async function runWorker(url: string, options: WorkerOptions = {}): Promise<number> {
  const { pool, target } = await PostgresTrialStore.connect(url);
  const queue = await TrialQueue.open(pool, true);
  const sweeps = new Map<number, { sweep: Sweep; timeout: (job: SweepJob) => number }>();
  let ran = 0;
  try {
    for (;;) {
      const taken = await queue.fetch();
      if (!taken) {
        if ((await queue.openJobs()) === 0) return ran;
        await new Promise((resolve) => setTimeout(resolve, POLL_MS));
        continue;
      }
      const { id, job } = taken;
      try {
        let entry = sweeps.get(job.sweep);
        if (!entry) {
          const sweep = sweepOf(await PostgresTrialStore.byId(pool, target, job.sweep));
          entry = { sweep, timeout: jobTimeouts(sweep, options.trialSeconds) };
          sweeps.set(job.sweep, entry);
        }
        await runJob(entry.sweep, queue, id, job, entry.timeout, options);
        ran++;
      } catch (error) {
        options.onEvent?.({ type: 'failed', sweep: sweeps.get(job.sweep)?.sweep.experiment.name ?? `number ${job.sweep}`, job, message: (error as Error).message });
        await queue.fail(id, error as Error);
      }
    }
  } finally {
    await queue.stop();
    await pool.end();
  }
}

async function runJob(sweep: Sweep, queue: TrialQueue, id: string, job: SweepJob, timeout: (job: SweepJob) => number, options: WorkerOptions): Promise<void> {
  const store = postgresStore(sweep);
  const name = sweep.experiment.name;
  const { recorded: before, model: saved } = await store.takeUp(job.key, job.rung, workerName);
  if (before) {
    // Recorded by a worker that died before completing the job, or was taken for dead but was not.
    await finishJob(sweep, queue, id, timeout);
    return;
  }
  const steps = trialSteps(jobTask(sweep, job, undefined, options.checkpointEvery), saved, true);
  options.onEvent?.({ type: 'start', sweep: name, job, ...(saved && { resumedFrom: savedEpochs(saved) }) });
  let step = steps.next();
  while (!step.done) {
    await store.saveModel(job.key, step.value.epochsDone, step.value.modelFile);
    step = steps.next();
  }
  const { outcome, modelFile } = step.value;
  const { record, document } = jobRecord(sweep, job, outcome);
  const finished = outcome.status === 'finished' && modelFile ? { epochs: outcome.result.epochs, text: modelFile } : undefined;
  // Written once whatever happens next: a retry of this job finds the result and only finishes the job.
  const recorded = await store.recordResult(record, document, workerName, undefined, finished);
  const promoted = await finishJob(sweep, queue, id, timeout);
  options.onEvent?.({ type: 'done', sweep: name, job, outcome: outcome.status, recorded, promoted });
}

/**
 * Completes a job whose result is recorded; with an early-stopping schedule, first queues the
 * promotions due, in the same transaction holding the sweep's lock (a grid's jobs are all queued at
 * the start). Returns how many jobs it queued.
 */
async function finishJob(sweep: Sweep, queue: TrialQueue, id: string, timeout: (job: SweepJob) => number): Promise<number> {
  const store = postgresStore(sweep);
  if (!sweep.experiment.schedule) {
    await queue.complete(id);
    return 0;
  }
  return store.transaction(async (sql) => {
    const planned = new Set((await store.planned(sql)).map((j) => `${j.key}@${j.rung}`));
    const jobs = nextJobs(sweep, await store.results(sql), planned);
    for (const next of jobs) await store.plan(next.key, next.rung, sql);
    await queue.send(jobs.map((next) => ({ job: { sweep: store.sweepId, ...next }, expireInSeconds: timeout(next) })), sql);
    await queue.complete(id, sql);
    return jobs.length;
  });
}

/** The epochs a saved model file had trained (for the worker's log), without parsing its tensors. */
function savedEpochs(model: string): number | undefined {
  const match = /"epochsDone":\s*(\d+)/.exec(model);
  return match ? Number(match[1]) : undefined;
}

/** The state of a sweep: its results and starts, and on PostgreSQL its queue. */
export interface SweepStatus {
  name: string;
  store: string;
  quick: boolean;
  trials: number;
  /** Trials with a result (at their latest rung). */
  done: number;
  diverged: number;
  /** Results by rung (one entry for a grid). */
  resultsByRung: number[];
  queue?: Omit<QueueState, 'active'>;
  /** Jobs running now, with the worker that took each (PostgreSQL), or started and not finished (SQLite: the sweep may have stopped). */
  running: { key: string; rung: number; worker: string; since: string; retries?: number }[];
  /** Jobs started more than once, with how many times. */
  restarted: { key: string; rung: number; starts: number }[];
}

/** The state of a sweep; on PostgreSQL with its queue (`queue`, or one opened for this). */
export async function sweepStatus(sweep: Sweep, queue?: TrialQueue): Promise<SweepStatus> {
  const { store } = sweep;
  const results = await store.results();
  const starts = await store.starts();
  const recorded = new Set(results.map((r) => `${r.key}@${r.rung}`));
  const startCount = new Map<string, number>();
  const lastStart = new Map<string, { worker: string; at: string }>();
  for (const s of starts) {
    const job = `${s.key}@${s.rung}`;
    startCount.set(job, (startCount.get(job) ?? 0) + 1);
    lastStart.set(job, { worker: s.worker, at: s.at });
  }
  const latest = new Map(results.map((r) => [r.key, r]));
  const resultsByRung: number[] = [];
  for (const r of results) resultsByRung[r.rung] = (resultsByRung[r.rung] ?? 0) + 1;
  const status: SweepStatus = {
    name: sweep.experiment.name,
    store: store.location,
    quick: sweep.quick,
    trials: sweep.trials.length,
    done: latest.size,
    diverged: [...latest.values()].filter((r) => r.status === 'diverged').length,
    resultsByRung: Array.from(resultsByRung, (n) => n ?? 0),
    running: [],
    restarted: [...startCount].filter(([, n]) => n > 1).map(([job, starts]) => ({ ...parseJob(job), starts })),
  };
  if (store instanceof PostgresTrialStore) {
    const jobs = queue ?? (await TrialQueue.open(store.pool, false));
    try {
      const { active, ...rest } = await jobs.state(store.sweepId);
      status.queue = rest;
      status.running = active.map((a) => ({ key: a.key, rung: a.rung, worker: lastStart.get(`${a.key}@${a.rung}`)?.worker ?? '?', since: a.startedAt, retries: a.retries }));
    } finally {
      if (!queue) await jobs.stop();
    }
  } else {
    status.running = [...lastStart].filter(([job]) => !recorded.has(job)).map(([job, s]) => ({ ...parseJob(job), worker: s.worker, since: s.at }));
  }
  return status;
}
