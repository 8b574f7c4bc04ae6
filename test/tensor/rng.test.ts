import { describe, expect, it } from 'vitest';
import { Rng } from '../../src/tensor/rng.js';

describe('Rng', () => {
  it('repeats its stream for the same seed and differs for another', () => {
    const a = Array.from({ length: 5 }, ((r) => () => r.nextUint32())(new Rng(42)));
    const b = Array.from({ length: 5 }, ((r) => () => r.nextUint32())(new Rng(42)));
    const c = Array.from({ length: 5 }, ((r) => () => r.nextUint32())(new Rng(43)));
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
  });

  it('draws uniforms in [0, 1) with the right mean and normals with the right moments', () => {
    const rng = new Rng(1);
    const n = 100_000;
    let sum = 0;
    let min = 1;
    let max = 0;
    for (let i = 0; i < n; i++) {
      const u = rng.uniform();
      sum += u;
      min = Math.min(min, u);
      max = Math.max(max, u);
    }
    expect(sum / n).toBeCloseTo(0.5, 2);
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    let s1 = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const x = rng.normal(2, 3);
      s1 += x;
      s2 += x * x;
    }
    const mean = s1 / n;
    expect(mean).toBeCloseTo(2, 1);
    expect(Math.sqrt(s2 / n - mean * mean)).toBeCloseTo(3, 1);
  });

  it('shuffles into a permutation', () => {
    const order = new Rng(3).shuffle(Uint32Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(order).sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(Array.from(order)).not.toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('refuses a non-finite seed', () => {
    expect(() => new Rng(Number.NaN)).toThrow('seed must be a finite number');
  });
});

describe('Rng state', () => {
  /** Draws a mix of numbers, so a restored generator must match in words and in its spare normal. */
  const draws = (rng: Rng): number[] => [rng.nextUint32(), rng.uniform(), rng.normal(), rng.normal(), rng.normal(), rng.int(1000)];

  it('round-trips through JSON: the restored generator draws the same numbers, spare normal included', () => {
    const rng = new Rng(11);
    draws(rng); // three normals: the second of a pair stays cached
    const state = rng.getState();
    expect(state.spareNormal).not.toBeNull();
    const restored = Rng.fromState(JSON.parse(JSON.stringify(state)));
    expect(draws(restored)).toEqual(draws(rng));
    const other = new Rng(99);
    other.setState(restored.getState());
    expect(draws(other)).toEqual(draws(restored));
  });

  it('returns four uint32 words and a copy', () => {
    const rng = new Rng(5);
    for (let i = 0; i < 100; i++) {
      rng.nextUint32();
      for (const word of rng.getState().s) expect(word >= 0 && word <= 0xffffffff && Number.isInteger(word)).toBe(true);
    }
    const state = rng.getState();
    const before = JSON.stringify(state);
    rng.nextUint32();
    state.s[0] = 1;
    expect(JSON.stringify(rng.getState())).not.toBe(before);
    expect(rng.getState().s[0]).not.toBe(1);
  });

  it('the seed-0 generator restored from the state of seed 42 continues seed 42', () => {
    const a = new Rng(42);
    const b = new Rng(0);
    b.setState(a.getState());
    expect(Array.from({ length: 4 }, () => b.nextUint32())).toEqual(Array.from({ length: 4 }, () => a.nextUint32()));
  });

  it('refuses bad states, naming the field', () => {
    const good = new Rng(1).getState();
    const rng = new Rng(1);
    const bad = (change: Record<string, unknown>) => () => rng.setState({ ...good, ...change } as never);
    expect(bad({ s: [1, 2, 3] })).toThrow('rng state s must be an array of 4 uint32 words, got [1,2,3]');
    expect(bad({ s: [1, -1, 3, 4] })).toThrow('rng state s[1] must be a uint32 integer, got -1');
    expect(bad({ s: [1, 2, 2 ** 32, 4] })).toThrow('rng state s[2] must be a uint32 integer, got 4294967296');
    expect(bad({ s: [1, 2, 3, 0.5] })).toThrow('rng state s[3] must be a uint32 integer, got 0.5');
    expect(bad({ s: [0, 0, 0, 0] })).toThrow('rng state s must not be all zero');
    expect(bad({ spareNormal: Number.NaN })).toThrow('rng state spareNormal must be a finite number or null, got NaN');
    expect(bad({ spareNormal: undefined })).toThrow('rng state spareNormal must be a finite number or null, got undefined');
    expect(() => rng.setState(null as never)).toThrow('rng state must be an object');
    expect(rng.getState()).toEqual(good);
  });
});
