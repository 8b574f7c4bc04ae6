import { readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { writeFileAtomic } from '../io/files.js';
import { loadDataset } from '../io/datasets.js';
import { exportCsvWithData } from '../models/export/csv.js';
import { exportParts, type ExportedFile, type ExportPart } from '../models/export/format.js';
import { exporters } from '../models/export/formats.js';
import { exportFormats } from '../models/export/format.js';
import { importSafetensors } from '../models/export/safetensors.js';
import { serializeModelFile } from '../models/checkpoint.js';
import { localPath, modelAndData, readModelFile, type ModelDataFlags } from './model-data.js';
import { print } from './style.js';

export interface ExportFlags extends ModelDataFlags {
  format: string;
  part?: string;
  out: string;
}

/**
 * `latentlab export --model M --format F [--part P] --out PATH`: the model (or its encoder or
 * decoder) in another format. PATH is a folder for the files, or, when the format gives one file,
 * that file's path if it ends in the same extension (e.g. model.safetensors).
 */
export function exportModel(flags: ExportFlags): void {
  const format = exportFormats.find((name) => name === flags.format);
  if (!format) throw new RangeError(`--format must be one of ${exportFormats.join(', ')}, got "${flags.format}"`);
  const part = (flags.part ?? 'all') as ExportPart;
  if (!exportParts.includes(part)) throw new RangeError(`--part must be one of ${exportParts.join(', ')}, got "${flags.part}"`);
  let files: ExportedFile[];
  if (flags.format === 'csv') {
    // CSV holds the codes and errors on the model's data.
    const { file, dataset } = modelAndData(flags);
    files = exportCsvWithData(file, dataset);
  } else {
    files = exporters[format](readModelFile(flags.model), part);
  }
  const single = files.length === 1 && extname(flags.out) !== '' && extname(flags.out) === extname(files[0].name);
  const paths = files.map((f) => (single ? flags.out : join(flags.out, f.name)));
  files.forEach((f, i) => writeFileAtomic(paths[i], f.bytes));
  const lines = files.map((f, i) => `  ${paths[i]}  (${f.bytes.length} bytes)`);
  print([`Exported ${flags.format}${flags.format === 'csv' ? '' : ` (${part})`}:`, ...lines]);
}

export interface ImportFlags {
  format: string;
  out: string;
  data?: string;
  table?: number;
}

/** `latentlab import --format safetensors FILE --out model.json`: a model file from an export (latentlab's or PyTorch's in its layout). */
export function importModel(path: string, flags: ImportFlags): void {
  if (flags.format !== 'safetensors') throw new RangeError(`--format must be safetensors (the only format latentlab imports), got "${flags.format}"`);
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const data = flags.data === undefined ? undefined : loadDataset({ dataset: localPath(flags.data), table: flags.table }).identity;
  let file;
  try {
    file = importSafetensors(bytes, { data });
  } catch (error) {
    throw new Error(`${path}: ${(error as Error).message}`);
  }
  writeFileAtomic(flags.out, serializeModelFile(file));
  const { model } = file;
  print(`Imported ${file.kind === 'autoencoder' ? 'an' : 'a'} ${file.kind} (${model.inputSize} pixels, latent ${model.latent}) trained on "${file.data.name}": ${flags.out}`);
}
