import fc from 'fast-check';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { nodePng } from '../../src/io/node-png.js';
import { pngjsPng } from '../../src/plot/png.js';

describe('nodePng', () => {
  it('writes the bytes pngjs writes with the same options, for any size and pixels', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 1, max: 30 }), fc.integer(), (width, height, seed) => {
        // Flat runs and noise, as pictures have both.
        const rgb = Uint8Array.from({ length: 3 * width * height }, (_, i) => ((i * 7 + seed) % 11 < 6 ? 200 : (i * 2654435761 + seed) >>> 24));
        expect(Buffer.from(nodePng(rgb, width, height)).equals(Buffer.from(pngjsPng(rgb, width, height)))).toBe(true);
      }),
      { numRuns: 200 },
    );
  });

  it('writes a PNG that decodes to its pixels', () => {
    const width = 300;
    const height = 7;
    const rgb = Uint8Array.from({ length: 3 * width * height }, (_, i) => (i * 31) % 256);
    const png = PNG.sync.read(Buffer.from(nodePng(rgb, width, height)));
    expect([png.width, png.height]).toEqual([width, height]);
    expect(Array.from({ length: width * height }, (_, p) => Array.from(png.data.subarray(4 * p, 4 * p + 3))).flat()).toEqual(Array.from(rgb));
  });
});
