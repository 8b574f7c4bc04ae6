import protobuf from 'protobufjs';
import type { ActivationName } from '../../nn/activations.js';
import { LEAKY_RELU_SLOPE } from '../../nn/activations.js';
import { layerLayouts, type NetworkSpec } from '../../nn/network.js';
import { autoencoderSection } from '../autoencoder/model-file.js';
import type { ModelFile } from '../checkpoint.js';
import { vaeSection } from '../vae/model-file.js';
import type { ExportedFile, ExportPart, Exporter } from './format.js';

/**
 * The messages of ONNX's onnx.proto (github.com/onnx/onnx, Apache-2.0) that a graph of dense layers
 * needs, with their field names and numbers as onnx.proto defines them; protobufjs encodes them.
 */
const ONNX_PROTO = `
syntax = "proto2";
package onnx;
message AttributeProto {
  enum AttributeType { UNDEFINED = 0; FLOAT = 1; INT = 2; STRING = 3; TENSOR = 4; GRAPH = 5; FLOATS = 6; INTS = 7; STRINGS = 8; }
  optional string name = 1;
  optional float f = 2;
  optional int64 i = 3;
  optional bytes s = 4;
  repeated float floats = 7;
  repeated int64 ints = 8;
  optional AttributeType type = 20;
}
message ValueInfoProto {
  optional string name = 1;
  optional TypeProto type = 2;
  optional string doc_string = 3;
}
message NodeProto {
  repeated string input = 1;
  repeated string output = 2;
  optional string name = 3;
  optional string op_type = 4;
  optional string domain = 7;
  repeated AttributeProto attribute = 5;
  optional string doc_string = 6;
}
message StringStringEntryProto {
  optional string key = 1;
  optional string value = 2;
}
message ModelProto {
  optional int64 ir_version = 1;
  repeated OperatorSetIdProto opset_import = 8;
  optional string producer_name = 2;
  optional string producer_version = 3;
  optional string domain = 4;
  optional int64 model_version = 5;
  optional string doc_string = 6;
  optional GraphProto graph = 7;
  repeated StringStringEntryProto metadata_props = 14;
}
message GraphProto {
  repeated NodeProto node = 1;
  optional string name = 2;
  repeated TensorProto initializer = 5;
  optional string doc_string = 10;
  repeated ValueInfoProto input = 11;
  repeated ValueInfoProto output = 12;
}
message TensorProto {
  enum DataType { UNDEFINED = 0; FLOAT = 1; INT64 = 7; }
  repeated int64 dims = 1;
  optional int32 data_type = 2;
  optional string name = 8;
  optional bytes raw_data = 9;
}
message TensorShapeProto {
  message Dimension {
    oneof value {
      int64 dim_value = 1;
      string dim_param = 2;
    }
  }
  repeated Dimension dim = 1;
}
message TypeProto {
  message Tensor {
    optional int32 elem_type = 1;
    optional TensorShapeProto shape = 2;
  }
  oneof value {
    Tensor tensor_type = 1;
  }
}
message OperatorSetIdProto {
  optional string domain = 1;
  optional int64 version = 2;
}
`;

/** IR version 8 (ONNX 1.10+) and opset 13: read by every onnxruntime (web, node, python) since 1.10. */
export const ONNX_IR_VERSION = 8;
export const ONNX_OPSET = 13;
const FLOAT = 1;
const INT64 = 7;
const ATTRIBUTE_FLOAT = 1;
const ATTRIBUTE_INT = 2;
/** The symbolic batch dimension of every input and output. */
export const BATCH_DIMENSION = 'batch';

let modelProto: protobuf.Type | undefined;
/** The protobufjs type of onnx.ModelProto (fields named as in onnx.proto), to encode or read an export. */
export function onnxModelType(): protobuf.Type {
  modelProto ??= protobuf.parse(ONNX_PROTO, { keepCase: true }).root.lookupType('onnx.ModelProto');
  return modelProto;
}

interface Attribute { name: string; type: number; f?: number; i?: number }
interface Node { name: string; op_type: string; input: string[]; output: string[]; attribute: Attribute[] }
interface Tensor { name: string; data_type: number; dims: number[]; raw_data: Uint8Array }
interface ValueInfo { name: string; type: { tensor_type: { elem_type: number; shape: { dim: ({ dim_param: string } | { dim_value: number })[] } } } }

/** A graph under construction: nodes, float32 initializers, inputs and outputs. */
class GraphBuilder {
  readonly nodes: Node[] = [];
  readonly initializers: Tensor[] = [];
  readonly inputs: ValueInfo[] = [];
  readonly outputs: ValueInfo[] = [];

  input(name: string, width: number): string {
    this.inputs.push(valueInfo(name, width));
    return name;
  }

  output(name: string, width: number): void {
    this.outputs.push(valueInfo(name, width));
  }

  /** A float32 initializer from float64 values (row-major in `dims`). */
  floats(name: string, dims: number[], values: ArrayLike<number>): string {
    const bytes = new Uint8Array(values.length * 4);
    const view = new DataView(bytes.buffer);
    for (let i = 0; i < values.length; i++) view.setFloat32(i * 4, values[i], true);
    this.initializers.push({ name, data_type: FLOAT, dims, raw_data: bytes });
    return name;
  }

  int64s(name: string, values: number[]): string {
    const bytes = new Uint8Array(values.length * 8);
    const view = new DataView(bytes.buffer);
    values.forEach((v, i) => view.setBigInt64(i * 8, BigInt(v), true));
    this.initializers.push({ name, data_type: INT64, dims: [values.length], raw_data: bytes });
    return name;
  }

  node(opType: string, name: string, input: string[], output: string[], attribute: Attribute[] = []): void {
    this.nodes.push({ name, op_type: opType, input, output, attribute });
  }

  /**
   * Layers [from, to) of `network` (weights inputs x outputs row-major, then biases, as in
   * nn/network.ts) as Gemm + activation nodes from `input`; the last one's output is `output`.
   */
  dense(network: NetworkSpec, params: Float64Array, layerNames: string[], input: string, output: string, from = 0, to = network.sizes.length - 1): void {
    const layouts = layerLayouts(network);
    let current = input;
    for (let l = from; l < to; l++) {
      const layer = layouts[l];
      const name = layerNames[l];
      const weight = this.floats(`${name}.weight`, [layer.inputs, layer.outputs], params.subarray(layer.weights, layer.biases));
      const bias = this.floats(`${name}.bias`, [layer.outputs], params.subarray(layer.biases, layer.biases + layer.outputs));
      const linear = `${name}.linear`;
      this.node('Gemm', `${name}.gemm`, [current, weight, bias], [linear]);
      const activated = l === to - 1 ? output : `${name}.output`;
      this.activation(network.activations[l], `${name}.activation`, linear, activated);
      current = activated;
    }
  }

  activation(name: ActivationName, nodeName: string, input: string, output: string): void {
    switch (name) {
      case 'identity': return this.node('Identity', nodeName, [input], [output]);
      case 'tanh': return this.node('Tanh', nodeName, [input], [output]);
      case 'sigmoid': return this.node('Sigmoid', nodeName, [input], [output]);
      case 'relu': return this.node('Relu', nodeName, [input], [output]);
      case 'leaky-relu': return this.node('LeakyRelu', nodeName, [input], [output], [{ name: 'alpha', type: ATTRIBUTE_FLOAT, f: LEAKY_RELU_SLOPE }]);
      default: throw new RangeError(`activation "${String(name)}" has no ONNX operator here`);
    }
  }

  /** The model's bytes: IR version 8, opset 13, this graph. */
  encode(graphName: string, docString: string): Uint8Array {
    const type = onnxModelType();
    const model = {
      ir_version: ONNX_IR_VERSION,
      opset_import: [{ domain: '', version: ONNX_OPSET }],
      producer_name: 'latentlab',
      doc_string: docString,
      graph: { name: graphName, node: this.nodes, initializer: this.initializers, input: this.inputs, output: this.outputs },
    };
    const problem = type.verify(model);
    if (problem) throw new Error(`ONNX model: ${problem}`);
    return type.encode(type.fromObject(model)).finish();
  }
}

function valueInfo(name: string, width: number): ValueInfo {
  return { name, type: { tensor_type: { elem_type: FLOAT, shape: { dim: [{ dim_param: BATCH_DIMENSION }, { dim_value: width }] } } } };
}

function inputSizeOf(file: ModelFile): number {
  return file.model.inputSize;
}

function autoencoderGraph(file: ModelFile & { kind: 'autoencoder' }, part: ExportPart): GraphBuilder {
  const model = file.model;
  const [{ network, layerNames }] = autoencoderSection.networks(model.spec, inputSizeOf(file));
  const graph = new GraphBuilder();
  const code = model.codeLayer;
  const layers = network.sizes.length - 1;
  if (part === 'encoder') graph.dense(network, model.parameters, layerNames, graph.input('images', model.inputSize), 'codes', 0, code);
  else if (part === 'decoder') graph.dense(network, model.parameters, layerNames, graph.input('codes', model.latent), 'images', code, layers);
  else {
    graph.dense(network, model.parameters, layerNames, graph.input('images', model.inputSize), 'codes', 0, code);
    graph.dense(network, model.parameters, layerNames, 'codes', 'reconstructions', code, layers);
  }
  if (part === 'encoder') graph.output('codes', model.latent);
  else graph.output(part === 'decoder' ? 'images' : 'reconstructions', model.inputSize);
  return graph;
}

/** The VAE's encoder head split into means then log-variances. */
function vaeEncoder(graph: GraphBuilder, file: ModelFile & { kind: 'vae' }, network: NetworkSpec, layerNames: string[]): void {
  const model = file.model;
  graph.dense(network, model.encoderParameters, layerNames, graph.input('images', model.inputSize), 'heads');
  const sizes = graph.int64s('split.sizes', [model.latent, model.latent]);
  graph.node('Split', 'split', ['heads', sizes], ['mean', 'logVariance'], [{ name: 'axis', type: ATTRIBUTE_INT, i: 1 }]);
}

function vaeGraph(file: ModelFile & { kind: 'vae' }, part: ExportPart): GraphBuilder {
  const model = file.model;
  const [encoder, decoder] = vaeSection.networks(model.spec, inputSizeOf(file));
  const graph = new GraphBuilder();
  if (part !== 'decoder') vaeEncoder(graph, file, encoder.network, encoder.layerNames);
  if (part === 'encoder') {
    graph.output('mean', model.latent);
    graph.output('logVariance', model.latent);
    return graph;
  }
  const codes = part === 'decoder' ? graph.input('codes', model.latent) : 'mean';
  graph.dense(decoder.network, model.decoderParameters, decoder.layerNames, codes, 'logits');
  const images = part === 'decoder' ? 'images' : 'reconstructions';
  graph.node('Sigmoid', 'pixels', ['logits'], [images]);
  graph.output(images, model.inputSize);
  return graph;
}

const describe: Record<ExportPart, string> = {
  encoder: 'images [batch, pixels] -> codes',
  decoder: 'codes [batch, latent] -> images',
  all: 'images [batch, pixels] -> reconstructions (encoder then decoder)',
};

/**
 * ONNX export: one .onnx file per part (Gemm + activation per dense layer, float32 weights, a
 * symbolic batch dimension). A VAE's encoder gives `mean` and `logVariance`, its decoder the pixels
 * (sigmoid of the logits) and 'all' decodes the mean.
 */
export const exportOnnx: Exporter = (file: ModelFile, part: ExportPart): ExportedFile[] => {
  if (part !== 'encoder' && part !== 'decoder' && part !== 'all') throw new RangeError(`part must be encoder, decoder or all, got ${JSON.stringify(part)}`);
  const graph = file.kind === 'autoencoder' ? autoencoderGraph(file, part) : vaeGraph(file, part);
  const name = part === 'all' ? file.kind : `${file.kind}-${part}`;
  const bytes = graph.encode(name, `latentlab ${file.kind} ${part}: ${describe[part]}`);
  return [{ name: `${part === 'all' ? 'model' : part}.onnx`, bytes }];
};
