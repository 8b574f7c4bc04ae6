import { layerLayouts, parameterCount, type NetworkSpec } from '../nn/network.js';

/**
 * A model's parameters as named tensors, the way PyTorch names an nn.Sequential's: per dense layer
 * `<layer>.weight` with shape [outputs, inputs] and `<layer>.bias` with shape [outputs].
 */
export interface Tensor {
  shape: number[];
  values: Float64Array;
}

export type NamedTensors = Record<string, Tensor>;

/** A network's flat parameters (per layer W inputs x outputs row-major, then b) as named tensors; `layerNames` names each layer. */
export function toNamedTensors(network: NetworkSpec, flat: Float64Array, layerNames: string[]): NamedTensors {
  const tensors: NamedTensors = {};
  layerLayouts(network).forEach(({ inputs, outputs, weights, biases }, l) => {
    const weight = new Float64Array(inputs * outputs);
    for (let k = 0; k < inputs; k++) {
      for (let j = 0; j < outputs; j++) weight[j * inputs + k] = flat[weights + k * outputs + j];
    }
    tensors[`${layerNames[l]}.weight`] = { shape: [outputs, inputs], values: weight };
    tensors[`${layerNames[l]}.bias`] = { shape: [outputs], values: flat.slice(biases, biases + outputs) };
  });
  return tensors;
}

/** The flat parameters of a network from its named tensors; an error names a missing or misshapen tensor. */
export function fromNamedTensors(network: NetworkSpec, tensors: NamedTensors, layerNames: string[]): Float64Array {
  const layouts = layerLayouts(network);
  // Every tensor is checked before the parameters are allocated: a spec's widths alone could ask for any size.
  layouts.forEach(({ inputs, outputs }, l) => {
    tensorOf(tensors, `${layerNames[l]}.weight`, [outputs, inputs]);
    tensorOf(tensors, `${layerNames[l]}.bias`, [outputs]);
  });
  const flat = new Float64Array(parameterCount(network));
  layouts.forEach(({ inputs, outputs, weights, biases }, l) => {
    const weight = tensorOf(tensors, `${layerNames[l]}.weight`, [outputs, inputs]);
    for (let k = 0; k < inputs; k++) {
      for (let j = 0; j < outputs; j++) flat[weights + k * outputs + j] = weight[j * inputs + k];
    }
    flat.set(tensorOf(tensors, `${layerNames[l]}.bias`, [outputs]), biases);
  });
  return flat;
}

function tensorOf(tensors: NamedTensors, name: string, shape: number[]): Float64Array {
  const tensor = tensors[name];
  if (!tensor) throw new RangeError(`tensor "${name}" is missing`);
  if (tensor.shape.length !== shape.length || tensor.shape.some((size, i) => size !== shape[i])) {
    throw new RangeError(`tensor "${name}" has shape [${tensor.shape.join(', ')}], expected [${shape.join(', ')}]`);
  }
  return tensor.values;
}

/** How a tensor is stored in a model file: little-endian bytes in base64, float32 when every value is one (the wasm engine's), else float64. */
export interface StoredTensor {
  dtype: 'float32' | 'float64';
  shape: number[];
  data: string;
}

export function storeTensor({ shape, values }: Tensor): StoredTensor {
  // Typed-array conversions and copies, not a call per value: a model is saved at the end of every run, often in a short process.
  const float32 = Float32Array.from(values);
  let exact = true;
  for (let i = 0; i < values.length && exact; i++) exact = float32[i] === values[i];
  const typed = exact ? float32 : Float64Array.from(values);
  const bytes = new Uint8Array(typed.buffer);
  if (!LITTLE_ENDIAN) {
    const view = new DataView(bytes.buffer);
    typed.forEach((v, i) => (exact ? view.setFloat32(4 * i, v, true) : view.setFloat64(8 * i, v, true)));
  }
  return { dtype: exact ? 'float32' : 'float64', shape, data: toBase64(bytes) };
}

/** Whether typed arrays hold their bytes little-endian here, as model files do (every usual CPU). */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** The largest float32: a value beyond it is no number the wasm engine can hold. */
const MAX_FLOAT32 = 3.4028234663852886e38;

/** The tensor a stored one holds; an error says what does not fit (size, values that are not finite or beyond float32). */
export function loadTensor(name: string, { dtype, shape, data }: StoredTensor): Tensor {
  const bytes = fromBase64(data, name);
  const width = dtype === 'float32' ? 4 : 8;
  const count = shape.reduce((a, b) => a * b, 1);
  if (bytes.length !== count * width) throw new RangeError(`tensor "${name}" of shape [${shape.join(', ')}] needs ${count * width} bytes of ${dtype}, got ${bytes.length}`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const values = new Float64Array(count);
  for (let i = 0; i < count; i++) values[i] = width === 4 ? view.getFloat32(4 * i, true) : view.getFloat64(8 * i, true);
  const bad = values.findIndex((v) => !(Math.abs(v) <= MAX_FLOAT32));
  if (bad >= 0) {
    const what = Number.isFinite(values[bad]) ? `${values[bad]}, beyond what float32 holds (the wasm engine's numbers; a damaged or hand-edited file?)` : `a non-finite value (${values[bad]})`;
    throw new RangeError(`tensor "${name}" holds ${what} at index ${bad}`);
  }
  return { shape, values };
}

const BASE64_DIGITS = new TextEncoder().encode('ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/');

/** Standard base64 with padding, as btoa writes it; each 3 bytes become 4 digits in one pass (a model's tensors reach tens of MB). */
function toBase64(bytes: Uint8Array): string {
  const whole = bytes.length - (bytes.length % 3);
  const digits = new Uint8Array((whole / 3) * 4);
  for (let i = 0, o = 0; i < whole; i += 3, o += 4) {
    const group = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
    digits[o] = BASE64_DIGITS[group >> 18];
    digits[o + 1] = BASE64_DIGITS[(group >> 12) & 63];
    digits[o + 2] = BASE64_DIGITS[(group >> 6) & 63];
    digits[o + 3] = BASE64_DIGITS[group & 63];
  }
  return new TextDecoder().decode(digits) + btoa(String.fromCharCode(...bytes.subarray(whole)));
}

function fromBase64(data: string, name: string): Uint8Array {
  let text: string;
  try {
    text = atob(data);
  } catch {
    throw new RangeError(`tensor "${name}" is not valid base64`);
  }
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return bytes;
}
