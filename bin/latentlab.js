#!/usr/bin/env node
// Before anything compiles wasm: turn on the fma kernels (or the build LATENTLAB_KERNELS names).
// dist/cli is the CLI bundled (scripts/bundle-cli.js): a command loads a few files, not hundreds.
const { configureKernels } = await import('../dist/cli/kernel-build.js');
try {
  configureKernels();
} catch (error) {
  console.error(`latentlab: ${error.message}`);
  process.exit(2);
}
await import('../dist/cli/main.js');
