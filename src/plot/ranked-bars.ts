import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from './style.js';

/** One bar: a labelled value (e.g. a glyph and the share of seeds that failed it). */
export interface Bar {
  label: string;
  value: number;
  /** Written at the bar's end, e.g. "7/20". */
  text: string;
}

/** Horizontal bars, largest first. */
export function rankedBarsChart(bars: readonly Bar[], options: { title: string; subtitle?: string; labelTitle: string; valueTitle: string; percent?: boolean; color?: string }): TopLevelSpec {
  const sorted = [...bars].sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : 1));
  const y = { field: 'label', type: 'nominal' as const, title: options.labelTitle, sort: sorted.map((b) => b.label) };
  const x = { field: 'value', type: 'quantitative' as const, title: options.valueTitle, ...(options.percent ? { axis: { format: '%' }, scale: { domain: [0, 1] } } : {}) };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: { text: options.title, ...(options.subtitle ? { subtitle: options.subtitle } : {}) },
    data: { values: sorted },
    width: 420,
    height: { step: 16 },
    layer: [
      { mark: { type: 'bar', color: options.color ?? '#d7191c' }, encoding: { x, y } },
      { mark: { type: 'text', align: 'left', dx: 3, fontSize: 10 }, encoding: { x, y, text: { field: 'text' } } },
    ],
  } as TopLevelSpec;
}
