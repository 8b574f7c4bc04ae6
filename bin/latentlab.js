#!/usr/bin/env node
// Before anything compiles wasm: turn on the fma kernels (or the build LATENTLAB_KERNELS names).
const { configureKernels } = await import('../dist/src/io/kernel-build.js');
try {
  configureKernels();
} catch (error) {
  console.error(`latentlab: ${error.message}`);
  process.exit(2);
}
await import('../dist/src/cli/main.js');
