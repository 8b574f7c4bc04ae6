/**
 * Speed benchmark (issue 4, item 3): trains the vae-emoji preset on emoji-8 — encoder
 * 400-200-(2+2), decoder 2-200-400, tanh hidden layers, binary cross-entropy summed over pixels
 * (from logits) + KL, Adam, full batch of the 8 emojis — for the same epochs from the same initial
 * parameters with the same reparameterization noise in latentlab's wasm and reference stacks,
 * PyTorch and NumPy, in one run, and prints ms/epoch and same-run ratios.
 * Usage: npm run bench:vae [-- --epochs N --rounds R --lr RATE]   (--lr 0.01: the study's rate)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDataset } from '../src/data/dataset-file.js';
import { configureKernels } from '../src/io/kernel-build.js';
import { fitVae } from '../src/models/vae/trainer.js';
import { Vae, type VaeSpec } from '../src/models/vae/vae.js';
import { parameterCount, type NetworkSpec } from '../src/nn/network.js';
import { optimizerSettings, type OptimizerSpec } from '../src/nn/optimizers.js';
import { vaePresets } from '../src/runs/vae/presets.js';
import type { EngineKind } from '../src/nn/engine.js';
import { Rng } from '../src/tensor/rng.js';
import { kernelBuild } from '../src/tensor/wasm/loader.js';
import { cpuModel, flopsPerEpoch, integerFlag, median, printFigures } from './measure.js';
import { ensurePythonPackages, pythonBlas, runPython, type PythonTiming } from './python.js';

const TARGET_SPEEDUP = 2.5;

interface Timing {
  name: string;
  /** ms per epoch of each timed round; the median counts. */
  roundMs: number[];
  finalLoss: number;
  /** The loss of epoch CHECK_EPOCHS of a separate short run: the same in every implementation up to float32 rounding. */
  checkLoss: number;
}

/** Long trainings amplify rounding differences (much more at lr 0.01); after 10 epochs the losses still agree to ~6 digits. */
const CHECK_EPOCHS = 10;

configureKernels();
const epochs = integerFlag('epochs', 1000);
const rounds = integerFlag('rounds', 3);
const warmup = 200;
const preset = vaePresets['vae-emoji'];
const spec: VaeSpec = preset.model;
const lrFlag = process.argv.indexOf('--lr');
const optimizer: OptimizerSpec = { ...preset.training.optimizer, ...(lrFlag >= 0 ? { lr: Number(process.argv[lrFlag + 1]) } : {}) };
if (!(optimizer.lr > 0)) throw new RangeError(`--lr must be a positive number, got ${process.argv[lrFlag + 1]}`);
const inputs = parseDataset(readFileSync(join(import.meta.dirname, '../data/emoji-8.json'), 'utf8')).dataset.inputs;
const start = Vae.create(spec, inputs.cols, new Rng(1));
/** The noise of every epoch, drawn once and replayed by every implementation: epochs x rows x latent. */
const noiseRng = new Rng(2);
const eps = Array.from({ length: epochs * inputs.rows * spec.latent }, () => noiseRng.normal());

/**
 * Useful floating-point operations of one epoch, counted as in bench/measure.ts for each network,
 * plus dLoss/dz on the decoder's first layer (the encoder's first layer needs no input gradient).
 */
function vaeFlopsPerEpoch(encoder: NetworkSpec, decoder: NetworkSpec): number {
  const rows = inputs.rows;
  return (
    flopsPerEpoch(encoder.sizes, rows, rows, parameterCount(encoder)) +
    flopsPerEpoch(decoder.sizes, rows, rows, parameterCount(decoder)) +
    rows * 2 * decoder.sizes[0] * decoder.sizes[1]
  );
}

/** One implementation under test: it trains one timed round at a time, so the rounds of all of them can be interleaved. */
interface Contender extends Timing {
  round(): void;
}

function latentlabContender(name: string, engine: EngineKind): Contender {
  const train = (count: number): number => {
    const model = new Vae(spec, inputs.cols, start.encoderParameters.slice(), start.decoderParameters.slice());
    let i = 0;
    const noise = { normal: () => eps[i++ % eps.length] };
    const { losses } = fitVae(model, inputs, { epochs: count, optimizer, engine, rng: new Rng(1), noise });
    return losses[count - 1];
  };
  const contender: Contender = {
    name,
    roundMs: [],
    finalLoss: NaN,
    checkLoss: train(CHECK_EPOCHS),
    round() {
      const begin = performance.now();
      contender.finalLoss = train(epochs);
      contender.roundMs.push((performance.now() - begin) / epochs);
    },
  };
  train(warmup);
  return contender;
}

/** A Python implementation: each round is a fresh process that warms up, then trains one timed round. */
function pythonContender(script: string): Contender {
  const contender: Contender = {
    name: script,
    roundMs: [],
    finalLoss: NaN,
    checkLoss: NaN,
    round() {
      const timing = runPython(script, { ...job, rounds: 1 }) as PythonTiming & { checkLoss: number };
      contender.name = `${timing.name} ${timing.version}`;
      contender.roundMs.push(...timing.roundMs);
      contender.finalLoss = timing.finalLoss;
      contender.checkLoss = timing.checkLoss;
    },
  };
  return contender;
}

ensurePythonPackages();
const adam = optimizerSettings(optimizer);
const job = {
  encoderSizes: start.encoderNetwork.sizes,
  decoderSizes: start.decoderNetwork.sizes,
  encoderParams: Array.from(start.encoderParameters),
  decoderParams: Array.from(start.decoderParameters),
  latent: spec.latent,
  beta: spec.beta,
  inputs: inputs.toRows(),
  eps: Array.from({ length: epochs }, (_, e) => Array.from({ length: inputs.rows }, (_, r) => eps.slice((e * inputs.rows + r) * spec.latent, (e * inputs.rows + r + 1) * spec.latent))),
  lr: adam.lr,
  beta1: adam.beta1,
  beta2: adam.beta2,
  epsilon: adam.epsilon,
  epochs,
  warmup,
  rounds,
  checkEpochs: CHECK_EPOCHS,
};
const flops = vaeFlopsPerEpoch(start.encoderNetwork, start.decoderNetwork);

console.log(`vae-emoji speed benchmark: encoder 400-200-(2+2), decoder 2-200-400, tanh hidden, BCE (summed over pixels) + KL, Adam lr ${optimizer.lr}, full batch of 8 emojis (emoji-8)`);
console.log(`${cpuModel()}; Node ${process.version}; Python BLAS: ${pythonBlas()}`);
console.log(`each: ${warmup} warm-up epochs, then ${rounds} interleaved rounds of ${epochs} epochs from the same initial parameters and noise (median round counts; the reference: 1 round)`);
console.log(`FLOPs per epoch: ${flops} (per row and layer n->m: 6nm + 2m, minus 2nm on the encoder's first layer; Adam 10 per parameter)\n`);

// Rounds are interleaved (wasm, PyTorch, NumPy, then again) so that the machine's changing load
// falls on all of them alike; the slow reference trains one round at the end.
const wasm = latentlabContender(`latentlab wasm (f32 ${kernelBuild()})`, 'wasm');
const torch = pythonContender('torch_vae.py');
const numpy = pythonContender('numpy_vae.py');
for (let r = 0; r < rounds; r++) for (const contender of [wasm, torch, numpy]) contender.round();
const reference = latentlabContender('latentlab reference (f64 TS)', 'reference');
reference.round();
const timings: Timing[] = [wasm, reference, torch, numpy];

const wasmMs = median(timings[0].roundMs);
console.log(
  `${'implementation'.padEnd(36)}${'ms/epoch'.padStart(10)}${'GFLOP/s'.padStart(9)}${'x wasm time'.padStart(13)}${`loss@${CHECK_EPOCHS}`.padStart(12)}${'final loss'.padStart(12)}   rounds (ms/epoch)`,
);
for (const t of timings) {
  const ms = median(t.roundMs);
  console.log(
    `${t.name.padEnd(36)}${ms.toFixed(4).padStart(10)}${(flops / ms / 1e6).toFixed(2).padStart(9)}${(ms / wasmMs).toFixed(1).padStart(13)}` +
      `${t.checkLoss.toFixed(4).padStart(12)}${t.finalLoss.toFixed(3).padStart(12)}   ${t.roundMs.map((x) => x.toFixed(4)).join(' ')}`,
  );
}
const torchSpeedup = median(timings[2].roundMs) / wasmMs;
console.log(`\nlatentlab wasm vs PyTorch: ${torchSpeedup.toFixed(1)}x faster (target ${TARGET_SPEEDUP}x: ${torchSpeedup >= TARGET_SPEEDUP ? 'met' : 'NOT met'})`);
console.log(`latentlab wasm vs NumPy: ${(median(timings[3].roundMs) / wasmMs).toFixed(1)}x faster`);
console.log(`latentlab wasm vs latentlab reference: ${(median(timings[1].roundMs) / wasmMs).toFixed(1)}x faster`);
printFigures('vae-emoji', {
  lr: optimizer.lr,
  msPerEpoch: Object.fromEntries(timings.map((t) => [t.name, median(t.roundMs)])),
  roundMs: Object.fromEntries(timings.map((t) => [t.name, t.roundMs])),
  speedupVsTorch: torchSpeedup,
  speedupVsNumpy: median(timings[3].roundMs) / wasmMs,
  speedupVsReference: median(timings[1].roundMs) / wasmMs,
  target: TARGET_SPEEDUP,
  met: torchSpeedup >= TARGET_SPEEDUP,
});
