import { useLayoutEffect, useRef } from 'preact/hooks';
import type { NewGlyph } from '../../../src/eval/new-glyphs.js';
import { drawCells, drawInterpolationLine, drawPointLabels, prepareCanvas, ticks } from '../canvas.js';
import { palette, rgb, type Palette } from '../palette.js';
import type { ExploredModel } from '../training/explored-model.js';
import { usePlaneGestures, type PlaneEnd, type PlaneMarks } from '../plane-marks.js';
import { toLatent, toScreen, type PlaneView, type Point } from './plane-geometry.js';

interface LatentPlaneProps extends PlaneMarks {
  explored: ExploredModel;
  view: PlaneView;
  size: number;
  newGlyphs: NewGlyph[] | null;
  highlighted: number | null;
  /** The decoded grid behind everything (decoded off the main thread, decodedGrid below), or null for none. */
  grid: DecodedGrid | null;
  /** Zooms by `factor` about a point; returns the new view, so the readout follows the pointer at once. */
  onZoom(factor: number, about: Point): PlaneView;
}

/** Images decoded at points of the plane (rows of `images`, one per point), drawn faintly where they belong. */
export interface DecodedGrid {
  points: Float64Array;
  images: Float64Array;
}

/** Decoded thumbnails per side in the background grid. */
const GRID_STEPS = 13;

/** The points of the background grid for a view: the centres of GRID_STEPS x GRID_STEPS cells (x, y, x, y, ...). */
export function gridPoints(view: PlaneView): Float64Array {
  const points = new Float64Array(GRID_STEPS * GRID_STEPS * 2);
  for (let j = 0; j < GRID_STEPS; j++) {
    for (let i = 0; i < GRID_STEPS; i++) {
      const [x, y] = toLatent(view, 1, (i + 0.5) / GRID_STEPS, (j + 0.5) / GRID_STEPS);
      points[(j * GRID_STEPS + i) * 2] = x;
      points[(j * GRID_STEPS + i) * 2 + 1] = y;
    }
  }
  return points;
}

/**
 * The latent plane: the training glyphs' codes (labels coloured by wrong pixels), the decoded image
 * under the pointer, a click pins a point, a drag draws an interpolation line, the wheel zooms,
 * arrow keys move the pinned point.
 */
export function LatentPlane(props: LatentPlaneProps) {
  const { explored, view, size, pinned } = props;
  const canvas = useRef<HTMLCanvasElement>(null);

  // A click or tap pins, a drag interpolates, a pinch zooms.
  const { drag, handlers } = usePlaneGestures(
    canvas,
    explored,
    props,
    { toScreen: (point) => toScreen(view, size, point), toLatent: (screen) => toLatent(view, size, ...screen) },
    props.onZoom,
  );

  // Redrawn when what it shows changes, not with every report the view re-renders for.
  const { hover, interpolation, newGlyphs, highlighted, grid } = props;
  useLayoutEffect(() => {
    if (!canvas.current) return;
    const context = prepareCanvas(canvas.current, size, size);
    drawPlane(context, props, drag);
  }, [explored, view.x0, view.x1, view.y0, view.y1, size, pinned, hover, interpolation, newGlyphs, highlighted, grid, drag, palette()]);

  const pointer = (event: MouseEvent): Point => {
    const box = canvas.current!.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  };
  const onWheel = (event: WheelEvent) => {
    event.preventDefault();
    const screen = pointer(event);
    const zoomed = props.onZoom(event.deltaY > 0 ? 1.15 : 1 / 1.15, toLatent(view, size, ...screen));
    props.onHover(toLatent(zoomed, size, ...screen));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const moves: Record<string, Point> = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, 1], ArrowDown: [0, -1] };
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const step = ((view.x1 - view.x0) / 50) * (event.shiftKey ? 5 : 1);
    const from = pinned ?? [(view.x0 + view.x1) / 2, (view.y0 + view.y1) / 2];
    props.onPin([from[0] + move[0] * step, from[1] + move[1] * step]);
  };

  const codes = explored.codes?.toRows().map((code, g) => ({ label: explored.image.labels[g], code })) ?? [];
  const xTicks = ticks(view.x0, view.x1);
  return (
    <canvas
      ref={canvas}
      class="plane"
      tabIndex={0}
      role="application"
      aria-label="Latent plane: point or tap to decode a point, drag between glyphs to interpolate, wheel or pinch to zoom, arrow keys move the pinned point"
      data-view={JSON.stringify(view)}
      data-codes={JSON.stringify(codes)}
      data-ticks={JSON.stringify(xTicks.map(tickFormat(xTicks)))}
      onWheel={onWheel}
      onKeyDown={onKeyDown}
      {...handlers}
    />
  );
}

function drawPlane(context: CanvasRenderingContext2D, props: LatentPlaneProps, drag: { from: PlaneEnd; to: Point } | null): void {
  const { explored, view, size, pinned, hover, interpolation, newGlyphs, highlighted, grid } = props;
  const at = (point: Point) => toScreen(view, size, point);
  const colours = palette();
  context.fillStyle = colours.plane;
  context.fillRect(0, 0, size, size);
  if (grid) drawDecodedGrid(context, explored, view, size, grid, colours);
  drawAxes(context, view, size, colours);

  const line: [Point, Point] | null = interpolation ? [interpolation.from.point, interpolation.to.point] : drag ? [drag.from.point, drag.to] : null;
  if (line) drawInterpolationLine(context, line, drag !== null, at, colours.accent, 2);

  newGlyphs?.forEach((glyph, i) => {
    const [x, y] = at([glyph.code[0], glyph.code[1]]);
    const strong = i === highlighted;
    context.fillStyle = strong ? '#e85d04' : glyph.plausible ? 'rgba(232, 93, 4, 0.85)' : 'rgba(150, 150, 150, 0.8)';
    const r = strong ? 8 : 5;
    context.beginPath();
    context.moveTo(x, y - r);
    context.lineTo(x + r, y);
    context.lineTo(x, y + r);
    context.lineTo(x - r, y);
    context.closePath();
    context.fill();
    if (strong) {
      context.strokeStyle = '#1b2230';
      context.lineWidth = 1.5;
      context.stroke();
    }
  });

  const { codes, wrongPixels } = explored;
  const labels = explored.image.labels;
  if (codes) {
    const points = Array.from({ length: codes.rows }, (_, g) => at([codes.get(g, 0), codes.get(g, 1)]));
    const wrong = (g: number) => wrongPixels?.[g] ?? 0;
    const colour = (g: number) => (wrong(g) === 0 ? rgb(colours.ink) : wrong(g) === 1 ? colours.oneWrong : colours.manyWrong);
    points.forEach(([x, y], g) => {
      // Told apart by shape as well as colour: exact a circle, 1 wrong pixel a triangle, more a square.
      context.fillStyle = colour(g);
      drawMark(context, x, y, wrong(g) === 0 ? 'circle' : wrong(g) === 1 ? 'triangle' : 'square');
    });
    context.font = 'bold 14px "DejaVu Sans Mono", ui-monospace, monospace';
    drawPointLabels(context, points, labels, size, { height: 16, gap: 8, markRadius: 4, halo: colours.halo, colour });
  }

  if (pinned) drawCross(context, at(pinned), colours.accent, 9);
  if (hover) drawCross(context, at(hover), colours.mutedText, 6);
}

/** A code's mark, about 7 pixels across: its shape tells how well the image is decoded (see the legend). */
function drawMark(context: CanvasRenderingContext2D, x: number, y: number, shape: 'circle' | 'triangle' | 'square'): void {
  context.beginPath();
  if (shape === 'circle') context.arc(x, y, 3.5, 0, 2 * Math.PI);
  else if (shape === 'square') context.rect(x - 3.5, y - 3.5, 7, 7);
  else {
    context.moveTo(x, y - 4.5);
    context.lineTo(x + 4.5, y + 3.5);
    context.lineTo(x - 4.5, y + 3.5);
    context.closePath();
  }
  context.fill();
}

/**
 * Faint decoded images behind everything: the decoder's map of the plane. Each is drawn at the point
 * it was decoded at, so a grid decoded for the view before a zoom still sits right until the new one comes.
 */
function drawDecodedGrid(context: CanvasRenderingContext2D, explored: ExploredModel, view: PlaneView, size: number, grid: DecodedGrid, colours: Palette): void {
  const { width, height } = explored.image;
  const pixels = width * height;
  const cell = Math.max(1, Math.floor(size / GRID_STEPS / Math.max(width, height) / 1.6));
  for (let k = 0; k < grid.points.length / 2; k++) {
    const [x, y] = toScreen(view, size, [grid.points[2 * k], grid.points[2 * k + 1]]);
    if (x < -width * cell || y < -height * cell || x > size + width * cell || y > size + height * cell) continue;
    const image = grid.images.subarray(k * pixels, (k + 1) * pixels);
    drawCells(context, image, { width, height }, Math.round(x - (width * cell) / 2), Math.round(y - (height * cell) / 2), cell, { binary: false, alpha: 0.22, colours });
  }
}

function drawAxes(context: CanvasRenderingContext2D, view: PlaneView, size: number, colours: Palette): void {
  context.font = '11px system-ui, sans-serif';
  context.lineWidth = 1;
  context.fillStyle = colours.mutedText;
  context.textBaseline = 'bottom';
  const xs = ticks(view.x0, view.x1);
  const ys = ticks(view.y0, view.y1);
  const format = tickFormat(xs);
  for (const x of xs) {
    const [px] = toScreen(view, size, [x, 0]);
    context.strokeStyle = x === 0 ? colours.axis : colours.gridLine;
    context.beginPath();
    context.moveTo(Math.round(px) + 0.5, 0);
    context.lineTo(Math.round(px) + 0.5, size);
    context.stroke();
    context.fillText(format(x), px + 3, size - 2);
  }
  for (const y of ys) {
    const [, py] = toScreen(view, size, [0, y]);
    context.strokeStyle = y === 0 ? colours.axis : colours.gridLine;
    context.beginPath();
    context.moveTo(0, Math.round(py) + 0.5);
    context.lineTo(size, Math.round(py) + 0.5);
    context.stroke();
    context.fillText(format(y), 3, py - 2);
  }
}

function drawCross(context: CanvasRenderingContext2D, [x, y]: Point, colour: string, r: number): void {
  context.strokeStyle = colour;
  context.lineWidth = 2;
  context.beginPath();
  context.moveTo(x - r, y);
  context.lineTo(x + r, y);
  context.moveTo(x, y - r);
  context.lineTo(x, y + r);
  context.stroke();
}

/** Tick labels with as many decimals as their step needs (a view zoomed far in reads 4.5305, 4.5310, not 4.53 twice). */
function tickFormat(values: number[]): (value: number) => string {
  const step = values.length > 1 ? values[1] - values[0] : 1;
  const decimals = Math.max(0, Math.ceil(-Math.log10(step) - 1e-9));
  return (value) => (Math.abs(value) < step / 2 ? 0 : value).toFixed(decimals);
}
