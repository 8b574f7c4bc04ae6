/**
 * Where the buffers of one dense network's training sit in the kernels' memory, and the plan
 * header that tells the kernels. Offsets and codes mirror assembly/plan.ts. Every width is
 * zero-padded to a multiple of 4 floats and batches to a multiple of 4 rows.
 */

/** Header fields (byte offsets), as in assembly/plan.ts. */
export const header = {
  layers: 0, rows: 4, batchSize: 8, loss: 12, optimizer: 16, paramFloats: 20, params: 24, grads: 28,
  state1: 32, state2: 36, order: 40, inputs: 44, targets: 48, batchInputs: 52, outputWidth: 56, inputGradient: 60,
  learningRate: 64, hyper1: 72, hyper2: 80, epsilon: 88, step: 96, barrierCount: 104, barrierGeneration: 108, aborted: 112,
  pack: 116, packBytes: 120, rowLosses: 124, chunkTickets: 128, layerTable: 192, layerBytes: 64,
} as const;

/** Fields of one layer's entry in the layer table (byte offsets), as in assembly/plan.ts. */
const layerField = {
  paddedInputs: 0, paddedOutputs: 4, activation: 8, weights: 12, biases: 16, transposed: 20, weightGrads: 24,
  biasGrads: 28, outputs: 32, delta: 36, mask: 40, kernel: 44, split: 48,
} as const;

export const activationCodes = { identity: 0, tanh: 1, sigmoid: 2, relu: 3, 'leaky-relu': 4 } as const;
export const lossCodes = { mse: 0, bce: 1 } as const;
export const optimizerCodes = { gd: 0, momentum: 1, adam: 2, rmsprop: 3 } as const;
/** Kernel families of a layer's products, as in assembly/plan.ts. */
export const kernelCodes = { small: 0, blocked: 1 } as const;

export function padTo4(n: number): number {
  return (n + 3) & ~3;
}

/** Byte offsets of one layer's buffers. */
export interface LayerBuffers {
  paddedInputs: number;
  paddedOutputs: number;
  /** Kernel family (kernelCodes) and whether the team splits the products. */
  kernel: number;
  split: boolean;
  weights: number;
  biases: number;
  transposed: number;
  outputs: number;
  delta: number;
  mask: number;
}

export interface MlpLayout {
  plan: number;
  /** The flat padded parameters; gradients and optimizer states use the same layout. */
  params: number;
  grads: number;
  state1: number;
  state2: number;
  paramFloats: number;
  identityOrder: number;
  order: number;
  inputs: number;
  targets: number;
  batchInputs: number;
  /** dLoss/dInputs of a batch (0 when not asked for). */
  inputGradient: number;
  /** f64 loss of each batch row. */
  rowLosses: number;
  /** Each thread's packing buffer for the blocked kernels, packBytes apart (0 when no layer uses them). */
  pack: number;
  packBytes: number;
  layers: LayerBuffers[];
  /** First byte after the last buffer. */
  end: number;
}

export interface LayoutOptions {
  /** Room for a batch's dLoss/dInputs. */
  withInputGradient: boolean;
  /** Threads of the team. */
  threads: number;
  /** Bytes of one thread's packing buffer for products whose packed operand has `floats` floats (the kernels' packBufferBytes). */
  packBufferBytes: (floats: number) => number;
  /** Each layer's kernel family (kernelCodes). */
  kernels: number[];
  /** Whether each layer's products are split across the team's threads. */
  splits: boolean[];
}

/**
 * Lays out the buffers for layer widths `sizes`, from byte `base` on: a data set of `rows` rows
 * (0 for a layer stack, whose caller passes batches) and what the options ask for.
 */
export function mlpLayout(sizes: number[], batchSize: number, rows: number, base: number, options: LayoutOptions): MlpLayout {
  // Plain arithmetic, not bit masks: sizes can pass 2^31 bytes (then the caller refuses them).
  const align16 = (bytes: number): number => Math.ceil(bytes / 16) * 16;
  let next = align16(base);
  const take = (bytes: number): number => {
    const at = next;
    next += align16(bytes);
    return at;
  };
  const padded = sizes.map(padTo4);
  const batchRows = padTo4(batchSize);
  const blocked = options.kernels.includes(kernelCodes.blocked);
  // A blocked product packs one operand whole: the batch's rows by a layer's inputs or outputs.
  const widestBlocked = Math.max(0, ...padded.slice(1).flatMap((outputs, l) => (options.kernels[l] === kernelCodes.blocked ? [padded[l], outputs] : [])));
  const packBytes = blocked ? options.packBufferBytes(batchRows * widestBlocked) : 0;
  const plan = take(header.layerTable + header.layerBytes * (sizes.length - 1));
  let paramFloats = 0;
  for (let l = 0; l + 1 < sizes.length; l++) paramFloats += padded[l] * padded[l + 1] + padded[l + 1];
  const params = take(4 * paramFloats);
  const grads = take(4 * paramFloats);
  const state1 = take(4 * paramFloats);
  const state2 = take(4 * paramFloats);
  let offset = params;
  const layers = padded.slice(1).map((paddedOutputs, l): LayerBuffers => {
    const paddedInputs = padded[l];
    const weights = offset;
    const biases = weights + 4 * paddedInputs * paddedOutputs;
    offset = biases + 4 * paddedOutputs;
    return {
      paddedInputs,
      paddedOutputs,
      weights,
      biases,
      kernel: options.kernels[l],
      split: options.splits[l],
      // The small kernels' backward pass reads a transposed copy of the weights; the blocked kernels read W.
      transposed: options.kernels[l] === kernelCodes.small ? take(4 * paddedInputs * paddedOutputs) : 0,
      outputs: take(4 * batchRows * paddedOutputs),
      delta: take(4 * batchRows * paddedOutputs),
      mask: take(4 * paddedOutputs),
    };
  });
  return {
    plan,
    params,
    grads,
    state1,
    state2,
    paramFloats,
    identityOrder: take(4 * rows),
    order: take(4 * rows),
    inputs: take(4 * rows * padded[0]),
    targets: take(4 * rows * padded.at(-1)!),
    batchInputs: take(4 * batchRows * padded[0]),
    inputGradient: options.withInputGradient ? take(4 * batchRows * padded[0]) : 0,
    rowLosses: take(8 * batchRows),
    pack: blocked ? take(options.threads * packBytes) : 0,
    packBytes,
    layers,
    end: next,
  };
}

/** What the plan says besides where buffers are. */
export interface PlanSettings {
  sizes: number[];
  activations: number[];
  loss: number;
  optimizer: number;
  rows: number;
  batchSize: number;
  learningRate: number;
  /** momentum, beta1 or rho, as the optimizer needs. */
  hyper1: number;
  beta2: number;
  epsilon: number;
}

/** Writes the plan header, the layer table and the output masks. */
export function writePlan(memory: WebAssembly.Memory, layout: MlpLayout, settings: PlanSettings): void {
  const view = new DataView(memory.buffer);
  const at = layout.plan;
  const i32 = (offset: number, value: number): void => view.setInt32(at + offset, value, true);
  const f64 = (offset: number, value: number): void => view.setFloat64(at + offset, value, true);
  i32(header.layers, layout.layers.length);
  i32(header.rows, settings.rows);
  i32(header.batchSize, settings.batchSize);
  i32(header.loss, settings.loss);
  i32(header.optimizer, settings.optimizer);
  i32(header.paramFloats, layout.paramFloats);
  i32(header.params, layout.params);
  i32(header.grads, layout.grads);
  i32(header.state1, layout.state1);
  i32(header.state2, layout.state2);
  i32(header.order, layout.identityOrder);
  i32(header.inputs, layout.inputs);
  i32(header.targets, layout.targets);
  i32(header.batchInputs, layout.batchInputs);
  i32(header.outputWidth, settings.sizes.at(-1)!);
  i32(header.inputGradient, layout.inputGradient);
  i32(header.pack, layout.pack);
  i32(header.packBytes, layout.packBytes);
  i32(header.rowLosses, layout.rowLosses);
  f64(header.learningRate, settings.learningRate);
  f64(header.hyper1, settings.hyper1);
  f64(header.hyper2, settings.beta2);
  f64(header.epsilon, settings.epsilon);
  f64(header.step, 0);
  const floats = new Float32Array(memory.buffer);
  layout.layers.forEach((buffers, l) => {
    const entry = header.layerTable + l * header.layerBytes;
    i32(entry + layerField.paddedInputs, buffers.paddedInputs);
    i32(entry + layerField.paddedOutputs, buffers.paddedOutputs);
    i32(entry + layerField.activation, settings.activations[l]);
    i32(entry + layerField.weights, buffers.weights);
    i32(entry + layerField.biases, buffers.biases);
    i32(entry + layerField.transposed, buffers.transposed);
    i32(entry + layerField.weightGrads, buffers.weights - layout.params + layout.grads);
    i32(entry + layerField.biasGrads, buffers.biases - layout.params + layout.grads);
    i32(entry + layerField.outputs, buffers.outputs);
    i32(entry + layerField.delta, buffers.delta);
    i32(entry + layerField.mask, buffers.mask);
    i32(entry + layerField.kernel, buffers.kernel);
    i32(entry + layerField.split, buffers.split ? 1 : 0);
    floats.fill(1, buffers.mask / 4, buffers.mask / 4 + settings.sizes[l + 1]);
  });
  const identity = new Uint32Array(memory.buffer, layout.identityOrder, settings.rows);
  for (let i = 0; i < settings.rows; i++) identity[i] = i;
}

/**
 * The flat parameters (per layer W, inputs x outputs row-major, then b) read out of the padded
 * layout; or, from another region of that layout (layout.grads, layout.state1, layout.state2), the
 * gradients or an optimizer state.
 */
export function readParameters(floats: Float32Array, layout: MlpLayout, sizes: number[], region = layout.params): Float64Array {
  const params = new Float64Array(unpaddedParameterCount(sizes));
  const shift = (region - layout.params) / 4;
  copyParameters(layout, sizes, (flat, padded, count) => params.set(floats.subarray(padded + shift, padded + shift + count), flat));
  return params;
}

/**
 * Writes flat parameters (the layout of readParameters) into the padded layout, or into another
 * `region` of it (an optimizer state); padding stays zero.
 */
export function writeParameters(floats: Float32Array, layout: MlpLayout, sizes: number[], params: Float64Array, region = layout.params): void {
  const count = unpaddedParameterCount(sizes);
  if (params.length !== count) throw new RangeError(`the network has ${count} parameters, got ${params.length}`);
  const shift = (region - layout.params) / 4;
  copyParameters(layout, sizes, (flat, padded, count) => floats.set(params.subarray(flat, flat + count), padded + shift));
}

function unpaddedParameterCount(sizes: number[]): number {
  let count = 0;
  for (let l = 0; l + 1 < sizes.length; l++) count += sizes[l] * sizes[l + 1] + sizes[l + 1];
  return count;
}

/** Calls copy(flat index, padded float index, count) for every run of parameters that lie one after the other in both layouts: a weight row, the biases. */
function copyParameters(layout: MlpLayout, sizes: number[], copy: (flat: number, padded: number, count: number) => void): void {
  let flat = 0;
  layout.layers.forEach(({ weights, biases, paddedOutputs }, l) => {
    const inputs = sizes[l];
    const outputs = sizes[l + 1];
    for (let k = 0; k < inputs; k++, flat += outputs) copy(flat, weights / 4 + k * paddedOutputs, outputs);
    copy(flat, biases / 4, outputs);
    flat += outputs;
  });
}

/** Writes rows x width values (row-major) into the buffer at byte `at`, whose rows are padTo4(width) floats; padding is left as it is. */
export function writePaddedRows(floats: Float32Array, at: number, values: ArrayLike<number>, rows: number, width: number): void {
  const stride = padTo4(width);
  const base = at / 4;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) floats[base + r * stride + c] = values[r * width + c];
  }
}

/** Copies rows x width values out of the buffer at byte `at` (rows of padTo4(width) floats) into `into`, row-major. */
export function readPaddedRows(floats: Float32Array, at: number, into: Float64Array, rows: number, width: number): void {
  const stride = padTo4(width);
  const base = at / 4;
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < width; c++) into[r * width + c] = floats[base + r * stride + c];
  }
}
