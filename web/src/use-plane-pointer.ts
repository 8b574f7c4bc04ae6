import type { RefObject } from 'preact';
import { useRef } from 'preact/hooks';

type Point = [number, number];

/** What a plane does with a pointer: the points are in CSS pixels from the canvas's top-left corner. */
export interface PlanePointerActions {
  /** A mouse or pen over the plane (null: it left); a finger does not hover. */
  onHover(screen: Point | null): void;
  /** A press (mouse button, pen or one finger) starts: a tap or a drag, not known yet. */
  onDragStart(screen: Point): void;
  /** The press moved far enough to be a drag, and goes on moving. */
  onDragMove(screen: Point): void;
  /** The press ended: `moved` false for a click or tap. */
  onDragEnd(screen: Point, moved: boolean): void;
  /** The press became a pinch (a second finger) or was cancelled. */
  onDragCancel(): void;
  /** Two fingers pinching: the view scaled by `factor` (below 1 zooms in) about a point that stays put. */
  onPinch?(factor: number, about: Point): void;
}

/** A press that moves less than this (CSS pixels; a finger gets more room) is a click or a tap, not a drag. */
const DRAG_MIN = { mouse: 5, touch: 10 };

/**
 * Pointer handling shared by the latent planes, for mouse, pen and touch alike: hover, click or tap
 * (pin), drag (interpolate), and a two-finger pinch (zoom). Returns the canvas's event handlers.
 */
export function usePlanePointer(canvas: RefObject<HTMLCanvasElement | null>, actions: PlanePointerActions) {
  const press = useRef<{ id: number; start: Point; moved: boolean; slack: number } | null>(null);
  const fingers = useRef(new Map<number, Point>());
  const spread = useRef<number | null>(null);

  const at = (event: PointerEvent): Point => {
    const box = canvas.current!.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  };
  const pinchState = (): { distance: number; middle: Point } => {
    const [a, b] = [...fingers.current.values()];
    return { distance: Math.hypot(a[0] - b[0], a[1] - b[1]), middle: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2] };
  };
  const release = (event: PointerEvent, cancelled: boolean) => {
    fingers.current.delete(event.pointerId);
    if (fingers.current.size < 2) spread.current = null;
    const current = press.current;
    if (!current || current.id !== event.pointerId) return;
    press.current = null;
    if (cancelled) actions.onDragCancel();
    else actions.onDragEnd(at(event), current.moved);
  };

  return {
    onPointerDown(event: PointerEvent) {
      if (event.button !== 0) return;
      const screen = at(event);
      if (event.pointerType === 'touch') fingers.current.set(event.pointerId, screen);
      if (fingers.current.size === 2) {
        // A second finger: the press is a pinch now, not a tap or a drag.
        if (press.current) actions.onDragCancel();
        press.current = null;
        spread.current = pinchState().distance;
        return;
      }
      canvas.current!.setPointerCapture(event.pointerId);
      canvas.current!.focus({ preventScroll: true });
      press.current = { id: event.pointerId, start: screen, moved: false, slack: event.pointerType === 'touch' ? DRAG_MIN.touch : DRAG_MIN.mouse };
      actions.onDragStart(screen);
    },
    onPointerMove(event: PointerEvent) {
      const screen = at(event);
      if (fingers.current.has(event.pointerId)) {
        fingers.current.set(event.pointerId, screen);
        if (fingers.current.size === 2 && spread.current !== null) {
          const { distance, middle } = pinchState();
          if (distance > 0) actions.onPinch?.(spread.current / distance, middle);
          spread.current = distance;
          return;
        }
      }
      if (event.pointerType !== 'touch') actions.onHover(screen);
      const current = press.current;
      if (!current || current.id !== event.pointerId) return;
      if (!current.moved && Math.hypot(screen[0] - current.start[0], screen[1] - current.start[1]) >= current.slack) current.moved = true;
      if (current.moved) actions.onDragMove(screen);
    },
    onPointerUp: (event: PointerEvent) => release(event, false),
    onPointerCancel: (event: PointerEvent) => release(event, true),
    onPointerLeave(event: PointerEvent) {
      if (event.pointerType !== 'touch') actions.onHover(null);
    },
  };
}
