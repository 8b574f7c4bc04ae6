import type { DataIdentity } from '../../data/dataset-identity.js';
import { activationNames, type ActivationName } from '../../nn/activations.js';
import { initializerNames, type InitializerName } from '../../nn/initializers.js';
import type { AutoencoderSpec } from '../autoencoder/autoencoder.js';
import { autoencoderSection } from '../autoencoder/model-file.js';
import { CHECKPOINT_VERSION, parseModelFile, serializeModelFile, type ModelFile } from '../checkpoint.js';
import type { NamedNetwork } from '../model-section.js';
import { fromNamedTensors, toNamedTensors, type NamedTensors } from '../named-tensors.js';
import { vaeSection } from '../vae/model-file.js';
import type { VaeSpec } from '../vae/vae.js';
import type { ExportedFile, ExportPart } from './format.js';

/**
 * safetensors (https://github.com/huggingface/safetensors): an 8-byte little-endian header length,
 * a JSON header (per tensor: dtype, shape, data_offsets into the data that follow; `__metadata__`:
 * a map of strings), padded with spaces to a multiple of 8, then the raw little-endian data.
 *
 * latentlab writes float32: the wasm engine computes in float32, so a model it trained loses
 * nothing; a model trained on the float64 reference engine is rounded to float32.
 */

/** The version of latentlab's layout of a safetensors export (its metadata keys and tensor names). */
export const SAFETENSORS_LAYOUT_VERSION = '1';

/** A tensor of a safetensors file, as read: values as float64 whatever the stored dtype. */
export interface SafetensorsTensor {
  dtype: string;
  shape: number[];
  values: Float64Array;
}

export interface SafetensorsFile {
  metadata: Record<string, string>;
  tensors: Record<string, SafetensorsTensor>;
}

/** Each network of a model file with its parameters (as the model file names them). */
function networksOf(file: ModelFile): { named: NamedNetwork; parameters: Float64Array }[] {
  if (file.kind === 'autoencoder') {
    const [named] = autoencoderSection.networks(file.model.spec, file.model.inputSize);
    return [{ named, parameters: file.model.parameters }];
  }
  const [encoder, decoder] = vaeSection.networks(file.model.spec, file.model.inputSize);
  return [
    { named: encoder, parameters: file.model.encoderParameters },
    { named: decoder, parameters: file.model.decoderParameters },
  ];
}

/** The named tensors of a model file's part (encoder.*, decoder.* or all), and each of their layers' activation, in layer order. */
export function partTensors(file: ModelFile, part: ExportPart): { tensors: NamedTensors; activations: Record<string, ActivationName> } {
  const tensors: NamedTensors = {};
  const activations: Record<string, ActivationName> = {};
  for (const { named, parameters } of networksOf(file)) {
    const all = toNamedTensors(named.network, parameters, named.layerNames);
    named.layerNames.forEach((layer, l) => {
      if (part !== 'all' && !layer.startsWith(`${part}.`)) return;
      activations[layer] = named.network.activations[l];
      tensors[`${layer}.weight`] = all[`${layer}.weight`];
      tensors[`${layer}.bias`] = all[`${layer}.bias`];
    });
  }
  return { tensors, activations };
}

/** The metadata of an export: strings only, as the format requires. */
export function exportMetadata(file: ModelFile, part: ExportPart, activations: Record<string, ActivationName>): Record<string, string> {
  return {
    format: 'latentlab',
    latentlab_layout: SAFETENSORS_LAYOUT_VERSION,
    model_file_version: String(CHECKPOINT_VERSION),
    kind: file.kind,
    part,
    spec: JSON.stringify(file.model.spec),
    activations: JSON.stringify(activations),
    data: JSON.stringify(file.data),
    // A VAE's decoder ends in pixel logits: a sigmoid gives the pixels; its encoder's last layer gives means, then log-variances.
    ...(file.kind === 'vae' && { output: 'logits', latent: String(file.model.spec.latent) }),
  };
}

/** The bytes of a safetensors file holding `tensors` as float32, in the given order, with `metadata`. */
export function writeSafetensors(tensors: NamedTensors, metadata: Record<string, string>): Uint8Array {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, { shape, values }] of Object.entries(tensors)) {
    header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + 4 * values.length] };
    offset += 4 * values.length;
  }
  let json = new TextEncoder().encode(JSON.stringify(header));
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length) json = new TextEncoder().encode(JSON.stringify(header) + ' '.repeat(padded - json.length));
  const bytes = new Uint8Array(8 + json.length + offset);
  const view = new DataView(bytes.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  bytes.set(json, 8);
  let at = 8 + json.length;
  for (const { values } of Object.values(tensors)) {
    for (const v of values) {
      view.setFloat32(at, v, true);
      at += 4;
    }
  }
  return bytes;
}

/** The safetensors export of a model file's part: `model.safetensors`. */
export function exportSafetensors(file: ModelFile, part: ExportPart): ExportedFile[] {
  const { tensors, activations } = partTensors(file, part);
  return [{ name: part === 'all' ? 'model.safetensors' : `${part}.safetensors`, bytes: writeSafetensors(tensors, exportMetadata(file, part, activations)) }];
}

export class SafetensorsError extends Error {
  constructor(message: string) {
    super(`bad safetensors file: ${message}`);
    this.name = 'SafetensorsError';
  }
}

const dtypeWidths: Record<string, number> = { F32: 4, F64: 8 };

/** Reads a safetensors file of F32/F64 tensors, checking the header, offsets and values; errors say what is wrong. */
export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.length < 8) throw new SafetensorsError(`${bytes.length} bytes, too short for the 8-byte header length`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getBigUint64(0, true);
  if (length > BigInt(bytes.length - 8)) throw new SafetensorsError(`header length ${length} is more than the ${bytes.length - 8} bytes after it`);
  const headerEnd = 8 + Number(length);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, headerEnd)));
  } catch (error) {
    throw new SafetensorsError(`the header is not valid UTF-8 JSON (${(error as Error).message})`);
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new SafetensorsError('the header is not a JSON object');
  const metadata: Record<string, string> = {};
  const tensors: Record<string, SafetensorsTensor> = {};
  const dataLength = bytes.length - headerEnd;
  const spans: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new SafetensorsError('__metadata__ must be a map of strings');
      for (const [key, value] of Object.entries(entry)) {
        if (typeof value !== 'string') throw new SafetensorsError(`__metadata__.${key} must be a string, got ${JSON.stringify(value)}`);
        metadata[key] = value;
      }
      continue;
    }
    const { dtype, shape, data_offsets: offsets } = (entry ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (typeof dtype !== 'string') throw new SafetensorsError(`tensor "${name}" has no dtype`);
    const width = dtypeWidths[dtype];
    if (!width) throw new SafetensorsError(`tensor "${name}" has dtype ${dtype}; latentlab reads F32 and F64 (save with tensor.float())`);
    if (!Array.isArray(shape) || !shape.every((size) => Number.isInteger(size) && size >= 0)) throw new SafetensorsError(`tensor "${name}": shape must be a list of sizes`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0) || offsets[0] > offsets[1]) {
      throw new SafetensorsError(`tensor "${name}": data_offsets must be [begin, end]`);
    }
    const [begin, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end - begin !== count * width) throw new SafetensorsError(`tensor "${name}" of shape [${shape.join(', ')}] ${dtype} needs ${count * width} bytes, its offsets span ${end - begin}`);
    if (end > dataLength) throw new SafetensorsError(`tensor "${name}" ends at byte ${end}, past the ${dataLength} bytes of data`);
    spans.push([begin, end, name]);
    const values = new Float64Array(count);
    const at = headerEnd + begin;
    for (let i = 0; i < count; i++) values[i] = width === 4 ? view.getFloat32(at + 4 * i, true) : view.getFloat64(at + 8 * i, true);
    const bad = values.findIndex((v) => !Number.isFinite(v));
    if (bad >= 0) throw new SafetensorsError(`tensor "${name}" holds a non-finite value (${values[bad]}) at index ${bad}`);
    tensors[name] = { dtype, shape: shape as number[], values };
  }
  spans.sort((a, b) => a[0] - b[0]);
  spans.forEach(([begin, , name], i) => {
    if (i > 0 && begin < spans[i - 1][1]) throw new SafetensorsError(`tensors "${spans[i - 1][2]}" and "${name}" overlap`);
  });
  return { metadata, tensors };
}

/** What an import needs beyond the file: the data identity when the metadata has none. */
export interface ImportOptions {
  data?: DataIdentity;
}

/**
 * An MLP autoencoder saved in latentlab's safetensors layout (by latentlab, or by PyTorch from an
 * nn.Sequential named encoder.0.., decoder.0..) as a latentlab model file (version 2, no training
 * state). Required metadata: `kind` (autoencoder or vae) and `activations` (JSON: layer name ->
 * identity, tanh, sigmoid, relu or leaky-relu). Optional: `spec` (JSON architecture; loss,
 * initializer, VAE reconstruction and beta come from it, else defaults) and `data` (JSON data
 * identity; else options.data). Layers may be written with PyTorch's nn.Sequential numbering
 * (encoder.0, encoder.2, ... around activation modules): they are taken in order.
 */
export function importSafetensors(bytes: Uint8Array, options: ImportOptions = {}): ModelFile {
  const { metadata, tensors } = readSafetensors(bytes);
  const kind = metadata.kind;
  if (kind !== 'autoencoder' && kind !== 'vae') throw new SafetensorsError(`__metadata__.kind must be "autoencoder" or "vae", got ${JSON.stringify(kind)}`);
  if (metadata.part !== undefined && metadata.part !== 'all') throw new SafetensorsError(`this export holds only the ${metadata.part}; importing needs the whole model (--part all)`);
  const activations = jsonMetadata(metadata, 'activations') as Record<string, unknown> | undefined;
  if (!activations || typeof activations !== 'object') throw new SafetensorsError('__metadata__.activations (JSON: layer name -> activation) is required');
  const spec = (jsonMetadata(metadata, 'spec') ?? {}) as Record<string, unknown>;
  const data = (jsonMetadata(metadata, 'data') as DataIdentity | undefined) ?? options.data;
  if (!data) throw new SafetensorsError('no data identity: __metadata__.data is absent; give the data the model was trained on (--data)');
  for (const name of Object.keys(tensors)) {
    if (!/^(encoder|decoder)\.\d+\.(weight|bias)$/.test(name)) throw new SafetensorsError(`tensor "${name}" is not a layer of an MLP autoencoder (expected encoder.<n>.weight/bias, decoder.<n>.weight/bias)`);
  }
  const encoder = layersOf(tensors, 'encoder');
  const decoder = layersOf(tensors, 'decoder');
  const activationOf = (layer: string): ActivationName => {
    const name = activations[layer];
    if (typeof name !== 'string' || !(activationNames as string[]).includes(name)) {
      throw new SafetensorsError(`__metadata__.activations["${layer}"] must be one of ${activationNames.join(', ')}, got ${JSON.stringify(name)}`);
    }
    return name as ActivationName;
  };
  const chain = [...encoder, ...decoder];
  chain.forEach((layer, l) => {
    const [outputs, inputs] = tensors[`${layer}.weight`].shape;
    const bias = tensors[`${layer}.bias`];
    if (tensors[`${layer}.weight`].shape.length !== 2) throw new SafetensorsError(`tensor "${layer}.weight" must be 2-d [outputs, inputs]`);
    if (bias.shape.length !== 1 || bias.shape[0] !== outputs) throw new SafetensorsError(`tensor "${layer}.bias" has shape [${bias.shape.join(', ')}], expected [${outputs}]`);
    if (l > 0) {
      const before = chain[l - 1];
      const previous = tensors[`${before}.weight`].shape[0];
      const expected = kind === 'vae' && l === encoder.length ? previous / 2 : previous;
      if (inputs !== expected) throw new SafetensorsError(`layer ${layer} takes ${inputs} inputs, but ${before} gives ${expected}${kind === 'vae' && l === encoder.length ? ' (half its outputs: the latent means)' : ''}`);
    }
  });
  const widthsOf = (layers: string[]) => layers.map((layer) => tensors[`${layer}.weight`].shape[0]);
  const inputSize = tensors[`${encoder[0]}.weight`].shape[1];
  if (widthsOf(decoder).at(-1) !== inputSize) throw new SafetensorsError(`the decoder gives ${widthsOf(decoder).at(-1)} pixels, the encoder takes ${inputSize}`);
  if (data.width * data.height !== inputSize) throw new SafetensorsError(`the model takes ${inputSize} pixels, its data "${data.name}" has images of ${data.width}x${data.height}`);
  const hidden = [...encoder.slice(0, -1), ...decoder.slice(0, -1)].map(activationOf);
  const activation = hidden[0] ?? 'tanh';
  if (hidden.some((name) => name !== activation)) throw new SafetensorsError(`latentlab models use one activation for every hidden layer, got ${hidden.join(', ')}`);
  const initializer = initializerNames.includes(spec.initializer as InitializerName) ? (spec.initializer as InitializerName) : 'glorot-uniform';
  const rename = (layers: string[], prefix: string) => Object.fromEntries(layers.flatMap((layer, l) => ['weight', 'bias'].map((p) => [`${prefix}.${l}.${p}`, tensors[`${layer}.${p}`]])));
  const renamed: NamedTensors = { ...rename(encoder, 'encoder'), ...rename(decoder, 'decoder') };
  const base = { version: CHECKPOINT_VERSION, data, spec: { model: {}, data: { dataset: data.source, ...(data.table !== undefined && { table: data.table }) } } };
  try {
    if (kind === 'autoencoder') {
      const outputActivation = activationOf(decoder.at(-1)!);
      const model: AutoencoderSpec = {
        encoder: widthsOf(encoder).slice(0, -1),
        latent: widthsOf(encoder).at(-1)!,
        decoder: widthsOf(decoder).slice(0, -1),
        activation,
        latentActivation: activationOf(encoder.at(-1)!),
        outputActivation,
        loss: spec.loss === 'mse' || spec.loss === 'bce' ? spec.loss : outputActivation === 'sigmoid' ? 'bce' : 'mse',
        initializer,
      };
      const checked = autoencoderSection.specSchema.parse(model);
      const [named] = autoencoderSection.networks(checked, inputSize);
      return validated({ ...base, spec: { ...base.spec, model: checked }, kind, model: autoencoderSection.build(checked, inputSize, [fromNamedTensors(named.network, renamed, named.layerNames)]) });
    }
    for (const [layer, expected] of [[encoder.at(-1)!, 'identity'], [decoder.at(-1)!, 'identity']] as const) {
      if (activations[layer] !== undefined && activationOf(layer) !== expected) throw new SafetensorsError(`a VAE's ${layer} must be linear (identity): its outputs are ${layer.startsWith('encoder') ? 'means and log-variances' : 'pixel logits'}`);
    }
    const encoderOutputs = widthsOf(encoder).at(-1)!;
    if (encoderOutputs % 2 !== 0) throw new SafetensorsError(`a VAE's last encoder layer gives means then log-variances: an even count, got ${encoderOutputs}`);
    const model: VaeSpec = {
      encoder: widthsOf(encoder).slice(0, -1),
      latent: encoderOutputs / 2,
      decoder: widthsOf(decoder).slice(0, -1),
      activation,
      initializer,
      reconstruction: spec.reconstruction === 'mse' ? 'mse' : 'bce',
      beta: typeof spec.beta === 'number' ? spec.beta : 1,
      betaWarmupEpochs: typeof spec.betaWarmupEpochs === 'number' ? spec.betaWarmupEpochs : 0,
    };
    const checked = vaeSection.specSchema.parse(model);
    const [encoderNet, decoderNet] = vaeSection.networks(checked, inputSize);
    const parameters = [encoderNet, decoderNet].map((named) => fromNamedTensors(named.network, renamed, named.layerNames));
    return validated({ ...base, spec: { ...base.spec, model: checked }, kind, model: vaeSection.build(checked, inputSize, parameters) });
  } catch (error) {
    if (error instanceof SafetensorsError) throw error;
    throw new SafetensorsError((error as Error).message);
  }
}

/** The model file as written and read again: its data identity and tensors checked as any model file's. */
function validated(file: ModelFile): ModelFile {
  return parseModelFile(serializeModelFile(file));
}

/** The layers `<prefix>.<n>` of the tensors, in order of n; each needs its weight and its bias. */
function layersOf(tensors: Record<string, SafetensorsTensor>, prefix: string): string[] {
  const indices = new Set<number>();
  for (const name of Object.keys(tensors)) {
    const match = new RegExp(`^${prefix}\\.(\\d+)\\.`).exec(name);
    if (match) indices.add(Number(match[1]));
  }
  if (indices.size === 0) throw new SafetensorsError(`no ${prefix} layers (expected tensors ${prefix}.0.weight, ${prefix}.0.bias, ...)`);
  const layers = [...indices].sort((a, b) => a - b).map((n) => `${prefix}.${n}`);
  for (const layer of layers) {
    for (const part of ['weight', 'bias']) if (!tensors[`${layer}.${part}`]) throw new SafetensorsError(`layer ${layer} has no ${part} (tensor "${layer}.${part}" is missing)`);
  }
  return layers;
}

function jsonMetadata(metadata: Record<string, string>, key: string): unknown {
  const text = metadata[key];
  if (text === undefined) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    throw new SafetensorsError(`__metadata__.${key} is not valid JSON`);
  }
}
