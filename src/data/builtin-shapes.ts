import { EMOJI_SET_SIZE, emojiSets } from './emoji-sets.js';
import { fontTable, type FontTableNumber } from './font.js';
import { MNIST_SIDE } from './mnist.js';

/** What a built-in dataset's name fixes: its picture size and, when fixed, its rows and labels. */
export interface BuiltinShape {
  width: number;
  height: number;
  rows?: number;
  labels?: string[];
}

/** The shape of the built-in dataset `name` (font-1..3, an emoji set, mnist), or undefined for any other source. */
export function builtinShape(name: string): BuiltinShape | undefined {
  const font = /^font-([123])$/.exec(name);
  if (font) {
    const table = fontTable(Number(font[1]) as FontTableNumber);
    return { width: table.width, height: table.height, rows: table.inputs.rows, labels: table.labels };
  }
  if (Object.hasOwn(emojiSets, name)) return { width: EMOJI_SET_SIZE, height: EMOJI_SET_SIZE, rows: emojiSets[name].length };
  if (name === 'mnist') return { width: MNIST_SIDE, height: MNIST_SIDE };
  return undefined;
}

/** How a data identity contradicts the built-in dataset it names (its size, rows or labels), or undefined. */
export function builtinShapeProblem(data: { source: string; width: number; height: number; rows: number; labels: string[] }): string | undefined {
  const shape = builtinShape(data.source);
  if (!shape) return undefined;
  if (shape.width !== data.width || shape.height !== data.height) return `${data.source} has pictures of ${shape.width}x${shape.height}, this file says ${data.width}x${data.height}`;
  if (shape.rows !== undefined && shape.rows !== data.rows) return `${data.source} has ${shape.rows} rows, this file says ${data.rows}`;
  const label = shape.labels?.findIndex((l, i) => l !== data.labels[i]) ?? -1;
  if (label >= 0) return `${data.source}'s row ${label} is labelled ${JSON.stringify(shape.labels![label])}, this file says ${JSON.stringify(data.labels[label])}`;
  return undefined;
}
