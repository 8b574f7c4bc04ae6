import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { roundStep } from '../../src/plot/round-step.js';

describe('roundStep', () => {
  it('cuts a span at round steps: 1, 2 or 5 times a power of ten', () => {
    expect(roundStep(299, 5)).toBe(100);
    expect(roundStep(0.35, 5)).toBe(0.1);
    expect(roundStep(19299, 5)).toBe(5000);
    expect(roundStep(4, 5)).toBe(1);
    // The latent plane's grid: 3 to 7 lines a side (a range of 14 gives 7 at step 2, of 15 gives 3 at step 5).
    expect(roundStep(14, 7.5)).toBe(2);
    expect(roundStep(15.1, 7.5)).toBe(5);
    expect(roundStep(3.1, 7.5)).toBe(0.5);
  });

  it('is the smallest round step that cuts the span into at most the parts asked for', () => {
    const roundSteps = (from: number) => Array.from({ length: 30 }, (_, i) => [1, 2, 5][i % 3] * 10 ** (from + Math.floor(i / 3)));
    fc.assert(
      fc.property(fc.double({ min: 1e-6, max: 1e9, noNaN: true }), fc.double({ min: 1, max: 20, noNaN: true }), (span, parts) => {
        const step = roundStep(span, parts);
        const candidates = roundSteps(Math.floor(Math.log10(span / parts)) - 2);
        const smallest = candidates.find((s) => span / s <= parts);
        expect(step).toBe(smallest);
        expect(span / step).toBeLessThanOrEqual(parts);
      }),
      { numRuns: 1000 },
    );
  });

  it('refuses a span or a number of parts that is not positive', () => {
    expect(() => roundStep(0, 5)).toThrow('a round step needs a positive finite span and number of parts, got 0 and 5');
    expect(() => roundStep(10, Number.NaN)).toThrow('got 10 and NaN');
  });
});
