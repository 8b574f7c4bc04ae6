/**
 * Speed benchmark (issue 2, item 3): trains the study's ae-font setting (35-20-2-20-35, tanh on
 * every layer, MSE, Adam lr 0.0005, full batch of the 32 glyphs of font table 3) for the same
 * epochs from the same initial parameters in latentlab's wasm and reference engines, PyTorch and
 * NumPy, in one run, and prints ms/epoch, GFLOP/s and same-run ratios.
 * Usage: npm run bench [-- --epochs N --rounds R]
 */
import { fontTable } from '../src/data/font.js';
import { configureKernels } from '../src/io/kernel-build.js';
import type { EngineOptions, TrainingEngine } from '../src/nn/engine.js';
import { initialParameters, parameterCount, type NetworkSpec } from '../src/nn/network.js';
import { optimizerSettings } from '../src/nn/optimizers.js';
import { ReferenceEngine } from '../src/nn/reference-engine.js';
import { WasmEngine } from '../src/nn/wasm-engine.js';
import { Rng } from '../src/tensor/rng.js';
import { kernelBuild } from '../src/tensor/wasm/loader.js';
import { cpuModel, flopsPerEpoch, integerFlag, median, printFigures } from './measure.js';
import { ensurePythonPackages, pythonBlas, runPython } from './python.js';

const TARGET_SPEEDUP = 6;

interface Timing {
  name: string;
  /** ms per epoch of each timed round; the median counts. */
  roundMs: number[];
  finalLoss: number;
}

configureKernels();
const epochs = integerFlag('epochs', 3000);
const rounds = integerFlag('rounds', 5);
const warmup = 1000;
const network: NetworkSpec = { sizes: [35, 20, 2, 20, 35], activations: ['tanh', 'tanh', 'tanh', 'tanh'], loss: 'mse', initializer: 'glorot-uniform' };
const inputs = fontTable(3).inputs;
const options: EngineOptions = { network, optimizer: { name: 'adam', lr: 0.0005 }, batchSize: inputs.rows, rows: inputs.rows };
const start = initialParameters(network, new Rng(1));

/** One implementation under test: it trains one timed round at a time, so the rounds of all of them can be interleaved. */
interface Contender extends Timing {
  round(): void;
}

/** A latentlab engine: warmed up once, then each round trains a fresh engine from the initial parameters. */
function engineContender(name: string, create: (o: EngineOptions) => TrainingEngine): Contender {
  const train = (count: number): number => {
    const engine = create(options);
    engine.setParameters(start);
    engine.setData(inputs, inputs);
    let loss = NaN;
    for (let e = 0; e < count; e++) loss = engine.trainEpoch(null);
    return loss;
  };
  train(warmup);
  const contender: Contender = {
    name,
    roundMs: [],
    finalLoss: NaN,
    round() {
      const begin = performance.now();
      contender.finalLoss = train(epochs);
      contender.roundMs.push((performance.now() - begin) / epochs);
    },
  };
  return contender;
}

/** A Python implementation: each round is a fresh process that warms up, then trains one timed round. */
function pythonContender(script: string): Contender {
  const contender: Contender = {
    name: script,
    roundMs: [],
    finalLoss: NaN,
    round() {
      const timing = runPython(script, { ...job, rounds: 1 });
      contender.name = `${timing.name} ${timing.version}`;
      contender.roundMs.push(...timing.roundMs);
      contender.finalLoss = timing.finalLoss;
    },
  };
  return contender;
}

ensurePythonPackages();
const adam = optimizerSettings(options.optimizer);
const job = { sizes: network.sizes, inputs: inputs.toRows(), params: Array.from(start), lr: adam.lr, beta1: adam.beta1, beta2: adam.beta2, epsilon: adam.epsilon, epochs, warmup, rounds };
const flops = flopsPerEpoch(network.sizes, options.rows, options.batchSize, parameterCount(network));

console.log('ae-font speed benchmark: 35-20-2-20-35, tanh on every layer, MSE, Adam lr 0.0005, full batch of 32 glyphs (font table 3)');
console.log(`${cpuModel()}; Node ${process.version}; Python BLAS: ${pythonBlas()}`);
console.log(`each: ${warmup} warm-up epochs, then ${rounds} interleaved rounds of ${epochs} epochs from the same initial parameters (median round counts)`);
console.log(`FLOPs per epoch: ${flops} (per row and layer n->m: 6nm + 2m, minus 2nm on the first layer; Adam 10 per parameter per step)\n`);

// Rounds are interleaved (each contender once per cycle) so that a shared machine's changing load falls on all alike.
const timings: Contender[] = [
  engineContender(`latentlab wasm (f32 ${kernelBuild()})`, (o) => new WasmEngine(o)),
  engineContender('latentlab reference (f64 TS)', (o) => new ReferenceEngine(o)),
  pythonContender('torch_ae.py'),
  pythonContender('numpy_ae.py'),
  engineContender('latentlab wasm (f32 simd)', (o) => new WasmEngine(o, { build: 'simd' })),
];
for (let r = 0; r < rounds; r++) for (const contender of timings) contender.round();

const wasmMs = median(timings[0].roundMs);
console.log(`${'implementation'.padEnd(36)}${'ms/epoch'.padStart(10)}${'GFLOP/s'.padStart(9)}${'x wasm time'.padStart(13)}${'final loss'.padStart(12)}   rounds (ms/epoch)`);
for (const t of timings) {
  const ms = median(t.roundMs);
  console.log(
    `${t.name.padEnd(36)}${ms.toFixed(4).padStart(10)}${(flops / ms / 1e6).toFixed(2).padStart(9)}${(ms / wasmMs).toFixed(1).padStart(13)}` +
      `${t.finalLoss.toFixed(5).padStart(12)}   ${t.roundMs.map((x) => x.toFixed(4)).join(' ')}`,
  );
}
const rival = [timings[2], timings[3]].reduce((a, b) => (median(a.roundMs) <= median(b.roundMs) ? a : b));
const speedup = median(rival.roundMs) / wasmMs;
console.log(`\nlatentlab wasm vs the faster of PyTorch and NumPy (${rival.name}): ${speedup.toFixed(1)}x faster (target ${TARGET_SPEEDUP}x: ${speedup >= TARGET_SPEEDUP ? 'met' : 'NOT met'})`);
console.log(`latentlab wasm vs latentlab reference: ${(median(timings[1].roundMs) / wasmMs).toFixed(1)}x faster`);
console.log(`latentlab wasm ${kernelBuild()} vs plain simd: ${(median(timings[4].roundMs) / wasmMs).toFixed(2)}x faster`);
printFigures('ae-font', {
  msPerEpoch: Object.fromEntries(timings.map((t) => [t.name, median(t.roundMs)])),
  gflops: flops / wasmMs / 1e6,
  speedupVsFasterPython: speedup,
  fasterPython: rival.name,
  speedupVsTorch: median(timings[2].roundMs) / wasmMs,
  speedupVsNumpy: median(timings[3].roundMs) / wasmMs,
  speedupVsReference: median(timings[1].roundMs) / wasmMs,
  speedupVsPlainSimd: median(timings[4].roundMs) / wasmMs,
  target: TARGET_SPEEDUP,
  met: speedup >= TARGET_SPEEDUP,
});
