import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import type { AutoencoderRunSpec } from '../../../src/experiments/autoencoder-spec.js';
import { LossHistory } from './loss-history.js';
import type { RunStatus, WorkerReport, WorkerRequest } from './worker-messages.js';

export interface TrainingState {
  /** Increments with every start and reset; reports of older runs are dropped. */
  run: number;
  status: 'idle' | RunStatus | 'failed';
  spec: AutoencoderRunSpec | null;
  epoch: number;
  /** The loss of every epoch so far (appended to in place as reports arrive). */
  losses: LossHistory;
  parameters: Float64Array | null;
  trainSeconds: number;
  stoppedEarly: boolean;
  error: string | null;
}

const idle = (run: number): TrainingState => ({
  run,
  status: 'idle',
  spec: null,
  epoch: 0,
  losses: new LossHistory(),
  parameters: null,
  trainSeconds: 0,
  stoppedEarly: false,
  error: null,
});

/** Live training in the worker: start, pause, resume, reset, and the latest report as state. */
export function useTraining() {
  const [state, setState] = useState<TrainingState>(() => idle(0));
  const worker = useRef<Worker | null>(null);
  const run = useRef(0);
  /** The run's loss history, appended to as soon as a report arrives (state updates may be batched). */
  const losses = useRef(state.losses);

  useEffect(() => () => worker.current?.terminate(), []);

  const send = useCallback((request: WorkerRequest) => {
    if (!worker.current) {
      const created = new Worker(new URL('./training-worker.ts', import.meta.url), { type: 'module', name: 'latentlab-training' });
      created.onmessage = (event: MessageEvent<WorkerReport>) => {
        const report = event.data;
        if (report.run !== run.current) return;
        if (report.type === 'progress') losses.current.append(report.losses);
        setState((previous) =>
          report.type === 'failure'
            ? { ...previous, status: 'failed', error: report.message }
            : {
                ...previous,
                status: report.status,
                epoch: report.epoch,
                parameters: report.parameters,
                trainSeconds: report.trainSeconds,
                stoppedEarly: report.stoppedEarly,
              },
        );
      };
      created.onerror = (event) => {
        setState((previous) => ({ ...previous, status: 'failed', error: `the training worker failed: ${event.message || 'it could not start'}` }));
      };
      worker.current = created;
    }
    worker.current.postMessage(request);
  }, []);

  const start = useCallback(
    (spec: AutoencoderRunSpec) => {
      run.current++;
      const fresh = idle(run.current);
      losses.current = fresh.losses;
      setState({ ...fresh, status: 'running', spec });
      send({ type: 'start', run: run.current, spec });
    },
    [send],
  );
  const pause = useCallback(() => send({ type: 'pause', run: run.current }), [send]);
  const resume = useCallback(() => {
    setState((previous) => ({ ...previous, status: 'running' }));
    send({ type: 'resume', run: run.current });
  }, [send]);
  const reset = useCallback(() => {
    run.current++;
    const fresh = idle(run.current);
    losses.current = fresh.losses;
    setState(fresh);
    if (worker.current) send({ type: 'reset' });
  }, [send]);

  return { state, start, pause, resume, reset };
}
