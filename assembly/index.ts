// The training kernels of latentlab: one call runs a whole epoch (every batch's forward pass,
// loss, backward pass and optimizer step) over the buffers a plan header describes (./plan.ts).
import { activate4 } from './activations';
import { multiplyRows, transpose, weightGradients } from './kernels';
import { lossAndDelta } from './losses';
import { exp4, log1pUnit4 } from './math';
import { optimizerStep } from './optimizers';
import {
  BATCH, BATCH_INPUTS, IDENTITY, INPUT_GRADIENT, INPUTS, L_ACTIVATION, L_B, L_DELTA, L_GB, L_GW, L_IN, L_MASK, L_OUT, L_W, L_WT, L_Y,
  LAYERS, LOSS, ORDER, OUTPUT_WIDTH, ROWS, TARGETS, field, layer, pointer,
} from './plan';

/** Where free memory starts: the JS side lays its buffers out from here. */
export function heapBase(): usize {
  return __heap_base;
}

/** Refreshes the transposed weight copies the backward pass uses (after parameters were written from JS): layer 0's only for an input gradient. */
export function refreshTransposes(plan: usize): void {
  for (let l = pointer(plan, INPUT_GRADIENT) ? 0 : 1; l < field(plan, LAYERS); l++) {
    const entry = layer(plan, l);
    transpose(pointer(entry, L_W), pointer(entry, L_WT), field(entry, L_IN), field(entry, L_OUT));
  }
}

/** Trains one epoch over the rows in the plan's order; returns the summed element loss. */
export function trainEpoch(plan: usize): f64 {
  const rows = field(plan, ROWS);
  const batch = field(plan, BATCH);
  let total: f64 = 0;
  for (let start = 0; start < rows; start += batch) {
    const count = min(batch, rows - start);
    const rowsP = (count + 3) & ~3;
    const order = pointer(plan, ORDER) + (<usize>start << 2);
    gatherInputs(plan, order, count, rowsP);
    forwardPass(plan, rowsP, false);
    const last = layer(plan, field(plan, LAYERS) - 1);
    total += lossAndDelta(
      pointer(last, L_Y), pointer(plan, TARGETS), order, pointer(last, L_DELTA), pointer(last, L_MASK),
      count, rowsP, field(last, L_OUT), field(plan, OUTPUT_WIDTH), field(last, L_ACTIVATION), field(plan, LOSS),
    );
    backwardPass(plan, count, rowsP, false);
    step(plan);
  }
  return total;
}

// A layer stack (src/nn/wasm-stack.ts): the caller computes the loss, so a batch is three calls.
// The caller writes the batch's inputs (rows padded to a multiple of 4 with zeros) before stackForward
// and dLoss/dz of the output layer into the last layer's delta buffer before stackBackward.

/** Every layer's outputs for `rows` batch rows, the output layer's activation applied. */
export function stackForward(plan: usize, rows: i32): void {
  forwardPass(plan, (rows + 3) & ~3, true);
}

/** Parameter gradients and dLoss/dInputs (into the plan's input gradient buffer) for the last forward pass. */
export function stackBackward(plan: usize, rows: i32): void {
  backwardPass(plan, rows, (rows + 3) & ~3, true);
}

/** One optimizer step with the stored gradients. */
export function step(plan: usize): void {
  optimizerStep(plan);
  refreshTransposes(plan);
}

/** Copies the batch's input rows (in order) into the batch buffer and zeroes its padded rows. */
function gatherInputs(plan: usize, order: usize, count: i32, rowsP: i32): void {
  const stride = <usize>field(layer(plan, 0), L_IN) << 2;
  const inputs = pointer(plan, INPUTS);
  const batchInputs = pointer(plan, BATCH_INPUTS);
  for (let i = 0; i < count; i++) {
    memory.copy(batchInputs + <usize>i * stride, inputs + <usize>load<u32>(order + (<usize>i << 2)) * stride, stride);
  }
  memory.fill(batchInputs + <usize>count * stride, 0, <usize>(rowsP - count) * stride);
}

/** Every layer's outputs; the last layer keeps its logits (its activation is applied with the loss) unless `outputActivation`. */
function forwardPass(plan: usize, rowsP: i32, outputActivation: bool): void {
  const layers = field(plan, LAYERS);
  let x = pointer(plan, BATCH_INPUTS);
  for (let l = 0; l < layers; l++) {
    const entry = layer(plan, l);
    const act = l == layers - 1 && !outputActivation ? IDENTITY : field(entry, L_ACTIVATION);
    multiplyRows(x, pointer(entry, L_W), pointer(entry, L_B), pointer(entry, L_Y), pointer(entry, L_MASK), rowsP, field(entry, L_IN), field(entry, L_OUT), act, false);
    x = pointer(entry, L_Y);
  }
}

/** Gradients of every layer from the last layer's delta (which lossAndDelta filled); dLoss/dInputs too when `inputGradient`. */
function backwardPass(plan: usize, count: i32, rowsP: i32, inputGradient: bool): void {
  for (let l = field(plan, LAYERS) - 1; l >= 0; l--) {
    const entry = layer(plan, l);
    const inputs = l == 0 ? pointer(plan, BATCH_INPUTS) : pointer(layer(plan, l - 1), L_Y);
    weightGradients(inputs, pointer(entry, L_DELTA), pointer(entry, L_GW), pointer(entry, L_GB), count, field(entry, L_IN), field(entry, L_OUT));
    if (l == 0) {
      // dX = dZ W^T, with the identity's derivative (`inputs` only serves as a readable aux buffer).
      if (inputGradient) multiplyRows(pointer(entry, L_DELTA), pointer(entry, L_WT), 0, pointer(plan, INPUT_GRADIENT), inputs, rowsP, field(entry, L_OUT), field(entry, L_IN), IDENTITY, true);
      break;
    }
    const previous = layer(plan, l - 1);
    multiplyRows(pointer(entry, L_DELTA), pointer(entry, L_WT), 0, pointer(previous, L_DELTA), inputs, rowsP, field(entry, L_OUT), field(entry, L_IN), field(previous, L_ACTIVATION), true);
  }
}

/** Applies one elementwise function (activation codes 0-4, 5: exp, 6: log(1 + u)) to n floats (n a multiple of 4): for tests. */
export function mapFunction(code: i32, src: usize, dst: usize, n: i32): void {
  for (let i: usize = 0; i < (<usize>n << 2); i += 16) {
    const v = v128.load(src + i);
    v128.store(dst + i, code == 5 ? exp4(v) : code == 6 ? log1pUnit4(v) : activate4(v, code));
  }
}
