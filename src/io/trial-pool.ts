import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import runTrialTask, { type TrialOutcome, type TrialTask } from './trial-worker.js';

/** Under tsx (tests, `npx tsx src/cli/main.ts`) the worker is the .ts source; built, it is the .js beside this file. */
const workerFile = new URL(import.meta.url.endsWith('.ts') ? './trial-worker.ts' : './trial-worker.js', import.meta.url).href;

export const defaultThreads = availableParallelism();

export interface PoolCallbacks {
  /** A task is handed to a thread (at most `threads` tasks run at once, so this is when it starts). */
  onStart?(index: number): void;
  onDone(index: number, outcome: TrialOutcome): void;
}

/**
 * Runs trials on `threads` worker threads (piscina), at most one per thread at a time, reporting each
 * start and finish in the calling thread. With threads = 1 the tasks run inline, one after another.
 * A task that throws (not a divergence, which is an outcome) stops the whole run; the trials still
 * running keep their last checkpoints (see TrialTask.modelFile), so running the tasks again goes on from there.
 */
export async function runTasks(tasks: TrialTask[], threads: number, callbacks: PoolCallbacks): Promise<void> {
  let next = 0;
  await runTaskSource(threads, () => (next < tasks.length ? { index: next, task: tasks[next++] } : undefined), {
    onStart: (started) => callbacks.onStart?.(started.index),
    onDone: (done, outcome) => callbacks.onDone(done.index, outcome),
  });
}

/**
 * Like runTasks, for tasks that come as others finish (an early-stopping schedule promotes trials
 * when results come in): `next()` gives the next task, or undefined when there is none now; the run
 * ends when it gives none while no task is running.
 */
export async function runTaskSource<T extends { task: TrialTask }>(
  threads: number,
  next: () => T | undefined,
  callbacks: { onStart?(item: T): void; onDone(item: T, outcome: TrialOutcome): void },
): Promise<void> {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  if (threads === 1) {
    for (let item = next(); item; item = next()) {
      callbacks.onStart?.(item);
      callbacks.onDone(item, runTrialTask(item.task));
      await new Promise((resolve) => setImmediate(resolve)); // let output and signals through between tasks
    }
    return;
  }
  let pool: Piscina<TrialTask, TrialOutcome> | undefined;
  let running = 0;
  let failure: unknown;
  let wake = () => {};
  let changed = new Promise<void>((resolve) => (wake = resolve));
  const finished = () => {
    wake();
    changed = new Promise<void>((resolve) => (wake = resolve));
  };
  const lane = async (): Promise<void> => {
    while (failure === undefined) {
      const item = next();
      if (!item) {
        if (running === 0) return finished();
        await changed;
        continue;
      }
      running++;
      callbacks.onStart?.(item);
      pool ??= new Piscina<TrialTask, TrialOutcome>({ filename: workerFile, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
      try {
        callbacks.onDone(item, await pool.run(item.task));
      } catch (error) {
        failure ??= error;
      }
      running--;
      finished();
    }
  };
  try {
    await Promise.all(Array.from({ length: threads }, lane));
  } finally {
    await pool?.destroy();
  }
  if (failure !== undefined) throw failure;
}
