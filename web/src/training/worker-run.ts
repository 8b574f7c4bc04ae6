import { datasetIdentity } from '../../../src/data/dataset-identity.js';
import { parseModelFile } from '../../../src/models/checkpoint.js';
import { modelKind } from '../../../src/runs/kinds.js';
import { Run, type RunProgress } from '../../../src/runs/run.js';
import { snapshotOf } from './model-parameters.js';
import { pageDataOf, pageDataset } from './page-datasets.js';
import type { ProgressReport, RunStatus, WorkerRequest } from './worker-messages.js';

/** A slice of training lasts about this long, so pause, reset and save are answered within it. */
export const SLICE_MS = 30;
/** The loss terms the page charts, when the kind records them (a VAE's). */
const TERM_NAMES = ['reconstruction', 'kl'] as const;

/** The losses (and loss terms) of the epochs trained since the last report. */
class EpochLog {
  private losses: number[] = [];
  private terms: Record<string, number[]> = {};

  readonly record = (progress: RunProgress): void => {
    this.losses.push(progress.loss);
    const fields: Record<string, unknown> = { ...progress };
    for (const name of TERM_NAMES) {
      const value = fields[name];
      if (typeof value === 'number') (this.terms[name] ??= []).push(value);
    }
  };

  /** What was recorded since the last take, as typed arrays; the log starts empty again. */
  take(): { losses: Float64Array; terms: Record<string, Float64Array> } {
    const taken = { losses: Float64Array.from(this.losses), terms: Object.fromEntries(Object.entries(this.terms).map(([name, values]) => [name, Float64Array.from(values)])) };
    this.losses = [];
    this.terms = {};
    return taken;
  }
}

/**
 * One run in the training worker: a Run (src/runs/run.ts, the CLI's own) started from a spec or
 * continued from a model file, trained in slices of about SLICE_MS, its epochs' losses kept until the
 * next report. Plain code, no worker API: test/web runs it in Node.
 */
export class WorkerRun {
  paused = false;

  private constructor(
    readonly id: number,
    readonly run: Run,
    private readonly log: EpochLog,
  ) {}

  /** A new run of the request's kind and spec on the page's copy of its data, known by the identity the CLI records for it. */
  static start(request: Extract<WorkerRequest, { type: 'start' }>): WorkerRun {
    const kind = modelKind(request.kind);
    const spec = kind.parseSpec(request.spec);
    const dataset = pageDataset(spec.data.dataset);
    const log = new EpochLog();
    return new WorkerRun(request.run, Run.start(kind, spec, dataset, datasetIdentity(dataset, spec.data.dataset), log.record), log);
  }

  /** The run a model file saved, continued to `epochs` epochs in all, on the page's copy of its data (checked against the file's identity). */
  static resume(request: Extract<WorkerRequest, { type: 'resume' }>): WorkerRun {
    const file = parseModelFile(request.modelFile);
    const data = pageDataOf(file.data);
    if ('problem' in data) throw new Error(`this model cannot be continued here: ${data.problem}`);
    const log = new EpochLog();
    return new WorkerRun(request.run, Run.resume(file, data.dataset, request.epochs, log.record), log);
  }

  get status(): RunStatus {
    return this.run.finished ? 'finished' : this.paused ? 'paused' : 'running';
  }

  /** Trains one slice of about SLICE_MS (unless paused or finished); returns the epochs trained. */
  trainSlice(): number {
    return this.paused || this.run.finished ? 0 : this.run.trainFor(SLICE_MS);
  }

  /** The progress since the last report, and the buffers to transfer with it. */
  report(): { report: ProgressReport; transfer: Transferable[] } {
    const { run } = this;
    const { losses, terms } = this.log.take();
    const model = snapshotOf(run.model);
    const report: ProgressReport = {
      type: 'progress',
      run: this.id,
      status: this.status,
      epoch: run.epochsDone,
      losses,
      terms,
      model,
      trainSeconds: run.trainSeconds,
      stoppedEarly: run.finished && run.epochsDone < run.spec.training.epochs,
      threads: run.threads,
    };
    return { report, transfer: [losses.buffer, ...Object.values(terms).map((values) => values.buffer), ...model.parameters.map((values) => values.buffer)] };
  }
}
