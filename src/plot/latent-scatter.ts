import type { TopLevelSpec } from 'vega-lite';
import { chartConfig } from './style.js';

/** A point of a 2-D latent space drawn as a picture of what it stands for. */
export interface LatentPoint {
  x: number;
  y: number;
  label: string;
  /** The picture (see thumbnailUri). */
  url: string;
  /** Colours the point's marker (e.g. "training glyph" / "new glyph"); legend in first-seen order. */
  group?: string;
}

export interface LatentScatterOptions {
  title: string;
  subtitle?: string;
  /** Plot width and height in screen pixels (the axes get equal units). */
  size?: number;
  /** Thumbnail width in screen pixels (height follows the aspect ratio). */
  thumbWidth?: number;
  aspect?: number;
  showLabels?: boolean;
  groupColors?: Record<string, string>;
}

/** Equal-unit square domains around the points, with a margin (half a thumbnail's worth at least). */
export function squareDomains(points: readonly { x: number; y: number }[], margin = 0.12): { x: [number, number]; y: [number, number] } {
  const xs = points.map((p) => p.x);
  const ys = points.map((p) => p.y);
  const span = Math.max(Math.max(...xs) - Math.min(...xs), Math.max(...ys) - Math.min(...ys), 1e-9) * (1 + 2 * margin);
  const cx = (Math.max(...xs) + Math.min(...xs)) / 2;
  const cy = (Math.max(...ys) + Math.min(...ys)) / 2;
  return { x: [cx - span / 2, cx + span / 2], y: [cy - span / 2, cy + span / 2] };
}

/** The codes of a data set (or of new glyphs) in the latent plane, each drawn as its own picture. */
export function latentScatterChart(points: readonly LatentPoint[], options: LatentScatterOptions): TopLevelSpec {
  const { size = 520, thumbWidth = 20, aspect = 7 / 5, showLabels = true } = options;
  const thumbHeight = Math.round(thumbWidth * aspect);
  const domains = squareDomains(points, (0.6 * thumbHeight) / size + 0.04);
  const x = { field: 'x', type: 'quantitative' as const, title: 'z₁', scale: { domain: domains.x, nice: false, zero: false } };
  const y = { field: 'y', type: 'quantitative' as const, title: 'z₂', scale: { domain: domains.y, nice: false, zero: false } };
  const groups = [...new Set(points.flatMap((p) => (p.group ? [p.group] : [])))];
  const layer: unknown[] = [
    { mark: { type: 'image', width: thumbWidth, height: thumbHeight }, encoding: { x, y, url: { field: 'url', type: 'nominal' }, tooltip: [{ field: 'label' }, { field: 'x', format: '.3f' }, { field: 'y', format: '.3f' }] } },
  ];
  if (showLabels) {
    layer.push({ mark: { type: 'text', dy: thumbHeight / 2 + 7, fontSize: 10, color: '#333333' }, encoding: { x, y, text: { field: 'label' } } });
  }
  if (groups.length > 0) {
    const colors = options.groupColors ?? {};
    layer.push({
      mark: { type: 'point', filled: true, size: 18, dx: 0 },
      encoding: {
        x,
        y,
        color: { field: 'group', type: 'nominal', title: null, scale: { domain: groups, ...(groups.every((g) => colors[g]) ? { range: groups.map((g) => colors[g]) } : {}) }, legend: { orient: 'top' } },
        xOffset: { value: -thumbWidth / 2 - 3 },
      },
    });
  }
  return {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    config: chartConfig,
    title: { text: options.title, ...(options.subtitle ? { subtitle: options.subtitle } : {}) },
    width: size,
    height: size,
    data: { values: points },
    layer,
  } as TopLevelSpec;
}
