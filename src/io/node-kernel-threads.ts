import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import { helperSource, threadedKernelsModules, type KernelJob, type KernelThreads } from '../nn/kernel-threads.js';

const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
${helperSource}
parentPort.on('message', (job) => {
  const failure = kernelJob(workerData.modules, job);
  if (failure) parentPort.postMessage(failure);
});
`;

/**
 * Kernel threads on Node worker_threads: `helpers` workers (by default one per core beyond the
 * first), started on first use; they do not keep the process alive. Node's worker_threads loads
 * with the first of them too: most commands never start one, and it costs a short `train` 4 ms.
 */
export function nodeKernelThreads(helpers = availableParallelism() - 1): KernelThreads {
  if (!Number.isInteger(helpers) || helpers < 0) throw new RangeError(`helper threads must be a whole number >= 0, got ${helpers}`);
  let workers: Worker[] | null = null;
  let failure: string | null = null;
  const spawn = (): Worker[] => {
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads');
    return Array.from({ length: helpers }, () => {
      const worker = new Worker(workerSource, { eval: true, workerData: { modules: threadedKernelsModules() } });
      worker.on('message', (message: string) => {
        failure ??= message;
      });
      worker.on('error', (error) => {
        failure ??= error.message;
      });
      worker.unref();
      return worker;
    });
  };
  return {
    helpers,
    get failure() {
      return failure;
    },
    start(job: KernelJob) {
      workers ??= spawn();
      for (let h = 1; h < job.threads; h++) workers[h - 1].postMessage({ ...job, thread: h });
    },
    release(key: number) {
      workers?.forEach((worker) => worker.postMessage({ release: key }));
    },
  };
}
