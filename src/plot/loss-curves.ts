import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from './style.js';

/** The loss histories (one per seed) of one curve, e.g. one optimizer at one learning rate. */
export interface LossSeries {
  series: string;
  /** Splits the chart into panels (e.g. the learning rate). */
  panel?: string;
  histories: ArrayLike<number>[];
}

/** One point of a curve: the mean, min and max over the seeds still training at that epoch. */
export interface LossBandPoint {
  series: string;
  panel?: string;
  epoch: number;
  mean: number;
  min: number;
  max: number;
  seeds: number;
}

/** Mean and min-max band over seeds, at about `points` epochs evenly spaced (always including the first and last). */
export function lossBands(series: readonly LossSeries[], points = 160): LossBandPoint[] {
  return series.flatMap(({ series: name, panel, histories }) => {
    const longest = Math.max(...histories.map((h) => h.length));
    const epochs = [...new Set(Array.from({ length: points }, (_, i) => 1 + Math.round(((longest - 1) * i) / Math.max(1, points - 1))))];
    return epochs.flatMap((epoch) => {
      const values = histories.filter((h) => h.length >= epoch).map((h) => h[epoch - 1]);
      if (values.length === 0) return [];
      const mean = values.reduce((a, b) => a + b, 0) / values.length;
      return [{ series: name, ...(panel === undefined ? {} : { panel }), epoch, mean, min: Math.min(...values), max: Math.max(...values), seeds: values.length }];
    });
  });
}

export interface LossChartOptions {
  title: string;
  subtitle?: string;
  seriesTitle: string;
  panelTitle?: string;
  yTitle?: string;
  logY?: boolean;
  width?: number;
  height?: number;
  /** Legend order; the data's order when absent. */
  seriesOrder?: string[];
  /** Cut the y axis here (curves clipped), so one exploding run does not flatten the others. */
  yMax?: number;
}

/** Loss against epoch: a mean line per series and a shaded min-max band over seeds, optionally in panels. */
export function lossCurveChart(points: LossBandPoint[], options: LossChartOptions): TopLevelSpec {
  const { logY = true, width = 460, height = 280 } = options;
  const order = options.seriesOrder ?? [...new Set(points.map((p) => p.series))];
  const cut = options.yMax === undefined ? {} : { domainMax: options.yMax };
  const y = { type: 'quantitative' as const, scale: logY ? { type: 'log' as const, nice: false, ...cut } : { type: 'linear' as const, ...cut } };
  const color = { field: 'series', type: 'nominal' as const, title: options.seriesTitle, sort: order, legend: { symbolType: 'stroke', symbolStrokeWidth: 3, symbolOpacity: 1 } };
  const layers = {
    layer: [
      {
        mark: { type: 'area' as const, opacity: 0.18, clip: true },
        encoding: {
          x: { field: 'epoch', type: 'quantitative' as const, title: 'epoch' },
          y: { ...y, field: 'min', title: options.yTitle ?? (logY ? 'loss (log scale)' : 'loss') },
          y2: { field: 'max' },
          color,
        },
      },
      {
        mark: { type: 'line' as const, strokeWidth: 2, clip: true },
        encoding: {
          x: { field: 'epoch', type: 'quantitative' as const },
          y: { ...y, field: 'mean' },
          color,
          tooltip: [
            { field: 'series', title: options.seriesTitle },
            { field: 'epoch' },
            { field: 'mean', format: '.4g' },
            { field: 'min', format: '.4g' },
            { field: 'max', format: '.4g' },
            { field: 'seeds' },
          ],
        },
      },
    ],
  };
  const title = { text: options.title, subtitle: options.subtitle ?? `line: mean over seeds; band: min to max${options.yMax === undefined ? '' : `; axis cut at ${options.yMax.toPrecision(3)}`}` };
  if (options.panelTitle) {
    const panels = [...new Set(points.map((p) => p.panel))];
    return {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      config: chartConfig,
      title,
      data: { values: points },
      facet: { field: 'panel', type: 'nominal', title: options.panelTitle, sort: panels },
      columns: Math.min(panels.length, 3),
      spec: { width: Math.round(width / Math.min(panels.length, 3)), height, ...layers },
    } as TopLevelSpec;
  }
  return { $schema: 'https://vega.github.io/schema/vega-lite/v6.json', config: chartConfig, title, data: { values: points }, width, height, ...layers } as TopLevelSpec;
}
