import { describe, expect, it } from 'vitest';
import type { DataIdentity } from '../../src/data/dataset-identity.js';
import type { Dataset } from '../../src/data/dataset.js';
import { Autoencoder, type AutoencoderSpec } from '../../src/models/autoencoder/autoencoder.js';
import { startAutoencoderFit } from '../../src/models/autoencoder/trainer.js';
import type { ModelFile } from '../../src/models/checkpoint.js';
import { exportCsvWithData, itemErrorsCsv, latentCodesCsv, lossHistoryCsv } from '../../src/models/export/csv.js';
import { exporters } from '../../src/models/export/formats.js';
import { exportFormats } from '../../src/models/export/format.js';
import { exportSafetensors, importSafetensors, partTensors, readSafetensors, writeSafetensors } from '../../src/models/export/safetensors.js';
import { Vae, type VaeSpec } from '../../src/models/vae/vae.js';
import { Matrix } from '../../src/tensor/matrix.js';
import { Rng } from '../../src/tensor/rng.js';

const spec: AutoencoderSpec = { encoder: [4], latent: 2, decoder: [4], activation: 'tanh', latentActivation: 'identity', outputActivation: 'sigmoid', loss: 'bce', initializer: 'glorot-uniform' };
const vaeSpec: VaeSpec = { encoder: [5], latent: 2, decoder: [5], activation: 'relu', initializer: 'glorot-uniform', reconstruction: 'bce', beta: 0.5, betaWarmupEpochs: 0 };
const data: DataIdentity = { name: 'tiny', source: 'tiny.json', rows: 2, width: 3, height: 2, labels: ['a', 'b,c'], mode: 'ink', hash: 'sha256:00' };
const x = Matrix.fromRows([[1, 0, 1, 0, 1, 1], [0, 0, 1, 1, 0, 0]]);
const dataset: Dataset = { name: 'tiny', inputs: x, labels: data.labels, width: 3, height: 2 };
const fround = (values: Float64Array) => values.map(Math.fround);

/** A tiny autoencoder with float32 weights (the wasm engine's), trained 3 epochs when asked. */
function aeFile(trained = false): ModelFile {
  const rng = new Rng(5);
  const model = new Autoencoder(spec, 6, fround(Autoencoder.create(spec, 6, rng).parameters));
  const runSpec = { model: spec, training: { epochs: 5, optimizer: { name: 'adam', lr: 0.01 }, seed: 5, engine: 'reference' }, data: { dataset: 'tiny.json' } };
  if (!trained) return { kind: 'autoencoder', model, version: 2, spec: runSpec, data };
  const fitting = startAutoencoderFit(model, x, { epochs: 5, optimizer: { name: 'adam', lr: 0.01 }, engine: 'reference', rng, batchSize: 1 });
  fitting.run(3);
  return { kind: 'autoencoder', model, version: 2, spec: runSpec, data, training: fitting.state() };
}

function vaeFile(): ModelFile {
  const made = Vae.create(vaeSpec, 6, new Rng(7));
  const model = new Vae(vaeSpec, 6, fround(made.encoderParameters), fround(made.decoderParameters));
  return { kind: 'vae', model, version: 2, spec: { model: vaeSpec, data: { dataset: 'tiny.json' } }, data };
}

const exported = (file: ModelFile, part: 'encoder' | 'decoder' | 'all' = 'all') => exportSafetensors(file, part)[0].bytes;

/** The header of a safetensors file, parsed by hand: the length, the JSON and the offset of the data. */
function header(bytes: Uint8Array): { length: number; json: Record<string, { dtype: string; shape: number[]; data_offsets: [number, number] }> & { __metadata__?: Record<string, string> }; text: string } {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  const text = new TextDecoder().decode(bytes.subarray(8, 8 + length));
  return { length, json: JSON.parse(text), text };
}

/** A safetensors file with these header entries and data (for refusals). */
function raw(headerJson: unknown, data = new Uint8Array(0)): Uint8Array {
  const text = new TextEncoder().encode(JSON.stringify(headerJson));
  const bytes = new Uint8Array(8 + text.length + data.length);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(text.length), true);
  bytes.set(text, 8);
  bytes.set(data, 8 + text.length);
  return bytes;
}

describe('safetensors export', () => {
  it('is registered with csv, and every part is exported', () => {
    expect(exportFormats).toEqual(expect.arrayContaining(['safetensors', 'csv']));
    expect(exporters.safetensors(aeFile(), 'encoder')[0].name).toBe('encoder.safetensors');
  });

  it('follows the format: u64 LE header length, space-padded JSON (multiple of 8), F32 tensors back to back', () => {
    const file = aeFile();
    const bytes = exported(file);
    const { length, json, text } = header(bytes);
    expect(length % 8).toBe(0);
    expect(text).toBe(text.trimEnd() + ' '.repeat(text.length - text.trimEnd().length));
    const { __metadata__: metadata, ...tensors } = json;
    expect(Object.keys(tensors)).toEqual(['encoder.0.weight', 'encoder.0.bias', 'encoder.1.weight', 'encoder.1.bias', 'decoder.0.weight', 'decoder.0.bias', 'decoder.1.weight', 'decoder.1.bias']);
    let offset = 0;
    for (const { dtype, shape, data_offsets: [begin, end] } of Object.values(tensors)) {
      expect(dtype).toBe('F32');
      expect(begin).toBe(offset);
      expect(end - begin).toBe(4 * shape.reduce((a, b) => a * b, 1));
      offset = end;
    }
    expect(bytes.length).toBe(8 + length + offset);
    expect(tensors['encoder.0.weight'].shape).toEqual([4, 6]);
    // encoder.0.weight[j][k] is the flat W[k][j]: the first value is W[0][0], the second W[1][0] (input 1 to output 0).
    const view = new DataView(bytes.buffer, 8 + length);
    expect(view.getFloat32(0, true)).toBe(file.kind === 'autoencoder' && file.model.parameters[0]);
    expect(view.getFloat32(4, true)).toBe(file.kind === 'autoencoder' && file.model.parameters[4]);
    expect(metadata).toMatchObject({ kind: 'autoencoder', part: 'all', model_file_version: '2' });
    expect(JSON.parse(metadata!.spec)).toEqual(spec);
    expect(JSON.parse(metadata!.data)).toEqual(data);
    expect(JSON.parse(metadata!.activations)).toEqual({ 'encoder.0': 'tanh', 'encoder.1': 'identity', 'decoder.0': 'tanh', 'decoder.1': 'sigmoid' });
  });

  it('holds only the encoder or the decoder when asked', () => {
    expect(Object.keys(readSafetensors(exported(vaeFile(), 'decoder')).tensors)).toEqual(['decoder.0.weight', 'decoder.0.bias', 'decoder.1.weight', 'decoder.1.bias']);
    expect(Object.keys(partTensors(aeFile(), 'encoder').tensors)).toEqual(['encoder.0.weight', 'encoder.0.bias', 'encoder.1.weight', 'encoder.1.bias']);
  });

  it('round trips: export then import gives identical tensors, spec and data (autoencoder and VAE)', () => {
    for (const file of [aeFile(), vaeFile()]) {
      const back = importSafetensors(exported(file));
      expect(back.kind).toBe(file.kind);
      expect(back.version).toBe(2);
      expect(back.training).toBeUndefined();
      expect(back.data).toEqual(data);
      expect(back.model.spec).toEqual(file.model.spec);
      expect(partTensors(back, 'all').tensors).toEqual(partTensors(file, 'all').tensors);
      expect(back.model.reconstruct(x).data).toEqual(file.model.reconstruct(x).data);
    }
  });

  it('rounds float64 weights (the reference engine\'s) to float32', () => {
    const trained = aeFile(true);
    const rounded = Object.fromEntries(Object.entries(partTensors(trained, 'all').tensors).map(([name, t]) => [name, { shape: t.shape, values: fround(t.values) }]));
    expect(partTensors(importSafetensors(exported(trained)), 'all').tensors).toEqual(rounded);
  });

  it('imports PyTorch\'s nn.Sequential numbering (encoder.0, encoder.2) with only kind and activations, and data given', () => {
    const { tensors } = partTensors(aeFile(), 'all');
    const renamed = { 'encoder.0.weight': tensors['encoder.0.weight'], 'encoder.0.bias': tensors['encoder.0.bias'], 'encoder.2.weight': tensors['encoder.1.weight'], 'encoder.2.bias': tensors['encoder.1.bias'], 'decoder.0.weight': tensors['decoder.0.weight'], 'decoder.0.bias': tensors['decoder.0.bias'], 'decoder.2.weight': tensors['decoder.1.weight'], 'decoder.2.bias': tensors['decoder.1.bias'] };
    const bytes = writeSafetensors(renamed, { kind: 'autoencoder', activations: JSON.stringify({ 'encoder.0': 'tanh', 'encoder.2': 'identity', 'decoder.0': 'tanh', 'decoder.2': 'sigmoid' }) });
    expect(() => importSafetensors(bytes)).toThrow(/no data identity.*--data/);
    const back = importSafetensors(bytes, { data });
    expect(back.model.spec).toEqual(spec);
    expect(partTensors(back, 'all').tensors).toEqual(tensors);
  });

  it('refuses, with the reason: bad header, dtype, missing layer, not this layout, missing metadata, a part', () => {
    const good = readSafetensors(exported(aeFile()));
    const meta = good.metadata;
    expect(() => readSafetensors(new Uint8Array(4))).toThrow(/too short/);
    expect(() => readSafetensors(raw({}).subarray(0, 9))).toThrow(/header length \d+ is more than/);
    const broken = raw({ a: 1 });
    broken[8] = 0x7b + 1;
    expect(() => readSafetensors(broken)).toThrow(/not valid UTF-8 JSON/);
    expect(() => readSafetensors(raw({ 'encoder.0.weight': { dtype: 'F16', shape: [1], data_offsets: [0, 2] } }, new Uint8Array(2)))).toThrow(/dtype F16; latentlab reads F32 and F64/);
    expect(() => readSafetensors(raw({ t: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4)))).toThrow(/needs 8 bytes/);
    expect(() => readSafetensors(raw({ t: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, new Uint8Array(4)))).toThrow(/past the 4 bytes/);
    const { tensors } = partTensors(aeFile(), 'all');
    const without = Object.fromEntries(Object.entries(tensors).filter(([name]) => name !== 'decoder.1.bias'));
    expect(() => importSafetensors(writeSafetensors(without, meta))).toThrow(/layer decoder.1 has no bias/);
    expect(() => importSafetensors(writeSafetensors({ ...tensors, 'encoder.0.running_mean': tensors['encoder.0.bias'] }, meta))).toThrow(/"encoder.0.running_mean" is not a layer of an MLP autoencoder/);
    expect(() => importSafetensors(writeSafetensors({ ...tensors, 'decoder.0.weight': { shape: [4, 3], values: new Float64Array(12) } }, meta))).toThrow(/decoder.0 takes 3 inputs, but encoder.1 gives 2/);
    expect(() => importSafetensors(writeSafetensors(tensors, { ...meta, kind: 'gan' }))).toThrow(/kind must be "autoencoder" or "vae"/);
    const { activations: _, ...noActivations } = meta;
    expect(() => importSafetensors(writeSafetensors(tensors, noActivations))).toThrow(/activations .* is required/);
    expect(() => importSafetensors(writeSafetensors(tensors, { ...meta, activations: JSON.stringify({ 'encoder.0': 'gelu' }) }))).toThrow(/activations\["encoder.0"\] must be one of/);
    expect(() => importSafetensors(exported(aeFile(), 'encoder'))).toThrow(/holds only the encoder/);
    expect(() => importSafetensors(writeSafetensors(tensors, { ...meta, data: JSON.stringify({ ...data, width: 4 }) }))).toThrow(/images of 4x2/);
  });
});

describe('CSV export', () => {
  it('writes codes with labels (quoted when needed), a VAE\'s log-variances too', () => {
    const ae = aeFile();
    const codes = ae.model.encode(x).toRows();
    expect(latentCodesCsv(ae, dataset)).toBe(`label,z1,z2\na,${codes[0].join(',')}\n"b,c",${codes[1].join(',')}\n`);
    const vae = vaeFile();
    const lines = latentCodesCsv(vae, dataset).trimEnd().split('\n');
    expect(lines[0]).toBe('label,z1,z2,logvar1,logvar2');
    const q = vae.kind === 'vae' ? vae.model.encodeDistribution(x) : undefined;
    expect(lines[1]).toBe(`a,${[...q!.mean.row(0), ...q!.logVariance.row(0)].join(',')}`);
  });

  it('writes the loss history of the training state, and per-item wrong pixels on binary data', () => {
    const trained = aeFile(true);
    const losses = lossHistoryCsv(trained)!.trimEnd().split('\n');
    expect(losses[0]).toBe('epoch,loss');
    expect(losses.slice(1).map((line) => Number(line.split(',')[0]))).toEqual([1, 2, 3]);
    expect(Number(losses[1].split(',')[1])).toBe(trained.training!.losses[0]);
    expect(lossHistoryCsv(aeFile())).toBeUndefined();
    const out = trained.model.reconstruct(x);
    const wrong = (i: number) => x.row(i).reduce((n, v, p) => n + Number((out.get(i, p) >= 0.5 ? 1 : 0) !== v), 0);
    expect(itemErrorsCsv(trained, dataset)).toBe(`label,wrong_pixels\na,${wrong(0)}\n"b,c",${wrong(1)}\n`);
    const grey: Dataset = { ...dataset, inputs: Matrix.fromRows([[0.5, 0, 1, 0, 1, 1], [0, 0, 1, 1, 0, 0]]) };
    expect(itemErrorsCsv(trained, grey).split('\n')[0]).toBe('label,mean_abs_error');
    expect(exportCsvWithData(trained, dataset).map((f) => f.name)).toEqual(['codes.csv', 'errors.csv', 'images.json', 'losses.csv']);
    expect(() => exporters.csv(aeFile(), 'all')).toThrow(/no training state/);
  });
});
