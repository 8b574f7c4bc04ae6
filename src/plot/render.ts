import { Resvg } from '@resvg/resvg-js';
import type * as vega from 'vega';
import type { TopLevelSpec } from 'vega-lite';
import { CHART_FONT } from './style.js';

// vega and vega-lite load when a chart is first drawn: they are ES modules with a top-level await
// (vega-canvas), which the CLI's CommonJS bundle (scripts/bundle-cli.js) can load only by import().

/** Compiles a Vega-Lite spec to Vega, collecting the compiler's warnings instead of printing them. */
export async function compileChart(spec: TopLevelSpec): Promise<{ vega: vega.Spec; warnings: string[] }> {
  const { compile } = await import('vega-lite');
  const warnings: string[] = [];
  const collect = (...args: readonly unknown[]) => void warnings.push(args.map(String).join(' '));
  const logger = { level: () => logger, error: collect, warn: collect, info: () => logger, debug: () => logger } as unknown as vega.LoggerInterface;
  return { vega: compile(spec, { logger }).spec, warnings };
}

/** Thumbnails (image marks) are blocks of pixels: browsers must not smooth them. */
const PIXELATED_IMAGES = '<style>image { image-rendering: pixelated; }</style>';

/** A chart compiled by compileChart as an SVG document, drawn by vega's headless view (no browser). */
export async function chartSvg(compiled: vega.Spec): Promise<string> {
  const { View, parse } = await import('vega');
  const view = new View(parse(compiled), { renderer: 'none' });
  try {
    const svg = await view.toSVG();
    return svg.includes('<image') ? svg.replace(/(<svg[^>]*>)/, `$1${PIXELATED_IMAGES}`) : svg;
  } finally {
    view.finalize();
  }
}

/** An SVG rendered to PNG by resvg at `scale` times its size, with the system's fonts. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: CHART_FONT.split(',')[0].trim() },
    imageRendering: 1, // optimizeSpeed: thumbnails stay crisp pixels
  });
  return resvg.render().asPng();
}
