import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from './style.js';

/** One picture of a grid, with a caption under it. */
export interface ImageCell {
  label: string;
  /** The picture (see thumbnailUri). */
  url: string;
}

/** Pictures (grey or colour: emoji, blends, decoded samples) in rows of `columns`, captioned. */
export function imageGridChart(cells: readonly ImageCell[], options: { title: string; subtitle?: string; columns: number; cellWidth?: number; aspect?: number }): TopLevelSpec {
  const { columns, cellWidth = 56, aspect = 1 } = options;
  const pitchX = cellWidth + 10;
  const pitchY = cellWidth * aspect + 24;
  const rows = Math.ceil(cells.length / columns);
  const values = cells.map((cell, i) => ({ ...cell, x: (i % columns) * pitchX + pitchX / 2, y: Math.floor(i / columns) * pitchY + (cellWidth * aspect) / 2 + 4 }));
  const x = { field: 'x', type: 'quantitative' as const, scale: { domain: [0, columns * pitchX] }, axis: null };
  const y = { field: 'y', type: 'quantitative' as const, scale: { domain: [0, rows * pitchY], reverse: true }, axis: null };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: { ...chartConfig, view: { stroke: null } },
    title: { text: options.title, ...(options.subtitle ? { subtitle: options.subtitle } : {}) },
    width: columns * pitchX,
    height: rows * pitchY,
    data: { values },
    layer: [
      { mark: { type: 'image', width: cellWidth, height: cellWidth * aspect, aspect: false }, encoding: { x, y, url: { field: 'url', type: 'nominal' }, tooltip: [{ field: 'label' }] } },
      { mark: { type: 'text', baseline: 'top', fontSize: 11, dy: (cellWidth * aspect) / 2 + 3 }, encoding: { x, y, text: { field: 'label' } } },
    ],
  } as TopLevelSpec;
}
