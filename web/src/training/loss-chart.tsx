import { useLayoutEffect, useRef } from 'preact/hooks';
import { prepareCanvas, ticks } from '../canvas.js';
import { palette } from '../palette.js';
import type { LossHistory } from './loss-history.js';

interface LossChartProps {
  /** What the chart shows ("Loss per epoch (log scale)"): its title on screen and the start of its one accessible label. */
  title: string;
  losses: LossHistory;
  /** More curves drawn under it on the same axes (the runs it is compared with), each in its colour. */
  others?: readonly { losses: LossHistory; colour: string }[];
  /** The planned number of epochs: the x axis grows towards it as the run goes. */
  epochs: number;
  width: number;
  height: number;
}

const PAD = { left: 44, right: 16, top: 8, bottom: 20 };

/** The loss per epoch on a log scale, redrawn as reports arrive. */
export function LossChart({ title, losses, others = [], epochs, width, height }: LossChartProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useLayoutEffect(() => {
    if (!canvas.current) return;
    const context = prepareCanvas(canvas.current, width, height);
    const curves = [...others, { losses, colour: palette().accent }];
    drawLosses(context, curves, axisEnd(Math.max(...curves.map((curve) => curve.losses.count)), epochs), width, height);
  });
  const { first, last } = losses;
  return (
    <>
      <p class="chart-title" aria-hidden="true">
        {title}
      </p>
      <canvas
        ref={canvas}
        class="loss-chart"
        role="img"
        aria-label={first === undefined || last === undefined ? `${title}: no training yet` : `${title}: from ${first.toPrecision(3)} to ${last.toPrecision(3)}`}
        data-first-loss={first}
        data-last-loss={last}
        data-epochs={losses.count}
        data-compared={others.length}
      />
    </>
  );
}

function drawLosses(context: CanvasRenderingContext2D, curves: readonly { losses: LossHistory; colour: string }[], epochs: number, width: number, height: number): void {
  const plotW = width - PAD.left - PAD.right;
  const plotH = height - PAD.top - PAD.bottom;
  const colours = palette();
  context.fillStyle = colours.plane;
  context.fillRect(PAD.left, PAD.top, plotW, plotH);
  context.font = '10px system-ui, sans-serif';
  context.fillStyle = colours.mutedText;
  context.strokeStyle = colours.gridLine;
  context.lineWidth = 1;
  const high = Math.max(...curves.map((curve) => curve.losses.high));
  const low = Math.min(...curves.map((curve) => curve.losses.low));
  const anyPositive = high > 0;
  const hi = anyPositive ? Math.log10(high) : 0;
  const lo = anyPositive ? Math.log10(low) : -1;
  const top = Math.ceil(hi + 1e-9);
  const bottom = Math.min(Math.floor(lo), top - 1);
  const x = (epoch: number) => PAD.left + (epoch / epochs) * plotW;
  const y = (loss: number) => PAD.top + ((top - Math.log10(loss)) / (top - bottom)) * plotH;

  context.textAlign = 'right';
  context.textBaseline = 'middle';
  // A label every `every` decades, so a curve over many of them (a divergence) keeps its labels apart.
  const every = Math.max(1, Math.ceil((top - bottom) / Math.max(1, Math.floor(plotH / 14))));
  for (let p = bottom; p <= top; p++) {
    const py = Math.round(y(10 ** p)) + 0.5;
    context.beginPath();
    context.moveTo(PAD.left, py);
    context.lineTo(PAD.left + plotW, py);
    context.stroke();
    if ((top - p) % every === 0) context.fillText(`1e${p}`, PAD.left - 4, py);
  }
  context.textAlign = 'center';
  context.textBaseline = 'top';
  for (const epoch of ticks(0, epochs, 4)) context.fillText(compact(epoch), x(epoch), PAD.top + plotH + 4);

  if (!anyPositive) return;
  context.lineWidth = 1.5;
  // One point per screen column is all a canvas this wide can show; a loss that is not finite (a divergence) leaves a gap.
  for (const { losses, colour } of curves) {
    context.strokeStyle = colour;
    context.beginPath();
    const stride = Math.max(1, Math.floor(losses.count / plotW));
    let drawing = false;
    for (let i = 0; i < losses.count; i += stride) {
      const loss = i + stride >= losses.count ? losses.last! : losses.at(i);
      if (!Number.isFinite(loss)) {
        drawing = false;
        continue;
      }
      const point = [x(i + stride >= losses.count ? losses.count : i + 1), y(Math.max(loss, 10 ** bottom))] as const;
      if (drawing) context.lineTo(...point);
      else context.moveTo(...point);
      drawing = true;
    }
    context.stroke();
  }
}

/** 1500 -> 1.5k, 2000000 -> 2M: tick labels that fit. */
function compact(value: number): string {
  if (value >= 1e6) return `${Number((value / 1e6).toPrecision(3))}M`;
  if (value >= 1e4) return `${Number((value / 1e3).toPrecision(3))}k`;
  return String(value);
}

/** The x axis ends at the planned epochs, or sooner while the run is far from them: a round number past the epochs done. */
function axisEnd(done: number, planned: number): number {
  if (done === 0) return Math.max(planned, 1);
  const target = done * 1.25;
  const power = 10 ** Math.floor(Math.log10(target));
  const round = [1, 2, 5, 10].map((m) => m * power).find((v) => v >= target)!;
  return Math.max(done, Math.min(planned, round));
}
