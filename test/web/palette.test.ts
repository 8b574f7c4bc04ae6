import { describe, expect, it } from 'vitest';
import { contrast, DARK, LIGHT } from '../../web/src/palette.js';

const hex = ([r, g, b]: readonly number[]) => `#${[r, g, b].map((c) => c.toString(16).padStart(2, '0')).join('')}`;

describe('the canvases\' colours', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 10);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
    expect(() => contrast('red', '#ffffff')).toThrow('expected a colour as #rrggbb, got "red"');
  });

  it('draws every text on the plane and the charts at 4.5:1 or more, in light and dark mode', () => {
    for (const palette of [LIGHT, DARK]) {
      const background = palette.plane;
      for (const text of [palette.mutedText, hex(palette.ink), palette.oneWrong, palette.manyWrong]) {
        expect({ text, background, ratio: contrast(text, background) >= 4.5 }).toEqual({ text, background, ratio: true });
      }
    }
  });

  it('draws marks and lines (means, ellipses, the prior, the interpolation) at 3:1 or more, as WCAG asks of graphics', () => {
    for (const palette of [LIGHT, DARK]) {
      for (const mark of [palette.posterior, palette.prior, palette.accent]) {
        expect({ mark, ratio: contrast(mark, palette.plane) >= 3 }).toEqual({ mark, ratio: true });
      }
    }
  });
});
