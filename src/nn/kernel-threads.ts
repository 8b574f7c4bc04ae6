import { hasRelaxedSimd, kernelBuilds, threadedKernelsModule, type KernelBuild } from '../tensor/wasm/loader.js';

/**
 * Helper threads for the wasm kernels (assembly/team.ts): a network whose layers are wide enough
 * splits each product's output columns among the calling thread and the helpers. The Node
 * implementation is in node-kernel-threads.ts, the browser's in web-kernel-threads.ts; nothing
 * here depends on either.
 */

/** One operation for the helpers: each runs the kernels' run(op, plan, rows, thread, threads). */
export interface KernelJob {
  /** Names the network: a helper instantiates the threaded kernels over `memory` once per key. */
  key: number;
  /** Which build of the kernels the network runs (a helper holds the modules of both). */
  build: KernelBuild;
  memory: WebAssembly.Memory;
  op: number;
  plan: number;
  rows: number;
  /** Threads of the team: the caller is thread 0, helper h is thread h + 1. */
  threads: number;
}

export interface KernelThreads {
  /** Helper threads (the calling thread makes one more). */
  readonly helpers: number;
  /** Starts helpers 1 .. job.threads - 1 on the job and returns at once: the caller then runs thread 0. */
  start(job: KernelJob): void;
  /** Lets the helpers drop their instance for a key (its network is gone). */
  release(key: number): void;
  /** The message of the first error a helper reported, if any. */
  readonly failure: string | null;
}

let processThreads: KernelThreads | null = null;

/** The kernel threads networks use unless told otherwise (like torch.set_num_threads): none until set. */
export function setKernelThreads(threads: KernelThreads | null): void {
  processThreads = threads;
}

export function kernelThreads(): KernelThreads | null {
  return processThreads;
}

/** The threaded kernels of every build this runtime runs, by build: what a helper is given as it starts. */
export function threadedKernelsModules(): Partial<Record<KernelBuild, WebAssembly.Module>> {
  const builds = kernelBuilds.filter((build) => build !== 'fma' || hasRelaxedSimd());
  return Object.fromEntries(builds.map((build) => [build, threadedKernelsModule(build)]));
}

/**
 * The helper's side, as JavaScript source shared by both implementations: `kernelJob(modules, job)`
 * runs one job (or a {release: key} message) and returns an error message or null. A helper keeps
 * the instances of its last few networks. A failed job marks the plan aborted and wakes its team
 * (offsets as in assembly/plan.ts), so no thread waits forever for it.
 */
export const helperSource = `
const instances = new Map();
const KEEP = 4;
const ABORTED = 112 / 4, BARRIER_GENERATION = 108 / 4;
function kernelJob(modules, job) {
  if (job.release !== undefined) {
    instances.delete(job.release);
    return null;
  }
  try {
    let kernels = instances.get(job.key);
    if (kernels) instances.delete(job.key);
    else kernels = new WebAssembly.Instance(modules[job.build], { env: { memory: job.memory } }).exports;
    instances.set(job.key, kernels);
    if (instances.size > KEEP) instances.delete(instances.keys().next().value);
    kernels.run(job.op, job.plan, job.rows, job.thread, job.threads);
    return null;
  } catch (error) {
    const words = new Int32Array(job.memory.buffer, job.plan, 32);
    Atomics.store(words, ABORTED, 1);
    Atomics.add(words, BARRIER_GENERATION, 1);
    Atomics.notify(words, BARRIER_GENERATION);
    return String(error && error.stack || error);
  }
}
`;
