import { styleText } from 'node:util';
import { printable } from './messages.js';

/** Colour goes only to a terminal, and never when NO_COLOR is set (https://no-color.org) or the terminal is dumb. */
export function colourOn(stream: NodeJS.WriteStream): boolean {
  return Boolean(stream.isTTY) && !process.env.NO_COLOR && process.env.TERM !== 'dumb';
}

type Style = 'red' | 'green' | 'yellow' | 'bold' | 'dim';

/** `text` in `style` when `stream` (stdout by default) shows colour; otherwise as it is. */
export function paint(style: Style, text: string, stream: NodeJS.WriteStream = process.stdout): string {
  return colourOn(stream) ? styleText(style, text) : text;
}

/** The colour codes paint writes (SGR: bold, dim, red, green, yellow and their resets): the only control sequences a report keeps. */
// eslint-disable-next-line no-control-regex
const OWN_COLOURS = /\x1b\[(?:1|2|22|31|32|33|39)m/g;

/**
 * Writes a report to stdout, one line per string: every control character in it (from labels of a
 * dataset file or a font.h comment) is written escaped, so none retitles the terminal or rewrites
 * a line; only paint's colours pass.
 */
export function print(lines: string | string[]): void {
  const text = Array.isArray(lines) ? lines.join('\n') : lines;
  const parts = text.split(OWN_COLOURS);
  const colours = text.match(OWN_COLOURS) ?? [];
  const safe = parts.map((part) => part.split('\n').map(printable).join('\n'));
  process.stdout.write(`${safe.map((part, i) => part + (colours[i] ?? '')).join('')}\n`);
}

/** Writes a value as one line of JSON to stdout (JSON escapes control characters itself). */
export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value)}\n`);
}

/** A warning on stderr, in yellow on a terminal. */
export function warn(text: string): void {
  process.stderr.write(`${paint('yellow', `warning: ${printable(text)}`, process.stderr)}\n`);
}
