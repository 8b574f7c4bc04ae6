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
