import type { AutoencoderFitting, Autoencoder } from '../../../src/models/autoencoder.js';
import { startRun } from './start-run.js';
import type { WorkerReport, WorkerRequest } from './worker-messages.js';

/**
 * The training worker: trains one run at a time in slices of about SLICE_MS, reporting after each
 * slice, so pause, resume and reset are answered within a slice and the page never freezes.
 * The WebAssembly engine compiles its module synchronously, which browsers allow only in workers.
 */

const SLICE_MS = 30;
/** Reports go out at most this often (and at pauses and the end), so the page draws at its own pace. */
const REPORT_MS = 60;

interface Run {
  id: number;
  model: Autoencoder;
  fitting: AutoencoderFitting;
  paused: boolean;
  /** Losses of epochs not yet reported. */
  pending: number[];
  /** Epochs trained so far. */
  epoch: number;
  /** Epochs per slice, adapted so a slice takes about SLICE_MS. */
  sliceEpochs: number;
  trainMs: number;
  reportedAt: number;
}

let run: Run | null = null;
// A message to ourselves queues the next slice behind any waiting request (setTimeout would add 4 ms per slice).
const tick = new MessageChannel();
tick.port1.onmessage = trainSlice;

self.onmessage = (event: MessageEvent<WorkerRequest>) => {
  const request = event.data;
  if (request.type === 'reset') {
    run = null;
    return;
  }
  if (request.type === 'start') {
    const pending: number[] = [];
    try {
      const { model, fitting } = startRun(request.spec, ({ loss }) => pending.push(loss));
      run = { id: request.run, model, fitting, paused: false, pending, epoch: 0, sliceEpochs: 1, trainMs: 0, reportedAt: 0 };
    } catch (error) {
      post({ type: 'failure', run: request.run, message: (error as Error).message });
      return;
    }
    report(run);
    tick.port2.postMessage(null);
    return;
  }
  if (!run || run.id !== request.run || run.fitting.finished) return;
  run.paused = request.type === 'pause';
  if (run.paused) report(run);
  else tick.port2.postMessage(null);
};

function trainSlice(): void {
  const current = run;
  if (!current || current.paused || current.fitting.finished) return;
  const started = performance.now();
  try {
    current.fitting.run(current.sliceEpochs);
  } catch (error) {
    run = null;
    post({ type: 'failure', run: current.id, message: (error as Error).message });
    return;
  }
  const ms = performance.now() - started;
  current.trainMs += ms;
  current.sliceEpochs = Math.max(1, Math.min(current.sliceEpochs * 4, Math.round((current.sliceEpochs * SLICE_MS) / Math.max(ms, 0.1))));
  if (current.fitting.finished || performance.now() - current.reportedAt >= REPORT_MS) report(current);
  if (!current.fitting.finished) tick.port2.postMessage(null);
}

function report(current: Run): void {
  const { fitting } = current;
  current.reportedAt = performance.now();
  const status = fitting.finished ? 'finished' : current.paused ? 'paused' : 'running';
  const losses = Float64Array.from(current.pending);
  current.pending.length = 0;
  current.epoch += losses.length;
  const parameters = current.model.parameters.slice();
  const stoppedEarly = fitting.finished && fitting.result().stoppedEarly;
  post(
    { type: 'progress', run: current.id, status, epoch: current.epoch, losses, parameters, trainSeconds: current.trainMs / 1000, stoppedEarly },
    [losses.buffer, parameters.buffer],
  );
}

function post(message: WorkerReport, transfer: Transferable[] = []): void {
  self.postMessage(message, { transfer });
}
