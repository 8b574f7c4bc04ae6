import type { ModelKindName } from '../../../src/models/checkpoint.js';
import type { RunSpec } from '../../../src/runs/spec.js';
import type { ModelSnapshot } from './model-parameters.js';

/**
 * What the page and the training worker say to each other. Every message names its run (a number the
 * page increments), so reports from a run that was reset are recognised and dropped.
 */
export type WorkerRequest =
  /**
   * A new run of any kind on one of the page's datasets (spec.data.dataset, see page-datasets.ts), paced
   * at `speed` epochs a second at most (null: as fast as it trains), pausing itself at epoch `pauseAt` (a
   * shared link's epoch) unless null; `dataset`: the dataset file's text when it is one of the user's,
   * which the worker does not have yet.
   */
  | { type: 'start'; run: number; kind: ModelKindName; spec: RunSpec; speed: number | null; pauseAt: number | null; dataset?: string }
  /** Continues the run a model file (version 2, with its training state) saved, to `epochs` epochs in all. */
  | { type: 'resume'; run: number; modelFile: string; epochs: number; speed: number | null; dataset?: string }
  | { type: 'pause'; run: number }
  | { type: 'unpause'; run: number }
  /** Trains `epochs` more epochs and pauses (from paused or running). */
  | { type: 'step'; run: number; epochs: number }
  /** At most `speed` epochs a second from now on (null: as fast as it trains). */
  | { type: 'speed'; run: number; speed: number | null }
  /** The page has drawn the last model it was sent: the next report may carry the model again. */
  | { type: 'want-model'; run: number }
  /** Asks for the run's model file as it is now (the complete state): answered by a 'model-file' report. */
  | { type: 'save'; run: number }
  | { type: 'reset' };

export type RunStatus = 'running' | 'paused' | 'finished';

export interface ProgressReport {
  type: 'progress';
  run: number;
  status: RunStatus;
  /** Epochs trained so far (a continued run counts the saved ones too). */
  epoch: number;
  /** The loss of each epoch trained since the previous report. */
  losses: Float64Array;
  /** The loss terms a kind records beside the loss (a VAE's reconstruction and KL, before beta), for the same epochs. */
  terms: Record<string, Float64Array>;
  /**
   * The model after `epoch` epochs, when the page asked for one since the last (and whenever the run
   * pauses or ends), else null: a page that draws slowly gets models only as fast as it draws them.
   */
  model: ModelSnapshot | null;
  /**
   * A second copy of `model` (null with it), made in the worker: the page hands it to its explore worker
   * as it is, instead of copying a wide network's parameters on the main thread.
   */
  modelCopy: ModelSnapshot | null;
  /** Seconds the worker spent training in this session (pauses and idle time excluded). */
  trainSeconds: number;
  /** Training ended before the last epoch because the spec's stop rule said so (the autoencoder's wrong-pixel limit). */
  stoppedEarly: boolean;
  /** Threads the run trains on: 1, or 1 + the worker's kernel threads (when the page is cross-origin isolated) once a layer is wide enough to split. */
  threads: number;
}

/** The answer to 'save': a model file text that `latentlab train --resume` continues bit for bit, or why there is none. */
export type ModelFileReport = { type: 'model-file'; run: number; text: string } | { type: 'model-file'; run: number; error: string };

export interface FailureReport {
  type: 'failure';
  run: number;
  message: string;
}

export type WorkerReport = ProgressReport | ModelFileReport | FailureReport;
