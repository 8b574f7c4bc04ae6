// The page side of bench/page-speed.ts: a module worker (served by Vite's dev server, which
// compiles this file) that trains a network on the wasm engine with `helpers` kernel threads, as
// the explorer's training worker does, and answers with its epochs per second.
import { setKernelThreads } from '../src/nn/kernel-threads.js';
import type { NetworkSpec } from '../src/nn/network.js';
import { initialParameters } from '../src/nn/network.js';
import { WasmEngine } from '../src/nn/wasm-engine.js';
import { webKernelThreads } from '../src/nn/web-kernel-threads.js';
import { kernelBuild } from '../src/tensor/wasm/loader.js';
import { Matrix } from '../src/tensor/matrix.js';
import { Rng } from '../src/tensor/rng.js';

export interface PageSpeedJob {
  network: NetworkSpec;
  batchSize: number;
  rows: number;
  cols: number;
  /** rows x cols values, row-major (a plain array: the page's evaluate() passes JSON). */
  inputs: number[];
  helpers: number;
  warmupEpochs: number;
  epochs: number;
  rounds: number;
}

export interface PageSpeedAnswer {
  threads: number;
  kernels: string;
  crossOriginIsolated: boolean;
  /** Epochs per second of each round. */
  epochsPerSecond: number[];
}

self.onmessage = async (event: MessageEvent<PageSpeedJob>) => {
  const job = event.data;
  const threads = job.helpers > 0 ? await webKernelThreads(job.helpers) : null;
  if (job.helpers > 0 && !threads) throw new Error('no kernel threads: the page is not cross-origin isolated');
  setKernelThreads(threads);
  const inputs = new Matrix(job.rows, job.cols, Float64Array.from(job.inputs));
  const start = initialParameters(job.network, new Rng(1));
  const engineFor = (): WasmEngine => {
    const engine = new WasmEngine({ network: job.network, optimizer: { name: 'adam', lr: 0.001 }, batchSize: job.batchSize, rows: job.rows });
    engine.setParameters(start);
    engine.setData(inputs, inputs);
    return engine;
  };
  const warm = engineFor();
  for (let e = 0; e < job.warmupEpochs; e++) warm.trainEpoch(null);
  const epochsPerSecond: number[] = [];
  let used = warm.threads;
  for (let r = 0; r < job.rounds; r++) {
    const engine = engineFor();
    used = engine.threads;
    const begin = performance.now();
    for (let e = 0; e < job.epochs; e++) engine.trainEpoch(null);
    epochsPerSecond.push((1000 * job.epochs) / (performance.now() - begin));
  }
  const answer: PageSpeedAnswer = { threads: used, kernels: kernelBuild(), crossOriginIsolated: globalThis.crossOriginIsolated === true, epochsPerSecond };
  self.postMessage(answer);
};
