import type { AutoencoderRunSpec } from '../../../src/experiments/autoencoder-spec.js';

/**
 * What the page and the training worker say to each other. Every message names its run (a number the
 * page increments), so reports from a run that was reset are recognised and dropped.
 */
export type WorkerRequest =
  | { type: 'start'; run: number; spec: AutoencoderRunSpec }
  | { type: 'pause'; run: number }
  | { type: 'resume'; run: number }
  | { type: 'reset' };

export type RunStatus = 'running' | 'paused' | 'finished';

export interface ProgressReport {
  type: 'progress';
  run: number;
  status: RunStatus;
  /** Epochs trained so far. */
  epoch: number;
  /** The loss of each epoch trained since the previous report. */
  losses: Float64Array;
  /** The model's parameters after `epoch` epochs. */
  parameters: Float64Array;
  /** Seconds the worker spent training (pauses and idle time excluded). */
  trainSeconds: number;
  /** Training ended before the last epoch because every glyph was within the spec's wrong-pixel limit. */
  stoppedEarly: boolean;
}

export interface FailureReport {
  type: 'failure';
  run: number;
  message: string;
}

export type WorkerReport = ProgressReport | FailureReport;
