import type { EngineKind, EngineOptions, TrainingEngine } from './engine.js';
import type { WasmTuning } from './kernel-choice.js';
import { ReferenceEngine } from './reference-engine.js';
import { ReferenceStack } from './reference-stack.js';
import type { LayerStack, StackOptions } from './stack.js';
import { WasmEngine } from './wasm-engine.js';
import { WasmStack } from './wasm-stack.js';

/**
 * Builds the engine of the given kind; both train the same network to the same numbers (up to
 * float32 rounding). `tuning` picks the wasm engine's kernels and threads (speed only).
 */
export function createEngine(kind: EngineKind, options: EngineOptions, tuning?: WasmTuning): TrainingEngine {
  switch (kind) {
    case 'reference':
      return new ReferenceEngine(options);
    case 'wasm':
      return new WasmEngine(options, tuning);
    default:
      throw new RangeError(`unknown engine "${String(kind)}"; valid: reference, wasm`);
  }
}

/** Builds a layer stack of the given kind, for models that compute their own loss (`tuning` as for createEngine). */
export function createStack(kind: EngineKind, options: StackOptions, tuning?: WasmTuning): LayerStack {
  switch (kind) {
    case 'reference':
      return new ReferenceStack(options);
    case 'wasm':
      return new WasmStack(options, tuning);
    default:
      throw new RangeError(`unknown engine "${String(kind)}"; valid: reference, wasm`);
  }
}
