import { setFlagsFromString } from 'node:v8';
import { kernelBuilds, setKernelBuild } from '../tensor/wasm/loader.js';

/** The environment variable that picks the wasm kernels' build: fma, simd (bit-reproducible on any CPU) or auto. */
export const KERNELS_VARIABLE = 'LATENTLAB_KERNELS';

/**
 * Sets up the wasm kernels of this process; call it before any wasm compiles. Turns on relaxed
 * SIMD (Node 22+ has it; Node 20 behind a V8 flag, which reaches worker threads too), so the
 * loader picks the fma build, unless LATENTLAB_KERNELS says otherwise.
 */
export function configureKernels(environment: NodeJS.ProcessEnv = process.env): void {
  const wanted = environment[KERNELS_VARIABLE] ?? 'auto';
  const build = (['auto', ...kernelBuilds] as const).find((choice) => choice === wanted);
  if (!build) throw new RangeError(`${KERNELS_VARIABLE}=${wanted} is not a kernel build; valid: auto, ${kernelBuilds.join(', ')}`);
  setFlagsFromString('--experimental-wasm-relaxed-simd');
  setKernelBuild(build);
}
