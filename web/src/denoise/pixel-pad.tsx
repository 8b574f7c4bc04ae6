import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { drawCells, prepareCanvas } from '../canvas.js';

interface PixelPadProps {
  /** The pixels drawn, 0 or 1, row by row. */
  values: number[];
  /** The clean glyph: pixels that differ from it are framed. */
  clean: ArrayLike<number>;
  width: number;
  height: number;
  cell: number;
  onChange(values: number[]): void;
}

/**
 * A pixel pad: click a pixel to flip it, drag to paint (with the value the first pixel flipped to);
 * arrow keys move a cursor and Enter flips the pixel under it. Pixels that differ from the clean
 * glyph are framed in orange.
 */
export function PixelPad({ values, clean, width, height, cell, onChange }: PixelPadProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [paint, setPaint] = useState<number | null>(null);
  const [cursor, setCursor] = useState<number | null>(null);
  const [focused, setFocused] = useState(false);

  useLayoutEffect(() => {
    if (!canvas.current) return;
    const context = prepareCanvas(canvas.current, width * cell, height * cell);
    drawCells(context, values, { width, height }, 0, 0, cell, { binary: true });
    context.lineWidth = 3;
    context.strokeStyle = '#e85d04';
    values.forEach((value, i) => {
      if (value !== clean[i]) context.strokeRect((i % width) * cell + 3, Math.floor(i / width) * cell + 3, cell - 6, cell - 6);
    });
    context.strokeStyle = 'rgba(120, 130, 150, 0.5)';
    context.lineWidth = 1;
    for (let x = 1; x < width; x++) line(context, x * cell + 0.5, 0, x * cell + 0.5, height * cell);
    for (let y = 1; y < height; y++) line(context, 0, y * cell + 0.5, width * cell, y * cell + 0.5);
    if (cursor !== null && focused) {
      context.strokeStyle = '#2a6fdb';
      context.lineWidth = 3;
      context.strokeRect((cursor % width) * cell + 1.5, Math.floor(cursor / width) * cell + 1.5, cell - 3, cell - 3);
    }
  });

  const cellAt = (event: PointerEvent): number | null => {
    const box = canvas.current!.getBoundingClientRect();
    const x = Math.floor((event.clientX - box.left - canvas.current!.clientLeft) / cell);
    const y = Math.floor((event.clientY - box.top - canvas.current!.clientTop) / cell);
    return x >= 0 && x < width && y >= 0 && y < height ? y * width + x : null;
  };
  const set = (i: number, value: number) => {
    if (values[i] === value) return;
    const next = values.slice();
    next[i] = value;
    onChange(next);
  };
  const onPointerDown = (event: PointerEvent) => {
    const i = cellAt(event);
    if (i === null || event.button !== 0) return;
    canvas.current!.setPointerCapture(event.pointerId);
    const value = 1 - values[i];
    setPaint(value);
    setCursor(i);
    set(i, value);
  };
  const onPointerMove = (event: PointerEvent) => {
    const i = cellAt(event);
    if (paint !== null && i !== null) set(i, paint);
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const at = cursor ?? 0;
    const moves: Record<string, number> = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -width, ArrowDown: width };
    if (event.key in moves) {
      event.preventDefault();
      const next = at + moves[event.key];
      const sameRow = Math.abs(moves[event.key]) !== 1 || Math.floor(next / width) === Math.floor(at / width);
      setCursor(next >= 0 && next < width * height && sameRow ? next : at);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      setCursor(at);
      set(at, 1 - values[at]);
    }
  };

  return (
    <canvas
      ref={canvas}
      class="pad"
      tabIndex={0}
      role="application"
      aria-roledescription="pixel pad"
      aria-label="pixel pad: click or drag to flip pixels; arrow keys move, Enter flips"
      data-bits={values.join('')}
      onPointerDown={onPointerDown}
      onPointerMove={onPointerMove}
      onPointerUp={() => setPaint(null)}
      onKeyDown={onKeyDown}
      onFocus={() => {
        setFocused(true);
        setCursor((at) => at ?? 0);
      }}
      onBlur={() => setFocused(false)}
    />
  );
}

function line(context: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  context.beginPath();
  context.moveTo(x0, y0);
  context.lineTo(x1, y1);
  context.stroke();
}
