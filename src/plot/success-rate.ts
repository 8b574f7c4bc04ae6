import type { TopLevelSpec } from 'vega-lite';
import { wilsonInterval } from '../eval/statistics.js';
import { chartConfig } from './style.js';

/** Seeds that reached the goal among the seeds tried, at one setting (e.g. a hidden width). */
export interface SuccessCount {
  setting: number;
  successes: number;
  trials: number;
  series?: string;
}

/** Success rate against a numeric setting, with 95% Wilson intervals, so a jump between neighbours can be told from seed luck. */
export function successRateChart(counts: readonly SuccessCount[], options: { title: string; subtitle?: string; settingTitle: string; seriesTitle?: string; width?: number; height?: number }): TopLevelSpec {
  const rows = counts.map((c) => {
    const [low, high] = wilsonInterval(c.successes, c.trials);
    return { ...c, rate: c.successes / c.trials, low, high, text: `${c.successes}/${c.trials}` };
  });
  const hasSeries = counts.some((c) => c.series !== undefined);
  const color = hasSeries ? { color: { field: 'series', type: 'nominal' as const, title: options.seriesTitle ?? 'series' } } : {};
  const x = { field: 'setting', type: 'quantitative' as const, title: options.settingTitle, axis: { tickMinStep: 1 }, scale: { zero: false, nice: false, padding: 10 } };
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: { text: options.title, subtitle: options.subtitle ?? 'dot: share of seeds that succeeded; bar: 95% Wilson interval' },
    width: options.width ?? 560,
    height: options.height ?? 260,
    data: { values: rows },
    layer: [
      { mark: { type: 'line', strokeWidth: 1, opacity: 0.5 }, encoding: { x, y: { field: 'rate', type: 'quantitative' }, ...color } },
      { mark: { type: 'rule', strokeWidth: 1.5, opacity: 0.6 }, encoding: { x, y: { field: 'low', type: 'quantitative' }, y2: { field: 'high' }, ...color } },
      {
        mark: { type: 'circle', size: 50, opacity: 1 },
        encoding: {
          x,
          y: { field: 'rate', type: 'quantitative', title: 'success rate', axis: { format: '%' }, scale: { domain: [0, 1] } },
          ...color,
          tooltip: [{ field: 'setting', title: options.settingTitle }, { field: 'text', title: 'seeds' }, { field: 'low', format: '.0%' }, { field: 'high', format: '.0%' }],
        },
      },
    ],
  } as TopLevelSpec;
}
