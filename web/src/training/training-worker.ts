import type { AutoencoderFitting } from '../../../src/models/autoencoder.js';
import { startVaeRun } from '../../../src/runs/vae/start.js';
import { emojiDataset } from '../vae/emoji-datasets.js';
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
  fitting: Pick<AutoencoderFitting, 'run' | 'finished'>;
  /** A copy of the model's parameters as trained so far. */
  parameters(): Float64Array;
  /** True when the run ended before its last epoch (the autoencoder's wrong-pixel stop). */
  stoppedEarly(): boolean;
  paused: boolean;
  /** Losses of epochs not yet reported (and, for a VAE, their two terms). */
  pending: number[];
  pendingTerms: { reconstruction: number[]; kl: number[] } | null;
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
  if (request.type === 'start' || request.type === 'start-vae') {
    try {
      run = startedRun(request);
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

function startedRun(request: Extract<WorkerRequest, { type: 'start' | 'start-vae' }>): Run {
  const pending: number[] = [];
  const common = { id: request.run, paused: false, pending, epoch: 0, sliceEpochs: 1, trainMs: 0, reportedAt: 0 };
  if (request.type === 'start') {
    const { model, fitting } = startRun(request.spec, ({ loss }) => pending.push(loss));
    return { ...common, fitting, pendingTerms: null, parameters: () => model.parameters.slice(), stoppedEarly: () => fitting.finished && fitting.result().stoppedEarly };
  }
  const terms = { reconstruction: [] as number[], kl: [] as number[] };
  const { model, fitting } = startVaeRun(request.spec, emojiDataset(request.spec.data.dataset), ({ loss, reconstruction, kl }) => {
    pending.push(loss);
    terms.reconstruction.push(reconstruction);
    terms.kl.push(kl);
  });
  const parameters = () => {
    const all = new Float64Array(model.encoderParameters.length + model.decoderParameters.length);
    all.set(model.encoderParameters);
    all.set(model.decoderParameters, model.encoderParameters.length);
    return all;
  };
  return { ...common, fitting, pendingTerms: terms, parameters, stoppedEarly: () => false };
}

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
  const parameters = current.parameters();
  const transfer: Transferable[] = [losses.buffer, parameters.buffer];
  let terms;
  if (current.pendingTerms) {
    terms = { reconstruction: Float64Array.from(current.pendingTerms.reconstruction), kl: Float64Array.from(current.pendingTerms.kl) };
    current.pendingTerms.reconstruction.length = 0;
    current.pendingTerms.kl.length = 0;
    transfer.push(terms.reconstruction.buffer, terms.kl.buffer);
  }
  const base = { type: 'progress', run: current.id, status, epoch: current.epoch, losses, parameters, trainSeconds: current.trainMs / 1000, stoppedEarly: current.stoppedEarly() } as const;
  post(terms ? { ...base, terms } : base, transfer);
}

function post(message: WorkerReport, transfer: Transferable[] = []): void {
  self.postMessage(message, { transfer });
}
