import type { Rng } from '../tensor/rng.js';
import { Matrix } from '../tensor/matrix.js';
import { affine } from '../tensor/kernels.js';
import { activation, type ActivationName } from './activations.js';
import { checkLossActivation, lossNames, type LossName } from './losses.js';
import { initializer, type InitializerName } from './initializers.js';

/** A multilayer perceptron: layer widths from input to output and one activation per layer. */
export interface NetworkSpec {
  sizes: number[];
  activations: ActivationName[];
  loss: LossName;
  initializer: InitializerName;
}

/** Where one dense layer's weights (inputs x outputs, row-major) and biases sit in the flat parameter vector. */
export interface LayerLayout {
  inputs: number;
  outputs: number;
  weights: number;
  biases: number;
}

/** Checks a network spec, with an error that names the bad field. */
export function checkNetwork(spec: NetworkSpec): void {
  if (!Array.isArray(spec.sizes) || spec.sizes.length < 2) {
    throw new RangeError(`a network needs at least 2 layer sizes, got ${JSON.stringify(spec.sizes)}`);
  }
  spec.sizes.forEach((size, i) => {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`layer width ${i} must be a positive integer, got ${size}`);
  });
  if (spec.activations.length !== spec.sizes.length - 1) {
    throw new RangeError(`${spec.sizes.length - 1} layers need ${spec.sizes.length - 1} activations, got ${spec.activations.length}`);
  }
  spec.activations.forEach((name) => activation(name));
  if (!lossNames.includes(spec.loss)) throw new RangeError(`unknown loss "${spec.loss}"; valid: ${lossNames.join(', ')}`);
  initializer(spec.initializer);
  checkLossActivation(spec.loss, spec.activations[spec.activations.length - 1]);
}

export function layerLayouts(spec: NetworkSpec): LayerLayout[] {
  const layouts: LayerLayout[] = [];
  let offset = 0;
  for (let l = 0; l + 1 < spec.sizes.length; l++) {
    const inputs = spec.sizes[l];
    const outputs = spec.sizes[l + 1];
    layouts.push({ inputs, outputs, weights: offset, biases: offset + inputs * outputs });
    offset += inputs * outputs + outputs;
  }
  return layouts;
}

export function parameterCount(spec: NetworkSpec): number {
  const last = layerLayouts(spec).at(-1)!;
  return last.biases + last.outputs;
}

/** Fresh parameters: weights from the spec's initializer, zero biases. */
export function initialParameters(spec: NetworkSpec, rng: Rng): Float64Array {
  const params = new Float64Array(parameterCount(spec));
  const draw = initializer(spec.initializer);
  for (const layer of layerLayouts(spec)) {
    for (let i = 0; i < layer.inputs * layer.outputs; i++) {
      params[layer.weights + i] = draw(layer.inputs, layer.outputs, rng);
    }
  }
  return params;
}

/**
 * Runs rows through layers [from, to) (layer l maps sizes[l] to sizes[l + 1]) and returns the
 * activations after the last one. Allocates: for inference, not for the training loop.
 */
export function forward(spec: NetworkSpec, params: Float64Array, inputs: Matrix, from = 0, to = spec.sizes.length - 1): Matrix {
  return forwardLayers(spec, params, inputs, from, to).at(-1)!;
}

/** The activations after each of layers [from, to), in order: what every layer makes of the rows (a network's inside, to draw). */
export function forwardLayers(spec: NetworkSpec, params: Float64Array, inputs: Matrix, from = 0, to = spec.sizes.length - 1): Matrix[] {
  const layouts = layerLayouts(spec);
  if (from < 0 || to > layouts.length || from >= to) throw new RangeError(`no layers between ${from} and ${to}`);
  if (inputs.cols !== spec.sizes[from]) {
    throw new RangeError(`layer ${from} takes ${spec.sizes[from]} values per row, got ${inputs.cols}`);
  }
  const outputs: Matrix[] = [];
  let current = inputs;
  for (let l = from; l < to; l++) {
    const layer = layouts[l];
    const next = new Matrix(current.rows, layer.outputs);
    affine(
      current.data,
      params.subarray(layer.weights, layer.biases),
      params.subarray(layer.biases, layer.biases + layer.outputs),
      next.data,
      current.rows,
      layer.inputs,
      layer.outputs,
    );
    const act = activation(spec.activations[l]);
    for (let i = 0; i < next.data.length; i++) next.data[i] = act.apply(next.data[i]);
    outputs.push(next);
    current = next;
  }
  return outputs;
}
