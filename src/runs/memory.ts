import type { Settings } from './settings.js';
import type { RunSpec } from './spec.js';
import { formatCount } from '../data/format-count.js';

/**
 * How much memory a run takes, estimated from its spec and its data before anything is allocated,
 * so a run this machine cannot hold is refused with the setting to lower instead of failing deep
 * in the engine (or taking the machine down). Browser-safe: the CLI and the explorer's worker
 * call it with their own budget.
 */

/** One part of a run's memory, and the setting that makes it smaller. */
export interface MemoryPart {
  what: string;
  bytes: number;
  /** The spec field (and flag) to lower. */
  setting: string;
}

const FLOAT = 8;
/** A loss value held three times over: the Float64Array, the result document's array and its JSON text. */
const HISTORY_BYTES_PER_EPOCH = 3 * FLOAT + 24;
/** Parameters, gradients, two optimizer slots, the wasm engine's float32 copy and the model file's base64 text. */
const COPIES_PER_PARAMETER = 6;
/** Activations, their gradients and the outputs of every layer, per row of a batch. */
const COPIES_PER_ACTIVATION = 3;
/** The longest text a JavaScript engine holds in one string (V8: 2^29 - 24 characters): the model file must fit. */
export const MAX_TEXT_CHARS = 2 ** 29 - 24;

const numbers = (value: unknown): number[] => (Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : []);
const section = (value: unknown): Settings => (value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Settings) : {});

/** The weights and biases of a dense network of these widths. */
function parameterCount(widths: number[]): number {
  let count = 0;
  for (let i = 1; i < widths.length; i++) count += widths[i - 1] * widths[i] + widths[i];
  return count;
}

/**
 * The memory of a run of `spec` (any kind: an autoencoder's or a VAE's spec, already validated) on
 * data of `rows` images of `pixels` pixels, by part.
 */
/** What the estimate reads of a run spec: every kind's model and training, and a denoising run's noise and test. */
export type SizedSpec = Pick<RunSpec, 'model' | 'training'> & { noise?: unknown; evaluation?: unknown };

export function runMemory(kind: string, spec: SizedSpec, rows: number, pixels: number): MemoryPart[] {
  const model = section(spec.model);
  const { training } = spec;
  const noise = section(spec.noise);
  const evaluation = section(spec.evaluation);
  const encoder = numbers(model.encoder);
  const decoder = numbers(model.decoder);
  const latent = Number(model.latent);
  const widths = kind === 'vae' ? [pixels, ...encoder, 2 * latent, latent, ...decoder, pixels] : [pixels, ...encoder, latent, ...decoder, pixels];
  const parameters = kind === 'vae' ? parameterCount([pixels, ...encoder, 2 * latent]) + parameterCount([latent, ...decoder, pixels]) : parameterCount(widths);
  const batch = Math.min(rows, training.batchSize ?? rows);
  const { epochs } = training;
  const histories = kind === 'vae' ? 3 : 1;
  const copies = Number(noise.copies ?? 1);
  const denoising = spec.noise !== undefined || spec.evaluation !== undefined;
  const testCopies = denoising ? Number(evaluation.copies ?? 10) : 0;
  return [
    { what: `the loss history of ${formatCount(epochs)} epochs`, bytes: epochs * histories * HISTORY_BYTES_PER_EPOCH, setting: 'training.epochs (--epochs)' },
    { what: `${formatCount(parameters)} parameters with their gradients and optimizer state`, bytes: parameters * COPIES_PER_PARAMETER * FLOAT, setting: 'the layer widths (--layers)' },
    { what: `the workspaces of a batch of ${formatCount(batch)} rows`, bytes: batch * widths.reduce((a, b) => a + b, 0) * COPIES_PER_ACTIVATION * FLOAT, setting: 'training.batchSize (--batch-size)' },
    { what: `the data (${formatCount(rows)} images of ${formatCount(pixels)} pixels, inputs and targets)`, bytes: rows * pixels * 3 * FLOAT, setting: 'the data (--data)' },
    { what: `${formatCount(copies)} noisy copies of the data per epoch`, bytes: (copies > 1 ? copies : 0) * rows * pixels * 2 * FLOAT, setting: 'noise.copies (--copies)' },
    { what: `the denoising test's ${formatCount(testCopies)} noisy copies`, bytes: testCopies * rows * pixels * 3 * FLOAT, setting: 'evaluation.copies (--test-copies)' },
  ];
}

/** 1536 -> "1.5 KB", 8e12 -> "7.3 TB" (powers of 1024). */
export function formatBytes(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB', 'PB', 'EB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${Math.round(value)} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/**
 * Why a run whose memory is `parts` cannot run within `budget` bytes, naming the largest part and
 * the setting that shrinks it; undefined when it fits (its model file must also fit in one string).
 */
export function memoryRefusal(parts: MemoryPart[], budget: number): string | undefined {
  const total = parts.reduce((sum, part) => sum + part.bytes, 0);
  const largest = parts.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  if (!Number.isFinite(total) || total > budget) {
    return `this run needs about ${formatBytes(total)} of memory, more than the ${formatBytes(budget)} it can have here; the largest part is ${largest.what} (${formatBytes(largest.bytes)}): lower ${largest.setting}`;
  }
  const fileText = parts[0].bytes / 2 + parts[1].bytes / 2;
  if (fileText > MAX_TEXT_CHARS) {
    return `this run's model file would be about ${formatBytes(fileText)} of text, more than one file can hold (${formatBytes(MAX_TEXT_CHARS)}); lower ${largest.setting}`;
  }
  return undefined;
}

let budget = 2 * 1024 ** 3;

/** The bytes a run may take in this process (2 GB unless the program sets it, e.g. from the machine's memory). */
export function memoryBudget(): number {
  return budget;
}

export function setMemoryBudget(bytes: number): void {
  if (!(bytes > 0)) throw new RangeError(`a memory budget must be a positive number of bytes, got ${bytes}`);
  budget = bytes;
}

/** Throws a RangeError naming the setting to lower when a run of `spec` on these data would not fit in memory. */
export function requireMemory(kind: string, spec: SizedSpec, rows: number, pixels: number): void {
  const refusal = memoryRefusal(runMemory(kind, spec, rows, pixels), budget);
  if (refusal) throw new RangeError(refusal);
}
