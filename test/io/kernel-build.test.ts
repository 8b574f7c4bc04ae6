import { afterEach, describe, expect, it } from 'vitest';
import { configureKernels } from '../../src/io/kernel-build.js';
import { versions } from '../../src/io/versions.js';
import { kernelBuild, setKernelBuild } from '../../src/tensor/wasm/loader.js';

// LATENTLAB_KERNELS picks the build of the wasm kernels; result documents record the one that ran.
afterEach(() => setKernelBuild('auto'));

describe('the kernels build', () => {
  it('is fma by default where relaxed SIMD runs, simd when LATENTLAB_KERNELS=simd forces it', () => {
    configureKernels({});
    expect(kernelBuild()).toBe('fma');
    expect(versions().kernels).toBe('fma');
    configureKernels({ LATENTLAB_KERNELS: 'simd' });
    expect(kernelBuild()).toBe('simd');
    expect(versions().kernels).toBe('simd');
    configureKernels({ LATENTLAB_KERNELS: 'auto' });
    expect(kernelBuild()).toBe('fma');
  });

  it('refuses a build it does not know, naming the variable and the choices', () => {
    expect(() => configureKernels({ LATENTLAB_KERNELS: 'avx' })).toThrow('LATENTLAB_KERNELS=avx is not a kernel build; valid: auto, fma, simd');
    expect(() => setKernelBuild('avx' as 'fma')).toThrow('unknown kernel build "avx"; valid: auto, fma, simd');
  });
});
