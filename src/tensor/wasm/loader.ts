import { kernelsBase64 } from './kernels.generated.js';

/** What the compiled kernels (assembly/index.ts) export; pointers are byte offsets into their memory. */
export interface WasmKernels {
  /** Where free memory starts: buffers are laid out from here. */
  heapBase(): number;
  /** Trains one epoch as the plan header at `plan` describes; returns the summed element loss. */
  trainEpoch(plan: number): number;
  /** Rebuilds every layer's transposed weight copy from the weights. */
  refreshTransposes(plan: number): void;
  /** A layer stack's forward pass over `rows` rows of the batch inputs, the output activation applied. */
  stackForward(plan: number, rows: number): void;
  /** A layer stack's backward pass from the output layer's delta: parameter gradients and the input gradient. */
  stackBackward(plan: number, rows: number): void;
  /** One optimizer step with the stored gradients. */
  step(plan: number): void;
  /** dst = f(src) for `count` floats (a multiple of 4); f: activation codes 0-4, 5 exp, 6 log(1 + u). */
  mapFunction(code: number, src: number, dst: number, count: number): void;
}

export const WASM_PAGE_BYTES = 65536;

let compiled: WebAssembly.Module | null = null;

/** The kernels' module, decoded and compiled synchronously once (so it also works in a Web Worker). */
export function kernelsModule(): WebAssembly.Module {
  if (!compiled) {
    const text = atob(kernelsBase64);
    const bytes = new Uint8Array(text.length);
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
    compiled = new WebAssembly.Module(bytes);
  }
  return compiled;
}

/** A fresh instance of the kernels over its own memory, grown by the caller to fit its buffers. */
export function instantiateKernels(): { kernels: WasmKernels; memory: WebAssembly.Memory } {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(kernelsModule(), { env: { memory } });
  return { kernels: instance.exports as unknown as WasmKernels, memory };
}

/** Grows the memory to hold at least `bytes` bytes. Views of its old buffer become invalid. */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const pages = Math.ceil(bytes / WASM_PAGE_BYTES);
  const current = memory.buffer.byteLength / WASM_PAGE_BYTES;
  if (pages > current) memory.grow(pages - current);
}
