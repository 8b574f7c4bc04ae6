import { sha256 } from './sha256.js';
import type { Dataset, PixelMode } from './dataset.js';

/**
 * What a model was trained on, as its model file records it: enough to load the data again
 * (`source`, `table`) and to tell whether data given later is the same (`rows`, size, `labels`,
 * `hash`). Pure code: it runs in Node, in a Web Worker and under test.
 */
export interface DataIdentity {
  /** The dataset's name (dataset.name). */
  name: string;
  /** How to load it again: a built-in name ('font-3', 'emoji-8', 'mnist') or a file path as given. */
  source: string;
  /** The glyph table of a font.h-style file; absent for every other source. */
  table?: number;
  rows: number;
  width: number;
  height: number;
  labels: string[];
  /** How its values are drawn ('ink' when the dataset does not say). */
  mode: PixelMode;
  /** 'sha256:<64 hex digits>' of the content, see datasetHash. */
  hash: string;
}

const HASH_PREFIX = 'sha256:';
/** Pixels are fed to the hash this many at a time (64 KiB of float64), so big sets need no second copy. */
const PIXELS_PER_CHUNK = 8192;

/**
 * The SHA-256 of a dataset's content, as 'sha256:<hex>'. The bytes hashed, all integers unsigned
 * 32-bit little-endian and nothing between the fields:
 *
 *     width, height, number of labels (= rows),
 *     for each label: its UTF-8 byte length, then its UTF-8 bytes,
 *     every pixel value row by row as an IEEE-754 float64, little-endian (-0 written as +0).
 *
 * The name and the drawing mode are not content: renaming a set or drawing it otherwise keeps its
 * hash. Equal on every platform (DataView writes little-endian whatever the machine's order).
 */
export function datasetHash(dataset: Dataset): string {
  checkShape(dataset);
  const hash = sha256();
  hash.update(headerBytes(dataset));
  const values = dataset.inputs.data;
  const chunk = new DataView(new ArrayBuffer(Math.min(values.length, PIXELS_PER_CHUNK) * 8));
  for (let start = 0; start < values.length; start += PIXELS_PER_CHUNK) {
    const end = Math.min(values.length, start + PIXELS_PER_CHUNK);
    for (let i = start; i < end; i++) chunk.setFloat64((i - start) * 8, pixelValue(values[i], i, dataset), true);
    hash.update(new Uint8Array(chunk.buffer, 0, (end - start) * 8));
  }
  return HASH_PREFIX + hash.hex();
}

/** The identity of `dataset` loaded from `source` (and `table`, for a font.h file), for a model file. */
export function datasetIdentity(dataset: Dataset, source: string, table?: number): DataIdentity {
  if (source === '') throw new RangeError(`the source of dataset "${dataset.name}" must name a built-in set or a file, got ""`);
  if (table !== undefined && !(Number.isInteger(table) && table >= 1)) {
    throw new RangeError(`the table of dataset "${dataset.name}" must be an integer >= 1, got ${table}`);
  }
  const identity: DataIdentity = {
    name: dataset.name,
    source,
    rows: dataset.inputs.rows,
    width: dataset.width,
    height: dataset.height,
    labels: [...dataset.labels],
    mode: dataset.mode ?? 'ink',
    hash: datasetHash(dataset),
  };
  if (table !== undefined) identity.table = table;
  return identity;
}

/**
 * What is wrong when `dataset` is not the data `identity` names: the first of rows, size, labels and
 * content (hash) that differ, naming both sets; undefined when they match.
 */
export function identityMismatch(identity: DataIdentity, dataset: Dataset): string | undefined {
  const difference = firstDifference(identity, dataset);
  if (difference === undefined) return undefined;
  const table = identity.table === undefined ? '' : ` table ${identity.table}`;
  return `the data given, "${dataset.name}", is not the data "${identity.name}" (from ${identity.source}${table}): ${difference}`;
}

/** The first way `dataset` differs from `identity`, cheapest checks first (the hash last). */
function firstDifference(identity: DataIdentity, dataset: Dataset): string | undefined {
  const rows = dataset.inputs.rows;
  if (rows !== identity.rows) return `it has ${rows} rows, expected ${identity.rows}`;
  if (dataset.width !== identity.width || dataset.height !== identity.height) {
    return `its pictures are ${dataset.width}x${dataset.height}, expected ${identity.width}x${identity.height}`;
  }
  const row = identity.labels.findIndex((label, i) => label !== dataset.labels[i]);
  if (row >= 0) return `row ${row} is labelled ${JSON.stringify(dataset.labels[row])}, expected ${JSON.stringify(identity.labels[row])}`;
  const hash = datasetHash(dataset);
  if (hash !== identity.hash) return `same size and labels but other pixels: ${hash}, expected ${identity.hash}`;
  return undefined;
}

/** Throws unless labels, size and pixel count agree, naming what disagrees. */
function checkShape(dataset: Dataset): void {
  const { inputs, width, height, labels, name } = dataset;
  for (const [field, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new RangeError(`dataset "${name}": ${field} must be an integer >= 1, got ${value}`);
  }
  if (inputs.cols !== width * height) {
    throw new RangeError(`dataset "${name}": rows of ${inputs.cols} values do not hold ${width}x${height} = ${width * height} pixels`);
  }
  if (labels.length !== inputs.rows) throw new RangeError(`dataset "${name}": ${labels.length} labels for ${inputs.rows} rows`);
}

/** width, height, label count, then each label as length + UTF-8 (see datasetHash). */
function headerBytes(dataset: Dataset): Uint8Array {
  const encoder = new TextEncoder();
  const labels = dataset.labels.map((label) => encoder.encode(label));
  const bytes = new Uint8Array(12 + labels.reduce((sum, label) => sum + 4 + label.length, 0));
  const view = new DataView(bytes.buffer);
  view.setUint32(0, dataset.width, true);
  view.setUint32(4, dataset.height, true);
  view.setUint32(8, labels.length, true);
  let at = 12;
  for (const label of labels) {
    view.setUint32(at, label.length, true);
    bytes.set(label, at + 4);
    at += 4 + label.length;
  }
  return bytes;
}

/** A pixel value as hashed: finite, and +0 for -0 (the two compare equal, so they must hash equal). */
function pixelValue(value: number, index: number, dataset: Dataset): number {
  if (!Number.isFinite(value)) {
    const pixels = dataset.inputs.cols;
    throw new RangeError(`dataset "${dataset.name}": row ${Math.floor(index / pixels)}, pixel ${index % pixels} is ${value}, expected a finite number`);
  }
  return value === 0 ? 0 : value;
}
