import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from './style.js';

/** One seed's value of a measure, in a group (e.g. a depth) and optionally a series within it (e.g. an optimizer). */
export interface SeedValue {
  group: string;
  series?: string;
  seed: number;
  value: number;
}

export interface SeedStripOptions {
  title: string;
  subtitle?: string;
  /** null: no axis title (the group labels say it all). */
  groupTitle: string | null;
  valueTitle: string;
  seriesTitle?: string;
  logX?: boolean;
  groupOrder?: string[];
  seriesOrder?: string[];
  /** A vertical reference line, e.g. the study's figure. */
  reference?: { value: number; label: string };
  width?: number;
}

/**
 * Every seed as a dot (seeds with the same value share one dot, sized by their count) and the
 * median as a black tick, one row per group: a grouped comparison that shows the spread, not a best run.
 */
export function seedStripChart(values: readonly SeedValue[], options: SeedStripOptions): TopLevelSpec {
  const grouped = new Map<string, { group: string; series?: string; value: number; seeds: number[] }>();
  for (const v of values) {
    const key = JSON.stringify([v.group, v.series ?? null, v.value]);
    const entry = grouped.get(key) ?? { group: v.group, ...(v.series === undefined ? {} : { series: v.series }), value: v.value, seeds: [] };
    entry.seeds.push(v.seed);
    grouped.set(key, entry);
  }
  const dots = [...grouped.values()].map((d) => ({ ...d, count: d.seeds.length, seedList: d.seeds.join(', ') }));
  const mostSeeds = Math.max(...dots.map((d) => d.count));
  const groupOrder = options.groupOrder ?? [...new Set(values.map((v) => v.group))];
  const hasSeries = values.some((v) => v.series !== undefined);
  const seriesOrder = options.seriesOrder ?? [...new Set(values.flatMap((v) => (v.series === undefined ? [] : [v.series])))];
  const x = { field: 'value', type: 'quantitative' as const, title: options.valueTitle, scale: options.logX ? { type: 'log' as const, nice: false, padding: 14 } : { zero: false } };
  const y = { field: 'group', type: 'nominal' as const, title: options.groupTitle, sort: groupOrder, axis: { labelLimit: 260 } };
  const offset = hasSeries ? { yOffset: { field: 'series', type: 'nominal' as const, sort: seriesOrder } } : {};
  const color = hasSeries ? { color: { field: 'series', type: 'nominal' as const, title: options.seriesTitle ?? 'series', sort: seriesOrder } } : {};
  const layer: unknown[] = [
    {
      data: { values: dots },
      mark: { type: 'circle', opacity: 0.75 },
      encoding: {
        x,
        y,
        ...offset,
        ...color,
        size: {
          field: 'count',
          type: 'quantitative',
          title: 'seeds',
          scale: { domain: [1, Math.max(5, mostSeeds)], range: [45, 260] },
          legend: mostSeeds > 1 ? { values: [1, 2, 5, 10, 20].filter((c) => c <= mostSeeds) } : null,
        },
        tooltip: [{ field: 'group', title: options.groupTitle ?? 'group' }, ...(hasSeries ? [{ field: 'series', title: options.seriesTitle ?? 'series' }] : []), { field: 'value', title: options.valueTitle, format: '.4g' }, { field: 'seedList', title: 'seeds' }],
      },
    },
    {
      data: { values },
      mark: { type: 'tick', color: '#000000', thickness: 2, size: hasSeries ? 10 : 18 },
      encoding: { x: { ...x, aggregate: 'median' }, y, ...offset },
    },
  ];
  if (options.reference) {
    const ref = [{ value: options.reference.value, label: options.reference.label }];
    layer.push(
      { data: { values: ref }, mark: { type: 'rule', strokeDash: [4, 3], color: '#444444' }, encoding: { x: { field: 'value', type: 'quantitative' } } },
      { data: { values: ref }, mark: { type: 'text', align: 'left', dx: 4, dy: -4, baseline: 'bottom', color: '#444444', fontSize: 11 }, encoding: { x: { field: 'value', type: 'quantitative' }, y: { value: 0 }, text: { field: 'label' } } },
    );
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: { text: options.title, subtitle: options.subtitle ?? 'a dot per seed (bigger: several seeds with the same value); black tick: median' },
    width: options.width ?? 460,
    height: { step: hasSeries ? 16 : 30 },
    layer,
  } as TopLevelSpec;
}
