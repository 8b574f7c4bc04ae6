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
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`threads must be a positive integer, got ${threads}`);
  if (tasks.length === 0) return;
  if (threads === 1) {
    for (let i = 0; i < tasks.length; i++) {
      callbacks.onStart?.(i);
      callbacks.onDone(i, runTrialTask(tasks[i]));
      await new Promise((resolve) => setImmediate(resolve)); // let output and signals through between tasks
    }
    return;
  }
  const pool = new Piscina<TrialTask, TrialOutcome>({ filename: workerFile, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
  let next = 0;
  let failure: unknown;
  const lane = async (): Promise<void> => {
    while (next < tasks.length && failure === undefined) {
      const index = next++;
      callbacks.onStart?.(index);
      try {
        callbacks.onDone(index, await pool.run(tasks[index]));
      } catch (error) {
        failure ??= error;
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(threads, tasks.length) }, lane));
  } finally {
    await pool.destroy();
  }
  if (failure !== undefined) throw failure;
}
