import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { kernelBuild } from '../src/tensor/wasm/loader.js';

/** The median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** "model, N cores, M GiB" of this machine. */
export function cpuModel(): string {
  const model = cpus()[0]?.model ?? 'unknown CPU';
  const memory = readFileSync('/proc/meminfo', 'utf8').match(/MemTotal:\s+(\d+)/);
  return `${model}, ${cpus().length} cores${memory ? `, ${Math.round(Number(memory[1]) / 1048576)} GiB` : ''}`;
}

/**
 * Useful floating-point operations of one epoch of `rows` rows in batches of `batchSize` (real sizes,
 * no padding; activations and loss not counted): per row and layer n -> m, 2nm forward + m bias +
 * 2nm for dW + m for db + 2nm for dX (not for the first layer); per optimizer step 10 per
 * parameter (Adam: 3 for m, 4 for v, 3 for the update with sqrt and division counted as one each).
 */
export function flopsPerEpoch(sizes: number[], rows: number, batchSize: number, parameters: number): number {
  let perRow = 0;
  for (let l = 0; l + 1 < sizes.length; l++) perRow += 4 * sizes[l] * sizes[l + 1] + 2 * sizes[l + 1] + (l > 0 ? 2 * sizes[l] * sizes[l + 1] : 0);
  return rows * perRow + Math.ceil(rows / batchSize) * 10 * parameters;
}

/** A positive integer flag `--name N` of the command line, or the fallback. */
export function integerFlag(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  const value = at >= 0 ? Number(process.argv[at + 1]) : fallback;
  if (!Number.isInteger(value) || value < 1) throw new RangeError(`--${name} must be a positive integer, got ${process.argv[at + 1]}`);
  return value;
}

/** Prints a bench's figures and ratios as one JSON object, its last line, for scripts; with the CPU, the load and the kernels' build. */
export function printFigures(bench: string, figures: Record<string, unknown>): void {
  console.log(JSON.stringify({ bench, cpu: cpuModel(), loadAverage: Number(loadavg()[0].toFixed(2)), kernels: kernelBuild(), ...figures }));
}
