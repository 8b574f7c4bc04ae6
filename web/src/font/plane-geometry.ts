import type { Matrix } from '../../../src/tensor/matrix.js';

/** The square region of the latent plane on screen: x from x0 to x1, y from y0 (bottom) to y1 (top). */
export interface PlaneView {
  x0: number;
  x1: number;
  y0: number;
  y1: number;
}

export type Point = [number, number];

/** Activations whose output range is known: the plane shows all of it, so it holds still while training. */
const BOUNDED: Record<string, [number, number]> = { tanh: [-1, 1], sigmoid: [0, 1] };
const MARGIN = 0.12;

/** A square view around the codes (and the whole range of a bounded code activation), with a margin. */
export function fitView(codes: Matrix | null, latentActivation: string): PlaneView {
  const low = [Infinity, Infinity];
  const high = [-Infinity, -Infinity];
  const include = (x: number, y: number) => {
    low[0] = Math.min(low[0], x);
    low[1] = Math.min(low[1], y);
    high[0] = Math.max(high[0], x);
    high[1] = Math.max(high[1], y);
  };
  const range = BOUNDED[latentActivation];
  if (range) {
    include(range[0], range[0]);
    include(range[1], range[1]);
  }
  if (codes) for (let r = 0; r < codes.rows; r++) include(codes.get(r, 0), codes.get(r, 1));
  if (!Number.isFinite(low[0])) {
    include(-2, -2);
    include(2, 2);
  }
  const half = (Math.max(high[0] - low[0], high[1] - low[1], 1e-6) / 2) * (1 + 2 * MARGIN);
  const cx = (low[0] + high[0]) / 2;
  const cy = (low[1] + high[1]) / 2;
  return { x0: cx - half, x1: cx + half, y0: cy - half, y1: cy + half };
}

/** How far the plane zooms in and out, relative to the view that fits the codes. */
export const ZOOM_IN_LIMIT = 1000;
export const ZOOM_OUT_LIMIT = 20;

/**
 * The view scaled by `factor` (below 1 zooms in) about a point that stays where it is on screen, but
 * never more than ZOOM_IN_LIMIT times closer or ZOOM_OUT_LIMIT times further than `fit`.
 */
export function zoomView(view: PlaneView, factor: number, about: Point, fit: PlaneView): PlaneView {
  const span = view.x1 - view.x0;
  const fitSpan = fit.x1 - fit.x0;
  const scaled = Math.min(fitSpan * ZOOM_OUT_LIMIT, Math.max(fitSpan / ZOOM_IN_LIMIT, span * factor));
  const f = scaled / span;
  const [ax, ay] = about;
  return { x0: ax + (view.x0 - ax) * f, x1: ax + (view.x1 - ax) * f, y0: ay + (view.y0 - ay) * f, y1: ay + (view.y1 - ay) * f };
}

/** The view moved (not scaled) so that `point` is inside it, at its centre if it was outside; the same view if it was in. */
export function viewShowing(view: PlaneView, [x, y]: Point): PlaneView {
  if (x >= view.x0 && x <= view.x1 && y >= view.y0 && y <= view.y1) return view;
  const halfX = (view.x1 - view.x0) / 2;
  const halfY = (view.y1 - view.y0) / 2;
  return { x0: x - halfX, x1: x + halfX, y0: y - halfY, y1: y + halfY };
}

export function toScreen(view: PlaneView, size: number, [x, y]: Point): Point {
  return [((x - view.x0) / (view.x1 - view.x0)) * size, (1 - (y - view.y0) / (view.y1 - view.y0)) * size];
}

export function toLatent(view: PlaneView, size: number, px: number, py: number): Point {
  return [view.x0 + (px / size) * (view.x1 - view.x0), view.y0 + (1 - py / size) * (view.y1 - view.y0)];
}

/** `count` evenly spaced points from `from` to `to`, both included. */
export function lineBetween(from: Point, to: Point, count: number): Point[] {
  return Array.from({ length: count }, (_, i) => {
    const t = count === 1 ? 0 : i / (count - 1);
    return [from[0] + (to[0] - from[0]) * t, from[1] + (to[1] - from[1]) * t];
  });
}
