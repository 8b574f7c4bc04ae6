import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from './style.js';

/** One decoded point of a grid over the latent plane. */
export interface ManifoldTile {
  x: number;
  y: number;
  url: string;
}

/** A labelled point drawn over the tiles (a data item's code, a new glyph's position). */
export interface ManifoldMark {
  x: number;
  y: number;
  label: string;
  /** Colours the mark (legend in first-seen order). */
  group: string;
}

export interface ManifoldOptions {
  title: string;
  subtitle?: string;
  /** Tiles per side of the grid. */
  steps: number;
  /** Plot width in screen pixels. */
  size?: number;
  /** Picture height / width (7 / 5 for the font). */
  aspect?: number;
  marks?: readonly ManifoldMark[];
  markColors?: Record<string, string>;
}

/** Share of a grid cell a tile covers: the rest is a gap, so neighbouring pictures stay apart. */
const TILE_FILL = 0.86;
const GAP_COLOR = '#aab1bd';

/**
 * The classic manifold picture: what the decoder draws at every point of a grid over the latent
 * plane, with labelled marks on top (white halo, so they read on black and white tiles alike).
 */
export function manifoldChart(tiles: readonly ManifoldTile[], options: ManifoldOptions): TopLevelSpec {
  const { steps, size = 520, aspect = 1 } = options;
  const xs = tiles.map((t) => t.x);
  const ys = tiles.map((t) => t.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const halfX = (x1 - x0) / (steps - 1) / 2;
  const halfY = (y1 - y0) / (steps - 1) / 2;
  const cellWidth = size / steps;
  const x = { field: 'x', type: 'quantitative' as const, title: 'z₁', scale: { domain: [x0 - halfX, x1 + halfX], nice: false, zero: false }, axis: { grid: false } };
  const y = { field: 'y', type: 'quantitative' as const, title: 'z₂', scale: { domain: [y0 - halfY, y1 + halfY], nice: false, zero: false }, axis: { grid: false } };
  const layer: unknown[] = [
    { data: { values: tiles }, mark: { type: 'image', width: cellWidth * TILE_FILL, height: cellWidth * aspect * TILE_FILL, aspect: false }, encoding: { x, y, url: { field: 'url', type: 'nominal' } } },
  ];
  const marks = options.marks ?? [];
  if (marks.length > 0) {
    const groups = [...new Set(marks.map((m) => m.group))];
    const colors = options.markColors ?? {};
    const color = { field: 'group', type: 'nominal' as const, title: null, scale: { domain: groups, ...(groups.every((g) => colors[g]) ? { range: groups.map((g) => colors[g]) } : {}) }, legend: { orient: 'top' as const } };
    const text = { type: 'text' as const, dx: 5, dy: -5, align: 'left' as const, fontSize: 12, fontWeight: 'bold' as const };
    layer.push(
      { data: { values: marks }, mark: { type: 'point', shape: 'circle', size: 45, strokeWidth: 4, color: '#ffffff' }, encoding: { x, y } },
      { data: { values: marks }, mark: { type: 'point', shape: 'circle', size: 45, strokeWidth: 2 }, encoding: { x, y, color, tooltip: [{ field: 'label' }, { field: 'group' }] } },
      { data: { values: marks }, mark: { ...text, stroke: '#ffffff', strokeWidth: 3, strokeOpacity: 0.9 }, encoding: { x, y, text: { field: 'label' } } },
      { data: { values: marks }, mark: text, encoding: { x, y, text: { field: 'label' }, color } },
    );
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { ...chartConfig, view: { fill: GAP_COLOR, stroke: null } },
    title: { text: options.title, ...(options.subtitle ? { subtitle: options.subtitle } : {}) },
    width: size,
    height: size * aspect,
    layer,
  } as TopLevelSpec;
}
