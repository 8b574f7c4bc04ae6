import { Canvas, type Rgb } from './canvas.js';
import { roundStep } from './round-step.js';

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

/** A number for an axis label: 0.002 -> "2e-3", 12.5 -> "12.5", 30000 -> "3e+4". */
const tick = (v: number): string => {
  const round = Number(v.toPrecision(3));
  return round !== 0 && (Math.abs(round) < 0.01 || Math.abs(round) >= 1e4) ? round.toExponential() : String(round);
};

/**
 * The value axis: its ends (in drawing units: log10 of the value on a log scale) and the round
 * values to label. Log scale: whole decades at the ends, a tick at each decade (and at 2 and 5
 * times it when the curve spans at most two decades). Linear: the ends on a round step. One value
 * alone is drawn in the middle of [0, 2 x value] (or of value +- 1 when it is not positive).
 */
export function valueAxis(low: number, high: number): { log: boolean; ends: [number, number]; ticks: number[] } {
  if (low > 0 && high / low > 10) {
    const ends: [number, number] = [Math.floor(Math.log10(low)), Math.ceil(Math.log10(high)) + 0]; // + 0: no -0
    const multiples = ends[1] - ends[0] <= 2 ? [1, 2, 5] : [1];
    const ticks = Array.from({ length: ends[1] - ends[0] + 1 }, (_, i) => ends[0] + i)
      .flatMap((decade) => multiples.map((m) => Number((m * 10 ** decade).toPrecision(12))))
      .filter((v) => Math.log10(v) <= ends[1]);
    return { log: true, ends, ticks };
  }
  const [from, to] = low < high ? [low, high] : low > 0 ? [0, 2 * low] : [low - 1, high + 1];
  const step = roundStep(to - from, 5);
  const ends: [number, number] = [Math.floor(from / step) * step, Math.ceil(to / step) * step + 0];
  const ticks = Array.from({ length: Math.round((ends[1] - ends[0]) / step) + 1 }, (_, i) => Number((ends[0] + i * step).toPrecision(12)));
  return { log: false, ends, ticks };
}

/**
 * The loss curves of one run as a PNG (drawn here, no chart library, so `train` stays quick): epochs
 * across, the loss up on a log scale when every value is positive and they span more than a
 * decade (else linear), both axes labelled at round values, with a grid and a legend. The text is
 * upper case: the 5x7 font's lower-case p and q have no descender and read as capitals.
 */
export function renderLossCurve(lines: LossLine[], title: string): Uint8Array {
  const canvas = new Canvas(WIDTH, HEIGHT, [255, 255, 255]);
  const finite = lines.flatMap((line) => Array.from(line.values).filter(Number.isFinite));
  const epochs = Math.max(1, ...lines.map((line) => line.values.length));
  const low = finite.length ? Math.min(...finite) : 0;
  const high = finite.length ? Math.max(...finite) : 1;
  const axis = valueAxis(low, high);
  const scale = (v: number) => (axis.log ? Math.log10(v) : v);
  const [bottom, top] = axis.ends;
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  // One epoch alone is drawn in the middle.
  const x = (epoch: number) => MARGIN.left + (epochs === 1 ? plotWidth / 2 : (plotWidth * (epoch - 1)) / (epochs - 1));
  const y = (v: number) => MARGIN.top + plotHeight * (1 - (scale(v) - bottom) / (top - bottom));
  for (const value of axis.ticks) {
    const py = Math.round(y(value));
    canvas.line(MARGIN.left, py, WIDTH - MARGIN.right, py, GRID);
    const label = tick(value).toUpperCase();
    canvas.text(label, MARGIN.left - 6 - 6 * label.length, py - 3, 1, AXIS);
  }
  // The first epoch, then round epochs far enough from it that the labels do not touch.
  const epochStep = Math.max(1, roundStep(Math.max(1, epochs - 1), 5));
  const epochTicks = [1];
  for (let epoch = epochStep; epoch <= epochs; epoch += epochStep) if (x(epoch) - x(1) > 30) epochTicks.push(epoch);
  for (const epoch of epochTicks) canvas.text(String(epoch), x(epoch) - 3 * String(epoch).length, HEIGHT - MARGIN.bottom + 8, 1, AXIS);
  canvas.line(MARGIN.left, MARGIN.top, MARGIN.left, HEIGHT - MARGIN.bottom, AXIS);
  canvas.line(MARGIN.left, HEIGHT - MARGIN.bottom, WIDTH - MARGIN.right, HEIGHT - MARGIN.bottom, AXIS);
  canvas.text(`${title}${axis.log ? ' (log scale)' : ''}`.toUpperCase(), MARGIN.left, 8, 2, AXIS);
  canvas.text('EPOCH', WIDTH / 2 - 30, HEIGHT - 16, 2, AXIS);
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
      if (!Number.isFinite(v) || (axis.log && v <= 0)) {
        previous = undefined;
        continue;
      }
      const point: [number, number] = [x(e + 1), y(v)];
      if (previous) canvas.line(previous[0], previous[1], point[0], point[1], color);
      else if (count === 1) canvas.fillRect(point[0] - 2, point[1] - 2, 5, 5, color);
      previous = point;
    }
    canvas.fillRect(WIDTH - MARGIN.right - 150, MARGIN.top + 6 + 14 * l, 14, 4, color);
    canvas.text(line.name.toUpperCase(), WIDTH - MARGIN.right - 130, MARGIN.top + 3 + 14 * l, 1, AXIS);
  });
  return canvas.toPng();
}
