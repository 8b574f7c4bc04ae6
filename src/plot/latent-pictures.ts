import type { Matrix } from '../tensor/matrix.js';
import { Canvas, type Rgb } from './canvas.js';
import type { PixelMode } from '../data/dataset.js';
import { renderImageGrid } from './glyph-grid.js';

/**
 * The two pictures of a 2-D latent plane: the manifold (the images decoded on a grid over
 * [-range, range]^2) and its companion scatter (where the training images' codes lie), drawn at
 * the same size so a point of one sits at the same place in the other.
 */

export interface PlaneOptions {
  grid: number;
  range: number;
  /** Image width and height in pixels, and how to draw them. */
  width: number;
  height: number;
  mode: PixelMode;
}

/** One training image on the scatter: its code, optionally its posterior spread, its pixels and label. */
export interface PlanePoint {
  code: [number, number];
  /** Log-variances of a VAE's q(z|x): drawn as the 1-sigma ellipse. */
  logVariance?: [number, number];
  pixels: ArrayLike<number>;
  label: string;
}

const GAP = 1;
/** Screen pixels aimed at for the longer side of one cell. */
const CELL_TARGET = 40;
const PAPER: Rgb = [255, 255, 255];
const GRID_LINE: Rgb = [228, 230, 236];
const AXIS: Rgb = [170, 174, 186];
const PRIOR: Rgb = [120, 170, 230];
const POSTERIOR: Rgb = [230, 120, 0];
const FRAME: Rgb = [40, 44, 56];
const TEXT: Rgb = [40, 44, 56];

function cellScale(options: PlaneOptions): number {
  return Math.max(1, Math.round(CELL_TARGET / Math.max(options.width, options.height)));
}

/** The manifold: decoded images (grid x grid rows of planeCodes order) as one picture. */
export function renderManifold(decoded: Matrix, options: PlaneOptions): Uint8Array {
  if (decoded.rows !== options.grid * options.grid) throw new RangeError(`a ${options.grid}x${options.grid} manifold needs ${options.grid ** 2} images, got ${decoded.rows}`);
  return renderImageGrid(decoded, { width: options.width, height: options.height, columns: options.grid, scale: cellScale(options), gap: GAP, mode: options.mode });
}

/**
 * The companion scatter: on the manifold's frame, grid lines at whole coordinates, each training
 * image drawn as a thumbnail (one manifold cell) centered on its code, with its label; for a VAE
 * the 1-sigma ellipse of each q(z|x) (orange) and the prior's 1- and 2-sigma circles (blue).
 * Returns the PNG and the labels of the points outside the range (not drawn).
 */
export function renderLatentScatter(points: PlanePoint[], options: PlaneOptions, prior: boolean): { png: Uint8Array; outside: string[] } {
  const { grid, range, width, height, mode } = options;
  const scale = cellScale(options);
  const cellW = width * scale;
  const cellH = height * scale;
  const canvas = new Canvas(GAP + grid * (cellW + GAP), GAP + grid * (cellH + GAP), PAPER);
  const spanX = (grid - 1) * (cellW + GAP);
  const spanY = (grid - 1) * (cellH + GAP);
  const toX = (z: number): number => GAP + cellW / 2 + ((z + range) / (2 * range)) * spanX;
  const toY = (z: number): number => GAP + cellH / 2 + ((range - z) / (2 * range)) * spanY;
  // Grid lines at a round step that gives at most about 6 a side (1 up to a range of 6, then 2, 5, 10, ...).
  const step = [1, 2, 5].map((m) => m * 10 ** Math.max(0, Math.floor(Math.log10(range / 6)))).find((s) => range / s <= 6) ?? 10 ** Math.ceil(Math.log10(range / 6));
  for (let v = step * Math.ceil(-range / step); v <= range; v += step) {
    const color = v === 0 ? AXIS : GRID_LINE;
    canvas.fillRect(Math.round(toX(v)), 0, 1, canvas.height, color);
    canvas.fillRect(0, Math.round(toY(v)), canvas.width, 1, color);
    if (v !== 0) {
      canvas.text(String(v), Math.round(toX(v)) + 2, Math.round(toY(0)) + 2, 1, AXIS);
      canvas.text(String(v), Math.round(toX(0)) + 2, Math.round(toY(v)) + 2, 1, AXIS);
    }
  }
  if (prior) {
    for (const radius of [1, 2]) canvas.ellipse(toX(0), toY(0), (radius * spanX) / (2 * range), (radius * spanY) / (2 * range), PRIOR);
  }
  const outside: string[] = [];
  for (const point of points) {
    const [z1, z2] = point.code;
    if (Math.abs(z1) > range || Math.abs(z2) > range) {
      outside.push(point.label);
      continue;
    }
    const cx = toX(z1);
    const cy = toY(z2);
    if (point.logVariance) {
      const [sx, sy] = point.logVariance.map((lv) => Math.exp(lv / 2));
      canvas.ellipse(cx, cy, (sx * spanX) / (2 * range), (sy * spanY) / (2 * range), POSTERIOR);
    }
    const left = Math.round(cx - cellW / 2);
    const top = Math.round(cy - cellH / 2);
    canvas.fillRect(left - 1, top - 1, cellW + 2, cellH + 2, FRAME);
    canvas.image(point.pixels, width, height, left, top, scale, mode);
    canvas.text(point.label, left, top + cellH + 3, 1, TEXT);
  }
  return { png: canvas.toPng(), outside };
}
