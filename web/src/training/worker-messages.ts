import type { AutoencoderRunSpec } from '../../../src/runs/autoencoder/spec.js';
import type { VaeRunSpec } from '../../../src/runs/vae/spec.js';

/**
 * What the page and the training worker say to each other. Every message names its run (a number the
 * page increments), so reports from a run that was reset are recognised and dropped.
 */
export type WorkerRequest =
  | { type: 'start'; run: number; spec: AutoencoderRunSpec }
  /** A VAE run on a shipped emoji set (spec.data.dataset: emoji-8 or emoji-4). */
  | { type: 'start-vae'; run: number; spec: VaeRunSpec }
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
  /** The model's parameters after `epoch` epochs (a VAE's: the encoder's, then the decoder's). */
  parameters: Float64Array;
  /** A VAE run's two loss terms for the same epochs as `losses`: reconstruction and KL (before beta), per image. */
  terms?: { reconstruction: Float64Array; kl: Float64Array };
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
