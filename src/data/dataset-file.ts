import * as z from 'zod';
import { Matrix } from '../tensor/matrix.js';
import type { Dataset } from './dataset.js';

export const DATASET_FORMAT = 'latentlab-dataset';
export const DATASET_VERSION = 1;
/** Pixel values are stored with this many decimals (an error of at most 5e-7, far below anything a model resolves). */
const DECIMALS = 6;

/** A dataset file: the pictures, their labels, and where they came from (credits and licence). */
export interface DatasetFile {
  dataset: Dataset;
  /** Who made the pictures, their licence and what was changed; copied into every file built from them. */
  credits: string;
  /** One line per row: where that picture came from. */
  origins: string[];
}

const fileSchema = z
  .object({
    format: z.literal(DATASET_FORMAT),
    version: z.literal(DATASET_VERSION),
    name: z.string().min(1),
    width: z.number().int().positive(),
    height: z.number().int().positive(),
    mode: z.enum(['ink', 'luminance']),
    labels: z.array(z.string()).min(1),
    credits: z.string(),
    origins: z.array(z.string()),
    pixels: z.array(z.array(z.number().min(0).max(1))),
  })
  .strict();

/** A dataset as JSON text: one line per picture, values rounded to 6 decimals. */
export function serializeDataset(file: DatasetFile): string {
  const { dataset, credits, origins } = file;
  if (origins.length !== dataset.inputs.rows) throw new RangeError(`${dataset.inputs.rows} pictures need ${dataset.inputs.rows} origins, got ${origins.length}`);
  const header = {
    format: DATASET_FORMAT,
    version: DATASET_VERSION,
    name: dataset.name,
    width: dataset.width,
    height: dataset.height,
    mode: dataset.mode ?? 'ink',
    labels: dataset.labels,
    credits,
    origins,
  };
  const rows = dataset.inputs.toRows().map((row) => `  ${JSON.stringify(row.map((v) => Number(v.toFixed(DECIMALS))))}`);
  const head = JSON.stringify(header, null, 1).slice(0, -2);
  return `${head},\n "pixels": [\n${rows.join(',\n')}\n ]\n}\n`;
}

/** Reads a dataset file's text, checking format, version, shapes and value range; errors say what is wrong. */
export function parseDataset(text: string): DatasetFile {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DatasetFileError(`not valid JSON (${(error as Error).message})`);
  }
  const header = z.object({ format: z.string(), version: z.number() }).safeParse(json);
  if (!header.success || header.data.format !== DATASET_FORMAT) {
    throw new DatasetFileError(`not a latentlab dataset file (expected "format": "${DATASET_FORMAT}")`);
  }
  if (header.data.version !== DATASET_VERSION) {
    throw new DatasetFileError(`unsupported version ${header.data.version}; this latentlab reads version ${DATASET_VERSION}`);
  }
  const parsed = fileSchema.safeParse(json);
  if (!parsed.success) throw new DatasetFileError(z.prettifyError(parsed.error));
  const { name, width, height, mode, labels, credits, origins, pixels } = parsed.data;
  if (pixels.length !== labels.length) throw new DatasetFileError(`${labels.length} labels but ${pixels.length} pictures`);
  if (origins.length !== labels.length) throw new DatasetFileError(`${labels.length} labels but ${origins.length} origins`);
  pixels.forEach((row, i) => {
    if (row.length !== width * height) throw new DatasetFileError(`picture ${i} (${labels[i]}) has ${row.length} values, expected ${width}x${height} = ${width * height}`);
  });
  return { dataset: { name, inputs: Matrix.fromRows(pixels), labels, width, height, mode }, credits, origins };
}

export class DatasetFileError extends Error {
  constructor(message: string) {
    super(`bad dataset file: ${message}`);
    this.name = 'DatasetFileError';
  }
}
