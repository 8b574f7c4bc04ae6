import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AutoencoderRunSpec } from '../../../src/runs/autoencoder/spec.js';
import type { VaeRunSpec } from '../../../src/runs/vae/spec.js';
import { LossHistory } from './loss-history.js';
import type { ProgressReport, RunStatus, WorkerReport, WorkerRequest } from './worker-messages.js';

export interface TrainingState<Spec = AutoencoderRunSpec> {
  /** Increments with every start and reset; reports of older runs are dropped. */
  run: number;
  status: 'idle' | RunStatus | 'failed';
  spec: Spec | null;
  epoch: number;
  /** The loss of every epoch so far (appended to in place as reports arrive). */
  losses: LossHistory;
  /** A VAE run's reconstruction and KL terms per epoch (empty for an autoencoder). */
  reconstruction: LossHistory;
  kl: LossHistory;
  parameters: Float64Array | null;
  trainSeconds: number;
  stoppedEarly: boolean;
  error: string | null;
}

const idle = <Spec>(run: number): TrainingState<Spec> => ({
  run,
  status: 'idle',
  spec: null,
  epoch: 0,
  losses: new LossHistory(),
  reconstruction: new LossHistory(),
  kl: new LossHistory(),
  parameters: null,
  trainSeconds: 0,
  stoppedEarly: false,
  error: null,
});

/** What a run trains: a font autoencoder ('start') or a VAE ('start-vae'). */
type StartType = { start: AutoencoderRunSpec; 'start-vae': VaeRunSpec };

/** Live training in the worker: start, pause, resume, reset, and the latest report as state. */
export function useTraining<Kind extends keyof StartType = 'start'>(kind: Kind = 'start' as Kind) {
  type Spec = StartType[Kind];
  const [state, setState] = useState<TrainingState<Spec>>(() => idle<Spec>(0));
  const worker = useRef<Worker | null>(null);
  const run = useRef(0);
  /** The run's loss histories, appended to as soon as a report arrives. */
  const histories = useRef(state);
  /** The newest progress report not yet drawn, and the animation frame that will draw it. */
  const latest = useRef<ProgressReport | null>(null);
  const frame = useRef(0);

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
    setState((previous) => ({
      ...previous,
      status: report.status,
      epoch: report.epoch,
      parameters: report.parameters,
      trainSeconds: report.trainSeconds,
      stoppedEarly: report.stoppedEarly,
    }));
  }, []);

  const send = useCallback((request: WorkerRequest) => {
    if (!worker.current) {
      const created = new Worker(new URL('./training-worker.ts', import.meta.url), { type: 'module', name: 'latentlab-training' });
      created.onmessage = (event: MessageEvent<WorkerReport>) => {
        const report = event.data;
        if (report.run !== run.current) return;
        if (report.type === 'failure') {
          setState((previous) => ({ ...previous, status: 'failed', error: report.message }));
          return;
        }
        histories.current.losses.append(report.losses);
        if (report.terms) {
          histories.current.reconstruction.append(report.terms.reconstruction);
          histories.current.kl.append(report.terms.kl);
        }
        latest.current = report;
        if (!frame.current) frame.current = requestAnimationFrame(draw);
      };
      created.onerror = (event) => {
        setState((previous) => ({ ...previous, status: 'failed', error: `the training worker failed: ${event.message || 'it could not start'}` }));
      };
      worker.current = created;
    }
    worker.current.postMessage(request);
  }, [draw]);

  const start = useCallback(
    (spec: Spec) => {
      run.current++;
      const fresh = idle<Spec>(run.current);
      histories.current = fresh;
      setState({ ...fresh, status: 'running', spec });
      send({ type: kind, run: run.current, spec } as WorkerRequest);
    },
    [send, kind],
  );
  const pause = useCallback(() => send({ type: 'pause', run: run.current }), [send]);
  const resume = useCallback(() => {
    setState((previous) => ({ ...previous, status: 'running' }));
    send({ type: 'resume', run: run.current });
  }, [send]);
  const reset = useCallback(() => {
    run.current++;
    const fresh = idle<Spec>(run.current);
    histories.current = fresh;
    setState(fresh);
    if (worker.current) send({ type: 'reset' });
  }, [send]);

  return { state, start, pause, resume, reset };
}
