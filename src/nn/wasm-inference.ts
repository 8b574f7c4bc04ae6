import { Matrix } from '../tensor/matrix.js';
import { padTo4, readPaddedRows, writePaddedRows } from '../tensor/wasm/mlp-layout.js';
import type { WasmTuning } from './kernel-choice.js';
import { layerLayouts, type NetworkSpec } from './network.js';
import { WasmNetwork } from './wasm-network.js';

/** Rows per forward pass: wide enough for the blocked kernels and the kernel threads, small enough to stay in cache. */
export const INFERENCE_BATCH = 256;

/**
 * Forward-only passes through layers [from, to) of a network on the wasm kernels (float32), in
 * batches of INFERENCE_BATCH rows, for any number of rows: what models encode, decode and
 * reconstruct with. The float64 `forward` of network.ts is the reference it is tested against.
 * Its wasm memory is made once; each run copies the parameters in.
 */
export class WasmInference {
  readonly network: NetworkSpec;
  private readonly net: WasmNetwork;
  /** Where layers [from, to) sit in the whole network's flat parameters. */
  private readonly first: number;
  private readonly end: number;

  constructor(spec: NetworkSpec, from = 0, to = spec.sizes.length - 1, tuning?: WasmTuning) {
    const layouts = layerLayouts(spec);
    if (!Number.isInteger(from) || !Number.isInteger(to) || from < 0 || to > layouts.length || from >= to) {
      throw new RangeError(`no layers between ${from} and ${to}`);
    }
    this.network = { ...spec, sizes: spec.sizes.slice(from, to + 1), activations: spec.activations.slice(from, to) };
    this.first = layouts[from].weights;
    this.end = layouts[to - 1].biases + layouts[to - 1].outputs;
    this.net = new WasmNetwork({
      network: this.network,
      optimizer: { name: 'gd', lr: 1 }, // never steps
      batchSize: INFERENCE_BATCH,
      rows: 0,
      withInputGradient: false,
      tuning,
    });
  }

  /** The outputs of the layers for each input row, with the whole network's parameters `params`. */
  run(params: Float64Array, inputs: Matrix): Matrix {
    const { sizes } = this.network;
    const inputWidth = sizes[0];
    const outputWidth = sizes.at(-1)!;
    if (inputs.cols !== inputWidth) throw new RangeError(`these layers take ${inputWidth} values per row, got ${inputs.cols}`);
    this.net.setParameters(params.subarray(this.first, this.end));
    const { floats, layout } = this.net;
    const outputs = new Matrix(inputs.rows, outputWidth);
    const outputsAt = layout.layers.at(-1)!.outputs;
    const stride = padTo4(inputWidth);
    for (let start = 0; start < inputs.rows; start += INFERENCE_BATCH) {
      const rows = Math.min(INFERENCE_BATCH, inputs.rows - start);
      writePaddedRows(floats, layout.batchInputs, inputs.data.subarray(start * inputWidth), rows, inputWidth);
      floats.fill(0, layout.batchInputs / 4 + rows * stride, layout.batchInputs / 4 + padTo4(rows) * stride);
      this.net.run('forward', rows);
      readPaddedRows(floats, outputsAt, outputs.data.subarray(start * outputWidth), rows, outputWidth);
    }
    return outputs;
  }
}

/** How many passes of different shapes are kept for reuse (each holds a wasm memory). */
const KEPT_PASSES = 16;
const keptPasses = new Map<string, WasmInference>();

/**
 * The forward pass through layers [from, to) of networks of this shape, made once and shared: a pass
 * takes the parameters with each run, so every model of one shape (a page makes a model for every
 * report of a run, and keeps a timeline of them) uses one wasm memory instead of one each. The
 * least recently used of more than KEPT_PASSES shapes is let go.
 */
export function inferencePass(spec: NetworkSpec, from = 0, to = spec.sizes.length - 1): WasmInference {
  const key = JSON.stringify([spec.sizes, spec.activations, from, to]);
  const kept = keptPasses.get(key);
  keptPasses.delete(key);
  const pass = kept ?? new WasmInference(spec, from, to);
  keptPasses.set(key, pass);
  if (keptPasses.size > KEPT_PASSES) keptPasses.delete(keptPasses.keys().next().value as string);
  return pass;
}

/**
 * Every layer's outputs for layers [from, to) of a network, one wasm forward pass a layer: the same
 * numbers a WasmInference over those layers computes (the kernels are chosen layer by layer, and a
 * float32 activation passes through float64 unchanged), so what the network view shows inside a
 * model is what the model encodes and decodes.
 */
export function inferLayers(spec: NetworkSpec, params: Float64Array, inputs: Matrix, from = 0, to = spec.sizes.length - 1): Matrix[] {
  if (from >= to) throw new RangeError(`no layers between ${from} and ${to}`);
  const outputs: Matrix[] = [];
  let current = inputs;
  for (let l = from; l < to; l++) {
    current = inferencePass(spec, l, l + 1).run(params, current);
    outputs.push(current);
  }
  return outputs;
}
