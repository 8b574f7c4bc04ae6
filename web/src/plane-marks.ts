import type { RefObject } from 'preact';
import { useState } from 'preact/hooks';
import type { Point } from './font/plane-geometry.js';
import type { ExploredModel } from './training/explored-model.js';
import { usePlanePointer } from './use-plane-pointer.js';

/**
 * What the latent planes (the font view's and the VAE's) mark and hear from the pointer, shared: the
 * pinned point, the point under the pointer, an interpolation between two ends, and the gestures
 * that set them (a click or tap pins, a drag from one end to another interpolates).
 */

/** An end of an interpolation: a point of the plane, named after the training image whose code it snapped to, if any. */
export interface PlaneEnd {
  point: Point;
  label: string | null;
}

export interface Interpolation {
  from: PlaneEnd;
  to: PlaneEnd;
}

/** A plane's marks, and what it reports. */
export interface PlaneMarks {
  pinned: Point | null;
  hover: Point | null;
  interpolation: Interpolation | null;
  onHover(point: Point | null): void;
  onPin(point: Point): void;
  onInterpolate(from: PlaneEnd, to: PlaneEnd): void;
}

/** The marks of a view's plane as state (pinned at `pin` at first), and clearing them (Escape, a new run). */
export function usePlaneMarks(pin: Point | null = null) {
  const [pinned, setPinned] = useState<Point | null>(pin);
  const [hover, setHover] = useState<Point | null>(null);
  const [interpolation, setInterpolation] = useState<Interpolation | null>(null);
  const marks: PlaneMarks = { pinned, hover, interpolation, onHover: setHover, onPin: setPinned, onInterpolate: (from, to) => setInterpolation({ from, to }) };
  const clear = () => {
    setPinned(null);
    setInterpolation(null);
  };
  return { marks, setPinned, setInterpolation, clear };
}

/** A plane with nothing marked that ignores the pointer: a past run's, shown beside the current one to compare. */
export const STILL_MARKS: PlaneMarks = { pinned: null, hover: null, interpolation: null, onHover: () => undefined, onPin: () => undefined, onInterpolate: () => undefined };

/** Screen pixels within which a click or a drag end snaps to a training image's code. */
const SNAP = 12;

/** How a plane maps its points to the canvas (CSS pixels from the top-left corner) and back. */
export interface PlaneMapping {
  toScreen(point: Point): Point;
  toLatent(screen: Point): Point;
}

/**
 * The pointer gestures of a plane (see use-plane-pointer.ts): hover reports the point, a click or tap
 * pins it, a drag interpolates between its ends, a pinch zooms (`onPinch`, when the plane zooms).
 * An end within SNAP pixels of a training image's code snaps to it. Returns the canvas's handlers
 * and the drag under way (to draw its line).
 */
export function usePlaneGestures(canvas: RefObject<HTMLCanvasElement | null>, explored: ExploredModel, marks: PlaneMarks, mapping: PlaneMapping, onPinch?: (factor: number, about: Point) => void) {
  const [drag, setDrag] = useState<{ from: PlaneEnd; to: Point } | null>(null);
  const { toScreen, toLatent } = mapping;
  const snapped = (screen: Point): PlaneEnd => {
    const { codes } = explored;
    if (codes) {
      for (let i = 0; i < codes.rows; i++) {
        const [x, y] = toScreen([codes.get(i, 0), codes.get(i, 1)]);
        if (Math.hypot(x - screen[0], y - screen[1]) <= SNAP) return { point: [codes.get(i, 0), codes.get(i, 1)], label: explored.image.labels[i] ?? null };
      }
    }
    return { point: toLatent(screen), label: null };
  };
  const handlers = usePlanePointer(canvas, {
    onHover: (screen) => marks.onHover(screen && toLatent(screen)),
    onDragStart: (screen) => setDrag({ from: snapped(screen), to: toLatent(screen) }),
    onDragMove: (screen) => setDrag((current) => current && { ...current, to: toLatent(screen) }),
    onDragEnd: (screen, moved) => {
      const from = drag?.from ?? snapped(screen);
      setDrag(null);
      if (moved) marks.onInterpolate(from, snapped(screen));
      else marks.onPin(from.point);
    },
    onDragCancel: () => setDrag(null),
    onPinch: onPinch && ((factor, about) => onPinch(factor, toLatent(about))),
  });
  return { drag, handlers };
}
