/**
 * Where a vae-emoji epoch's time goes: the whole epoch (fitVae on the wasm stacks) against the
 * six layer-stack calls it makes (encoder and decoder forward, backward and Adam step), timed one
 * by one on the same shapes; the difference is the VAE's own JavaScript (sampling, the loss and
 * its gradient, the KL term) and the training loop.
 * Usage: npx tsx bench/vae-profile.ts [--epochs N] [--lr RATE]
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseDataset } from '../src/data/dataset-file.js';
import { vaePresets } from '../src/runs/vae/presets.js';
import { fitVae } from '../src/models/vae/trainer.js';
import { Vae } from '../src/models/vae/vae.js';
import { createStack } from '../src/nn/create-engine.js';
import type { LayerStack } from '../src/nn/stack.js';
import { Rng } from '../src/tensor/rng.js';
import { integerFlag, printFigures } from './measure.js';
import { configureKernels } from '../src/io/kernel-build.js';

configureKernels();
const epochs = integerFlag('epochs', 2000);
const preset = vaePresets['vae-emoji'];
const lrFlag = process.argv.indexOf('--lr');
const optimizer = { ...preset.training.optimizer, ...(lrFlag >= 0 ? { lr: Number(process.argv[lrFlag + 1]) } : {}) };
const inputs = parseDataset(readFileSync(join(import.meta.dirname, '../data/emoji-8.json'), 'utf8')).dataset.inputs;
const rows = inputs.rows;

const model = Vae.create(preset.model, inputs.cols, new Rng(1));
const fitOptions = { optimizer, engine: 'wasm' as const, rng: new Rng(1) };
fitVae(model, inputs, { ...fitOptions, epochs: 200 });
let begin = performance.now();
fitVae(model, inputs, { ...fitOptions, epochs });
const epochMs = (performance.now() - begin) / epochs;

// The same calls on fixed data: a tiny learning rate keeps the parameters where they are (steps on
// fixed gradients would otherwise drive the tanh units into saturation), at the same cost per call.
const still = { ...optimizer, lr: 1e-9 };
const encoder = createStack('wasm', { network: model.encoderNetwork, optimizer: still, batchSize: rows });
const decoder = createStack('wasm', { network: model.decoderNetwork, optimizer: still, batchSize: rows });
encoder.setParameters(model.encoderParameters);
decoder.setParameters(model.decoderParameters);
const rng = new Rng(2);
const codes = new Float64Array(rows * preset.model.latent).map(() => rng.normal());
const outputDelta = new Float64Array(rows * inputs.cols).map(() => rng.normal(0, 0.01));
const headDelta = new Float64Array(rows * 2 * preset.model.latent).map(() => rng.normal(0, 0.01));
const calls: [string, LayerStack, () => void][] = [
  ['encoder forward', encoder, () => encoder.forward(inputs.data, rows)],
  ['decoder forward', decoder, () => decoder.forward(codes, rows)],
  ['decoder backward', decoder, () => decoder.backward(outputDelta)],
  ['encoder backward', encoder, () => encoder.backward(headDelta)],
  ['encoder step', encoder, () => encoder.step()],
  ['decoder step', decoder, () => decoder.step()],
];
const totals = calls.map(() => 0);
for (let e = 0; e < epochs; e++) {
  calls.forEach(([, , call], i) => {
    begin = performance.now();
    call();
    totals[i] += performance.now() - begin;
  });
}
const stackMs = totals.reduce((a, b) => a + b, 0) / epochs;
console.log(`vae-emoji epoch on the wasm stacks (Adam lr ${optimizer.lr}, ${rows} emojis, ${epochs} epochs): ${epochMs.toFixed(4)} ms`);
calls.forEach(([name], i) => console.log(`  ${name.padEnd(17)} ${(totals[i] / epochs).toFixed(4)} ms`));
console.log(`  ${'stack calls'.padEnd(17)} ${stackMs.toFixed(4)} ms`);
console.log(`  ${'the rest'.padEnd(17)} ${(epochMs - stackMs).toFixed(4)} ms (sampling, loss and gradient, KL, the loop)`);
printFigures('vae-profile', {
  lr: optimizer.lr,
  epochMs,
  callMs: Object.fromEntries(calls.map(([name], i) => [name, totals[i] / epochs])),
  stackCallsMs: stackMs,
  restMs: epochMs - stackMs,
});
