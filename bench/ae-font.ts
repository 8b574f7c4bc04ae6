/**
 * Speed benchmark (issue 2, item 3): trains the study's ae-font setting (35-20-2-20-35, tanh on
 * every layer, MSE, Adam lr 0.0005, full batch of the 32 glyphs of font table 3) for the same
 * epochs from the same initial parameters in latentlab's wasm and reference engines, PyTorch and
 * NumPy, in one run, and prints ms/epoch, GFLOP/s and same-run ratios.
 * Usage: npm run bench [-- --epochs N --rounds R]
 */
import { fontTable } from '../src/data/font.js';
import type { EngineOptions, TrainingEngine } from '../src/nn/engine.js';
import { initialParameters, parameterCount, type NetworkSpec } from '../src/nn/network.js';
import { optimizerSettings } from '../src/nn/optimizers.js';
import { ReferenceEngine } from '../src/nn/reference-engine.js';
import { WasmEngine } from '../src/nn/wasm-engine.js';
import { Rng } from '../src/tensor/rng.js';
import { cpuModel, flopsPerEpoch, integerFlag, median } from './measure.js';
import { ensurePythonPackages, pythonBlas, runPython } from './python.js';

const TARGET_SPEEDUP = 5;

interface Timing {
  name: string;
  /** ms per epoch of each timed round; the median counts. */
  roundMs: number[];
  finalLoss: number;
}

const epochs = integerFlag('epochs', 3000);
const rounds = integerFlag('rounds', 3);
const warmup = 1000;
const network: NetworkSpec = { sizes: [35, 20, 2, 20, 35], activations: ['tanh', 'tanh', 'tanh', 'tanh'], loss: 'mse', initializer: 'glorot-uniform' };
const inputs = fontTable(3).inputs;
const options: EngineOptions = { network, optimizer: { name: 'adam', lr: 0.0005 }, batchSize: inputs.rows, rows: inputs.rows };
const start = initialParameters(network, new Rng(1));

function timeEngine(name: string, create: (o: EngineOptions) => TrainingEngine): Timing {
  const train = (count: number): { engine: TrainingEngine; loss: number } => {
    const engine = create(options);
    engine.setParameters(start);
    engine.setData(inputs, inputs);
    let loss = NaN;
    for (let e = 0; e < count; e++) loss = engine.trainEpoch(null);
    return { engine, loss };
  };
  train(warmup);
  const roundMs: number[] = [];
  let finalLoss = NaN;
  for (let r = 0; r < rounds; r++) {
    const begin = performance.now();
    finalLoss = train(epochs).loss;
    roundMs.push((performance.now() - begin) / epochs);
  }
  return { name, roundMs, finalLoss };
}

ensurePythonPackages();
const adam = optimizerSettings(options.optimizer);
const job = { sizes: network.sizes, inputs: inputs.toRows(), params: Array.from(start), lr: adam.lr, beta1: adam.beta1, beta2: adam.beta2, epsilon: adam.epsilon, epochs, warmup, rounds };
const flops = flopsPerEpoch(network.sizes, options.rows, options.batchSize, parameterCount(network));

console.log('ae-font speed benchmark: 35-20-2-20-35, tanh on every layer, MSE, Adam lr 0.0005, full batch of 32 glyphs (font table 3)');
console.log(`${cpuModel()}; Node ${process.version}; Python BLAS: ${pythonBlas()}`);
console.log(`each: ${warmup} warm-up epochs, then ${rounds} rounds of ${epochs} epochs from the same initial parameters (median round counts)`);
console.log(`FLOPs per epoch: ${flops} (per row and layer n->m: 6nm + 2m, minus 2nm on the first layer; Adam 10 per parameter per step)\n`);

const torch = runPython('torch_ae.py', job);
const numpy = runPython('numpy_ae.py', job);
const timings: Timing[] = [
  timeEngine('latentlab wasm (f32 SIMD)', (o) => new WasmEngine(o)),
  timeEngine('latentlab reference (f64 TS)', (o) => new ReferenceEngine(o)),
  { ...torch, name: `${torch.name} ${torch.version}` },
  { ...numpy, name: `${numpy.name} ${numpy.version}` },
];

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
