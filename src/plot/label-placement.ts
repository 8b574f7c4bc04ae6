/** A point's label to place: the point (pixels) and the label's text size. */
export interface LabelToPlace {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where a label goes: the top-left corner of its text box. */
export interface LabelSpot {
  left: number;
  top: number;
}

interface Box {
  left: number;
  top: number;
  right: number;
  bottom: number;
}

/** The spots tried around a point, in order of preference: right, left, then the four corners, then above and below. */
const SPOTS: ReadonlyArray<(label: LabelToPlace, gap: number) => LabelSpot> = [
  (l, g) => ({ left: l.x + g, top: l.y - l.height / 2 }),
  (l, g) => ({ left: l.x - g - l.width, top: l.y - l.height / 2 }),
  (l, g) => ({ left: l.x + g / 2, top: l.y - g / 2 - l.height }),
  (l, g) => ({ left: l.x + g / 2, top: l.y + g / 2 }),
  (l, g) => ({ left: l.x - g / 2 - l.width, top: l.y - g / 2 - l.height }),
  (l, g) => ({ left: l.x - g / 2 - l.width, top: l.y + g / 2 }),
  (l, g) => ({ left: l.x - l.width / 2, top: l.y - g - l.height }),
  (l, g) => ({ left: l.x - l.width / 2, top: l.y + g }),
];

function overlap(a: Box, b: Box): number {
  const width = Math.min(a.right, b.right) - Math.max(a.left, b.left);
  const height = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
  return width > 0 && height > 0 ? width * height : 0;
}

/** A coordinate moved into 0..most (0 when the label is larger than the plane). */
const clamp = (value: number, most: number) => Math.max(0, Math.min(value, most));

/** Boxes filed by the square cells of CELL pixels they touch, so a box meets only its neighbours (thousands of points stay quick). */
const CELL = 32;
class BoxIndex {
  private readonly cells = new Map<number, Box[]>();

  add(box: Box): void {
    for (const key of this.keys(box)) {
      const cell = this.cells.get(key);
      if (cell) cell.push(box);
      else this.cells.set(key, [box]);
    }
  }

  /** The area of `box` that the filed boxes cover (each counted once). */
  covered(box: Box): number {
    const met = new Set<Box>();
    for (const key of this.keys(box)) for (const other of this.cells.get(key) ?? []) met.add(other);
    let area = 0;
    for (const other of met) area += overlap(box, other);
    return area;
  }

  private keys(box: Box): number[] {
    const keys: number[] = [];
    for (let i = Math.floor(box.left / CELL); i <= Math.floor(box.right / CELL); i++) {
      for (let j = Math.floor(box.top / CELL); j <= Math.floor(box.bottom / CELL); j++) keys.push(i * 1e6 + j);
    }
    return keys;
  }
}

/**
 * Labels beside their points on a plane of `area` pixels, greedily in the order given: each takes
 * the first spot around its point that covers no label placed before it and no point's mark (a square
 * of `markRadius` around every point; `gap` is at least twice that); when every spot covers
 * something, the one that covers least. A spot that would cross the plane's edge is moved inside.
 */
export function placeLabels(labels: readonly LabelToPlace[], area: { width: number; height: number }, gap: number, markRadius: number): LabelSpot[] {
  const taken = new BoxIndex();
  for (const { x, y } of labels) taken.add({ left: x - markRadius, top: y - markRadius, right: x + markRadius, bottom: y + markRadius });
  return labels.map((label) => {
    let best: Box | null = null;
    let bestCost = Infinity;
    for (const spot of SPOTS) {
      const near = spot(label, gap);
      const left = clamp(near.left, area.width - label.width);
      const top = clamp(near.top, area.height - label.height);
      const box = { left, top, right: left + label.width, bottom: top + label.height };
      const cost = taken.covered(box);
      if (cost < bestCost) {
        best = box;
        bestCost = cost;
        if (cost === 0) break;
      }
    }
    taken.add(best!);
    return { left: best!.left, top: best!.top };
  });
}
