import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { ModelFile, ModelKindName } from '../../../src/models/checkpoint.js';
import type { RunSpec } from '../../../src/runs/spec.js';
import { offerCopy } from './explore-client.js';
import { LossHistory } from './loss-history.js';
import { snapshotOf, type ModelSnapshot } from './model-parameters.js';
import { ownDatasetText, pageDataOf } from './page-datasets.js';
import type { ModelFileReport, ProgressReport, RunStatus, WorkerReport, WorkerRequest } from './worker-messages.js';

/** What the page knows of the run in the worker. */
export interface TrainingState {
  /** Increments with every start, continue and reset; reports of older runs are dropped. */
  run: number;
  status: 'idle' | RunStatus | 'failed';
  /**
   * Pause was asked and the worker has not stopped yet: it stops once the epoch in progress ends (an
   * epoch is never cut, so a paused run goes on to the numbers of an uninterrupted one).
   */
  pausing: boolean;
  kind: ModelKindName | null;
  /** The run's spec (for a continued run: the saved one, with the epochs asked for in all). */
  spec: RunSpec | null;
  /** Epochs trained so far, and how many of them before this session (a continued run's saved ones). */
  epoch: number;
  firstEpoch: number;
  /** The loss of every epoch so far (appended to in place as reports arrive). */
  losses: LossHistory;
  /** The loss terms a kind records (a VAE's reconstruction and KL), per epoch; empty for an autoencoder. */
  terms: Record<string, LossHistory>;
  /** The newest model the worker sent (it sends one each time the page asks, and at pauses and the end), and its epoch. */
  snapshot: ModelSnapshot | null;
  snapshotEpoch: number;
  trainSeconds: number;
  stoppedEarly: boolean;
  /** Threads the worker trains on. */
  threads: number;
  error: string | null;
}

const idle = (run: number): TrainingState => ({
  run,
  status: 'idle',
  pausing: false,
  kind: null,
  spec: null,
  epoch: 0,
  firstEpoch: 0,
  losses: new LossHistory(),
  terms: {},
  snapshot: null,
  snapshotEpoch: 0,
  trainSeconds: 0,
  stoppedEarly: false,
  threads: 1,
  error: null,
});

/**
 * Live training in the worker, of any kind: start a run from a spec, continue one a model file saved,
 * pause, unpause, reset, ask for the run's model file; the latest report as state. The worker
 * (training-worker.ts) is the only place the training engines run.
 */
export function useTraining() {
  const [state, setState] = useState<TrainingState>(() => idle(0));
  const worker = useRef<Worker | null>(null);
  const run = useRef(0);
  /** The run's loss histories, appended to as soon as a report arrives. */
  const histories = useRef(state);
  /** The newest progress report not yet drawn (with the newest model among those not yet drawn), and the animation frame that will draw it. */
  const latest = useRef<ProgressReport | null>(null);
  const frame = useRef(0);
  /** Callers waiting for the model file of the run they asked about. */
  const saving = useRef<{ run: number; resolve(text: string): void; reject(error: Error): void }[]>([]);

  useEffect(
    () => () => {
      worker.current?.terminate();
      cancelAnimationFrame(frame.current);
    },
    [],
  );

  /** Draws the newest report once per animation frame at most: a busy or slow page never falls behind the worker. */
  const draw = useCallback(() => {
    frame.current = 0;
    const report = latest.current;
    latest.current = null;
    if (!report || report.run !== run.current) return;
    const { model } = report;
    setState((previous) => ({
      ...previous,
      status: report.status,
      pausing: report.status === 'running' && previous.pausing,
      epoch: report.epoch,
      ...(model ? { snapshot: model, snapshotEpoch: report.epoch } : {}),
      trainSeconds: report.trainSeconds,
      stoppedEarly: report.stoppedEarly,
      threads: report.threads,
    }));
  }, []);

  const answerSaves = useCallback((report: ModelFileReport) => {
    const waiting = saving.current;
    saving.current = waiting.filter((wait) => wait.run !== report.run);
    for (const wait of waiting.filter((w) => w.run === report.run)) {
      if ('text' in report) wait.resolve(report.text);
      else wait.reject(new Error(report.error));
    }
  }, []);

  const send = useCallback(
    (request: WorkerRequest) => {
      if (!worker.current) {
        const created = new Worker(new URL('./training-worker.ts', import.meta.url), { type: 'module', name: 'latentlab-training' });
        created.onmessage = (event: MessageEvent<WorkerReport>) => {
          const report = event.data;
          if (report.type === 'model-file') {
            answerSaves(report);
            return;
          }
          if (report.run !== run.current) return;
          if (report.type === 'failure') {
            // The progress just before the failure (a divergence's epochs) is drawn first, then the failure over it.
            cancelAnimationFrame(frame.current);
            draw();
            setState((previous) => ({ ...previous, status: 'failed', error: report.message }));
            return;
          }
          if (report.model && report.modelCopy) offerCopy(report.model, report.modelCopy);
          histories.current.losses.append(report.losses);
          for (const [name, values] of Object.entries(report.terms)) (histories.current.terms[name] ??= new LossHistory()).append(values);
          // A model not yet drawn is kept when a report without one follows it within the frame.
          const unseen = latest.current?.run === report.run ? latest.current.model : null;
          latest.current = report.model || !unseen ? report : { ...report, model: unseen };
          if (report.status !== 'running') {
            // A pause or the end is shown at once, not at the next frame: Pause answers as soon as the worker has stopped.
            cancelAnimationFrame(frame.current);
            draw();
          } else if (!frame.current) frame.current = requestAnimationFrame(draw);
        };
        created.onerror = (event) => {
          setState((previous) => ({ ...previous, status: 'failed', error: `the training worker failed: ${event.message || 'it could not start'}` }));
        };
        worker.current = created;
      }
      worker.current.postMessage(request);
    },
    [draw, answerSaves],
  );

  /** A fresh state for the next run, its histories the ones reports append to. */
  const next = (fields: Partial<TrainingState>): TrainingState => {
    run.current++;
    const fresh = { ...idle(run.current), ...fields };
    histories.current = fresh;
    setState(fresh);
    return fresh;
  };

  /** Starts a run at `speed` epochs a second at most (null: full speed), pausing at epoch `pauseAt` unless null. */
  const start = useCallback(
    (kind: ModelKindName, spec: RunSpec, speed: number | null, pauseAt: number | null = null) => {
      const { run: id } = next({ status: 'running', kind, spec });
      send({ type: 'start', run: id, kind, spec, speed, pauseAt, dataset: ownDatasetText(spec.data.dataset) });
    },
    [send],
  );

  /**
   * Continues the run a model file saved (`file`, parsed from `text`, with its training state, and
   * `spec`, its spec validated) to `epochs` epochs in all; until the worker reports, the page shows
   * the saved model and history.
   */
  const resumeFile = useCallback(
    (text: string, file: ModelFile, saved: RunSpec, epochs: number, speed: number | null) => {
      if (!file.training) throw new RangeError('this model file holds no training state: it cannot be continued');
      const state = file.training;
      const terms = Object.fromEntries(Object.entries(state.terms).map(([name, values]) => [name, LossHistory.of(values)]));
      const spec = { ...saved, training: { ...saved.training, epochs } };
      const { run: id } = next({ status: 'running', kind: file.kind, spec, epoch: state.epochsDone, firstEpoch: state.epochsDone, losses: LossHistory.of(state.losses), terms, snapshot: snapshotOf(file), snapshotEpoch: state.epochsDone });
      const data = pageDataOf(file.data);
      send({ type: 'resume', run: id, modelFile: text, epochs, speed, dataset: 'dataset' in data ? ownDatasetText(data.dataset.name) : undefined });
    },
    [send],
  );
  const pause = useCallback(() => {
    setState((previous) => ({ ...previous, pausing: previous.status === 'running' }));
    send({ type: 'pause', run: run.current });
  }, [send]);
  const unpause = useCallback(() => {
    setState((previous) => ({ ...previous, status: 'running', pausing: false }));
    send({ type: 'unpause', run: run.current });
  }, [send]);
  /** Trains `epochs` more epochs and pauses. */
  const step = useCallback(
    (epochs: number) => {
      setState((previous) => ({ ...previous, status: 'running', pausing: false }));
      send({ type: 'step', run: run.current, epochs });
    },
    [send],
  );
  const setSpeed = useCallback((speed: number | null) => send({ type: 'speed', run: run.current, speed }), [send]);
  /** Tells the worker the page has drawn its last model: the next report may carry one. */
  const wantModel = useCallback(() => {
    if (worker.current) send({ type: 'want-model', run: run.current });
  }, [send]);
  const reset = useCallback(() => {
    next({});
    if (worker.current) send({ type: 'reset' });
  }, [send]);
  /** The run's model file as it is now, from the worker: the complete state, to continue with `latentlab train --resume`. */
  const modelFile = useCallback(
    () =>
      new Promise<string>((resolve, reject) => {
        saving.current.push({ run: run.current, resolve, reject });
        send({ type: 'save', run: run.current });
      }),
    [send],
  );

  return { state, start, resumeFile, pause, unpause, step, setSpeed, wantModel, reset, modelFile };
}
