import { helperSource, threadedKernelsModules, type KernelJob, type KernelThreads } from './kernel-threads.js';

const workerSource = `
${helperSource}
let modules = null;
onmessage = (event) => {
  if (event.data.modules) {
    modules = event.data.modules;
    postMessage({ ready: true });
    return;
  }
  const failure = kernelJob(modules, event.data);
  if (failure) postMessage({ failure });
};
`;

/**
 * Whether this browser context can run kernel threads: the page is cross-origin isolated (so wasm
 * memory can be shared) and this is a worker (a page's main thread may not wait on a barrier).
 */
export function canUseWebKernelThreads(): boolean {
  return globalThis.crossOriginIsolated === true && typeof (globalThis as { importScripts?: unknown }).importScripts === 'function';
}

/**
 * Kernel threads on Web Workers, for the worker that trains: resolves once every helper holds the
 * kernels (a browser starts a worker only when its creator returns to its event loop, so they must
 * be ready before the creator blocks on a barrier), or to null where threads cannot run (then
 * everything runs on one thread). `helpers` defaults to one per core beyond the first.
 */
export async function webKernelThreads(helpers = (globalThis.navigator?.hardwareConcurrency ?? 1) - 1): Promise<KernelThreads | null> {
  if (!canUseWebKernelThreads() || helpers < 1) return null;
  const url = URL.createObjectURL(new Blob([workerSource], { type: 'text/javascript' }));
  let failure: string | null = null;
  const modules = threadedKernelsModules();
  const workers = await Promise.all(
    Array.from(
      { length: helpers },
      () =>
        new Promise<Worker>((resolve, reject) => {
          const worker = new Worker(url);
          worker.onmessage = (event: MessageEvent<{ ready?: boolean; failure?: string }>) => {
            if (event.data.ready) resolve(worker);
            else failure ??= event.data.failure ?? 'unknown failure';
          };
          worker.onerror = (event) => {
            failure ??= event.message;
            reject(new Error(`a kernel thread did not start: ${event.message}`));
          };
          worker.postMessage({ modules });
        }),
    ),
  ).finally(() => URL.revokeObjectURL(url));
  return {
    helpers,
    get failure() {
      return failure;
    },
    start(job: KernelJob) {
      for (let h = 1; h < job.threads; h++) workers[h - 1].postMessage({ ...job, thread: h });
    },
    release(key: number) {
      workers.forEach((worker) => worker.postMessage({ release: key }));
    },
  };
}
