import { checkNetwork } from './network.js';
import type { StackOptions } from './stack.js';

/** Checks what a layer stack is built from. */
export function checkStackOptions(options: StackOptions): void {
  checkNetwork(options.network);
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
    throw new RangeError(`batch size must be a positive integer, got ${options.batchSize}`);
  }
}

/** Checks a forward call's row count and input length. */
export function checkForwardRows(options: StackOptions, inputs: Float64Array, rows: number): void {
  const { batchSize, network } = options;
  if (!Number.isInteger(rows) || rows < 1 || rows > batchSize) throw new RangeError(`rows must be 1..${batchSize}, got ${rows}`);
  if (inputs.length < rows * network.sizes[0]) throw new RangeError(`${rows} rows need ${rows * network.sizes[0]} inputs, got ${inputs.length}`);
}

/** Checks a backwardBce call: logits out of the last layer, after a forward pass of `rows` rows, and rows x outputs targets. */
export function checkBceTargets(options: StackOptions, targets: Float64Array, rows: number): void {
  const last = options.network.activations.at(-1);
  if (last !== 'identity') throw new RangeError(`backwardBce takes the outputs as logits: the last layer's activation must be identity, got ${last}`);
  checkOutputDelta(options, targets, rows);
}

/** Checks a backward call: it follows a forward pass of `rows` rows and brings rows x outputs values. */
export function checkOutputDelta(options: StackOptions, outputDelta: Float64Array, rows: number): void {
  if (rows === 0) throw new RangeError('backward needs a forward pass first');
  const needed = rows * options.network.sizes.at(-1)!;
  if (outputDelta.length < needed) throw new RangeError(`the output delta needs ${needed} values, got ${outputDelta.length}`);
}
