import { textBitmap } from './font-text.js';
import { encodePng } from './png.js';
import type { PixelMode } from '../data/dataset.js';

export type Rgb = readonly [number, number, number];

/** The 256 greys, darkest first. */
const GREYS: Rgb[] = Array.from({ length: 256 }, (_, level) => [level, level, level]);

/** The grey of a value in [0, 1] (clamped; NaN is black): in 'ink' mode 1 is black on white paper, in 'luminance' mode 1 is white. */
export function grey(value: number, mode: PixelMode): Rgb {
  const clamped = Math.min(1, Math.max(0, value));
  return GREYS[Math.round(255 * (mode === 'ink' ? 1 - clamped : clamped))] ?? GREYS[0];
}

/** A small RGB drawing surface for pictures made of rectangles, outlines, text and grayscale images; everything is clipped to it. */
export class Canvas {
  /** Red, green and blue bytes of every pixel, row by row. */
  private readonly pixels: Uint8Array;

  constructor(readonly width: number, readonly height: number, background: Rgb) {
    for (const [name, value] of [['width', width], ['height', height]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`canvas ${name} must be a positive integer, got ${value}`);
    }
    this.pixels = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  setPixel(x: number, y: number, color: Rgb): void {
    this.fillRect(x, y, 1, 1, color);
  }

  /** A rectangle in `color`, its corner rounded to the nearest pixel: its first row is painted, the others copied from it. */
  fillRect(left: number, top: number, width: number, height: number, color: Rgb): void {
    const x = Math.round(left);
    const y = Math.round(top);
    const x0 = Math.max(0, x);
    const x1 = Math.min(this.width, x + Math.round(width));
    const y0 = Math.max(0, y);
    const y1 = Math.min(this.height, y + Math.round(height));
    if (x0 >= x1 || y0 >= y1) return;
    const rowBytes = 3 * this.width;
    const start = y0 * rowBytes + 3 * x0;
    const end = y0 * rowBytes + 3 * x1;
    // Indexed, not destructured: in code not yet optimized (a short process) destructuring walks an iterator.
    const r = color[0];
    const g = color[1];
    const b = color[2];
    if (r === g && g === b) {
      // A grey: one byte repeated, which the typed array fills natively.
      this.pixels.fill(r, start, end);
    } else {
      for (let at = start; at < end; at += 3) {
        this.pixels[at] = r;
        this.pixels[at + 1] = g;
        this.pixels[at + 2] = b;
      }
    }
    this.repeatRow(y0, y1 - y0 - 1, x0, x1);
  }

  /** A straight line from (x0, y0) to (x1, y1), one pixel wide (a level or upright one between whole pixels as one rectangle). */
  line(x0: number, y0: number, x1: number, y1: number, color: Rgb): void {
    if ([x0, y0, x1, y1].every(Number.isInteger) && (x0 === x1 || y0 === y1)) {
      this.fillRect(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0) + 1, Math.abs(y1 - y0) + 1, color);
      return;
    }
    const steps = Math.max(1, Math.ceil(Math.max(Math.abs(x1 - x0), Math.abs(y1 - y0))));
    for (let i = 0; i <= steps; i++) this.setPixel(x0 + ((x1 - x0) * i) / steps, y0 + ((y1 - y0) * i) / steps, color);
  }

  /** The outline of an axis-aligned ellipse. */
  ellipse(cx: number, cy: number, rx: number, ry: number, color: Rgb): void {
    const steps = Math.max(16, Math.ceil(4 * (rx + ry)));
    for (let i = 0; i < steps; i++) {
      const angle = (2 * Math.PI * i) / steps;
      this.setPixel(cx + rx * Math.cos(angle), cy + ry * Math.sin(angle), color);
    }
  }

  /** Text in the built-in 5x7 font (printable ASCII; other characters show as '?'), `scale` canvas pixels per font pixel; returns its width. */
  text(text: string, left: number, top: number, scale: number, color: Rgb): number {
    const bitmap = textBitmap(text.replace(/[^\x20-\x7e]/gu, '?'));
    for (let y = 0; y < bitmap.height; y++) {
      for (let x = 0; x < bitmap.width; x++) if (bitmap.ink[y * bitmap.width + x]) this.fillRect(left + x * scale, top + y * scale, scale, scale, color);
    }
    return bitmap.width * scale;
  }

  /** A grayscale image (values in [0, 1], row-major), `scale` canvas pixels per image pixel. */
  image(values: ArrayLike<number>, width: number, height: number, left: number, top: number, scale: number, mode: PixelMode): void {
    this.blocks(left, top, width, height, scale, (pixel) => grey(values[pixel], mode));
  }

  /**
   * A picture of `columns` x `rows` pixels, pixel i (row-major) a `scale` x `scale` block in
   * colorOf(i), its corner at (left, top) rounded to the nearest pixel. With `edge`, each block's
   * top row and left column are in edge(its colour) instead: a grid to count pixels by. Painted a
   * row of blocks at a time: one row of canvas pixels (two with edges), the others copied from it.
   */
  blocks(left: number, top: number, columns: number, rows: number, scale: number, colorOf: (pixel: number) => Rgb, edge?: (color: Rgb) => Rgb): void {
    const x = Math.round(left);
    const colors = new Array<Rgb>(columns);
    const edges = new Array<Rgb>(columns);
    for (let row = 0; row < rows; row++) {
      const y = Math.round(top) + row * scale;
      for (let column = 0; column < columns; column++) {
        colors[column] = colorOf(row * columns + column);
        if (edge) {
          edges[column] = edge(colors[column]);
          this.fillRect(x + column * scale, y, scale, 1, edges[column]);
        }
      }
      // The rows under the edge row (all of them without edges) are alike: the first one that shows is painted, then copied.
      const first = Math.max(0, edge ? y + 1 : y);
      const end = Math.min(this.height, y + scale);
      if (first >= end) continue;
      for (let column = 0; column < columns; column++) {
        const blockLeft = x + column * scale;
        if (edge) {
          this.fillRect(blockLeft, first, 1, 1, edges[column]);
          this.fillRect(blockLeft + 1, first, scale - 1, 1, colors[column]);
        } else {
          this.fillRect(blockLeft, first, scale, 1, colors[column]);
        }
      }
      this.repeatRow(first, end - first - 1, x, x + columns * scale);
    }
  }

  /** Copies row `y`'s pixels from column `left` up to `right` into the `count` rows below it (clipped to the canvas). */
  private repeatRow(y: number, count: number, left: number, right: number): void {
    const rowBytes = 3 * this.width;
    const start = y * rowBytes + 3 * Math.max(0, left);
    const end = y * rowBytes + 3 * Math.min(this.width, right);
    if (y < 0 || y >= this.height || start >= end) return;
    for (let row = y + 1; row <= Math.min(this.height - 1, y + count); row++) this.pixels.copyWithin(start + (row - y) * rowBytes, start, end);
  }

  /** The PNG file's bytes. */
  toPng(): Uint8Array {
    return encodePng(this.pixels, this.width, this.height);
  }
}
