import type { Matrix } from '../tensor/matrix.js';
import { Canvas, type Rgb } from './canvas.js';
import type { PixelMode } from '../data/dataset.js';
import type { PlaneWindow } from '../eval/latent-plane.js';
import { renderImageGrid } from './glyph-grid.js';
import { roundStep } from './round-step.js';

/**
 * The two pictures of a 2-D latent plane: the manifold (the images decoded on a grid over a
 * square window of the plane) and its companion scatter (where the training images' codes lie), drawn at
 * the same size so a point of one sits at the same place in the other.
 */

export interface PlaneOptions {
  grid: number;
  window: PlaneWindow;
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
  const { grid, window, width, height, mode } = options;
  const { range, center: [centerX, centerY] } = window;
  const scale = cellScale(options);
  const cellW = width * scale;
  const cellH = height * scale;
  const canvas = new Canvas(GAP + grid * (cellW + GAP), GAP + grid * (cellH + GAP), PAPER);
  const spanX = (grid - 1) * (cellW + GAP);
  const spanY = (grid - 1) * (cellH + GAP);
  const toX = (z: number): number => GAP + cellW / 2 + ((z - centerX + range) / (2 * range)) * spanX;
  const toY = (z: number): number => GAP + cellH / 2 + ((centerY + range - z) / (2 * range)) * spanY;
  // Grid lines at a round step that gives more than 3 and at most 7.5 a side (so 3 to 7 lines), labelled
  // along the axes through the origin, or along the bottom and left edges when the origin is outside.
  const step = roundStep(range, 7.5);
  const label = (v: number): string => String(Number(v.toPrecision(6)));
  const inside = (v: number, center: number): boolean => Math.abs(v - center) <= range;
  const labelY = inside(0, centerY) ? toY(0) + 2 : canvas.height - 9;
  const labelX = inside(0, centerX) ? toX(0) + 2 : 2;
  for (const [center, vertical] of [[centerX, true], [centerY, false]] as const) {
    for (let v = step * Math.ceil((center - range) / step); v <= center + range; v += step) {
      const color = Math.abs(v) < step / 2 ? AXIS : GRID_LINE;
      if (vertical) canvas.fillRect(Math.round(toX(v)), 0, 1, canvas.height, color);
      else canvas.fillRect(0, Math.round(toY(v)), canvas.width, 1, color);
      if (Math.abs(v) >= step / 2) {
        if (vertical) canvas.text(label(v), Math.round(toX(v)) + 2, Math.round(labelY), 1, AXIS);
        else canvas.text(label(v), Math.round(labelX), Math.round(toY(v)) + 2, 1, AXIS);
      }
    }
  }
  if (prior) {
    for (const radius of [1, 2]) canvas.ellipse(toX(0), toY(0), (radius * spanX) / (2 * range), (radius * spanY) / (2 * range), PRIOR);
  }
  const outside: string[] = [];
  for (const point of points) {
    const [z1, z2] = point.code;
    if (!inside(z1, centerX) || !inside(z2, centerY)) {
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
