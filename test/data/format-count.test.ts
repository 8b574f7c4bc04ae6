import { describe, expect, it } from 'vitest';
import { formatCount } from '../../src/data/format-count.js';

describe('formatCount', () => {
  it('groups the digits of a whole number by thousands, as en-US does', () => {
    for (const n of [0, 7, 999, 1000, 1120, 65536, 1203899, 2 ** 53, -4500, 1e21, 12.4, 12.5, 999999.7]) {
      expect(formatCount(n), String(n)).toBe(n.toLocaleString('en-US', { maximumFractionDigits: 0 }));
    }
  });

  it('writes what is not a number as it is', () => {
    expect(formatCount(Number.NaN)).toBe('NaN');
    expect(formatCount(Infinity)).toBe('Infinity');
  });
});
