import { Canvas } from './canvas.js';

/**
 * Small pictures of images (a glyph, an emoji) as PNG data URIs, for Vega-Lite image marks. Each
 * image pixel becomes a `scale` x `scale` block, so the picture stays crisp wherever it is drawn
 * (resvg, browsers; the report's SVGs also ask for pixelated image rendering). Node-only (pngjs):
 * the explorer makes its own URLs (canvas) for the same chart specs.
 */

export type ThumbnailMode = 'ink' | 'luminance';

export interface ThumbnailOptions {
  width: number;
  height: number;
  /** 'ink': 1 = black on white paper (glyphs); 'luminance': 1 = white (emoji). Default 'ink'. */
  mode?: ThumbnailMode;
  /** Draw each pixel binarized at 0.5 (the font's 0/1 view) instead of its grey level. */
  binarize?: boolean;
  /** A frame around the picture, '#rrggbb' (e.g. a status colour). */
  frame?: string;
  /** Screen pixels per image pixel (default 4) and frame width in screen pixels (default 2). */
  scale?: number;
  frameWidth?: number;
}

/** A data URI of a PNG picture of `values` (width x height, row-major, in [0, 1]; clamped). */
export function thumbnailUri(values: ArrayLike<number>, options: ThumbnailOptions): string {
  const { width, height, mode = 'ink', binarize = false, frame, scale = 4 } = options;
  if (values.length !== width * height) throw new RangeError(`a ${width}x${height} thumbnail needs ${width * height} values, got ${values.length}`);
  const border = frame ? (options.frameWidth ?? 2) : 0;
  const canvas = new Canvas(width * scale + 2 * border, height * scale + 2 * border, frame ? hexColor(frame) : [0, 0, 0]);
  const shown = binarize ? Array.from(values, (v) => (v >= 0.5 ? 1 : 0)) : values;
  canvas.image(shown, width, height, border, border, scale, mode);
  return `data:image/png;base64,${Buffer.from(canvas.toPng()).toString('base64')}`;
}

function hexColor(color: string): [number, number, number] {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(color);
  if (!match) throw new RangeError(`frame colour must look like #rrggbb, got "${color}"`);
  return [parseInt(match[1], 16), parseInt(match[2], 16), parseInt(match[3], 16)];
}
