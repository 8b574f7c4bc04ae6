import { useLayoutEffect, useMemo, useRef } from 'preact/hooks';
import type { Matrix } from '../../../src/tensor/matrix.js';
import { drawInterpolationLine, drawPointLabels, prepareCanvas } from '../canvas.js';
import { usePlaneGestures, type PlaneEnd, type PlaneMarks } from '../plane-marks.js';
import type { Point } from '../font/plane-geometry.js';
import { palette, type Palette } from '../palette.js';
import type { ExploredModel } from '../training/explored-model.js';

/** Decoded images per side of the manifold grid. */
export const MANIFOLD_STEPS = 11;
/** The prior's circles, in standard deviations (as `latentlab` draws them in its latent pictures). */
const PRIOR_SIGMAS = [1, 2];

/** The manifold's images (MANIFOLD_STEPS^2 of them, row by row from the top left), decoded over [-range, range]^2. */
export interface Manifold {
  range: number;
  images: Float64Array;
}

/** The centres of the manifold's cells over [-range, range]^2 (x, y, x, y, ...), row by row from the top left: what the explore worker decodes. */
export function manifoldPoints(range: number): Float64Array {
  const n = MANIFOLD_STEPS;
  const points = new Float64Array(2 * n * n);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      points[2 * (row * n + col)] = -range + ((col + 0.5) / n) * 2 * range;
      points[2 * (row * n + col) + 1] = range - ((row + 0.5) / n) * 2 * range;
    }
  }
  return points;
}

interface ManifoldPlaneProps extends PlaneMarks {
  explored: ExploredModel;
  /** The manifold decoded by the explore worker (off the main thread) for the model on show, or null until it is. */
  manifold: Manifold | null;
  size: number;
  /** Codes drawn from the prior, marked as crosses. */
  samples: Point[] | null;
}

/**
 * The latent plane of a 2-D VAE: the manifold (images decoded on a grid over [-range, range]^2 by the
 * explore worker, drawn as luminance), the prior's 1- and 2-sigma circles, each training image's mean and 1-sigma ellipse of
 * q(z|x), samples from the prior. Pointing decodes a point, a click or tap pins it, a drag from one
 * emoji to another interpolates, arrow keys move the pinned point. The range covers the prior's
 * +-3 sigma, widened when a mean lies further out.
 */
export function ManifoldPlane(props: ManifoldPlaneProps) {
  const { explored, manifold, size, pinned } = props;
  const canvas = useRef<HTMLCanvasElement>(null);
  const range = planeRange(explored);
  // A click or tap pins, a drag from one emoji to another interpolates.
  const { drag, handlers } = usePlaneGestures(canvas, explored, props, { toScreen: (point) => toScreen(point, range, size), toLatent: (screen) => toLatent(screen, range, size) });
  const spreads = useMemo(
    () => (explored.kind === 'vae' && explored.dataset ? explored.model.encodeDistribution(explored.dataset.inputs).logVariance : null),
    [explored],
  );
  // The manifold as a picture at its own resolution, made once per decode (the plane redraws at every pointer move).
  const picture = useMemo(() => manifold && manifoldPicture(explored, manifold.images), [manifold]);

  useLayoutEffect(() => {
    if (!canvas.current) return;
    const context = prepareCanvas(canvas.current, size, size);
    const colours = palette();
    // A manifold decoded for an older range (the means moved out) is drawn where it lies until the new one comes.
    if (picture && manifold) drawManifold(context, picture, manifold.range, range, size);
    drawPrior(context, range, size, colours);
    drawPosteriors(context, explored, spreads, range, size, colours);
    drawMarks(context, props, drag, range, colours);
  });

  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, Point> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const step = ((2 * range) / 50) * (event.shiftKey ? 5 : 1);
    const from = pinned ?? [0, 0];
    props.onPin([from[0] + move[0] * step, from[1] + move[1] * step]);
  };

  const means = explored.codes?.toRows().map((code, i) => ({ label: explored.image.labels[i], code })) ?? [];
  return (
    <canvas
      ref={canvas}
      class="plane manifold"
      tabIndex={0}
      role="application"
      aria-roledescription="latent plane"
      aria-label={`the VAE's latent plane from ${-range} to ${range}: decoded images, the emojis' means with their 1-sigma ellipses, the prior's circles. Point or tap to decode, drag from one emoji to another to interpolate, arrow keys move the pinned point`}
      data-range={range}
      data-means={JSON.stringify(means)}
      data-log-variances={spreads ? JSON.stringify(spreads.toRows()) : undefined}
      onKeyDown={onKeyDown}
      {...handlers}
    />
  );
}

export function planeRange(explored: ExploredModel): number {
  const furthest = explored.codes ? Math.max(...explored.codes.data.map(Math.abs)) : 0;
  return Math.max(3, Math.ceil(furthest * 1.15 * 2) / 2);
}

const toScreen = ([x, y]: Point, range: number, size: number): Point => [((x + range) / (2 * range)) * size, ((range - y) / (2 * range)) * size];
const toLatent = ([x, y]: Point, range: number, size: number): Point => [(x / size) * 2 * range - range, range - (y / size) * 2 * range];

/** The manifold's images side by side in one canvas, a pixel per pixel, as luminance (ink images dark on light). */
function manifoldPicture(explored: ExploredModel, images: Float64Array): HTMLCanvasElement {
  const { width, height } = explored.image;
  const n = MANIFOLD_STEPS;
  const pixels = width * height;
  const luminance = explored.image.mode !== 'ink';
  const cellW = n * width;
  const data = new ImageData(cellW, n * height);
  for (let i = 0; i < n * n; i++) {
    const x0 = (i % n) * width;
    const y0 = Math.floor(i / n) * height;
    for (let p = 0; p < pixels; p++) {
      const v = images[i * pixels + p];
      const grey = Math.round(255 * (luminance ? v : 1 - v));
      const at = ((y0 + Math.floor(p / width)) * cellW + x0 + (p % width)) * 4;
      data.data[at] = data.data[at + 1] = data.data[at + 2] = grey;
      data.data[at + 3] = 255;
    }
  }
  const picture = document.createElement('canvas');
  picture.width = cellW;
  picture.height = n * height;
  picture.getContext('2d')!.putImageData(data, 0, 0);
  return picture;
}

/** The manifold's picture (decoded over [-decodedRange, decodedRange]^2) scaled to its place on the plane without smoothing, its cells ruled. */
function drawManifold(context: CanvasRenderingContext2D, picture: HTMLCanvasElement, decodedRange: number, range: number, size: number): void {
  const n = MANIFOLD_STEPS;
  const [left, top] = toScreen([-decodedRange, decodedRange], range, size);
  const side = (decodedRange / range) * size;
  context.imageSmoothingEnabled = false;
  context.drawImage(picture, left, top, side, side);
  context.strokeStyle = 'rgba(255, 255, 255, 0.6)';
  context.lineWidth = 1;
  for (let k = 1; k < n; k++) {
    const x = Math.round(left + (k / n) * side) + 0.5;
    const y = Math.round(top + (k / n) * side) + 0.5;
    context.beginPath();
    context.moveTo(x, top);
    context.lineTo(x, top + side);
    context.moveTo(left, y);
    context.lineTo(left + side, y);
    context.stroke();
  }
}

/** The prior N(0, I): dashed circles at 1 and 2 standard deviations around the origin. */
function drawPrior(context: CanvasRenderingContext2D, range: number, size: number, colours: Palette): void {
  const [cx, cy] = toScreen([0, 0], range, size);
  context.strokeStyle = colours.prior;
  context.lineWidth = 1.5;
  context.setLineDash([5, 4]);
  for (const sigma of PRIOR_SIGMAS) {
    context.beginPath();
    context.arc(cx, cy, (sigma / (2 * range)) * size, 0, 2 * Math.PI);
    context.stroke();
  }
  context.setLineDash([]);
}

/** Each image's q(z|x): its 1-sigma ellipse (axis-aligned: the covariance is diagonal) around its mean. */
function drawPosteriors(context: CanvasRenderingContext2D, explored: ExploredModel, logVariance: Matrix | null, range: number, size: number, colours: Palette): void {
  const { codes } = explored;
  if (!codes || !logVariance) return;
  const scale = size / (2 * range);
  context.strokeStyle = colours.posterior;
  context.lineWidth = 1.5;
  for (let i = 0; i < codes.rows; i++) {
    const [x, y] = toScreen([codes.get(i, 0), codes.get(i, 1)], range, size);
    context.beginPath();
    context.ellipse(x, y, Math.exp(logVariance.get(i, 0) / 2) * scale, Math.exp(logVariance.get(i, 1) / 2) * scale, 0, 0, 2 * Math.PI);
    context.stroke();
  }
}

/** The means and their labels, the interpolation line, the samples, the pinned and the pointed-at point. */
function drawMarks(context: CanvasRenderingContext2D, props: ManifoldPlaneProps, drag: { from: PlaneEnd; to: Point } | null, range: number, colours: Palette): void {
  const { explored, size, pinned, hover, interpolation, samples } = props;
  const at = (point: Point) => toScreen(point, range, size);
  const line: [Point, Point] | null = interpolation ? [interpolation.from.point, interpolation.to.point] : drag ? [drag.from.point, drag.to] : null;
  if (line) drawInterpolationLine(context, line, drag !== null, at, colours.accent, 2.5);
  for (const sample of samples ?? []) drawCross(context, at(sample), colours.prior, 5, 2.5);
  if (explored.codes) {
    const means = explored.codes.toRows().map(([mx, my]) => at([mx, my]));
    for (const [x, y] of means) {
      context.fillStyle = colours.posterior;
      context.strokeStyle = '#ffffff';
      context.lineWidth = 2;
      context.beginPath();
      context.arc(x, y, 5, 0, 2 * Math.PI);
      context.fill();
      context.stroke();
    }
    // Dark text on a white halo reads at over 4.5:1 on any grey of the manifold.
    context.font = '600 12px system-ui, sans-serif';
    drawPointLabels(context, means, explored.image.labels, size, { height: 14, gap: 12, markRadius: 6, halo: '#ffffff', colour: () => '#1b2230' });
  }
  if (pinned) {
    const [x, y] = at(pinned);
    context.strokeStyle = '#ffffff';
    context.lineWidth = 4;
    context.beginPath();
    context.arc(x, y, 7, 0, 2 * Math.PI);
    context.stroke();
    context.strokeStyle = colours.manyWrong;
    context.lineWidth = 2;
    context.stroke();
  }
  if (hover) drawCross(context, at(hover), '#1b2230', 6, 2);
}

function drawCross(context: CanvasRenderingContext2D, [x, y]: Point, colour: string, r: number, width: number): void {
  context.strokeStyle = colour;
  context.lineWidth = width;
  context.beginPath();
  context.moveTo(x - r, y - r);
  context.lineTo(x + r, y + r);
  context.moveTo(x + r, y - r);
  context.lineTo(x - r, y + r);
  context.stroke();
}
