/**
 * Speed benchmark (issue 4, item 3): trains the study's VAE setting on emoji-8 — encoder
 * 400-200-(2+2), decoder 2-200-400, tanh hidden layers, binary cross-entropy summed over pixels
 * (from logits) + KL, Adam lr 0.01, full batch of the 8 emojis — for the same epochs from the same
 * initial parameters with the same reparameterization noise in latentlab's wasm and reference
 * stacks, PyTorch and NumPy, in one run, and prints ms/epoch and same-run ratios.
 * Usage: npm run bench:vae [-- --epochs N --rounds R]
 */
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { parseDataset } from '../src/data/dataset-file.js';
import { Vae, type VaeSpec } from '../src/models/vae.js';
import { parameterCount, type NetworkSpec } from '../src/nn/network.js';
import { optimizerSettings, type OptimizerSpec } from '../src/nn/optimizers.js';
import type { EngineKind } from '../src/nn/engine.js';
import { Rng } from '../src/tensor/rng.js';
import { ensurePythonPackages, runPython } from './python.js';

const TARGET_SPEEDUP = 2;

interface Timing {
  name: string;
  /** ms per epoch of each timed round; the median counts. */
  roundMs: number[];
  finalLoss: number;
}

function flag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} must be a positive integer, got ${process.argv[at + 1]}`);
  return value;
}

const epochs = flag('epochs', 1000);
const rounds = flag('rounds', 3);
const warmup = 200;
const spec: VaeSpec = { encoder: [200], latent: 2, decoder: [200], activation: 'tanh', initializer: 'glorot-uniform', reconstruction: 'bce', beta: 1, betaWarmupEpochs: 0 };
const optimizer: OptimizerSpec = { name: 'adam', lr: 0.01 };
const inputs = parseDataset(readFileSync(join(import.meta.dirname, '../data/emoji-8.json'), 'utf8')).dataset.inputs;
const start = Vae.create(spec, inputs.cols, new Rng(1));
/** The noise of every epoch, drawn once and replayed by every implementation: epochs x rows x latent. */
const noiseRng = new Rng(2);
const eps = Array.from({ length: epochs * inputs.rows * spec.latent }, () => noiseRng.normal());

/**
 * Useful floating-point operations of one epoch (real sizes; activations, loss, KL and sampling
 * not counted): per row and layer n -> m, 2nm forward + m bias, 2nm for dW + m for db, and 2nm
 * for dX except on the encoder's first layer (nothing needs dLoss/dInputs); Adam 10 per parameter.
 */
function flopsPerEpoch(encoder: NetworkSpec, decoder: NetworkSpec): number {
  let perRow = 0;
  for (const [network, withFirstInputGradient] of [[encoder, false], [decoder, true]] as const) {
    const { sizes } = network;
    for (let l = 0; l + 1 < sizes.length; l++) perRow += 4 * sizes[l] * sizes[l + 1] + 2 * sizes[l + 1] + (l > 0 || withFirstInputGradient ? 2 * sizes[l] * sizes[l + 1] : 0);
  }
  return inputs.rows * perRow + 10 * (parameterCount(encoder) + parameterCount(decoder));
}

function timeLatentlab(name: string, engine: EngineKind): Timing {
  const train = (count: number): number => {
    const model = new Vae(spec, inputs.cols, start.encoderParameters.slice(), start.decoderParameters.slice());
    let i = 0;
    const noise = { normal: () => eps[i++ % eps.length] };
    const { losses } = model.fit(inputs, { epochs: count, optimizer, engine, rng: new Rng(1), noise });
    return losses[count - 1];
  };
  train(warmup);
  const roundMs: number[] = [];
  let finalLoss = NaN;
  for (let r = 0; r < rounds; r++) {
    const begin = performance.now();
    finalLoss = train(epochs);
    roundMs.push((performance.now() - begin) / epochs);
  }
  return { name, roundMs, finalLoss };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function cpuModel(): string {
  const model = cpus()[0]?.model ?? 'unknown CPU';
  const memory = readFileSync('/proc/meminfo', 'utf8').match(/MemTotal:\s+(\d+)/);
  return `${model}, ${cpus().length} cores${memory ? `, ${Math.round(Number(memory[1]) / 1048576)} GiB` : ''}`;
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
};
const flops = flopsPerEpoch(start.encoderNetwork, start.decoderNetwork);

console.log('vae-emoji speed benchmark: encoder 400-200-(2+2), decoder 2-200-400, tanh hidden, BCE (summed over pixels) + KL, Adam lr 0.01, full batch of 8 emojis (emoji-8)');
console.log(`${cpuModel()}; Node ${process.version}`);
console.log(`each: ${warmup} warm-up epochs, then ${rounds} rounds of ${epochs} epochs from the same initial parameters and noise (median round counts)`);
console.log(`FLOPs per epoch: ${flops} (per row and layer n->m: 6nm + 2m, minus 2nm on the encoder's first layer; Adam 10 per parameter)\n`);

const torch = runPython('torch_vae.py', job);
const numpy = runPython('numpy_vae.py', job);
const timings: Timing[] = [
  timeLatentlab('latentlab wasm (f32 SIMD)', 'wasm'),
  timeLatentlab('latentlab reference (f64 TS)', 'reference'),
  { ...torch, name: `${torch.name} ${torch.version}` },
  { ...numpy, name: `${numpy.name} ${numpy.version}` },
];

const wasmMs = median(timings[0].roundMs);
console.log(`${'implementation'.padEnd(36)}${'ms/epoch'.padStart(10)}${'GFLOP/s'.padStart(9)}${'x wasm time'.padStart(13)}${'final loss'.padStart(12)}   rounds (ms/epoch)`);
for (const t of timings) {
  const ms = median(t.roundMs);
  console.log(
    `${t.name.padEnd(36)}${ms.toFixed(4).padStart(10)}${(flops / ms / 1e6).toFixed(2).padStart(9)}${(ms / wasmMs).toFixed(1).padStart(13)}` +
      `${t.finalLoss.toFixed(3).padStart(12)}   ${t.roundMs.map((x) => x.toFixed(4)).join(' ')}`,
  );
}
const torchSpeedup = median(timings[2].roundMs) / wasmMs;
console.log(`\nlatentlab wasm vs PyTorch: ${torchSpeedup.toFixed(1)}x faster (target ${TARGET_SPEEDUP}x: ${torchSpeedup >= TARGET_SPEEDUP ? 'met' : 'NOT met'})`);
console.log(`latentlab wasm vs NumPy: ${(median(timings[3].roundMs) / wasmMs).toFixed(1)}x faster`);
console.log(`latentlab wasm vs latentlab reference: ${(median(timings[1].roundMs) / wasmMs).toFixed(1)}x faster`);
