/** Small helpers for the explorer's canvases: sharp on high-DPI screens, images drawn as cells. */
import { placeLabels } from '../../src/plot/label-placement.js';
import { roundStep } from '../../src/plot/round-step.js';
import { lineBetween, type Point } from './font/plane-geometry.js';
import { LIGHT, type Palette } from './palette.js';

/** Sizes a canvas to `width` x `height` CSS pixels at the screen's resolution; returns its context in CSS pixels. */
export function prepareCanvas(canvas: HTMLCanvasElement, width: number, height: number): CanvasRenderingContext2D {
  const ratio = window.devicePixelRatio || 1;
  if (canvas.width !== Math.round(width * ratio) || canvas.height !== Math.round(height * ratio)) {
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
  }
  const context = canvas.getContext('2d');
  if (!context) throw new Error('this browser cannot draw on a canvas');
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  return context;
}

/** Images are drawn as dark ink on white paper (in both colour schemes: they are pictures), unless told otherwise. */
const IMAGE_COLOURS = { ink: LIGHT.ink, paper: LIGHT.paper };

/** The colour of a pixel value: 0 paper, 1 ink, clamped; `binary` thresholds at 0.5 first. */
export function inkColour(value: number, binary: boolean, alpha = 1, colours = IMAGE_COLOURS): string {
  const v = binary ? (value >= 0.5 ? 1 : 0) : Math.min(1, Math.max(0, value));
  const channel = (i: number) => Math.round(colours.paper[i] + (colours.ink[i] - colours.paper[i]) * v);
  // A grid of decoded images sets thousands of colours a frame: each colour's text is made once.
  const key = ((channel(0) * 256 + channel(1)) * 256 + channel(2)) * 1024 + Math.round(alpha * 1000);
  let text = colourTexts.get(key);
  if (text === undefined) {
    text = `rgba(${channel(0)}, ${channel(1)}, ${channel(2)}, ${alpha})`;
    colourTexts.set(key, text);
  }
  return text;
}
/** The colour texts inkColour made, by colour and alpha (a few thousand at most: 256 grey levels per ink, paper and alpha used). */
const colourTexts = new Map<number, string>();

export interface CellOptions {
  /** Threshold at 0.5 (the glyph as the study counts it) instead of grey levels. */
  binary: boolean;
  alpha?: number;
  /** Pixels drawn with a red frame (e.g. wrong pixels). */
  marked?: ArrayLike<boolean>;
  /** Ink and paper colours other than the pictures' dark on white (the plane's grid follows the colour scheme). */
  colours?: Pick<Palette, 'ink' | 'paper'>;
}

/** Draws a width x height image (values row by row) with its top-left corner at (x, y), `cell` CSS pixels per pixel. */
export function drawCells(
  context: CanvasRenderingContext2D,
  values: ArrayLike<number>,
  size: { width: number; height: number },
  x: number,
  y: number,
  cell: number,
  options: CellOptions,
): void {
  const { width, height } = size;
  let colour = '';
  for (let r = 0; r < height; r++) {
    for (let c = 0; c < width; c++) {
      const next = inkColour(values[r * width + c], options.binary, options.alpha, options.colours);
      if (next !== colour) context.fillStyle = colour = next;
      context.fillRect(x + c * cell, y + r * cell, cell, cell);
    }
  }
  if (cell >= 6) {
    context.strokeStyle = 'rgba(120, 130, 150, 0.35)';
    context.lineWidth = 1;
    context.strokeRect(x + 0.5, y + 0.5, width * cell - 1, height * cell - 1);
  }
  if (options.marked) {
    context.strokeStyle = '#d62828';
    context.lineWidth = Math.max(1.5, cell / 8);
    for (let i = 0; i < width * height; i++) {
      if (options.marked[i]) context.strokeRect(x + (i % width) * cell + 1, y + Math.floor(i / width) * cell + 1, cell - 2, cell - 2);
    }
  }
}

/** Round tick values between lo and hi, at most `count` steps apart end to end (src/plot/round-step.ts); none for an empty range. */
export function ticks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [];
  const step = roundStep(hi - lo, count);
  const values: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) values.push(Math.abs(v) < step * 1e-9 ? 0 : v);
  return values;
}

/**
 * The interpolation line between two points of a latent plane, with its 11 decoded steps as squares:
 * dashed while it is being dragged. `at` maps a latent point to the canvas.
 */
export function drawInterpolationLine(context: CanvasRenderingContext2D, line: [Point, Point], dragging: boolean, at: (point: Point) => [number, number], colour: string, width: number): void {
  context.strokeStyle = colour;
  context.lineWidth = width;
  context.setLineDash(dragging ? [6, 4] : []);
  context.beginPath();
  context.moveTo(...at(line[0]));
  context.lineTo(...at(line[1]));
  context.stroke();
  context.setLineDash([]);
  context.fillStyle = colour;
  for (const point of lineBetween(line[0], line[1], 11)) {
    const [x, y] = at(point);
    context.fillRect(x - width, y - width, 2 * width, 2 * width);
  }
}

/** How drawPointLabels draws: text of `height` pixels (the context's font), a `gap` from each point, clear of marks of `markRadius`. */
export interface PointLabelStyle {
  height: number;
  gap: number;
  markRadius: number;
  /** The halo around the text, so it reads on anything under it. */
  halo: string;
  colour: (index: number) => string;
}

/**
 * The labels of points on a square plane of `size` pixels, in the context's font: each beside its
 * point where it covers no other label or mark (src/plot/label-placement.ts), on a 4-pixel halo.
 */
export function drawPointLabels(context: CanvasRenderingContext2D, points: readonly Point[], labels: readonly string[], size: number, style: PointLabelStyle): void {
  const spots = placeLabels(
    points.map(([x, y], i) => ({ x, y, width: context.measureText(labels[i]).width, height: style.height })),
    { width: size, height: size },
    style.gap,
    style.markRadius,
  );
  context.textAlign = 'left';
  context.textBaseline = 'middle';
  context.lineJoin = 'round';
  context.strokeStyle = style.halo;
  context.lineWidth = 4;
  spots.forEach(({ left, top }, i) => {
    context.fillStyle = style.colour(i);
    context.strokeText(labels[i], left, top + style.height / 2);
    context.fillText(labels[i], left, top + style.height / 2);
  });
}
