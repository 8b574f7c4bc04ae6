import { PNG } from 'pngjs';
import { textBitmap } from './font-text.js';
import type { PixelMode } from '../data/dataset.js';

export type Rgb = readonly [number, number, number];

/** A small RGB drawing surface for pictures made of rectangles, outlines, text and grayscale images; everything is clipped to it. */
export class Canvas {
  private readonly png: PNG;

  constructor(readonly width: number, readonly height: number, background: Rgb) {
    for (const [name, value] of [['width', width], ['height', height]] as const) {
      if (!Number.isInteger(value) || value < 1) throw new RangeError(`canvas ${name} must be a positive integer, got ${value}`);
    }
    this.png = new PNG({ width, height });
    this.fillRect(0, 0, width, height, background);
  }

  setPixel(x: number, y: number, [r, g, b]: Rgb): void {
    x = Math.round(x);
    y = Math.round(y);
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;
    const at = (y * this.width + x) * 4;
    this.png.data[at] = r;
    this.png.data[at + 1] = g;
    this.png.data[at + 2] = b;
    this.png.data[at + 3] = 255;
  }

  fillRect(left: number, top: number, width: number, height: number, color: Rgb): void {
    for (let y = Math.max(0, top); y < Math.min(this.height, top + height); y++) {
      for (let x = Math.max(0, left); x < Math.min(this.width, left + width); x++) this.setPixel(x, y, color);
    }
  }

  /** A straight line from (x0, y0) to (x1, y1), one pixel wide. */
  line(x0: number, y0: number, x1: number, y1: number, color: Rgb): void {
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
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const v = Math.min(1, Math.max(0, values[y * width + x]));
        const level = Math.round(255 * (mode === 'ink' ? 1 - v : v));
        this.fillRect(left + x * scale, top + y * scale, scale, scale, [level, level, level]);
      }
    }
  }

  toPng(): Uint8Array {
    return PNG.sync.write(this.png, { colorType: 2 });
  }
}
