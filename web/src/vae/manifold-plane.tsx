import { useLayoutEffect, useRef } from 'preact/hooks';
import { Matrix } from '../../../src/tensor/matrix.js';
import { prepareCanvas } from '../canvas.js';
import type { ExploredModel } from '../training/explored-model.js';

/** Decoded images per side of the manifold grid. */
export const MANIFOLD_STEPS = 11;

interface ManifoldPlaneProps {
  explored: ExploredModel;
  size: number;
  pinned: [number, number] | null;
  onPin(point: [number, number]): void;
}

/**
 * The latent plane of a 2-D VAE: the manifold (images decoded on a grid over [-range, range]^2, drawn as
 * luminance) with the training images' latent means on top; a click decodes that point.
 * The range covers the prior's +-3 sigma, widened when a mean lies further out.
 */
export function ManifoldPlane({ explored, size: room, pinned, onPin }: ManifoldPlaneProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  // A whole number of screen pixels per image pixel, so every cell of the grid is drawn alike.
  const side = MANIFOLD_STEPS * Math.max(explored.image.width, explored.image.height);
  const size = Math.max(side, Math.floor(room / side) * side);
  const range = planeRange(explored);
  useLayoutEffect(() => {
    if (!canvas.current) return;
    const context = prepareCanvas(canvas.current, size, size);
    drawManifold(context, explored, range, size);
    drawMeans(context, explored, range, size);
    if (pinned) {
      const [x, y] = toScreen(pinned, range, size);
      context.strokeStyle = '#d62828';
      context.lineWidth = 2;
      context.beginPath();
      context.arc(x, y, 7, 0, 2 * Math.PI);
      context.stroke();
    }
  });
  const means = explored.codes?.toRows().map((code, i) => ({ label: explored.image.labels[i], code })) ?? [];
  return (
    <canvas
      ref={canvas}
      class="plane manifold"
      role="img"
      aria-label={`the VAE's latent plane from ${-range} to ${range}: decoded images, the training emojis' means; click to decode a point`}
      data-range={range}
      data-means={JSON.stringify(means)}
      onClick={(event) => {
        const box = canvas.current!.getBoundingClientRect();
        onPin(toLatent([event.clientX - box.left, event.clientY - box.top], range, size));
      }}
    />
  );
}

export function planeRange(explored: ExploredModel): number {
  const furthest = explored.codes ? Math.max(...explored.codes.data.map(Math.abs)) : 0;
  return Math.max(3, Math.ceil(furthest * 1.15 * 2) / 2);
}

const toScreen = ([x, y]: [number, number], range: number, size: number): [number, number] => [((x + range) / (2 * range)) * size, ((range - y) / (2 * range)) * size];
const toLatent = ([x, y]: [number, number], range: number, size: number): [number, number] => [(x / size) * 2 * range - range, range - (y / size) * 2 * range];

/** Every grid image decoded in one forward pass, then written pixel by pixel into one ImageData. */
function drawManifold(context: CanvasRenderingContext2D, explored: ExploredModel, range: number, size: number): void {
  const { width, height } = explored.image;
  const n = MANIFOLD_STEPS;
  const codes = new Matrix(n * n, 2);
  for (let row = 0; row < n; row++) {
    for (let col = 0; col < n; col++) {
      codes.set(row * n + col, 0, -range + ((col + 0.5) / n) * 2 * range);
      codes.set(row * n + col, 1, range - ((row + 0.5) / n) * 2 * range);
    }
  }
  const images = explored.model.decode(codes);
  const luminance = explored.image.mode !== 'ink';
  const cellW = n * width;
  const data = new ImageData(cellW, n * height);
  for (let i = 0; i < n * n; i++) {
    const x0 = (i % n) * width;
    const y0 = Math.floor(i / n) * height;
    for (let p = 0; p < width * height; p++) {
      const v = images.get(i, p);
      const grey = Math.round(255 * (luminance ? v : 1 - v));
      const at = ((y0 + Math.floor(p / width)) * cellW + x0 + (p % width)) * 4;
      data.data[at] = data.data[at + 1] = data.data[at + 2] = grey;
      data.data[at + 3] = 255;
    }
  }
  // Drawn at the grid's own resolution, then scaled up smoothly-off onto the plane.
  const scratch = document.createElement('canvas');
  scratch.width = cellW;
  scratch.height = n * height;
  scratch.getContext('2d')!.putImageData(data, 0, 0);
  context.imageSmoothingEnabled = false;
  context.drawImage(scratch, 0, 0, size, size);
  context.strokeStyle = 'rgba(255, 255, 255, 0.6)';
  context.lineWidth = 1;
  for (let k = 1; k < n; k++) {
    const at = Math.round((k / n) * size) + 0.5;
    context.beginPath();
    context.moveTo(at, 0);
    context.lineTo(at, size);
    context.moveTo(0, at);
    context.lineTo(size, at);
    context.stroke();
  }
}

function drawMeans(context: CanvasRenderingContext2D, explored: ExploredModel, range: number, size: number): void {
  if (!explored.codes) return;
  context.font = '11px system-ui, sans-serif';
  context.textBaseline = 'middle';
  explored.codes.toRows().forEach(([mx, my], i) => {
    const [x, y] = toScreen([mx, my], range, size);
    context.fillStyle = '#e07000';
    context.strokeStyle = '#ffffff';
    context.lineWidth = 2;
    context.beginPath();
    context.arc(x, y, 5, 0, 2 * Math.PI);
    context.fill();
    context.stroke();
    const label = explored.image.labels[i];
    // Labels near the right edge go on the left of their dot, so they stay on the plane.
    const left = x + 8 + context.measureText(label).width > size;
    context.textAlign = left ? 'right' : 'left';
    const at = left ? x - 8 : x + 8;
    context.lineWidth = 3;
    context.strokeText(label, at, y);
    context.fillStyle = '#1b2230';
    context.fillText(label, at, y);
  });
}
