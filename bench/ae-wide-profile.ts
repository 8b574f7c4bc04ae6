/**
 * Where an ae-wide batch's time goes (issue 15), on one thread and on a team of threads: each
 * layer of 784-512-256-2-256-512-784 (tanh, Adam, batches of 256) as a network of its own, its
 * forward pass (the X W product with bias and tanh in its epilogue), backward pass (dW and db, and
 * dX times tanh' except on the first layer) and Adam step timed one by one, against the whole
 * network's epoch per batch; the difference is what the epoch does beside the layers (gathering the
 * batch, the loss and its delta, the barriers between phases). Each figure is the median of
 * `--rounds` rounds of about 0.2 s, wall-clock ms and CPU ms (every thread of the process).
 * Usage: npx tsx bench/ae-wide-profile.ts [--rounds 7] [--threads 2] (--threads 1: one thread only)
 */
import { loadavg } from 'node:os';
import { configureKernels } from '../src/io/kernel-build.js';
import { nodeKernelThreads } from '../src/io/node-kernel-threads.js';
import type { KernelThreads } from '../src/nn/kernel-threads.js';
import { initialParameters, type NetworkSpec } from '../src/nn/network.js';
import { WasmEngine } from '../src/nn/wasm-engine.js';
import { WasmNetwork } from '../src/nn/wasm-network.js';
import { mnistPackageDataset } from '../src/io/mnist-package.js';
import { Rng } from '../src/tensor/rng.js';
import { kernelBuild } from '../src/tensor/wasm/loader.js';
import { cpuModel, integerFlag, median, printFigures } from './measure.js';

configureKernels();
const rounds = integerFlag('rounds', 7);
const teamThreads = integerFlag('threads', 2);
const batchSize = 256;
const rows = 5120;
const sizes = [784, 512, 256, 2, 256, 512, 784];
const optimizer = { name: 'adam' as const, lr: 1e-9 };

const inputs = mnistPackageDataset(rows).inputs;
const spec = (widths: number[]): NetworkSpec => ({ sizes: widths, activations: widths.slice(1).map(() => 'tanh'), loss: 'mse', initializer: 'glorot-uniform' });

/** One layer n -> m as a network of its own on the wasm kernels, with random batch inputs and output deltas (a tiny learning rate keeps the parameters where they are). */
function layerNetwork(n: number, m: number, withInputGradient: boolean, threads: KernelThreads | null): WasmNetwork {
  const network = spec([n, m]);
  const net = new WasmNetwork({ network, optimizer, batchSize, rows: 0, withInputGradient, tuning: { threads } });
  net.setParameters(initialParameters(network, new Rng(1)));
  const rng = new Rng(2);
  const fill = (at: number, floats: number) => {
    for (let i = at / 4; i < at / 4 + floats; i++) net.floats[i] = rng.between(-1, 1);
  };
  fill(net.layout.batchInputs, batchSize * n);
  fill(net.layout.layers[0].delta, batchSize * m);
  return net;
}

/** Median wall and CPU ms of `call`, over rounds of about 0.2 s (after a warm-up), divided by `perCall`. */
function time(call: () => void, perCall = 1): { ms: number; cpuMs: number } {
  let warmups = 0;
  const warmupBegin = performance.now();
  for (; performance.now() - warmupBegin < 50; warmups++) call();
  const calls = Math.max(1, Math.round((warmups * 200) / (performance.now() - warmupBegin)));
  const ms: number[] = [];
  const cpuMs: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const begin = performance.now();
    const cpu = process.cpuUsage();
    for (let c = 0; c < calls; c++) call();
    const { user, system } = process.cpuUsage(cpu);
    ms.push((performance.now() - begin) / calls / perCall);
    cpuMs.push((user + system) / 1000 / calls / perCall);
  }
  return { ms: median(ms), cpuMs: median(cpuMs) };
}

interface Row {
  phase: string;
  /** Multiply-adds of the phase's products, per batch. */
  madds: number;
  ms: number;
  cpuMs: number;
}

function profile(threads: KernelThreads | null): { rows: Row[]; used: number } {
  const table: Row[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const [n, m] = [sizes[l], sizes[l + 1]];
    const net = layerNetwork(n, m, l > 0, threads);
    const name = `layer ${n}->${m}`;
    table.push({ phase: `${name} forward`, madds: batchSize * n * m, ...time(() => net.run('forward', batchSize)) });
    table.push({ phase: `${name} backward${l > 0 ? '' : ' (no dX)'}`, madds: batchSize * n * m * (l > 0 ? 2 : 1), ...time(() => net.run('backward', batchSize)) });
    table.push({ phase: `${name} Adam`, madds: 0, ...time(() => net.run('step')) });
  }
  const whole = new WasmEngine({ network: spec(sizes), optimizer, batchSize, rows }, { threads });
  whole.setParameters(initialParameters(spec(sizes), new Rng(1)));
  whole.setData(inputs, inputs);
  const epoch = { phase: 'whole epoch, per batch', madds: table.reduce((sum, row) => sum + row.madds, 0), ...time(() => whole.trainEpoch(null), rows / batchSize) };
  const layersMs = table.reduce((sum, row) => sum + row.ms, 0);
  const layersCpuMs = table.reduce((sum, row) => sum + row.cpuMs, 0);
  table.push({ phase: 'the layers above, summed', madds: epoch.madds, ms: layersMs, cpuMs: layersCpuMs });
  table.push({ phase: 'rest (batch, loss, barriers)', madds: 0, ms: epoch.ms - layersMs, cpuMs: epoch.cpuMs - layersCpuMs });
  table.push(epoch);
  return { rows: table, used: whole.threads };
}

console.log(`ae-wide profile: ${sizes.join('-')}, batches of ${batchSize}; ${cpuModel()}; Node ${process.version}; kernels ${kernelBuild()}; load average ${loadavg()[0].toFixed(1)} at the start`);
const single = profile(null);
const team = teamThreads > 1 ? profile(nodeKernelThreads(teamThreads - 1)) : null;
const gflops = (row: Row) => (row.madds ? ((2 * row.madds) / row.ms / 1e6).toFixed(1) : '');
const columns = (row: Row) => `${row.ms.toFixed(3).padStart(9)}${row.cpuMs.toFixed(2).padStart(7)}${gflops(row).padStart(9)}`;
console.log(
  `${'phase (ms per batch of 256)'.padEnd(36)}${'1 thread'.padStart(9)}${'CPU'.padStart(7)}${'GFLOP/s'.padStart(9)}` +
    (team ? `${`${team.used} thr`.padStart(9)}${'CPU'.padStart(7)}${'GFLOP/s'.padStart(9)}${'speed-up'.padStart(9)}` : ''),
);
single.rows.forEach((row, i) => {
  const other = team?.rows[i];
  console.log(`${row.phase.padEnd(36)}${columns(row)}${other ? `${columns(other)}${(row.ms / other.ms).toFixed(2).padStart(8)}x` : ''}`);
});
console.log(`load average ${loadavg()[0].toFixed(1)} at the end`);
const byPhase = (table: Row[]) => Object.fromEntries(table.map((row) => [row.phase, { ms: row.ms, cpuMs: row.cpuMs }]));
printFigures('ae-wide-profile', { batchSize, threads: team?.used ?? 1, oneThread: byPhase(single.rows), ...(team ? { team: byPhase(team.rows) } : {}) });
