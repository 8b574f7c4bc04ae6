import { renderImageGrid } from '../plot/glyph-grid.js';
import type { Dataset } from '../data/dataset.js';
import { segmentCodes } from '../eval/latent-plane.js';
import { writeFileAtomic } from '../io/files.js';
import { art, sideBySide } from './glyph-art.js';
import { modelAndData, type ModelDataFlags } from './model-data.js';
import { print, printJson } from './style.js';

export interface InterpolateFlags extends ModelDataFlags {
  from: string;
  to: string;
  steps: number;
  out: string;
  json?: boolean;
}

/**
 * `latentlab interpolate`: decodes the straight line between the codes of two training items (a
 * VAE's latent means, an autoencoder's codes), ends included. Items by index or label.
 */
export function interpolate(flags: InterpolateFlags): void {
  const { file, dataset } = modelAndData(flags);
  const { model } = file;
  const from = item(dataset, flags.from, '--from');
  const to = item(dataset, flags.to, '--to');
  const codes = model.encode(dataset.inputs);
  const line = segmentCodes(codes.row(from), codes.row(to), flags.steps);
  const decoded = model.decode(line);
  const { width, height } = dataset;
  const mode = dataset.mode ?? 'ink';
  writeFileAtomic(flags.out, renderImageGrid(decoded, { width, height, columns: flags.steps, scale: width >= 16 ? 4 : 12, mode }));
  const code = (i: number): string => `(${Array.from(codes.row(i), (v) => v.toFixed(3)).join(', ')})`;
  const lines = [`${flags.steps} images from "${dataset.labels[from]}" ${code(from)} to "${dataset.labels[to]}" ${code(to)}, ends included:`];
  if (mode === 'ink') {
    lines.push(...sideBySide(Array.from({ length: decoded.rows }, (_, i) => art(decoded.row(i), width, height)), '  '), '(binarized at 0.5)');
  }
  lines.push(`Picture: ${flags.out}`);
  if (flags.json) {
    printJson({ from: dataset.labels[from], to: dataset.labels[to], steps: flags.steps, codes: line.toRows(), images: decoded.toRows(), picture: flags.out });
    return;
  }
  print(lines);
}

/** A row of the dataset by index (0-based) or label. */
function item(dataset: Dataset, key: string, flag: string): number {
  const byLabel = dataset.labels.indexOf(key);
  if (byLabel >= 0) return byLabel;
  const index = Number(key);
  if (key.trim() !== '' && Number.isInteger(index) && index >= 0 && index < dataset.labels.length) return index;
  throw new RangeError(`${flag} "${key}" is neither a label of ${dataset.name} (${dataset.labels.join(' ')}) nor an index 0..${dataset.labels.length - 1}`);
}
