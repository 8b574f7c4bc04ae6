import { describe, expect, it } from 'vitest';
import { placeLabels } from '../../src/plot/label-placement.js';

const area = { width: 200, height: 100 };
const box = (x: number, y: number, width = 40, height = 10) => ({ x, y, width, height });

describe('placeLabels', () => {
  it('puts a lone label right of its point, centred on it', () => {
    expect(placeLabels([box(50, 50)], area, 8, 4)).toEqual([{ left: 58, top: 45 }]);
  });

  it('puts a label near the right edge on the left of its point', () => {
    expect(placeLabels([box(190, 50)], area, 8, 4)).toEqual([{ left: 142, top: 45 }]);
  });

  it('moves a second label off the first when their points are close', () => {
    // Both points 4 pixels apart vertically: the second cannot go right (it would cover the first label).
    const [first, second] = placeLabels([box(50, 50), box(50, 54)], area, 8, 4);
    expect(first).toEqual({ left: 58, top: 45 });
    expect(second).toEqual({ left: 2, top: 49 });
  });

  it("keeps labels off other points' marks", () => {
    // A point 20 pixels right of the first: the right spot would cover its mark.
    const [first] = placeLabels([box(50, 50), box(70, 50, 10)], area, 8, 4);
    expect(first.left + 40 <= 66 || first.top + 10 <= 46 || first.top >= 54).toBe(true);
  });

  it('gives eight labels of one point eight different spots, then the least-covering one', () => {
    const spots = placeLabels(Array.from({ length: 9 }, () => box(100, 50)), area, 8, 4);
    expect(new Set(spots.slice(0, 8).map((s) => `${s.left},${s.top}`)).size).toBe(8);
    expect(spots.slice(0, 8)).toContainEqual(spots[8]);
  });

  it('moves a spot that would cross the edge inside the plane', () => {
    // A point in the top-left corner: its right spot would start 3 pixels above the plane.
    expect(placeLabels([box(2, 2)], area, 8, 4)).toEqual([{ left: 10, top: 0 }]);
    // A label wider than the plane starts at its left edge.
    expect(placeLabels([box(100, 50, 300)], area, 8, 4)[0].left).toBe(0);
  });

  it('places thousands of labels, each spot one of the eight around its point', () => {
    const points = Array.from({ length: 3000 }, (_, i) => box((i * 37) % 1000, (i * 53) % 1000, 20, 10));
    const spots = placeLabels(points, { width: 1000, height: 1000 }, 8, 4);
    expect(spots).toHaveLength(3000);
    for (const [i, spot] of spots.entries()) {
      expect(Math.abs(spot.left - points[i].x)).toBeLessThanOrEqual(28);
      expect(Math.abs(spot.top - points[i].y)).toBeLessThanOrEqual(18);
    }
  });
});

