import { kernelsBase64, threadedKernelsBase64 } from './kernels.generated.js';

/** What the compiled kernels (assembly/index.ts) export; pointers are byte offsets into their memory. */
export interface WasmKernels {
  /** Where free memory starts: buffers are laid out from here. */
  heapBase(): number;
  /** Bytes of one thread's packing buffer for the blocked kernels. */
  packBufferBytes(): number;
  /**
   * Runs an operation (see `operations`) on the network the plan header at `plan` describes, as
   * thread `thread` of `threads`; `rows` is a layer stack's batch row count. Returns the summed
   * element loss of an epoch.
   */
  run(op: number, plan: number, rows: number, thread: number, threads: number): number;
  /** dst = f(src) for `count` floats (a multiple of 4); f: activation codes 0-4, 5 exp, 6 log(1 + u). */
  mapFunction(code: number, src: number, dst: number, count: number): void;
}

/** The operations of WasmKernels.run, as in assembly/index.ts. */
export const operations = { epoch: 0, forward: 1, backward: 2, step: 3 } as const;

export const WASM_PAGE_BYTES = 65536;
/** The most a wasm32 memory holds: 65536 pages, 4 GiB. */
export const MAX_MEMORY_BYTES = 65536 * WASM_PAGE_BYTES;

/** Decodes and compiles a module synchronously (so it also works in a Web Worker). */
function compile(base64: string): WebAssembly.Module {
  const text = atob(base64);
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i);
  return new WebAssembly.Module(bytes);
}

let single: WebAssembly.Module | undefined;
let threaded: WebAssembly.Module | undefined;

/** The kernels for one thread, over a memory of their own (compiled once). */
export function kernelsModule(): WebAssembly.Module {
  single ??= compile(kernelsBase64);
  return single;
}

/** The kernels for a team of threads, over an imported shared memory (compiled once). */
export function threadedKernelsModule(): WebAssembly.Module {
  threaded ??= compile(threadedKernelsBase64);
  return threaded;
}

/** A fresh instance of the single-thread kernels over its own memory, grown by the caller to fit its buffers. */
export function instantiateKernels(): { kernels: WasmKernels; memory: WebAssembly.Memory } {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(kernelsModule(), { env: { memory } });
  return { kernels: instance.exports as unknown as WasmKernels, memory };
}

/** An instance of the threaded kernels over a shared memory (from sharedMemory). */
export function instantiateThreadedKernels(memory: WebAssembly.Memory): WasmKernels {
  return new WebAssembly.Instance(threadedKernelsModule(), { env: { memory } }).exports as unknown as WasmKernels;
}

/** The threaded kernels' heap base and packing buffer size, to lay out a memory before instantiating them (found once, on a scratch memory). */
export function threadedKernelsSizes(): { heapBase: number; packBufferBytes: number } {
  if (!threadedSizes) {
    const scratch = instantiateThreadedKernels(sharedMemory(WASM_PAGE_BYTES));
    threadedSizes = { heapBase: scratch.heapBase(), packBufferBytes: scratch.packBufferBytes() };
  }
  return threadedSizes;
}
let threadedSizes: { heapBase: number; packBufferBytes: number } | undefined;

/** A shared memory of at least `bytes` bytes, for the threaded kernels; it does not grow. */
export function sharedMemory(bytes: number): WebAssembly.Memory {
  const pages = Math.max(1, Math.ceil(bytes / WASM_PAGE_BYTES));
  return new WebAssembly.Memory({ initial: pages, maximum: pages, shared: true });
}

/** Grows the memory to hold at least `bytes` bytes. Views of its old buffer become invalid. */
export function ensureMemory(memory: WebAssembly.Memory, bytes: number): void {
  const pages = Math.ceil(bytes / WASM_PAGE_BYTES);
  const current = memory.buffer.byteLength / WASM_PAGE_BYTES;
  if (pages > current) memory.grow(pages - current);
}
