// The plan: a header in wasm memory, written by src/tensor/wasm/mlp-layout.ts, that says where
// every buffer of one network's training sits. Keep these offsets in step with that file.

// Header fields (byte offsets).
export const LAYERS = 0; // i32: dense layers
export const ROWS = 4; // i32: rows of the data set
export const BATCH = 8; // i32: rows per optimizer step
export const LOSS = 12; // i32: loss code
export const OPTIMIZER = 16; // i32: optimizer code
export const PARAM_FLOATS = 20; // i32: padded parameter count (a multiple of 4)
export const PARAMS = 24; // ptr: padded parameters, per layer W (inP x outP) then b (outP)
export const GRADS = 28; // ptr: gradients, same layout
export const STATE1 = 32; // ptr: velocity / Adam's m / RMSProp's mean square
export const STATE2 = 36; // ptr: Adam's v
export const ORDER = 40; // ptr: u32 row order of the epoch
export const INPUTS = 44; // ptr: data set inputs, rows x inP(0)
export const TARGETS = 48; // ptr: data set targets, rows x outP(last)
export const BATCH_INPUTS = 52; // ptr: the batch's inputs, batchP x inP(0)
export const OUTPUT_WIDTH = 56; // i32: real (unpadded) output width
export const INPUT_GRADIENT = 60; // ptr: dLoss/dInputs of the batch, batchP x inP(0) (layer stacks only)
export const LEARNING_RATE = 64; // f64
export const HYPER1 = 72; // f64: momentum, beta1 or rho
export const HYPER2 = 80; // f64: beta2
export const EPSILON = 88; // f64
export const STEP = 96; // f64: optimizer steps taken (Adam's t)
export const BARRIER_COUNT = 104; // i32: threads arrived at the current barrier
export const BARRIER_GENERATION = 108; // i32: barriers passed (threads wait on it)
export const ABORTED = 112; // i32: set (by the JS side) when a thread failed: barriers stop waiting
export const PACK = 116; // ptr: per-thread packing buffers of the blocked kernels, PACK_BYTES apart
export const PACK_BYTES = 120; // i32
export const ROW_LOSSES = 124; // ptr: f64 loss of each batch row
export const CHUNK_TICKETS = 128; // i32: chunks of split products handed out in this operation (team.ts)
export const LAYER_TABLE = 192;
export const LAYER_BYTES = 64;

// Fields of one layer's entry in the layer table (byte offsets).
export const L_IN = 0; // i32: padded input width
export const L_OUT = 4; // i32: padded output width
export const L_ACTIVATION = 8; // i32: activation code
export const L_W = 12; // ptr: weights, inP x outP
export const L_B = 16; // ptr: biases, outP
export const L_WT = 20; // ptr: transposed weights, outP x inP
export const L_GW = 24; // ptr: weight gradients
export const L_GB = 28; // ptr: bias gradients
export const L_Y = 32; // ptr: outputs, batchP x outP (the last layer keeps its logits)
export const L_DELTA = 36; // ptr: dLoss/dz, batchP x outP
export const L_MASK = 40; // ptr: 1 for real output columns, 0 for padding
export const L_KERNEL = 44; // i32: SMALL or BLOCKED kernels for this layer's three products
export const L_SPLIT = 48; // i32: 1 when every thread takes a share of this layer's products

// Codes.
export const IDENTITY = 0;
export const TANH = 1;
export const SIGMOID = 2;
export const RELU = 3;
export const LEAKY_RELU = 4;
export const MSE = 0;
export const BCE = 1;
export const GD = 0;
export const MOMENTUM = 1;
export const ADAM = 2;
export const RMSPROP = 3;
export const SMALL = 0; // kernels.ts: whole-row passes over the unpacked operands, for narrow layers
export const BLOCKED = 1; // blocked.ts: packed, cache-blocked, register-tiled, for wide layers

@inline export function field(plan: usize, offset: usize): i32 {
  return load<i32>(plan + offset);
}

@inline export function pointer(plan: usize, offset: usize): usize {
  return load<usize>(plan + offset);
}

@inline export function layer(plan: usize, l: i32): usize {
  return plan + LAYER_TABLE + <usize>l * LAYER_BYTES;
}
