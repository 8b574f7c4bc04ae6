import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from './style.js';

/** One cell of a matrix chart, e.g. trained at one noise level and tested at another. */
export interface HeatmapCell {
  row: string;
  column: string;
  value: number;
  /** What the cell shows as text, e.g. "21\n[14-30]" ('\n' breaks lines); the value when absent. */
  label?: string;
}

/** A matrix of numbers as coloured cells with their values written in (e.g. the DAE's cross-noise matrix). */
export function heatmapChart(
  cells: readonly HeatmapCell[],
  options: { title: string; subtitle?: string; rowTitle: string; columnTitle: string; valueTitle: string; rowOrder?: string[]; columnOrder?: string[]; logColor?: boolean },
): TopLevelSpec {
  const values = cells.map((c) => ({ ...c, label: c.label ?? String(c.value) }));
  const x = { field: 'column', type: 'nominal' as const, title: options.columnTitle, sort: options.columnOrder, axis: { labelAngle: 0 } };
  const y = { field: 'row', type: 'nominal' as const, title: options.rowTitle, sort: options.rowOrder, axis: { labelLimit: 260 } };
  const lines = Math.max(1, ...values.map((v) => v.label.split('\n').length));
  const mid = (Math.min(...values.map((v) => v.value)) + Math.max(...values.map((v) => v.value))) / 2;
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: { text: options.title, ...(options.subtitle ? { subtitle: options.subtitle } : {}) },
    data: { values },
    width: { step: 100 },
    height: { step: 16 + 15 * lines },
    layer: [
      { mark: 'rect', encoding: { x, y, color: { field: 'value', type: 'quantitative', title: options.valueTitle, scale: { scheme: 'orangered', type: options.logColor ? 'symlog' : 'linear' } } } },
      {
        mark: { type: 'text', fontSize: 11, lineBreak: '\n' },
        encoding: { x, y, text: { field: 'label' }, color: { condition: { test: `datum.value > ${mid}`, value: '#ffffff' }, value: '#000000' } },
      },
    ],
  } as TopLevelSpec;
}
