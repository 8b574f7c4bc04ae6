import type { ActivationName } from '../../nn/activations.js';
import { LEAKY_RELU_SLOPE } from '../../nn/activations.js';
import { layerLayouts, type NetworkSpec } from '../../nn/network.js';
import type { ModelFile } from '../checkpoint.js';
import type { ExportedFile, Exporter, ExportPart } from './format.js';

/**
 * TensorFlow.js Layers export: a `model.json` (a Keras Sequential of Dense layers, with a LeakyReLU
 * layer after a linear Dense where the network uses leaky-relu) and its `weights.bin` (float32,
 * little-endian, every layer's kernel [inputs, outputs] then its bias), which
 * `tf.loadLayersModel('.../model.json')` loads. Pure code: it runs in the page too.
 *
 * Parts:
 *  - `encoder`: images -> codes. A VAE's encoder outputs 2 * latent values per image: the means of
 *    q(z|x), then their log-variances (no sampling layer: tfjs would need a registered custom class).
 *  - `decoder`: codes -> images. A VAE's decoder ends with the sigmoid latentlab's decode applies.
 *  - `all`: `model.json` + `weights.bin`, the whole model (images -> reconstructions; a VAE's decodes
 *    the mean code, as latentlab's reconstruct does), plus `encoder/model.json`,
 *    `encoder/weights.bin`, `decoder/model.json` and `decoder/weights.bin`.
 * Every model.json says what its inputs and outputs are in `userDefinedMetadata.latentlab`.
 */

/** One Dense layer as exported: kernel [inputs, outputs] row-major (latentlab's own layout), bias [outputs]. */
interface DenseLayer {
  name: string;
  inputs: number;
  outputs: number;
  kernel: Float64Array;
  bias: Float64Array;
  activation: ActivationName;
}

/** A network's layers [from, to) with their parameters, named by `layerNames`. */
function denseLayers(network: NetworkSpec, flat: Float64Array, layerNames: string[], from = 0, to = network.sizes.length - 1): DenseLayer[] {
  return layerLayouts(network)
    .slice(from, to)
    .map(({ inputs, outputs, weights, biases }, i) => ({
      name: kerasName(layerNames[from + i]),
      inputs,
      outputs,
      kernel: flat.slice(weights, weights + inputs * outputs),
      bias: flat.slice(biases, biases + outputs),
      activation: network.activations[from + i],
    }));
}

/** The layer with only its first `outputs` outputs (a VAE encoder's head cut to the means). */
function firstOutputs(layer: DenseLayer, outputs: number): DenseLayer {
  const kernel = new Float64Array(layer.inputs * outputs);
  for (let k = 0; k < layer.inputs; k++) kernel.set(layer.kernel.subarray(k * layer.outputs, k * layer.outputs + outputs), k * outputs);
  return { ...layer, outputs, kernel, bias: layer.bias.slice(0, outputs) };
}

/** Keras layer names: `encoder.0` becomes `encoder_0`. */
function kerasName(name: string): string {
  return name.replace(/[^A-Za-z0-9_]/g, '_');
}

const KERAS_ACTIVATIONS: Record<Exclude<ActivationName, 'leaky-relu'>, string> = { identity: 'linear', tanh: 'tanh', sigmoid: 'sigmoid', relu: 'relu' };

interface KerasLayer {
  class_name: string;
  config: Record<string, unknown>;
}

interface WeightEntry {
  name: string;
  shape: number[];
  dtype: 'float32';
}

/** A model.json and its weights.bin for a Sequential of `layers`, with a sigmoid after the last if `sigmoid`. */
function layersModel(modelName: string, layers: DenseLayer[], sigmoid: boolean, metadata: Record<string, unknown>): { json: string; weights: Uint8Array } {
  const keras: KerasLayer[] = [];
  const manifest: WeightEntry[] = [];
  layers.forEach((layer, l) => {
    const last = l === layers.length - 1;
    let activation = layer.activation === 'leaky-relu' ? 'linear' : KERAS_ACTIVATIONS[layer.activation];
    const sigmoidHere = last && sigmoid && layer.activation === 'identity';
    if (sigmoidHere) activation = 'sigmoid';
    keras.push({
      class_name: 'Dense',
      config: {
        name: layer.name,
        trainable: true,
        dtype: 'float32',
        ...(l === 0 ? { batch_input_shape: [null, layer.inputs] } : {}),
        units: layer.outputs,
        activation,
        use_bias: true,
        kernel_initializer: { class_name: 'GlorotUniform', config: { seed: null } },
        bias_initializer: { class_name: 'Zeros', config: {} },
        kernel_regularizer: null,
        bias_regularizer: null,
        activity_regularizer: null,
        kernel_constraint: null,
        bias_constraint: null,
      },
    });
    manifest.push({ name: `${layer.name}/kernel`, shape: [layer.inputs, layer.outputs], dtype: 'float32' });
    manifest.push({ name: `${layer.name}/bias`, shape: [layer.outputs], dtype: 'float32' });
    if (layer.activation === 'leaky-relu') {
      keras.push({ class_name: 'LeakyReLU', config: { name: `${layer.name}_leaky_relu`, trainable: true, dtype: 'float32', alpha: LEAKY_RELU_SLOPE } });
    }
    if (last && sigmoid && !sigmoidHere) {
      keras.push({ class_name: 'Activation', config: { name: `${layer.name}_sigmoid`, trainable: true, dtype: 'float32', activation: 'sigmoid' } });
    }
  });
  const count = layers.reduce((sum, layer) => sum + layer.kernel.length + layer.bias.length, 0);
  const view = new DataView(new ArrayBuffer(count * 4));
  let offset = 0;
  for (const layer of layers) {
    for (const values of [layer.kernel, layer.bias]) {
      for (const value of values) {
        view.setFloat32(offset, value, true);
        offset += 4;
      }
    }
  }
  const model = {
    format: 'layers-model',
    generatedBy: 'latentlab',
    convertedBy: null,
    modelTopology: {
      class_name: 'Sequential',
      config: { name: modelName, layers: keras },
      keras_version: 'tfjs-layers 4.22.0',
      backend: 'tensor_flow.js',
    },
    weightsManifest: [{ paths: ['weights.bin'], weights: manifest }],
    userDefinedMetadata: { latentlab: metadata },
  };
  return { json: JSON.stringify(model, null, 1), weights: new Uint8Array(view.buffer) };
}

/** One exported model: what it holds, its layers and whether a sigmoid ends it. */
interface ModelPlan {
  part: ExportPart;
  layers: DenseLayer[];
  sigmoid: boolean;
  inputs: string;
  outputs: string;
}

function plans(file: ModelFile): Record<ExportPart, ModelPlan> {
  const { width, height } = file.data;
  const pixels = `${width * height} pixel values per image (${width} x ${height}, row by row)`;
  if (file.kind === 'autoencoder') {
    const model = file.model;
    const { spec } = model;
    const names = [...Array.from({ length: spec.encoder.length + 1 }, (_, l) => `encoder.${l}`), ...Array.from({ length: spec.decoder.length + 1 }, (_, l) => `decoder.${l}`)];
    const codes = `${model.latent} code values per image`;
    return {
      encoder: { part: 'encoder', layers: denseLayers(model.network, model.parameters, names, 0, model.codeLayer), sigmoid: false, inputs: pixels, outputs: codes },
      decoder: { part: 'decoder', layers: denseLayers(model.network, model.parameters, names, model.codeLayer), sigmoid: false, inputs: codes, outputs: pixels },
      all: { part: 'all', layers: denseLayers(model.network, model.parameters, names), sigmoid: false, inputs: pixels, outputs: `reconstructions: ${pixels}` },
    };
  }
  const model = file.model;
  const { latent } = model;
  const encoderNames = Array.from({ length: model.encoderNetwork.sizes.length - 1 }, (_, l) => `encoder.${l}`);
  const decoderNames = Array.from({ length: model.decoderNetwork.sizes.length - 1 }, (_, l) => `decoder.${l}`);
  const encoder = denseLayers(model.encoderNetwork, model.encoderParameters, encoderNames);
  const decoder = denseLayers(model.decoderNetwork, model.decoderParameters, decoderNames);
  const codes = `${latent} code values per image`;
  return {
    encoder: {
      part: 'encoder',
      layers: encoder,
      sigmoid: false,
      inputs: pixels,
      outputs: `${2 * latent} values per image: the ${latent} means of q(z|x), then their ${latent} log-variances; sample z = mean + exp(logVariance / 2) * eps, eps ~ N(0, 1)`,
    },
    decoder: { part: 'decoder', layers: decoder, sigmoid: true, inputs: codes, outputs: `${pixels}, in (0, 1) (the sigmoid of the decoder's logits)` },
    all: {
      part: 'all',
      layers: [...encoder.slice(0, -1), firstOutputs(encoder[encoder.length - 1], latent), ...decoder],
      sigmoid: true,
      inputs: pixels,
      outputs: `reconstructions: ${pixels}, each image decoded from its mean code (no sampling)`,
    },
  };
}

function exportedModel(file: ModelFile, plan: ModelPlan, prefix: string): ExportedFile[] {
  const metadata = {
    kind: file.kind,
    part: plan.part,
    inputs: plan.inputs,
    outputs: plan.outputs,
    data: { name: file.data.name, source: file.data.source, width: file.data.width, height: file.data.height, mode: file.data.mode, hash: file.data.hash },
    spec: file.spec,
  };
  const { json, weights } = layersModel(`latentlab_${file.kind}_${plan.part}`, plan.layers, plan.sigmoid, metadata);
  return [
    { name: `${prefix}model.json`, bytes: new TextEncoder().encode(json) },
    { name: `${prefix}weights.bin`, bytes: weights },
  ];
}

/**
 * The TensorFlow.js Layers files of `part`: `model.json` and `weights.bin`; for `all`, the whole
 * model's, then `encoder/` and `decoder/` with each part's.
 */
export const exportTfjs: Exporter = (file, part) => {
  const models = plans(file);
  if (!Object.hasOwn(models, part)) throw new RangeError(`unknown part "${String(part)}"; valid: encoder, decoder, all`);
  if (part !== 'all') return exportedModel(file, models[part], '');
  return [...exportedModel(file, models.all, ''), ...exportedModel(file, models.encoder, 'encoder/'), ...exportedModel(file, models.decoder, 'decoder/')];
};
