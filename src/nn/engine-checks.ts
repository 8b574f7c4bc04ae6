import type { Matrix } from '../tensor/matrix.js';
import type { EngineOptions } from './engine.js';
import { checkNetwork } from './network.js';
import { optimizerSettings, type OptimizerState } from './optimizers.js';

/** Checks what every engine is built from, before any memory is sized from it. */
export function checkEngineOptions(options: EngineOptions): void {
  checkNetwork(options.network);
  optimizerSettings(options.optimizer);
  if (!Number.isInteger(options.rows) || options.rows < 1) throw new RangeError(`rows must be a positive integer, got ${options.rows}`);
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
    throw new RangeError(`batch size must be a positive integer, got ${options.batchSize}`);
  }
}

/** Checks that a data set matches the engine's shape and holds only finite numbers. */
export function checkData(options: EngineOptions, inputs: Matrix, targets: Matrix): void {
  const sizes = options.network.sizes;
  if (inputs.rows !== options.rows || inputs.cols !== sizes[0]) {
    throw new RangeError(`inputs must be ${options.rows}x${sizes[0]}, got ${inputs.rows}x${inputs.cols}`);
  }
  if (targets.rows !== options.rows || targets.cols !== sizes.at(-1)!) {
    throw new RangeError(`targets must be ${options.rows}x${sizes.at(-1)}, got ${targets.rows}x${targets.cols}`);
  }
  inputs.assertFinite('inputs');
  targets.assertFinite('targets');
}

/** An engine's one optimizer state, out of the training loop's list (one state per network). */
export function onlyOptimizerState(states: OptimizerState[]): OptimizerState {
  if (!Array.isArray(states) || states.length !== 1) {
    throw new RangeError(`an engine trains one network, so it takes 1 optimizer state, got ${Array.isArray(states) ? states.length : states}`);
  }
  return states[0];
}
