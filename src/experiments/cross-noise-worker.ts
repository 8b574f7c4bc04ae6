import type { Dataset } from '../data/dataset.js';
import { Matrix } from '../tensor/matrix.js';
import { runCrossNoiseTask, type CrossNoiseCell, type CrossNoiseTask } from './cross-noise.js';

/** A dataset as it crosses to a worker thread (a Matrix arrives as a plain object). */
export interface PlainDataset extends Omit<Dataset, 'inputs'> {
  inputs: { rows: number; cols: number; data: Float64Array };
}

/** The worker threads' entry point (piscina calls the default export), also called directly when running inline. */
export default function runCrossNoiseWorker({ task, dataset }: { task: CrossNoiseTask; dataset: PlainDataset }): CrossNoiseCell {
  const { rows, cols, data } = dataset.inputs;
  return runCrossNoiseTask(task, { ...dataset, inputs: new Matrix(rows, cols, data) });
}
