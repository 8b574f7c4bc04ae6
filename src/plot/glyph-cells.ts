import type { TopLevelSpec } from 'vega-lite';
import { chartConfig, WRONG_PIXEL_COLOR } from './style.js';

/** One small binary picture in a grid of glyphs, framed in the colour of its status. */
export interface GlyphCell {
  /** Written under the picture; '\n' breaks lines. */
  label: string;
  /** The picture (values in [0, 1], drawn binarized at 0.5). */
  pixels: ArrayLike<number>;
  /** What it should be: pixels that differ after binarizing are drawn in the wrong-pixel colour. */
  target?: ArrayLike<number>;
  /** The frame's category (a key of `statusColors`). */
  status: string;
}

export interface GlyphCellsOptions {
  title: string;
  subtitle?: string;
  /** Picture size in pixels (5 x 7 for the font). */
  width: number;
  height: number;
  columns?: number;
  /** Screen pixels per picture pixel. */
  pixelSize?: number;
  statusTitle: string;
  /** Status -> frame colour, in legend order. */
  statusColors: Record<string, string>;
}

/**
 * Glyphs in a grid, each framed by its status (e.g. perfect / 1 wrong pixel / worse), wrong pixels
 * in red, the label underneath. Drawn with rect marks, so it is crisp and needs no images.
 */
export function glyphCellsChart(cells: readonly GlyphCell[], options: GlyphCellsOptions): TopLevelSpec {
  const { width: w, height: h, pixelSize = 7 } = options;
  const columns = Math.min(options.columns ?? 16, cells.length);
  const labelLines = Math.max(1, ...cells.map((c) => c.label.split('\n').length));
  const gapX = 2;
  const gapY = 2 + 2 * labelLines; // room for the label
  const pitchX = w + gapX;
  const pitchY = h + gapY;
  const frames: object[] = [];
  const pixels: object[] = [];
  const labels: object[] = [];
  cells.forEach((cell, i) => {
    const left = (i % columns) * pitchX + gapX / 2;
    const top = Math.floor(i / columns) * pitchY + 1;
    frames.push({ x: left - 0.35, x2: left + w + 0.35, y: top - 0.35, y2: top + h + 0.35, status: cell.status, label: cell.label });
    labels.push({ x: left + w / 2, y: top + h + 0.7, text: cell.label });
    for (let p = 0; p < w * h; p++) {
      const on = cell.pixels[p] >= 0.5;
      const wrong = cell.target !== undefined && on !== cell.target[p] >= 0.5;
      if (!on && !wrong) continue;
      const x = left + (p % w);
      const y = top + Math.floor(p / w);
      pixels.push({ x, x2: x + 1, y, y2: y + 1, kind: wrong ? 'wrong pixel' : 'ink' });
    }
  });
  const totalX = columns * pitchX;
  const totalY = Math.ceil(cells.length / columns) * pitchY;
  const sx = { scale: { domain: [0, totalX] }, axis: null };
  const sy = { scale: { domain: [0, totalY], reverse: true }, axis: null };
  const statuses = Object.keys(options.statusColors);
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { ...chartConfig, view: { stroke: null } },
    title: { text: options.title, ...(options.subtitle ? { subtitle: options.subtitle } : {}) },
    width: totalX * pixelSize,
    height: totalY * pixelSize,
    layer: [
      {
        data: { values: frames },
        mark: { type: 'rect', fill: '#ffffff', strokeWidth: 2.5 },
        encoding: {
          x: { field: 'x', type: 'quantitative', ...sx },
          x2: { field: 'x2' },
          y: { field: 'y', type: 'quantitative', ...sy },
          y2: { field: 'y2' },
          stroke: { field: 'status', type: 'nominal', title: options.statusTitle, scale: { domain: statuses, range: statuses.map((s) => options.statusColors[s]) }, legend: { orient: 'bottom', direction: 'horizontal' } },
          tooltip: [{ field: 'label' }, { field: 'status' }],
        },
      },
      {
        data: { values: pixels },
        mark: { type: 'rect' },
        encoding: {
          x: { field: 'x', type: 'quantitative', ...sx },
          x2: { field: 'x2' },
          y: { field: 'y', type: 'quantitative', ...sy },
          y2: { field: 'y2' },
          fill: {
            field: 'kind',
            type: 'nominal',
            title: 'pixels',
            scale: { domain: ['ink', 'wrong pixel'], range: ['#1a1a1a', WRONG_PIXEL_COLOR] },
            legend: cells.some((c) => c.target) ? { orient: 'bottom', direction: 'horizontal' } : null,
          },
        },
      },
      {
        data: { values: labels },
        mark: { type: 'text', baseline: 'top', lineBreak: '\n', fontSize: Math.max(9, Math.round(pixelSize * 1.5)) },
        encoding: { x: { field: 'x', type: 'quantitative', ...sx }, y: { field: 'y', type: 'quantitative', ...sy }, text: { field: 'text' } },
      },
    ],
  } as TopLevelSpec;
}
