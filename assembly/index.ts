// The training kernels of latentlab. run() does one operation on the network a plan header
// describes (./plan.ts): a whole epoch (every batch's forward pass, loss, backward pass and
// optimizer step), or one forward pass, backward pass or optimizer step of a layer stack whose
// caller computes the loss. Every thread of a team calls run() with the same operation and its own
// index (./team.ts); a single thread passes 0 of 1.
import { activate4 } from './activations';
import { blockedForward, blockedInputDelta, blockedWeightGradients } from './blocked';
import { biasGradients, multiplyRows, transpose, weightGradients } from './kernels';
import { lossAndDelta } from './losses';
import { exp4, log1pUnit4 } from './math';
import { optimizerStep } from './optimizers';
import {
  BATCH, BATCH_INPUTS, BCE, IDENTITY, INPUT_GRADIENT, INPUTS, L_ACTIVATION, L_B, L_DELTA, L_GB, L_GW, L_IN, L_KERNEL, L_MASK, L_OUT, L_SPLIT,
  L_W, L_WT, L_Y, LAYERS, LOSS, ORDER, OUTPUT_WIDTH, PACK, PACK_BYTES, PARAM_FLOATS, ROW_LOSSES, ROWS, SMALL, STEP, TARGETS,
  field, layer, pointer,
} from './plan';
import { CHUNK_COLUMNS, barrier, beginOperation, chunkCount, endOperation, nextChunk, shareBegin, shareEnd } from './team';

// Operations of run().
const EPOCH = 0;
const FORWARD = 1;
const BACKWARD = 2;
const OPTIMIZER_STEP = 3;
const BCE_BACKWARD = 4;

export { packBufferBytes } from './blocked';

/** Where free memory starts: the JS side lays its buffers out from here. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * Runs operation `op` as thread `thread` of `threads`; returns after every thread finished it.
 * EPOCH trains one epoch over the rows in the plan's order and returns the summed element loss
 * (on thread 0). A layer stack's caller writes the batch inputs (rows padded to a multiple of 4
 * with zeros) before FORWARD, which applies the output activation too, and dLoss/dz of the output
 * layer into its delta buffer before BACKWARD, which also writes dLoss/dInputs when the plan has
 * room for them; `rows` is the batch's row count. BCE_BACKWARD is BACKWARD from the binary
 * cross-entropy of the outputs (logits) against the targets buffer (batch row i against target
 * row i), summed over the outputs and averaged over the rows; it returns the summed loss.
 */
export function run(op: i32, plan: usize, rows: i32, thread: i32, threads: i32): f64 {
  let result: f64 = 0;
  beginOperation();
  if (op == EPOCH) result = trainEpoch(plan, thread, threads);
  else if (op == FORWARD) forwardPass(plan, (rows + 3) & ~3, true, thread, threads);
  else if (op == BACKWARD) backwardPass(plan, rows, (rows + 3) & ~3, pointer(plan, INPUT_GRADIENT) != 0, thread, threads);
  else if (op == OPTIMIZER_STEP) stepPass(plan, thread, threads);
  else if (op == BCE_BACKWARD) result = bceBackward(plan, rows, thread, threads);
  barrier(plan, threads);
  endOperation(plan, thread);
  return result;
}

function trainEpoch(plan: usize, thread: i32, threads: i32): f64 {
  const rows = field(plan, ROWS);
  const batch = field(plan, BATCH);
  const last = layer(plan, field(plan, LAYERS) - 1);
  const rowLosses = pointer(plan, ROW_LOSSES);
  let total: f64 = 0;
  for (let start = 0; start < rows; start += batch) {
    const count = min(batch, rows - start);
    const rowsP = (count + 3) & ~3;
    const order = pointer(plan, ORDER) + (<usize>start << 2);
    const begin = shareBegin(rowsP, thread, threads, 4);
    const end = shareEnd(rowsP, thread, threads, 4);
    gatherInputs(plan, order, count, begin, end);
    barrier(plan, threads);
    forwardPass(plan, rowsP, false, thread, threads);
    const outP = field(last, L_OUT);
    const delta = pointer(last, L_DELTA);
    lossAndDelta(
      pointer(last, L_Y), pointer(plan, TARGETS), order, delta, pointer(last, L_MASK), rowLosses,
      begin, min(end, count), outP, field(last, L_ACTIVATION), field(plan, LOSS), 1.0 / (<f64>count * <f64>field(plan, OUTPUT_WIDTH)),
    );
    const padded = max(begin, count);
    if (end > padded) memory.fill(delta + <usize>padded * (<usize>outP << 2), 0, <usize>(end - padded) * (<usize>outP << 2));
    barrier(plan, threads);
    if (thread == 0) {
      for (let i = 0; i < count; i++) total += load<f64>(rowLosses + (<usize>i << 3));
    }
    backwardPass(plan, count, rowsP, false, thread, threads);
    stepPass(plan, thread, threads);
  }
  return total;
}

/** A layer stack's backward pass from the binary cross-entropy of its outputs (logits) against the targets buffer; returns the summed loss. */
function bceBackward(plan: usize, rows: i32, thread: i32, threads: i32): f64 {
  const last = layer(plan, field(plan, LAYERS) - 1);
  const outP = field(last, L_OUT);
  const rowsP = (rows + 3) & ~3;
  const delta = pointer(last, L_DELTA);
  const rowLosses = pointer(plan, ROW_LOSSES);
  let total: f64 = 0;
  if (thread == 0) {
    lossAndDelta(
      pointer(last, L_Y), pointer(plan, TARGETS), pointer(plan, ORDER), delta, pointer(last, L_MASK), rowLosses,
      0, rows, outP, IDENTITY, BCE, 1.0 / <f64>rows,
    );
    memory.fill(delta + <usize>rows * (<usize>outP << 2), 0, <usize>(rowsP - rows) * (<usize>outP << 2));
    for (let i = 0; i < rows; i++) total += load<f64>(rowLosses + (<usize>i << 3));
  }
  barrier(plan, threads);
  backwardPass(plan, rows, rowsP, pointer(plan, INPUT_GRADIENT) != 0, thread, threads);
  return total;
}

/** Copies batch rows begin..end of the inputs (in order) into the batch buffer; rows from `count` on are zeroed. */
function gatherInputs(plan: usize, order: usize, count: i32, begin: i32, end: i32): void {
  const stride = <usize>field(layer(plan, 0), L_IN) << 2;
  const inputs = pointer(plan, INPUTS);
  const batchInputs = pointer(plan, BATCH_INPUTS);
  for (let i = begin; i < min(end, count); i++) {
    memory.copy(batchInputs + <usize>i * stride, inputs + <usize>load<u32>(order + (<usize>i << 2)) * stride, stride);
  }
  const padded = max(begin, count);
  if (end > padded) memory.fill(batchInputs + <usize>padded * stride, 0, <usize>(end - padded) * stride);
}

/** This thread's packing buffer. */
@inline function packBuffer(plan: usize, thread: i32): usize {
  return pointer(plan, PACK) + <usize>thread * <usize>field(plan, PACK_BYTES);
}

/** Whether the team splits this layer's products into chunks of columns (else thread 0 does them). */
@inline function isSplit(entry: usize, threads: i32): bool {
  return threads > 1 && field(entry, L_SPLIT) != 0;
}

/** The last column (exclusive) of chunk c of n columns. */
@inline function chunkEnd(c: i32, n: i32): i32 {
  return min(n, (c + 1) * CHUNK_COLUMNS);
}

/** Every layer's outputs; the last layer keeps its logits (its activation is applied with the loss) unless `outputActivation`. */
function forwardPass(plan: usize, rowsP: i32, outputActivation: bool, thread: i32, threads: i32): void {
  const layers = field(plan, LAYERS);
  let x = pointer(plan, BATCH_INPUTS);
  for (let l = 0; l < layers; l++) {
    const entry = layer(plan, l);
    const act = l == layers - 1 && !outputActivation ? IDENTITY : field(entry, L_ACTIVATION);
    const inP = field(entry, L_IN);
    const outP = field(entry, L_OUT);
    const w = pointer(entry, L_W);
    const b = pointer(entry, L_B);
    const y = pointer(entry, L_Y);
    const mask = pointer(entry, L_MASK);
    if (field(entry, L_KERNEL) == SMALL) {
      if (thread == 0) multiplyRows(x, w, b, y, mask, rowsP, inP, outP, act, false);
    } else if (isSplit(entry, threads)) {
      const pack = packBuffer(plan, thread);
      const chunks = chunkCount(outP);
      let packed = false;
      for (let c = nextChunk(plan, chunks, threads); c >= 0; c = nextChunk(plan, chunks, threads)) {
        blockedForward(x, w, b, y, mask, rowsP, inP, outP, act, c * CHUNK_COLUMNS, chunkEnd(c, outP), pack, packed);
        packed = true;
      }
    } else if (thread == 0) {
      blockedForward(x, w, b, y, mask, rowsP, inP, outP, act, 0, outP, packBuffer(plan, thread), false);
    }
    barrier(plan, threads);
    x = pointer(entry, L_Y);
  }
}

/**
 * Gradients of every layer from the last layer's delta (which lossAndDelta or the caller filled),
 * over the first `count` rows; dLoss/dInputs too when `inputGradient`.
 */
function backwardPass(plan: usize, count: i32, rowsP: i32, inputGradient: bool, thread: i32, threads: i32): void {
  for (let l = field(plan, LAYERS) - 1; l >= 0; l--) {
    const entry = layer(plan, l);
    const inP = field(entry, L_IN);
    const outP = field(entry, L_OUT);
    const inputs = l == 0 ? pointer(plan, BATCH_INPUTS) : pointer(layer(plan, l - 1), L_Y);
    const delta = pointer(entry, L_DELTA);
    const withDx = l > 0 || inputGradient;
    // dX goes to the previous layer's delta, times its activation's derivative; or, for layer 0, to the input gradient.
    const dx = l > 0 ? pointer(layer(plan, l - 1), L_DELTA) : pointer(plan, INPUT_GRADIENT);
    const code = l > 0 ? field(layer(plan, l - 1), L_ACTIVATION) : IDENTITY;
    if (field(entry, L_KERNEL) == SMALL) {
      if (thread == 0) {
        weightGradients(inputs, delta, pointer(entry, L_GW), pointer(entry, L_GB), count, inP, outP);
        if (withDx) {
          transpose(pointer(entry, L_W), pointer(entry, L_WT), inP, outP);
          multiplyRows(delta, pointer(entry, L_WT), 0, dx, inputs, rowsP, outP, inP, code, true);
        }
      }
    } else if (isSplit(entry, threads)) {
      // One ticket range for both products: chunks of dW's (and db's) columns, then of dX's. A
      // thread's tickets only grow, so it packs each product's operand once.
      const pack = packBuffer(plan, thread);
      const weightChunks = chunkCount(outP);
      const chunks = weightChunks + (withDx ? chunkCount(inP) : 0);
      let packed = -1;
      for (let c = nextChunk(plan, chunks, threads); c >= 0; c = nextChunk(plan, chunks, threads)) {
        if (c < weightChunks) {
          weightGradientColumns(entry, inputs, delta, count, c * CHUNK_COLUMNS, chunkEnd(c, outP), pack, packed == 0);
          packed = 0;
        } else {
          const d = c - weightChunks;
          blockedInputDelta(delta, pointer(entry, L_W), dx, inputs, rowsP, inP, outP, code, l > 0, d * CHUNK_COLUMNS, chunkEnd(d, inP), pack, packed == 1);
          packed = 1;
        }
      }
    } else if (thread == 0) {
      const pack = packBuffer(plan, thread);
      weightGradientColumns(entry, inputs, delta, count, 0, outP, pack, false);
      if (withDx) blockedInputDelta(delta, pointer(entry, L_W), dx, inputs, rowsP, inP, outP, code, l > 0, 0, inP, pack, false);
    }
    barrier(plan, threads);
  }
}

/** Columns j0..j1 of a blocked layer's weight and bias gradients (`packed`: see blockedWeightGradients). */
function weightGradientColumns(entry: usize, inputs: usize, delta: usize, count: i32, j0: i32, j1: i32, pack: usize, packed: bool): void {
  const inP = field(entry, L_IN);
  const outP = field(entry, L_OUT);
  blockedWeightGradients(inputs, delta, pointer(entry, L_GW), count, inP, outP, j0, j1, pack, packed);
  biasGradients(delta, pointer(entry, L_GB), count, outP, j0, j1);
}

/** One optimizer step with the stored gradients, each thread on its share of the parameters. */
function stepPass(plan: usize, thread: i32, threads: i32): void {
  const t = load<f64>(plan + STEP) + 1;
  const floats = field(plan, PARAM_FLOATS);
  optimizerStep(plan, shareBegin(floats, thread, threads, 4), shareEnd(floats, thread, threads, 4), t);
  barrier(plan, threads);
  if (thread == 0) store<f64>(plan + STEP, t);
}

/** Applies one elementwise function (activation codes 0-4, 5: exp, 6: log(1 + u)) to n floats (n a multiple of 4): for tests. */
export function mapFunction(code: i32, src: usize, dst: usize, n: i32): void {
  for (let i: usize = 0; i < (<usize>n << 2); i += 16) {
    const v = v128.load(src + i);
    v128.store(dst + i, code == 5 ? exp4(v) : code == 6 ? log1pUnit4(v) : activate4(v, code));
  }
}
