import { setKernelThreads } from '../../../src/nn/kernel-threads.js';
import { webKernelThreads } from '../../../src/nn/web-kernel-threads.js';
import { addOwnDataset } from './page-datasets.js';
import type { WorkerReport, WorkerRequest } from './worker-messages.js';
import { WorkerRun } from './worker-run.js';

/**
 * The training worker: one run at a time, of any kind, trained in slices (worker-run.ts) with a
 * report after a slice at most every REPORT_MS, so pause, resume, save and reset are answered within
 * a slice and the page never freezes. Only this worker imports the training engines: the WebAssembly
 * engine compiles its module synchronously, which browsers allow only in workers. When the page is
 * cross-origin isolated (the dev server and `npm run serve:web` send COOP/COEP), the kernels get a
 * helper thread per further core, and wide layers are split over them.
 */

/** Reports go out at most this often (and at pauses and the end), so the page draws at its own pace. */
const REPORT_MS = 60;

let current: WorkerRun | null = null;
let reportedAt = 0;
/** The next slice queued: a message to ourselves, or a timer while a paced run waits for its next epoch. */
let queued: 'tick' | 'timer' | null = null;
let waiting: ReturnType<typeof setTimeout> | undefined;
// A message to ourselves queues the next slice behind any waiting request (setTimeout would add 4 ms per slice).
const tick = new MessageChannel();
tick.port1.onmessage = trainSlice;

// Requests wait until the kernel threads are ready (or known to be impossible), in the order they came.
const threadsReady = webKernelThreads().then(setKernelThreads, () => setKernelThreads(null));
self.onmessage = (event: MessageEvent<WorkerRequest>) => void threadsReady.then(() => handle(event.data));

function handle(request: WorkerRequest): void {
  switch (request.type) {
    case 'reset':
      current = null;
      return;
    case 'start':
    case 'resume':
      try {
        if (request.dataset) addOwnDataset(request.dataset);
        current = request.type === 'start' ? WorkerRun.start(request) : WorkerRun.resume(request);
      } catch (error) {
        current = null;
        post({ type: 'failure', run: request.run, message: (error as Error).message });
        return;
      }
      report(current);
      schedule(current);
      return;
    case 'save':
      post(current?.id === request.run ? { type: 'model-file', run: request.run, text: current.run.modelFile() } : { type: 'model-file', run: request.run, error: 'this run is over in the worker (it failed or was reset): there is no model file to save' });
      return;
    case 'pause':
    case 'unpause':
    case 'step':
    case 'speed':
    case 'want-model':
      if (current?.id === request.run) steer(current, request);
  }
}

/** Pause, unpause, step, pace or ask for the model of the run in the worker. */
function steer(running: WorkerRun, request: Extract<WorkerRequest, { type: 'pause' | 'unpause' | 'step' | 'speed' | 'want-model' }>): void {
  if (request.type === 'want-model') {
    running.modelWanted = true;
    return;
  }
  if (running.run.finished) return;
  try {
    if (request.type === 'speed') running.setSpeed(request.speed, performance.now());
    else if (request.type === 'step') running.step(request.epochs);
    else {
      running.paused = request.type === 'pause';
      running.pauseAt = null;
    }
  } catch (error) {
    post({ type: 'failure', run: running.id, message: (error as Error).message });
    return;
  }
  if (running.paused) {
    // The pause is told at once; the model (copied twice: a wide network takes a while) follows.
    report(running, false);
    report(running);
  } else schedule(running);
}

/** The next slice: at once, or when the run's pace allows its next epoch. */
function schedule(running: WorkerRun): void {
  if (queued === 'tick') return;
  clearTimeout(waiting);
  const wait = running.waitMs(performance.now());
  if (wait > 0) {
    queued = 'timer';
    waiting = setTimeout(trainSlice, wait);
  } else {
    queued = 'tick';
    tick.port2.postMessage(null);
  }
}

function trainSlice(): void {
  queued = null;
  const running = current;
  if (!running || running.status !== 'running') return;
  try {
    running.trainSlice();
  } catch (error) {
    current = null;
    // The epochs before the failure (a divergence) still reach the loss chart.
    report(running);
    post({ type: 'failure', run: running.id, message: (error as Error).message });
    return;
  }
  if (running.status !== 'running' || performance.now() - reportedAt >= REPORT_MS) report(running);
  if (running.status === 'running') schedule(running);
}

function report(running: WorkerRun, withModel?: boolean): void {
  reportedAt = performance.now();
  const { report: progress, transfer } = running.report(withModel);
  post(progress, transfer);
}

function post(message: WorkerReport, transfer: Transferable[] = []): void {
  self.postMessage(message, { transfer });
}
