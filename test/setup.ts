// Every test file: relaxed SIMD on (Node 20 needs the V8 flag), so both builds of the wasm kernels
// run; the default build is the one the CLI picks (fma where the runtime has it).
import { configureKernels } from '../src/io/kernel-build.js';

configureKernels();
