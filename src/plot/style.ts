import type { Config } from 'vega-lite';

/** One look for every chart: the same fonts, sizes and colours in the report and in the explorer. */
export const CHART_FONT = 'DejaVu Sans, Liberation Sans, Helvetica, Arial, sans-serif';

export const chartConfig: Config = {
  font: CHART_FONT,
  background: '#ffffff',
  padding: 8,
  title: { fontSize: 14, anchor: 'start', subtitleFontSize: 11, subtitleColor: '#555555', offset: 10 },
  axis: { labelFontSize: 11, titleFontSize: 12, gridColor: '#e6e6e6' },
  legend: { labelFontSize: 11, titleFontSize: 12, symbolSize: 120, labelLimit: 400, titleLimit: 400 },
  header: { labelFontSize: 12, titleFontSize: 12 },
  range: { category: ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'] },
};

/** Reconstruction status of a glyph, the study's three cases. */
export const glyphStatuses = ['perfect', '1 wrong pixel', 'worse'] as const;
export type GlyphStatus = (typeof glyphStatuses)[number];
export const glyphStatusColors: Record<GlyphStatus, string> = { perfect: '#1a9641', '1 wrong pixel': '#f29e2e', worse: '#d7191c' };

export function glyphStatus(wrongPixels: number): GlyphStatus {
  return wrongPixels === 0 ? 'perfect' : wrongPixels === 1 ? '1 wrong pixel' : 'worse';
}

/** The colour of a pixel a reconstruction got wrong. */
export const WRONG_PIXEL_COLOR = '#d7191c';
