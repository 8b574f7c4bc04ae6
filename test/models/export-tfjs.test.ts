import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { parseDataset } from '../../src/data/dataset-file.js';
import { datasetIdentity } from '../../src/data/dataset-identity.js';
import { fontTable } from '../../src/data/font.js';
import { parseModelFile } from '../../src/models/checkpoint.js';
import { exportTfjs } from '../../src/models/export/tfjs.js';
import { preset } from '../../src/runs/kinds.js';
import { Run } from '../../src/runs/run.js';
import { exportDifferences } from './tfjs-export-check.js';

const font = fontTable(3);
const emoji = parseDataset(readFileSync(new URL('../../data/emoji-4.json', import.meta.url), 'utf8')).dataset;

/** A preset trained for `epochs` on `dataset`, read back from its model file. */
function trained(name: string, dataset: Dataset, epochs: number) {
  const { kind, spec } = preset(name);
  const run = Run.start(kind, { ...spec, training: { ...spec.training, epochs } }, dataset, datasetIdentity(dataset, dataset.name));
  run.train();
  return parseModelFile(run.modelFile());
}

describe('the TensorFlow.js Layers export', () => {
  it.each([
    { name: 'ae-font-best', dataset: font, epochs: 300 },
    { name: 'dae-font-best', dataset: font, epochs: 60 },
    { name: 'vae-emoji', dataset: emoji, epochs: 200 },
  ])('loads in tfjs and gives latentlab outputs within 1e-5 on the whole dataset: $name, $epochs epochs', async ({ name, dataset, epochs }) => {
    const file = trained(name, dataset, epochs);
    const differences = await exportDifferences(file, dataset.inputs);
    expect(Object.keys(differences)).toEqual(['encoder', 'decoder', 'all', 'all/encoder', 'all/decoder']);
    for (const [part, difference] of Object.entries(differences)) expect(difference, part).toBeLessThan(1e-5);
  });

  it('writes a Keras Sequential of Dense layers with float32 weights, and says what a VAE encoder outputs', () => {
    const file = trained('vae-emoji', emoji, 1);
    const files = exportTfjs(file, 'all');
    expect(files.map((f) => f.name)).toEqual(['model.json', 'weights.bin', 'encoder/model.json', 'encoder/weights.bin', 'decoder/model.json', 'decoder/weights.bin']);
    const encoder = JSON.parse(new TextDecoder().decode(files[2].bytes)) as {
      format: string;
      modelTopology: { class_name: string; config: { layers: { class_name: string; config: { units: number; activation: string } }[] } };
      weightsManifest: { paths: string[]; weights: { name: string; shape: number[]; dtype: string }[] }[];
      userDefinedMetadata: { latentlab: { outputs: string } };
    };
    expect(encoder.format).toBe('layers-model');
    expect(encoder.modelTopology.class_name).toBe('Sequential');
    expect(encoder.modelTopology.config.layers.map((l) => [l.class_name, l.config.units, l.config.activation])).toEqual([
      ['Dense', 200, 'tanh'],
      ['Dense', 4, 'linear'],
    ]);
    expect(encoder.userDefinedMetadata.latentlab.outputs).toMatch(/means.*log-variances/);
    const { weights } = encoder.weightsManifest[0];
    expect(encoder.weightsManifest[0].paths).toEqual(['weights.bin']);
    expect(weights.map((w) => w.name)).toEqual(['encoder_0/kernel', 'encoder_0/bias', 'encoder_1/kernel', 'encoder_1/bias']);
    expect(weights.every((w) => w.dtype === 'float32')).toBe(true);
    const floats = weights.reduce((sum, w) => sum + w.shape.reduce((a, b) => a * b, 1), 0);
    expect(files[3].bytes.byteLength).toBe(4 * floats);
    // The first kernel value is latentlab's first weight (inputs x outputs, row-major), as float32 little-endian.
    const view = new DataView(files[3].bytes.buffer, files[3].bytes.byteOffset);
    if (file.kind !== 'vae') throw new Error('expected a VAE');
    expect(view.getFloat32(4, true)).toBe(Math.fround(file.model.encoderParameters[1]));
  });

  it('uses a LeakyReLU layer after a linear Dense for leaky-relu, and ends a VAE decoder with a sigmoid Dense', async () => {
    const { kind, spec } = preset('vae-emoji');
    const leaky = { ...spec, model: { ...spec.model, activation: 'leaky-relu' }, training: { ...spec.training, epochs: 30 } };
    const run = Run.start(kind, leaky, emoji, datasetIdentity(emoji, 'emoji-4'));
    run.train();
    const file = parseModelFile(run.modelFile());
    const model = JSON.parse(new TextDecoder().decode(exportTfjs(file, 'decoder')[0].bytes)) as { modelTopology: { config: { layers: { class_name: string; config: { activation?: string; alpha?: number } }[] } } };
    expect(model.modelTopology.config.layers.map((l) => [l.class_name, l.config.activation ?? l.config.alpha])).toEqual([
      ['Dense', 'linear'],
      ['LeakyReLU', 0.01],
      ['Dense', 'sigmoid'],
    ]);
    const differences = await exportDifferences(file, emoji.inputs);
    for (const [part, difference] of Object.entries(differences)) expect(difference, part).toBeLessThan(1e-5);
  });

  it('refuses an unknown part', () => {
    const file = trained('ae-font-best', font, 1);
    expect(() => exportTfjs(file, 'middle' as 'all')).toThrow(/unknown part "middle"/);
  });
});
