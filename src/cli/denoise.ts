import { readFileSync } from 'node:fs';
import { InvalidArgumentError } from 'commander';
import { renderImageGrid } from '../plot/glyph-grid.js';
import { decodePng } from '../data/images.js';
import { grayOnWhite, resizeArea } from '../data/pictures.js';
import { nearestGlyphs } from '../eval/nearest-glyph.js';
import { binarize } from '../eval/pixels.js';
import { Matrix } from '../tensor/matrix.js';
import { Rng } from '../tensor/rng.js';
import { writeFileAtomic } from '../io/files.js';
import { art, sideBySide } from './glyph-art.js';
import { modelAndData, requireBinary, type ModelDataFlags } from './model-data.js';

const INK = '#@*X1';
const PAPER = '.-_0 ';

export interface DenoiseFlags extends ModelDataFlags {
  png?: string;
  out?: string;
  /** Breaks ties between equally near glyphs. */
  seed: number;
}

/**
 * `latentlab denoise`: one glyph (text rows or a PNG) through a model of either kind (a VAE's
 * output is decoded from the mean of q(z|x)), next to the nearest clean glyph of the model's data.
 */
export function denoise(rows: string[], flags: DenoiseFlags): void {
  if (flags.png && rows.length > 0) throw new InvalidArgumentError('give the glyph either as text rows or with --png, not both');
  const { file, dataset } = modelAndData(flags);
  requireBinary(dataset, 'denoise');
  const { model } = file;
  const { width, height } = dataset;
  const input = flags.png ? pngGlyph(flags.png, width, height) : textGlyph(rows, width, height);
  const output = model.reconstruct(input);
  const rng = new Rng(flags.seed);
  const [fromInput, fromOutput] = [binarize(input), binarize(output)].map((m) => nearestGlyphs(m, dataset.inputs, rng));
  const g = fromInput.index[0];
  const pixelsAway = (d: number): string => `${d} pixel${d === 1 ? '' : 's'} away`;
  const ties = fromInput.ties[0] > 1 ? `; ${fromInput.ties[0] - 1} more glyph(s) just as near, this one picked at random (--seed)` : '';
  const h = fromOutput.index[0];
  const verdict =
    fromOutput.distance[0] === 0
      ? `The output, binarized at 0.5, is glyph '${dataset.labels[h]}'${h === g ? ', the nearest glyph to the input' : `, not the nearest glyph to the input ('${dataset.labels[g]}')`}.`
      : `The output, binarized at 0.5, is no glyph: the nearest is '${dataset.labels[h]}', ${pixelsAway(fromOutput.distance[0])}.`;
  const lines = [
    ...sideBySide([
      ['input', ...art(input.row(0), width, height)],
      ['output', ...art(output.row(0), width, height)],
      [`nearest glyph to the input: '${dataset.labels[g]}' (${pixelsAway(fromInput.distance[0])}${ties})`, ...art(dataset.inputs.row(g), width, height)],
    ]),
    '',
    verdict,
    ...(file.kind === 'vae' ? ['(a VAE: the output is decoded from the mean of q(z|x), without sampling)'] : []),
  ];
  if (flags.out) {
    const cells = new Matrix(3, width * height);
    [input.row(0), output.row(0), dataset.inputs.row(g)].forEach((row, i) => cells.row(i).set(row));
    writeFileAtomic(flags.out, renderImageGrid(cells, { width, height }));
    lines.push(`Picture: ${flags.out} (input, output in grey levels, nearest glyph)`);
  }
  process.stdout.write(`${lines.join('\n')}\n`);
}

/** A glyph from text: `height` rows of `width` characters ('#' ink, '.' paper), as separate words or joined by '/' or newlines. */
export function textGlyph(words: string[], width: number, height: number): Matrix {
  const rows = words.length === 1 ? words[0].split(/[/\n]/) : words;
  if (rows.length !== height) {
    throw new InvalidArgumentError(`a glyph is ${height} rows of ${width} characters ('#' ink, '.' paper), e.g. ".#..#"; got ${rows.length} row(s)`);
  }
  const glyph = new Matrix(1, width * height);
  rows.forEach((row, y) => {
    if (row.length !== width) throw new InvalidArgumentError(`row ${y + 1} "${row}" has ${row.length} characters, expected ${width}`);
    Array.from(row).forEach((character, x) => {
      if (INK.includes(character.toUpperCase())) glyph.data[y * width + x] = 1;
      else if (!PAPER.includes(character)) throw new InvalidArgumentError(`row ${y + 1} "${row}": "${character}" is neither ink (${INK}) nor paper (${PAPER.trim()} or space)`);
    });
  });
  return glyph;
}

/** A glyph from a PNG of any size: composited on white, scaled to width x height by area, dark = ink. */
function pngGlyph(path: string, width: number, height: number): Matrix {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (error) {
    throw new Error(`cannot read PNG "${path}": ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const gray = resizeArea(grayOnWhite(decodePng({ name: path, bytes })), width, height);
  return new Matrix(1, width * height, gray.pixels.map((v) => 1 - v));
}
