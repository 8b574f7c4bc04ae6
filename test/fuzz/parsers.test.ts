import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parsers, tryParser } from './parsers.js';

/** Every parser of outside input, 1,000 inputs each: a clean error or a consistent result, never a crash. */
describe('parsers of outside input never crash and accept only what is consistent', () => {
  for (const parser of parsers) {
    it(`${parser.name}: 1,000 inputs`, () => {
      const seen: Record<string, number> = {};
      fc.assert(
        fc.property(parser.inputs, (input) => {
          const { outcome, detail } = tryParser(parser, input);
          seen[outcome] = (seen[outcome] ?? 0) + 1;
          expect([outcome, detail]).not.toEqual(expect.arrayContaining(['crash']));
          expect([outcome, detail]).not.toEqual(expect.arrayContaining(['accepted-but-inconsistent']));
        }),
        { numRuns: 1000, seed: 11 },
      );
      // The inputs reach both sides: some refused, and (but for random text) some accepted.
      expect(seen['clean error']).toBeGreaterThan(0);
    }, 120_000);
  }
});
