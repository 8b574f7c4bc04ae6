import { Piscina } from 'piscina';
import type { Dataset } from '../data/dataset.js';
import type { CrossNoiseCell, CrossNoiseTask } from './cross-noise.js';
import runCrossNoiseWorker, { type PlainDataset } from './cross-noise-worker.js';

/** Under tsx the worker is the .ts source; built, it is the .js beside this file. */
const workerFile = new URL(import.meta.url.endsWith('.ts') ? './cross-noise-worker.ts' : './cross-noise-worker.js', import.meta.url).href;

/**
 * Trains and tests the cross-noise tasks on `threads` worker threads (inline, one after another,
 * for 1), calling `onDone` in this thread as each finishes, so the caller can save it at once.
 */
export async function runCrossNoiseTasks(tasks: CrossNoiseTask[], dataset: Dataset, threads: number, onDone: (cell: CrossNoiseCell, index: number) => void): Promise<void> {
  if (!Number.isInteger(threads) || threads < 1) throw new RangeError(`jobs must be a positive integer, got ${threads}`);
  const plain: PlainDataset = { ...dataset, inputs: { rows: dataset.inputs.rows, cols: dataset.inputs.cols, data: dataset.inputs.data } };
  if (threads === 1) {
    tasks.forEach((task, i) => onDone(runCrossNoiseWorker({ task, dataset: plain }), i));
    return;
  }
  const pool = new Piscina({ filename: workerFile, minThreads: threads, maxThreads: threads, idleTimeout: 1000 });
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      onDone((await pool.run({ task: tasks[i], dataset: plain })) as CrossNoiseCell, i);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(threads, tasks.length) }, lane));
  } finally {
    await pool.destroy();
  }
}
