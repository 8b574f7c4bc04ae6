import { describe, expect, it } from 'vitest';
import type { DataIdentity } from '../../src/data/dataset-identity.js';
import { Autoencoder, type AutoencoderSpec } from '../../src/models/autoencoder/autoencoder.js';
import { startAutoencoderFit } from '../../src/models/autoencoder/trainer.js';
import { parseModelFile, serializeModelFile, type ModelFile } from '../../src/models/checkpoint.js';
import { Vae } from '../../src/models/vae/vae.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

const spec: AutoencoderSpec = {
  encoder: [4],
  latent: 2,
  decoder: [4],
  activation: 'tanh',
  latentActivation: 'identity',
  outputActivation: 'sigmoid',
  loss: 'bce',
  initializer: 'glorot-uniform',
};
const data: DataIdentity = { name: 'tiny', source: 'tiny.json', rows: 2, width: 3, height: 2, labels: ['a', 'b'], mode: 'ink', hash: 'sha256:00' };
const runSpec = { model: spec, training: { epochs: 5, optimizer: { name: 'adam', lr: 0.01 }, seed: 5, engine: 'reference' }, data: { dataset: 'tiny.json' } };
const x = Matrix.fromRows([[1, 0, 1, 0, 1, 1], [0, 0, 1, 1, 0, 0]]);

/** A model file of a tiny autoencoder trained 3 epochs (with its training state) or untrained (without). */
function file(trained = false): ModelFile {
  const rng = new Rng(5);
  const model = Autoencoder.create(spec, 6, rng);
  if (!trained) return { kind: 'autoencoder', model, version: 2, spec: runSpec, data };
  const fitting = startAutoencoderFit(model, x, { epochs: 5, optimizer: { name: 'adam', lr: 0.01 }, engine: 'reference', rng, batchSize: 1 });
  fitting.run(3);
  return { kind: 'autoencoder', model, version: 2, spec: runSpec, data, training: fitting.state() };
}

const saved = (trained = false): Record<string, unknown> => JSON.parse(serializeModelFile(file(trained))) as Record<string, unknown>;

describe('model files (version 2)', () => {
  it('hold named tensors in PyTorch\'s layout: weight [out, in], bias [out]', () => {
    const tensors = saved().tensors as Record<string, { shape: number[]; dtype: string; data: string }>;
    expect(Object.fromEntries(Object.entries(tensors).map(([name, t]) => [name, t.shape]))).toEqual({
      'encoder.0.weight': [4, 6],
      'encoder.0.bias': [4],
      'encoder.1.weight': [2, 4],
      'encoder.1.bias': [2],
      'decoder.0.weight': [4, 2],
      'decoder.0.bias': [4],
      'decoder.1.weight': [6, 4],
      'decoder.1.bias': [6],
    });
    // The reference engine's float64 weights need float64; the first weight of the file is W[0][0] = flat[0].
    expect(tensors['encoder.0.weight'].dtype).toBe('float64');
    const model = file().model as Autoencoder;
    const first = new DataView(Uint8Array.from(atob(tensors['encoder.0.weight'].data), (c) => c.charCodeAt(0)).buffer);
    // weight[j][k] (output j, input k) is flat[k * outputs + j]: row 1 of the tensor starts at flat[1].
    expect(first.getFloat64(6 * 8, true)).toBe(model.parameters[1]);
  });

  it('round-trip the model, its data identity and its training state exactly', () => {
    const original = file(true);
    const loaded = parseModelFile(serializeModelFile(original));
    expect(Array.from((loaded.model as Autoencoder).parameters)).toEqual(Array.from((original.model as Autoencoder).parameters));
    expect(loaded.data).toEqual(data);
    expect(loaded.spec).toEqual(runSpec);
    expect(loaded.model.reconstruct(x).data).toEqual(original.model.reconstruct(x).data);
    const state = loaded.training!;
    expect(state.epochsDone).toBe(3);
    expect(Array.from(state.losses)).toEqual(Array.from(original.training!.losses));
    expect(state.optimizers).toHaveLength(1);
    expect(state.optimizers[0].step).toBe(6);
    expect(Array.from(state.optimizers[0].slots.m)).toEqual(Array.from(original.training!.optimizers[0].slots.m));
    expect(Array.from(state.optimizers[0].slots.v)).toEqual(Array.from(original.training!.optimizers[0].slots.v));
    expect(state.rng).toEqual(original.training!.rng);
    expect(Array.from(state.order!)).toEqual(Array.from(original.training!.order!));
  });

  it('keep a VAE\'s encoder and decoder as their own networks', () => {
    const vae = Vae.create({ encoder: [5], latent: 2, decoder: [5], activation: 'tanh', initializer: 'glorot-uniform', reconstruction: 'bce', beta: 1, betaWarmupEpochs: 0 }, 6, new Rng(2));
    const text = serializeModelFile({ kind: 'vae', model: vae, version: 2, spec: { model: vae.spec }, data });
    const loaded = parseModelFile(text);
    expect(Object.keys((JSON.parse(text) as { tensors: object }).tensors)).toEqual(['encoder.0.weight', 'encoder.0.bias', 'encoder.1.weight', 'encoder.1.bias', 'decoder.0.weight', 'decoder.0.bias', 'decoder.1.weight', 'decoder.1.bias']);
    expect(loaded.kind).toBe('vae');
    expect(loaded.model.decode(Matrix.fromRows([[0.5, -1]])).data).toEqual(vae.decode(Matrix.fromRows([[0.5, -1]])).data);
  });

  it('say what is wrong with a bad file', () => {
    expect(() => parseModelFile('{"format": "latentlab-model", ')).toThrow(/bad model file: not valid JSON/);
    expect(() => parseModelFile('\ufffdPNG\r\n\u001a\n...')).toThrow('bad model file: this is a PNG image, not a model file');
    expect(() => parseModelFile('{"hello": 1}')).toThrow('not a latentlab model file');
    expect(() => parseModelFile(JSON.stringify({ ...saved(), version: 99 }))).toThrow('unsupported version 99; this latentlab reads versions 1 and 2');
    const missing = saved();
    delete (missing.tensors as Record<string, unknown>)['decoder.1.bias'];
    expect(() => parseModelFile(JSON.stringify(missing))).toThrow('tensor "decoder.1.bias" is missing');
    const misshapen = saved();
    (misshapen.tensors as Record<string, { shape: number[] }>)['encoder.0.weight'].shape = [6, 4];
    expect(() => parseModelFile(JSON.stringify(misshapen))).toThrow(/tensor "encoder.0.weight" of shape \[6, 4\] needs|has shape \[6, 4\], expected \[4, 6\]/);
    const nan = saved();
    (nan.tensors as Record<string, { data: string; dtype: string }>)['encoder.0.bias'] = { dtype: 'float64', shape: [4], data: btoa(String.fromCharCode(...new Uint8Array(new Float64Array([0, Number.NaN, 0, 0]).buffer))) } as never;
    expect(() => parseModelFile(JSON.stringify(nan))).toThrow('tensor "encoder.0.bias" holds a non-finite value (NaN) at index 1');
    expect(() => parseModelFile(JSON.stringify({ ...saved(), spec: { ...runSpec, model: { ...spec, activation: 'swish' } } }))).toThrow(/spec\.model: .*activation/s);
    const history = saved(true);
    (history.training as { history: { loss: number[] } }).history.loss.pop();
    expect(() => parseModelFile(JSON.stringify(history))).toThrow('every history needs 3 values, one per epoch done');
    const order = saved(true);
    (order.training as { order: number[] }).order = [0, 0];
    expect(() => parseModelFile(JSON.stringify(order))).toThrow('training.order must list each of the rows trained (the 2 rows of the data, or copies of them) once');
  });
});

describe('model files (version 1)', () => {
  it('still load, without a data hash or a training state', () => {
    const model = Autoencoder.create(spec, 6, new Rng(5));
    const v1 = { format: 'latentlab-model', version: 1, kind: 'autoencoder', spec, inputSize: 6, data: { name: 'tiny', width: 3, height: 2, labels: ['a', 'b'] }, parameters: Array.from(model.parameters) };
    const loaded = parseModelFile(JSON.stringify(v1));
    expect(loaded.version).toBe(1);
    expect(Array.from((loaded.model as Autoencoder).parameters)).toEqual(Array.from(model.parameters));
    expect(loaded.data).toEqual({ name: 'tiny', source: 'tiny', rows: 2, width: 3, height: 2, labels: ['a', 'b'], mode: 'ink', hash: '' });
    expect(loaded.training).toBeUndefined();
    expect(() => parseModelFile(JSON.stringify({ ...v1, inputSize: 7 }))).toThrow('do not match an input size of 7');
    expect(() => parseModelFile(JSON.stringify({ ...v1, parameters: v1.parameters.slice(1) }))).toThrow(/has \d+ parameters, got \d+/);
  });
});

describe('autoencoder', () => {
  it('encodes to the latent width and decodes back to the input width', () => {
    const model = Autoencoder.create(spec, 6, new Rng(1));
    const codes = model.encode(x);
    expect([codes.rows, codes.cols]).toEqual([2, 2]);
    expect(model.decode(codes).data).toEqual(model.reconstruct(x).data);
  });

  it('refuses a latent width of 0 and bce without a sigmoid output', () => {
    expect(() => Autoencoder.create({ ...spec, latent: 0 }, 6, new Rng(1))).toThrow('layer width 2 must be a positive integer, got 0');
    expect(() => Autoencoder.create({ ...spec, outputActivation: 'tanh' }, 6, new Rng(1))).toThrow('loss "bce" needs output activation "sigmoid"');
  });
});
