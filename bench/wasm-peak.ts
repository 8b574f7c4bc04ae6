/**
 * What WebAssembly allows on this CPU (issue 15): the peak f32 throughput of one thread with
 * 128-bit SIMD, so the wide-net figures can say what share of it the kernels reach. Compiles small
 * AssemblyScript functions (not the kernels) and times, on one thread:
 * - peak: `f32x4.relaxed_madd` (one fused multiply-add where the CPU has FMA) and f32x4 mul + add,
 *   on independent accumulators that stay in registers;
 * - register tiles: the blocked GEMM's inner loop (assembly/blocked.ts) at several tile shapes,
 *   R rows x C columns summed in R x C/4 registers from packed panels that stay in L1 (kc steps of
 *   a panel of R floats of A broadcast and C floats of B).
 * Usage: npx tsx bench/wasm-peak.ts [--rounds 7]
 */
import asc from 'assemblyscript/asc';
import { loadavg } from 'node:os';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';
import { configureKernels } from '../src/io/kernel-build.js';
import { cpuModel, integerFlag, median, printFigures } from './measure.js';

configureKernels();
// Optimized code from the first call: V8 otherwise starts each function on its baseline compiler
// (Liftoff) and swaps in the optimized code (TurboFan, which training's hot kernels run after their
// first calls) only when its background compile is done, later on a busy machine.
setFlagsFromString('--no-liftoff');
const rounds = integerFlag('rounds', 7);
/** Accumulators of the peak loops: enough to cover the FMA latency (4-5 cycles) times the 2 FMA pipes of current x86 cores. */
const ACCUMULATORS = 12;
/** Steps of k per tile pass: the packed panels of the blocked GEMM (assembly/blocked.ts KC). */
const KC = 256;
/** Tile shapes [rows, columns]: 4 x 8 is the one assembly/blocked.ts uses. */
const shapes: [number, number][] = [[4, 8], [4, 4], [5, 8], [6, 8], [4, 12], [3, 16], [8, 8]];

const lanes = (name: string, count: number, f: (i: number) => string) => Array.from({ length: count }, (_, i) => f(i).replaceAll('#', `${name}${i}`)).join('\n');

function peakSource(name: string, step: (acc: string) => string): string {
  return `export function ${name}(n: i32, seed: f32): f32 {
  const x = f32x4.splat(seed);
  const y = f32x4.splat(0.999);
${lanes('a', ACCUMULATORS, (i) => `  let # = f32x4.splat(${i + 1});`)}
  for (let i = 0; i < n; i++) {
${lanes('a', ACCUMULATORS, () => `    # = ${step('#')};`)}
  }
  let s = f32x4.splat(0);
${lanes('a', ACCUMULATORS, () => '  s = f32x4.add(s, #);')}
  return f32x4.extract_lane(s, 0);
}
`;
}

/** R x C tile: kc steps of R broadcasts from the A panel (R floats a step) times C/4 vectors of the B panel; stored to c. */
function tileSource(rows: number, columns: number): string {
  const vectors = columns / 4;
  const accs: string[] = [];
  for (let r = 0; r < rows; r++) for (let v = 0; v < vectors; v++) accs.push(`c${r}_${v}`);
  return `export function tile${rows}x${columns}(reps: i32, kc: i32, a: usize, b: usize, c: usize): void {
${accs.map((acc) => `  let ${acc} = f32x4.splat(0);`).join('\n')}
  for (let rep = 0; rep < reps; rep++) {
    let p = a;
    let q = b;
    for (let k = 0; k < kc; k++) {
${Array.from({ length: vectors }, (_, v) => `      const w${v} = v128.load(q, ${16 * v});`).join('\n')}
${Array.from({ length: rows }, (_, r) => `      const s${r} = v128.load32_splat(p, ${4 * r});\n${Array.from({ length: vectors }, (_, v) => `      c${r}_${v} = f32x4.relaxed_madd(s${r}, w${v}, c${r}_${v});`).join('\n')}`).join('\n')}
      p += ${4 * rows};
      q += ${4 * columns};
    }
  }
${accs.map((acc, i) => `  v128.store(c, ${acc}, ${16 * i});`).join('\n')}
}
`;
}

const source = [
  peakSource('peakFma', (acc) => `f32x4.relaxed_madd(${acc}, y, x)`),
  peakSource('peakMulAdd', (acc) => `f32x4.add(f32x4.mul(${acc}, y), x)`),
  ...shapes.map(([r, c]) => tileSource(r, c)),
].join('\n');

const compiled = await asc.compileString(source, { optimizeLevel: 3, shrinkLevel: 0, runtime: 'stub', noAssert: true, enable: ['simd', 'relaxed-simd'], initialMemory: 4 });
if (!compiled.binary) throw new Error(`wasm-peak: AssemblyScript compilation failed: ${compiled.stderr.toString()}`);
const instance = new WebAssembly.Instance(new WebAssembly.Module(Uint8Array.from(compiled.binary)), { env: { abort() {} } });
const exports = instance.exports as Record<string, CallableFunction> & { memory: WebAssembly.Memory };
const floats = new Float32Array(exports.memory.buffer);
const A = 16384;
const B = A + 16 * KC * 4;
const C = B + 16 * KC * 4;
for (let i = A / 4; i < C / 4; i++) floats[i] = Math.sin(i) * 1e-3;

/**
 * GFLOP per CPU-second of `rounds` timed calls (after two warm-up calls): the speed of a core, whatever else the machine runs (the process runs this one thread).
 */
function gflops(flopsPerCall: number, call: () => void): number[] {
  call();
  call();
  const rates: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const cpu = process.cpuUsage();
    call();
    const { user, system } = process.cpuUsage(cpu);
    rates.push(flopsPerCall / (user + system) / 1e3);
  }
  return rates;
}

const peakIterations = 20_000_000;
const peakFlops = peakIterations * ACCUMULATORS * 8;
const figures: Record<string, number> = {};
const spread = (rates: number[]) => `${median(rates).toFixed(1)} GFLOP per CPU-second (rounds ${Math.min(...rates).toFixed(1)}-${Math.max(...rates).toFixed(1)})`;
console.log(`wasm f32x4 peak of one thread: ${cpuModel()}; Node ${process.version}; load average ${loadavg()[0].toFixed(1)} at the start; median of ${rounds} rounds, by CPU time`);
const fma = gflops(peakFlops, () => exports.peakFma(peakIterations, 0.5));
const mulAdd = gflops(peakFlops, () => exports.peakMulAdd(peakIterations, 0.5));
figures.peakFma = median(fma);
figures.peakMulAdd = median(mulAdd);
console.log(`f32x4.relaxed_madd, ${ACCUMULATORS} accumulators: ${spread(fma)}`);
console.log(`f32x4.mul + f32x4.add, ${ACCUMULATORS} accumulators: ${spread(mulAdd)}`);
// Two threads at once, each on its own core unless the two share one (SMT siblings of the host,
// which a VM does not show): then each runs at about half the rate per CPU-second.
const worker = new Worker(
  `const { parentPort, workerData } = require('node:worker_threads');
const { peakFma } = new WebAssembly.Instance(new WebAssembly.Module(workerData), { env: { abort() {} } }).exports;
parentPort.on('message', (n) => parentPort.postMessage(peakFma(n, 0.5)));`,
  { eval: true, workerData: compiled.binary },
);
const together: number[] = [];
for (let r = -2; r < rounds; r++) {
  const cpu = process.cpuUsage();
  const done = new Promise((resolve) => worker.once('message', resolve));
  worker.postMessage(peakIterations);
  exports.peakFma(peakIterations, 0.5);
  await done;
  const { user, system } = process.cpuUsage(cpu);
  if (r >= 0) together.push((2 * peakFlops) / (user + system) / 1e3);
}
await worker.terminate();
figures.peakFmaTwoThreads = median(together);
console.log(`f32x4.relaxed_madd on two threads at once: ${spread(together)} (one thread alone: ${figures.peakFma.toFixed(1)})`);
console.log(`register tiles on L1-resident packed panels (kc ${KC}), relaxed_madd; 4x8 is the blocked GEMM's:`);
for (const [r, c] of shapes) {
  const reps = Math.round(2e8 / (r * c * KC));
  const rates = gflops(2 * r * c * KC * reps, () => exports[`tile${r}x${c}`](reps, KC, A, B, C));
  figures[`tile${r}x${c}`] = median(rates);
  console.log(`  ${`${r} x ${c}`.padEnd(7)} ${(r * c) / 4} accumulators: ${spread(rates)}, ${((100 * median(rates)) / figures.peakFma).toFixed(0)}% of the FMA peak`);
}
console.log(`load average ${loadavg()[0].toFixed(1)} at the end`);
printFigures('wasm-peak', figures);
