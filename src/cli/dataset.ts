import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Dataset } from '../data/dataset.js';
import { serializeDataset } from '../data/dataset-file.js';
import { buildEmojiDataset } from '../data/emoji.js';
import { EMOJI_SET_SIZE, emojiSets } from '../data/emoji-sets.js';
import { renderImageGrid } from '../plot/glyph-grid.js';
import { imagesDataset } from '../data/images.js';
import { writeFileAtomic } from '../io/files.js';
import { twemojiSource } from '../io/twemoji.js';
import { print, printJson } from './style.js';

export interface EmojiDatasetFlags {
  names?: string[];
  set?: string;
  size?: number;
  name?: string;
  out?: string;
  json?: boolean;
}

/** `latentlab dataset emoji`: a dataset of Twemoji pictures by short name or code point (or a shipped set). */
export function datasetEmoji(flags: EmojiDatasetFlags): void {
  if (Boolean(flags.names) === Boolean(flags.set)) throw new RangeError('give either --names a,b,... or --set emoji-8|emoji-4');
  if (flags.set && !Object.hasOwn(emojiSets, flags.set)) throw new RangeError(`unknown set "${flags.set}"; valid: ${Object.keys(emojiSets).join(', ')}`);
  const queries = flags.set ? emojiSets[flags.set] : flags.names!;
  const size = flags.size ?? EMOJI_SET_SIZE;
  const name = flags.name ?? flags.set ?? (flags.out ? basename(flags.out, '.json') : 'emoji');
  const source = twemojiSource();
  const { dataset, origins } = buildEmojiDataset({ name, queries, size, catalog: source.catalog, readImage: source.readImage });
  const lines = origins.map((o) => `U+${o.unified} ${o.name} (img/twitter/64/${o.image})`);
  write(dataset, source.credits(size), lines, flags.out ?? `${name}.json`, flags.json);
}

export interface ImagesDatasetFlags {
  size: number;
  name?: string;
  out?: string;
  json?: boolean;
}

/** `latentlab dataset images DIR`: the folder's PNG files as a grayscale dataset, labelled by file name. */
export function datasetImages(dir: string, flags: ImagesDatasetFlags): void {
  let entries: string[];
  try {
    entries = readdirSync(dir).filter((f) => /\.png$/i.test(f) && statSync(join(dir, f)).isFile()).sort();
  } catch (error) {
    throw new Error(`cannot read folder "${dir}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  if (entries.length === 0) throw new Error(`no .png files in "${dir}"`);
  const files = entries.map((f) => ({ name: f, bytes: readBytes(join(dir, f)) }));
  const name = flags.name ?? basename(dir);
  const dataset = imagesDataset(name, files, flags.size);
  const credits = `Pictures from the folder ${basename(dir)}; composited on white, converted to grayscale (Rec. 709 luminance), padded to a square and resized to ${flags.size}x${flags.size} by latentlab.`;
  write(dataset, credits, entries, flags.out ?? `${name}.json`, flags.json);
}

function readBytes(path: string): Uint8Array {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Writes the dataset file and a preview picture beside it, and says where. */
function write(dataset: Dataset, credits: string, origins: string[], out: string, json: boolean | undefined): void {
  const preview = out.replace(/\.json$/i, '') + '.png';
  writeFileAtomic(out, serializeDataset({ dataset, credits, origins }));
  const columns = Math.min(dataset.inputs.rows, 8);
  writeFileAtomic(preview, renderImageGrid(dataset.inputs, { width: dataset.width, height: dataset.height, columns, scale: 4, mode: dataset.mode }));
  if (json) {
    printJson({ name: dataset.name, rows: dataset.inputs.rows, width: dataset.width, height: dataset.height, labels: dataset.labels, dataset: out, preview });
    return;
  }
  const lines = [
    `${dataset.name}: ${dataset.inputs.rows} pictures of ${dataset.width}x${dataset.height}: ${dataset.labels.join(', ')}`,
    `Dataset: ${out}`,
    `Preview: ${preview}`,
  ];
  print(lines);
}
