import { Canvas, type Rgb } from './canvas.js';

/** One curve of a loss picture: its name (the legend) and its value at every epoch. */
export interface LossLine {
  name: string;
  values: ArrayLike<number>;
}

const WIDTH = 640;
const HEIGHT = 360;
const MARGIN = { left: 70, right: 20, top: 30, bottom: 40 };
const COLORS: Rgb[] = [[31, 119, 180], [214, 39, 40], [44, 160, 44]];
const AXIS: Rgb = [60, 60, 60];
const GRID: Rgb = [225, 225, 225];

/** A number for an axis label: 0.0123 -> "1.23e-2", 12.5 -> "12.5". */
const tick = (v: number): string => (v !== 0 && (Math.abs(v) < 0.01 || Math.abs(v) >= 1e4) ? v.toExponential(1) : String(Number(v.toPrecision(3))));

/**
 * The loss curves of one run as a PNG (drawn here, no chart library, so `train` stays quick): epochs
 * across, the loss up on a log scale when every value is positive and they span more than a
 * decade (else linear), with a grid, axis labels and a legend.
 */
export function renderLossCurve(lines: LossLine[], title: string): Uint8Array {
  const canvas = new Canvas(WIDTH, HEIGHT, [255, 255, 255]);
  const finite = lines.flatMap((line) => Array.from(line.values).filter(Number.isFinite));
  const epochs = Math.max(1, ...lines.map((line) => line.values.length));
  const low = finite.length ? Math.min(...finite) : 0;
  const high = finite.length ? Math.max(...finite) : 1;
  const log = low > 0 && high / low > 10;
  const scale = (v: number) => (log ? Math.log10(v) : v);
  const [bottom, top] = low === high ? [scale(low) - 1, scale(high) + 1] : [scale(low), scale(high)];
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const x = (epoch: number) => MARGIN.left + (plotWidth * (epoch - 1)) / Math.max(1, epochs - 1);
  const y = (v: number) => MARGIN.top + plotHeight * (1 - (scale(v) - bottom) / (top - bottom));
  for (let i = 0; i <= 4; i++) {
    const level = bottom + ((top - bottom) * i) / 4;
    const py = MARGIN.top + plotHeight * (1 - i / 4);
    canvas.line(MARGIN.left, py, WIDTH - MARGIN.right, py, GRID);
    canvas.text(tick(log ? 10 ** level : level), 4, py - 3, 1, AXIS);
    const epoch = Math.round(1 + ((epochs - 1) * i) / 4);
    canvas.text(String(epoch), x(epoch) - 6, HEIGHT - MARGIN.bottom + 8, 1, AXIS);
  }
  canvas.line(MARGIN.left, MARGIN.top, MARGIN.left, HEIGHT - MARGIN.bottom, AXIS);
  canvas.line(MARGIN.left, HEIGHT - MARGIN.bottom, WIDTH - MARGIN.right, HEIGHT - MARGIN.bottom, AXIS);
  canvas.text(`${title}${log ? ' (log scale)' : ''}`, MARGIN.left, 8, 2, AXIS);
  canvas.text('epoch', WIDTH / 2 - 15, HEIGHT - 16, 2, AXIS);
  // At most one point per pixel column: the curve of a million epochs draws as fast as one of a thousand.
  const stride = Math.max(1, Math.floor(epochs / plotWidth));
  lines.forEach((line, l) => {
    const color = COLORS[l % COLORS.length];
    let previous: [number, number] | undefined;
    const count = line.values.length;
    const shown = Array.from({ length: Math.ceil(count / stride) }, (_, i) => i * stride);
    if (count > 0 && shown.at(-1) !== count - 1) shown.push(count - 1);
    for (const e of shown) {
      const v = line.values[e];
      if (!Number.isFinite(v) || (log && v <= 0)) {
        previous = undefined;
        continue;
      }
      const point: [number, number] = [x(e + 1), y(v)];
      if (previous) canvas.line(previous[0], previous[1], point[0], point[1], color);
      previous = point;
    }
    canvas.fillRect(WIDTH - MARGIN.right - 150, MARGIN.top + 6 + 14 * l, 14, 4, color);
    canvas.text(line.name, WIDTH - MARGIN.right - 130, MARGIN.top + 3 + 14 * l, 1, AXIS);
  });
  return canvas.toPng();
}
