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
  /** The run pauses itself on reaching this epoch (a step, or a shared link's epoch), unless null. */
  pauseAt: number | null = null;
  /** Whether the next report carries the model: the page asks again once it has drawn the last one. */
  modelWanted = true;
  /** At most this many epochs a second, counted from `since` (ms) and `epochsAt` (the epochs done then); null: no limit. */
  private pace: { speed: number; since: number; epochsAt: number } | null = null;

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
    const started = new WorkerRun(request.run, Run.start(kind, spec, dataset, datasetIdentity(dataset, spec.data.dataset), log.record), log);
    started.setSpeed(request.speed, performance.now());
    started.pauseAt = request.pauseAt;
    return started;
  }

  /** The run a model file saved, continued to `epochs` epochs in all, on the page's copy of its data (checked against the file's identity). */
  static resume(request: Extract<WorkerRequest, { type: 'resume' }>): WorkerRun {
    const file = parseModelFile(request.modelFile);
    const data = pageDataOf(file.data);
    if ('problem' in data) throw new Error(`this model cannot be continued here: ${data.problem}`);
    const log = new EpochLog();
    const resumed = new WorkerRun(request.run, Run.resume(file, data.dataset, request.epochs, log.record), log);
    resumed.setSpeed(request.speed, performance.now());
    return resumed;
  }

  get status(): RunStatus {
    return this.run.finished ? 'finished' : this.paused ? 'paused' : 'running';
  }

  /** Paces the run at `speed` epochs a second from `now` (ms) on; null removes the limit. */
  setSpeed(speed: number | null, now: number): void {
    if (speed !== null && !(speed > 0)) throw new RangeError(`speed: expected a positive number of epochs a second, got ${speed}`);
    this.pace = speed === null ? null : { speed, since: now, epochsAt: this.run.epochsDone };
  }

  /** Trains `epochs` more epochs, then pauses. */
  step(epochs: number): void {
    if (!Number.isInteger(epochs) || epochs < 1) throw new RangeError(`step: expected a whole number of epochs from 1, got ${epochs}`);
    this.pauseAt = this.run.epochsDone + epochs;
    this.paused = false;
  }

  /** The epochs the pace and the pause point allow at `now` (ms): Infinity without either. */
  allowed(now: number): number {
    const toPause = this.pauseAt === null ? Infinity : this.pauseAt - this.run.epochsDone;
    if (!this.pace) return toPause;
    const { speed, since, epochsAt } = this.pace;
    return Math.min(toPause, Math.floor(((now - since) / 1000) * speed) - (this.run.epochsDone - epochsAt));
  }

  /** Milliseconds until the pace allows the next epoch (0 when it does now). */
  waitMs(now: number): number {
    if (!this.pace || this.allowed(now) > 0) return 0;
    const { speed, since, epochsAt } = this.pace;
    return Math.max(1, since + ((this.run.epochsDone - epochsAt + 1) / speed) * 1000 - now);
  }

  /** Trains one slice of about SLICE_MS, within what the pace and the pause point allow (unless paused or finished); returns the epochs trained. */
  trainSlice(now = performance.now()): number {
    if (this.paused || this.run.finished) return 0;
    const allowed = this.allowed(now);
    const trained = allowed > 0 ? this.run.trainFor(SLICE_MS, allowed) : 0;
    if (this.pauseAt !== null && this.run.epochsDone >= this.pauseAt) {
      this.pauseAt = null;
      if (!this.run.finished) this.paused = true;
    }
    return trained;
  }

  /** The progress since the last report (with the model when the page asked for one, at a pause and at the end, unless `withModel` says), and the buffers to transfer with it. */
  report(withModel = this.modelWanted || this.status !== 'running'): { report: ProgressReport; transfer: Transferable[] } {
    const { run } = this;
    const { losses, terms } = this.log.take();
    const model = withModel ? snapshotOf(run.model) : null;
    const modelCopy = model && { ...model, parameters: model.parameters.map((values) => values.slice()) };
    this.modelWanted = false;
    const report: ProgressReport = {
      type: 'progress',
      run: this.id,
      status: this.status,
      epoch: run.epochsDone,
      losses,
      terms,
      model,
      modelCopy,
      trainSeconds: run.trainSeconds,
      stoppedEarly: run.finished && run.epochsDone < run.spec.training.epochs,
      threads: run.threads,
    };
    return { report, transfer: [losses.buffer, ...Object.values(terms).map((values) => values.buffer), ...[model, modelCopy].flatMap((snapshot) => snapshot?.parameters.map((values) => values.buffer) ?? [])] };
  }
}
