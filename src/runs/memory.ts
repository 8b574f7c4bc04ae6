import type { RunSpec } from './spec.js';

/**
 * How much memory a run takes, estimated from its spec and the size of its data before anything is
 * allocated, so a run the machine (or a browser tab) cannot hold is refused naming the setting to
 * lower, instead of failing deep in the engine ("Invalid typed array length"). Browser-safe: the
 * CLI and the explorer use it with their own budgets.
 */

/** One part of a run's memory, and the setting (with its flag) that makes it smaller. */
export interface MemoryPart {
  what: string;
  bytes: number;
  setting: string;
}

const FLOAT = 8;
/** Per epoch: the loss in the training loop's history, in the result (or the page's chart), and as text in the model file. */
const HISTORY_BYTES_PER_EPOCH = 3 * FLOAT + 24;
/** Per parameter: the values, their gradients, two optimizer slots, the WebAssembly engine's copy, the model file's text. */
const COPIES_PER_PARAMETER = 6;
/** Per activation of a batch row: the activation, its gradient and the layer's output. */
const COPIES_PER_ACTIVATION = 3;

const widthsOf = (value: unknown): number[] => (Array.isArray(value) ? value.filter((v): v is number => typeof v === 'number') : []);

/** Dense layers' weights and biases. */
function parameterCount(widths: readonly number[]): number {
  let count = 0;
  for (let i = 1; i < widths.length; i++) count += widths[i - 1] * widths[i] + widths[i];
  return count;
}

/**
 * The memory of a run of `spec` (an autoencoder's or a VAE's, validated) on `rows` images of `pixels`
 * pixels, part by part: the loss history, the parameters and their training state, a batch's
 * workspaces, the data.
 */
export function runMemory(kind: string, spec: Pick<RunSpec, 'model' | 'training'>, rows: number, pixels: number): MemoryPart[] {
  const model = spec.model as { encoder?: unknown; decoder?: unknown; latent?: unknown };
  const encoder = widthsOf(model.encoder);
  const decoder = widthsOf(model.decoder);
  const latent = Number(model.latent);
  const vae = kind === 'vae';
  const parameters = vae ? parameterCount([pixels, ...encoder, 2 * latent]) + parameterCount([latent, ...decoder, pixels]) : parameterCount([pixels, ...encoder, latent, ...decoder, pixels]);
  const widths = [pixels, ...encoder, vae ? 3 * latent : latent, ...decoder, pixels];
  const { epochs } = spec.training;
  const batch = Math.min(rows, spec.training.batchSize ?? rows);
  // A VAE records its reconstruction and KL terms beside the loss.
  const histories = vae ? 3 : 1;
  return [
    { what: `the loss history of ${epochs.toLocaleString('en-US')} epochs`, bytes: epochs * histories * HISTORY_BYTES_PER_EPOCH, setting: 'training.epochs (--epochs)' },
    { what: `${parameters.toLocaleString('en-US')} parameters with their gradients and optimizer state`, bytes: parameters * COPIES_PER_PARAMETER * FLOAT, setting: 'the layer widths (--layers)' },
    { what: `the workspaces of a batch of ${batch.toLocaleString('en-US')} rows`, bytes: batch * widths.reduce((a, b) => a + b, 0) * COPIES_PER_ACTIVATION * FLOAT, setting: 'training.batchSize (--batch-size)' },
    { what: `the data (${rows.toLocaleString('en-US')} images of ${pixels.toLocaleString('en-US')} pixels)`, bytes: rows * pixels * 3 * FLOAT, setting: 'the data (--data)' },
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

/** Why a run of memory `parts` cannot run within `budget` bytes, naming its largest part and the setting that shrinks it; undefined when it fits. */
export function memoryRefusal(parts: readonly MemoryPart[], budget: number): string | undefined {
  const total = parts.reduce((sum, part) => sum + part.bytes, 0);
  if (Number.isFinite(total) && total <= budget) return undefined;
  const largest = parts.reduce((a, b) => (b.bytes > a.bytes ? b : a));
  return `this run needs about ${formatBytes(total)} of memory, more than the ${formatBytes(budget)} it can have here; the largest part is ${largest.what} (${formatBytes(largest.bytes)}): lower ${largest.setting}`;
}
