/**
 * Training speed in the page next to Node (issue 15): the wasm engine trains ae-font (35-20-2-20-35,
 * full batch of the 32 glyphs of font table 3) and the 784-wide autoencoder 784-512-256-2-256-512-784
 * (batches of 256 over MNIST digits), each on one thread and on two, in a module worker of a
 * cross-origin-isolated page (Vite's dev server with web/vite.config.ts's COOP/COEP headers, headless
 * Debian chromium) and in Node, interleaved round by round. Prints epochs/s and the page/Node ratios,
 * then one JSON line. The explorer's own view (its form, its worker) is timed by test/e2e/speed.ts.
 * Usage: npx tsx bench/page-speed.ts [--rounds 3 --mnist-rows 2048]
 */
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createServer } from 'vite';
import { fontTable } from '../src/data/font.js';
import { configureKernels } from '../src/io/kernel-build.js';
import { mnistPackageDataset } from '../src/io/mnist-package.js';
import { nodeKernelThreads } from '../src/io/node-kernel-threads.js';
import { initialParameters, type NetworkSpec } from '../src/nn/network.js';
import { WasmEngine } from '../src/nn/wasm-engine.js';
import type { Matrix } from '../src/tensor/matrix.js';
import { Rng } from '../src/tensor/rng.js';
import { kernelBuild } from '../src/tensor/wasm/loader.js';
import { CHROMIUM } from '../test/e2e/browser.js';
import { cpuModel, integerFlag, median, printFigures } from './measure.js';
import type { PageSpeedAnswer, PageSpeedJob } from './page-speed-worker.js';

configureKernels();
const rounds = integerFlag('rounds', 3);
const mnistRows = integerFlag('mnist-rows', 2048);
const root = join(import.meta.dirname, '..');

interface Workload {
  name: string;
  network: NetworkSpec;
  batchSize: number;
  inputs: Matrix;
  warmupEpochs: number;
  epochs: number;
}

const tanh = (layers: number) => Array.from({ length: layers }, () => 'tanh' as const);
const font = fontTable(3).inputs;
const digits = mnistPackageDataset(mnistRows).inputs;
const workloads: Workload[] = [
  { name: 'ae-font', network: { sizes: [35, 20, 2, 20, 35], activations: tanh(4), loss: 'mse', initializer: 'glorot-uniform' }, batchSize: 32, inputs: font, warmupEpochs: 1000, epochs: 3000 },
  { name: `mnist 784-512-256-2-256-512-784, ${mnistRows} digits`, network: { sizes: [784, 512, 256, 2, 256, 512, 784], activations: tanh(6), loss: 'mse', initializer: 'glorot-uniform' }, batchSize: 256, inputs: digits, warmupEpochs: 1, epochs: 2 },
];

/** Node: the same training on the wasm engine with `helpers` kernel threads. */
function nodeRound(workload: Workload, helpers: number): { epochsPerSecond: number; threads: number } {
  const engine = new WasmEngine(
    { network: workload.network, optimizer: { name: 'adam', lr: 0.001 }, batchSize: workload.batchSize, rows: workload.inputs.rows },
    { threads: helpers > 0 ? nodeThreads : null },
  );
  engine.setParameters(initialParameters(workload.network, new Rng(1)));
  engine.setData(workload.inputs, workload.inputs);
  for (let e = 0; e < workload.warmupEpochs; e++) engine.trainEpoch(null);
  const begin = performance.now();
  for (let e = 0; e < workload.epochs; e++) engine.trainEpoch(null);
  return { epochsPerSecond: (1000 * workload.epochs) / (performance.now() - begin), threads: engine.threads };
}
const nodeThreads = nodeKernelThreads(1);

const server = await createServer({ configFile: join(root, 'web/vite.config.ts'), logLevel: 'warn', server: { port: 0, fs: { allow: [root] } } });
await server.listen();
const url = server.resolvedUrls?.local[0];
if (!url) throw new Error('vite did not report its address');
const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
const results: { workload: string; threads: number; page: number[]; node: number[]; pageThreads: number; nodeThreads: number }[] = [];
try {
  const page = await browser.newPage();
  await page.goto(url);
  const isolated = await page.evaluate(() => globalThis.crossOriginIsolated);
  if (!isolated) throw new Error('the dev server page is not cross-origin isolated: check the COOP/COEP headers in web/vite.config.ts');
  const workerUrl = `/@fs${join(root, 'bench/page-speed-worker.ts')}`;
  console.log(`page speed benchmark: the wasm engine in a module worker of a cross-origin-isolated page (headless ${await browser.version()}) and in Node ${process.version}`);
  console.log(`${cpuModel()}; kernels ${kernelBuild()} in Node; load average ${loadavg()[0].toFixed(1)} at the start; ${rounds} interleaved rounds (page, then Node), median counts\n`);
  for (const workload of workloads) {
    for (const helpers of [0, 1]) {
      const row = { workload: workload.name, threads: helpers + 1, page: [] as number[], node: [] as number[], pageThreads: 1, nodeThreads: 1 };
      for (let r = 0; r < rounds; r++) {
        const job: PageSpeedJob = {
          network: workload.network, batchSize: workload.batchSize, rows: workload.inputs.rows, cols: workload.inputs.cols,
          inputs: Array.from(workload.inputs.data), helpers, warmupEpochs: workload.warmupEpochs, epochs: workload.epochs, rounds: 1,
        };
        const answer = await page.evaluate(
          ({ workerUrl, job }) =>
            new Promise<PageSpeedAnswer>((resolve, reject) => {
              const worker = new Worker(workerUrl, { type: 'module' });
              worker.onmessage = (event: MessageEvent<PageSpeedAnswer>) => {
                worker.terminate();
                resolve(event.data);
              };
              worker.onerror = (event) => reject(new Error(event.message));
              worker.postMessage(job);
            }),
          { workerUrl, job },
        );
        row.page.push(...answer.epochsPerSecond);
        row.pageThreads = answer.threads;
        const node = nodeRound(workload, helpers);
        row.node.push(node.epochsPerSecond);
        row.nodeThreads = node.threads;
        if (r === 0) console.log(`  (${workload.name}, ${helpers + 1} thread${helpers ? 's' : ''}: page kernels ${answer.kernels}, engine threads page ${answer.threads} / Node ${node.threads})`);
      }
      results.push(row);
    }
  }
} finally {
  await browser.close();
  await server.close();
}

console.log(`\n${'workload'.padEnd(44)}${'threads'.padStart(8)}${'page epochs/s'.padStart(15)}${'Node epochs/s'.padStart(15)}${'page / Node'.padStart(13)}`);
for (const r of results) {
  const page = median(r.page);
  const node = median(r.node);
  console.log(`${r.workload.padEnd(44)}${String(r.threads).padStart(8)}${page.toFixed(1).padStart(15)}${node.toFixed(1).padStart(15)}${(page / node).toFixed(2).padStart(13)}`);
}
console.log(`load average ${loadavg()[0].toFixed(1)} at the end`);
printFigures('page-speed', {
  results: results.map((r) => ({ ...r, pageMedian: median(r.page), nodeMedian: median(r.node), pageOverNode: median(r.page) / median(r.node) })),
});
