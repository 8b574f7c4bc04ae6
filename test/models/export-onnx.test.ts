import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset.js';
import { parseDataset } from '../../src/data/dataset-file.js';
import { LEAKY_RELU_SLOPE } from '../../src/nn/activations.js';
import { datasetIdentity } from '../../src/data/dataset-identity.js';
import { fontTable } from '../../src/data/font.js';
import { Autoencoder, type AutoencoderSpec } from '../../src/models/autoencoder/autoencoder.js';
import { parseModelFile, type ModelFile } from '../../src/models/checkpoint.js';
import { exportOnnx, onnxModelType } from '../../src/models/export/onnx.js';
import { exporters } from '../../src/models/export/formats.js';
import { preset } from '../../src/runs/kinds.js';
import { Run } from '../../src/runs/run.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';
import { onnxDifferences } from './onnx-export-check.js';

const font = fontTable(3);
const emoji = parseDataset(readFileSync(new URL('../../data/emoji-4.json', import.meta.url), 'utf8')).dataset;

/** A preset trained for `epochs` on `dataset`, read back from its model file. */
function trained(name: string, dataset: Dataset, epochs: number): ModelFile {
  const { kind, spec } = preset(name);
  const run = Run.start(kind, { ...spec, training: { ...spec.training, epochs } }, dataset, datasetIdentity(dataset, dataset.name));
  run.train();
  return parseModelFile(run.modelFile());
}

describe('the ONNX export', () => {
  it.each([
    { name: 'ae-font-best', dataset: font, epochs: 300, outputs: ['encoder/codes', 'decoder/images', 'all/reconstructions'] },
    { name: 'dae-font-best', dataset: font, epochs: 60, outputs: ['encoder/codes', 'decoder/images', 'all/reconstructions'] },
    { name: 'vae-emoji', dataset: emoji, epochs: 200, outputs: ['encoder/mean', 'encoder/logVariance', 'decoder/images', 'all/reconstructions'] },
  ])('runs in onnxruntime-web and gives latentlab outputs within 1e-5 on the whole dataset: $name, $epochs epochs', async ({ name, dataset, epochs, outputs }) => {
    const differences = await onnxDifferences(trained(name, dataset, epochs), dataset.inputs);
    expect(Object.keys(differences)).toEqual(outputs);
    for (const [output, difference] of Object.entries(differences)) expect(difference, output).toBeLessThan(1e-5);
  });

  it('maps every activation, leaky-relu with latentlab\'s slope, and keeps the batch dimension symbolic', async () => {
    const spec = { encoder: [5], latent: 2, decoder: [4, 3], activation: 'leaky-relu', latentActivation: 'relu', outputActivation: 'sigmoid', loss: 'bce', initializer: 'glorot-uniform' } satisfies AutoencoderSpec;
    const model = Autoencoder.create(spec, 6, new Rng(7));
    // Large weights put many units on the negative side, where leaky-relu's slope shows.
    for (let i = 0; i < model.parameters.length; i++) model.parameters[i] *= 3;
    const identity = { name: 'tiny', source: 'tiny.json', rows: 1, width: 3, height: 2, labels: ['a'], mode: 'ink', hash: 'sha256:00' } as const;
    const file: ModelFile = { kind: 'autoencoder', model, version: 2, spec: {}, data: { ...identity, labels: [...identity.labels] } };
    const rng = new Rng(3);
    for (const rows of [1, 7]) {
      const images = new Matrix(rows, 6);
      for (let i = 0; i < images.data.length; i++) images.data[i] = rng.uniform() * 2 - 1;
      const differences = await onnxDifferences(file, images);
      for (const [output, difference] of Object.entries(differences)) expect(difference, output).toBeLessThan(1e-5);
    }
    expect(exporters.onnx).toBe(exportOnnx);
    expect(exportOnnx(file, 'encoder').map((f) => f.name)).toEqual(['encoder.onnx']);
    expect(exportOnnx(file, 'all').map((f) => f.name)).toEqual(['model.onnx']);
    const type = onnxModelType();
    const decoded = type.toObject(type.decode(exportOnnx(file, 'encoder')[0].bytes), { longs: Number, defaults: false }) as {
      ir_version: number;
      opset_import: { version: number }[];
      graph: {
        node: { op_type: string; attribute?: { name: string; f: number }[] }[];
        initializer: { name: string; data_type: number; dims: number[] }[];
        input: { name: string; type: { tensor_type: { shape: { dim: { dim_param?: string; dim_value?: number }[] } } } }[];
      };
    };
    expect(decoded.ir_version).toBe(8);
    expect(decoded.opset_import.map((o) => o.version)).toEqual([13]);
    expect(decoded.graph.node.map((n) => n.op_type)).toEqual(['Gemm', 'LeakyRelu', 'Gemm', 'Relu']);
    expect(decoded.graph.node[1].attribute).toEqual([{ name: 'alpha', f: Math.fround(LEAKY_RELU_SLOPE), type: 1 }]);
    expect(decoded.graph.initializer.map((t) => [t.name, t.data_type, t.dims])).toEqual([
      ['encoder.0.weight', 1, [6, 5]],
      ['encoder.0.bias', 1, [5]],
      ['encoder.1.weight', 1, [5, 2]],
      ['encoder.1.bias', 1, [2]],
    ]);
    expect(decoded.graph.input.map((i) => [i.name, i.type.tensor_type.shape.dim])).toEqual([['images', [{ dim_param: 'batch' }, { dim_value: 6 }]]]);
  });

  it('rejects an unknown part', () => {
    const model = Autoencoder.create({ encoder: [3], latent: 2, decoder: [3], activation: 'tanh', latentActivation: 'identity', outputActivation: 'sigmoid', loss: 'bce', initializer: 'glorot-uniform' }, 4, new Rng(1));
    const file = { kind: 'autoencoder', model, version: 2, spec: {}, data: { name: 't', source: 't', rows: 1, width: 2, height: 2, labels: ['a'], mode: 'ink', hash: 'sha256:00' } } satisfies ModelFile;
    expect(() => exportOnnx(file, 'both' as never)).toThrow(/part must be encoder, decoder or all/);
  });
});
