/**
 * The colours the explorer's canvases draw with, light and dark (the system's colour scheme, as the
 * page's CSS follows it). Every text colour is chosen for a contrast of at least 4.5:1 on the
 * background it is drawn on (WCAG AA; test/web/palette.test.ts checks it).
 */
export interface Palette {
  /** The plane's and the charts' background. */
  plane: string;
  /** Axis tick labels and other quiet text. */
  mutedText: string;
  /** Codes and labels of images decoded without a wrong pixel; also glyph ink. */
  ink: [number, number, number];
  /** Paper under glyph ink. */
  paper: [number, number, number];
  /** Codes of images with 1 wrong pixel, and with 2 or more. */
  oneWrong: string;
  manyWrong: string;
  /** The halo drawn under text on the plane, so it reads over the decoded grid. */
  halo: string;
  /** Lines of the grid and axes: the zero lines and the others. */
  axis: string;
  gridLine: string;
  accent: string;
  /** The VAE plane: each image's q(z|x) (means, 1-sigma ellipses) and the prior N(0, I) (circles, samples). */
  posterior: string;
  prior: string;
}

export const LIGHT: Palette = {
  plane: '#fbfcfe',
  mutedText: '#56627a',
  ink: [27, 34, 48],
  paper: [255, 255, 255],
  oneWrong: '#975a00',
  manyWrong: '#c62020',
  halo: 'rgba(251, 252, 254, 0.9)',
  axis: 'rgba(80, 90, 110, 0.45)',
  gridLine: 'rgba(80, 90, 110, 0.12)',
  accent: '#2a6fdb',
  posterior: '#c25e00',
  prior: '#2a6fdb',
};

export const DARK: Palette = {
  plane: '#161c27',
  mutedText: '#a7b2c6',
  ink: [230, 235, 243],
  paper: [22, 28, 39],
  oneWrong: '#f0a53c',
  manyWrong: '#ff7b7b',
  halo: 'rgba(22, 28, 39, 0.9)',
  axis: 'rgba(200, 210, 230, 0.45)',
  gridLine: 'rgba(200, 210, 230, 0.12)',
  accent: '#6ea3ff',
  posterior: '#f59b42',
  prior: '#6ea3ff',
};

/** The media query of the system's dark mode. */
export const DARK_QUERY = '(prefers-color-scheme: dark)';

/** The palette of the colour scheme in force. */
export function palette(): Palette {
  return typeof matchMedia === 'function' && matchMedia(DARK_QUERY).matches ? DARK : LIGHT;
}

/** "rgb(27, 34, 48)" from [27, 34, 48]. */
export const rgb = ([r, g, b]: readonly number[]) => `rgb(${r}, ${g}, ${b})`;

/** The WCAG contrast ratio of two opaque colours given as #rrggbb (1 to 21). */
export function contrast(a: string, b: string): number {
  const [la, lb] = [a, b].map(relativeLuminance);
  return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
}

function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new RangeError(`expected a colour as #rrggbb, got "${hex}"`);
  const [r, g, b] = match.slice(1).map((part) => {
    const c = parseInt(part, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
