import { fmaKernelsBase64, fmaThreadedKernelsBase64, kernelsBase64, threadedKernelsBase64 } from './kernels.generated.js';

/**
 * The two builds of the same kernels: 'fma' with relaxed SIMD, whose multiply-adds are fused where
 * the CPU has FMA (one rounding: faster, last bits depend on the CPU), and 'simd', plain SIMD (a
 * multiply then an add: the same bits on every machine).
 */
export type KernelBuild = 'fma' | 'simd';
export const kernelBuilds: KernelBuild[] = ['fma', 'simd'];

/** What the compiled kernels (assembly/index.ts) export; pointers are byte offsets into their memory. */
export interface WasmKernels {
  /** Where free memory starts: buffers are laid out from here. */
  heapBase(): number;
  /** Bytes of one thread's packing buffer for the blocked kernels, whose packed operand has at most `floats` floats. */
  packBufferBytes(floats: number): number;
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
export const operations = { epoch: 0, forward: 1, backward: 2, step: 3, bceBackward: 4 } as const;

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

/**
 * A module of one relaxed-SIMD instruction, (v128, v128, v128) -> f32x4.relaxed_madd: it validates
 * where the runtime has relaxed SIMD (Chromium 114+, Firefox 146+, Node 22+; Node 20 with the V8
 * flag --experimental-wasm-relaxed-simd, which bin/latentlab.js sets).
 */
const relaxedSimdProbe = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  0x01, 0x08, 0x01, 0x60, 0x03, 0x7b, 0x7b, 0x7b, 0x01, 0x7b,
  0x03, 0x02, 0x01, 0x00,
  0x0a, 0x0d, 0x01, 0x0b, 0x00, 0x20, 0x00, 0x20, 0x01, 0x20, 0x02, 0xfd, 0x85, 0x02, 0x0b,
]);

/** Whether this runtime runs relaxed SIMD, so the 'fma' build. */
export function hasRelaxedSimd(): boolean {
  return WebAssembly.validate(relaxedSimdProbe);
}

let chosenBuild: KernelBuild | undefined;

/**
 * Makes every network from now on use `build` ('auto': 'fma' where the runtime has relaxed SIMD,
 * else 'simd', the default). Forcing 'fma' where it cannot run is an error.
 */
export function setKernelBuild(build: KernelBuild | 'auto'): void {
  if (build !== 'auto' && !kernelBuilds.includes(build)) throw new RangeError(`unknown kernel build "${String(build)}"; valid: auto, ${kernelBuilds.join(', ')}`);
  if (build === 'fma' && !hasRelaxedSimd()) throw new Error('the fma kernels need relaxed SIMD, which this runtime lacks (Node 20: --experimental-wasm-relaxed-simd)');
  chosenBuild = build === 'auto' ? undefined : build;
}

/** The build networks use unless told otherwise: set by setKernelBuild, or detected once. */
export function kernelBuild(): KernelBuild {
  chosenBuild ??= hasRelaxedSimd() ? 'fma' : 'simd';
  return chosenBuild;
}

const sources: Record<KernelBuild, { single: string; threaded: string }> = {
  fma: { single: fmaKernelsBase64, threaded: fmaThreadedKernelsBase64 },
  simd: { single: kernelsBase64, threaded: threadedKernelsBase64 },
};
const modules = new Map<string, WebAssembly.Module>();

function moduleOf(build: KernelBuild, variant: 'single' | 'threaded'): WebAssembly.Module {
  const key = `${build} ${variant}`;
  let module = modules.get(key);
  if (!module) {
    module = compile(sources[build][variant]);
    modules.set(key, module);
  }
  return module;
}

/** The kernels for one thread, over a memory of their own (compiled once per build). */
export function kernelsModule(build = kernelBuild()): WebAssembly.Module {
  return moduleOf(build, 'single');
}

/** The kernels for a team of threads, over an imported shared memory (compiled once per build). */
export function threadedKernelsModule(build = kernelBuild()): WebAssembly.Module {
  return moduleOf(build, 'threaded');
}

/** A fresh instance of the single-thread kernels over its own memory, grown by the caller to fit its buffers. */
export function instantiateKernels(build = kernelBuild()): { kernels: WasmKernels; memory: WebAssembly.Memory } {
  const memory = new WebAssembly.Memory({ initial: 1 });
  const instance = new WebAssembly.Instance(kernelsModule(build), { env: { memory } });
  return { kernels: instance.exports as unknown as WasmKernels, memory };
}

/** An instance of the threaded kernels over a shared memory (from sharedMemory). */
export function instantiateThreadedKernels(memory: WebAssembly.Memory, build = kernelBuild()): WasmKernels {
  return new WebAssembly.Instance(threadedKernelsModule(build), { env: { memory } }).exports as unknown as WasmKernels;
}

/** The threaded kernels' heap base and packing buffer sizes, to lay out a memory before instantiating them (from an instance on a scratch memory, made once). */
export function threadedKernelsSizes(build = kernelBuild()): Pick<WasmKernels, 'heapBase' | 'packBufferBytes'> {
  let scratch = threadedScratch.get(build);
  if (!scratch) {
    scratch = instantiateThreadedKernels(sharedMemory(WASM_PAGE_BYTES), build);
    threadedScratch.set(build, scratch);
  }
  return scratch;
}
const threadedScratch = new Map<KernelBuild, WasmKernels>();

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
