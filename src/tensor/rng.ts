/**
 * A generator's complete state, JSON-safe: the four xoshiro128** words (uint32) and the second
 * normal of the last Box-Muller pair, kept for the next normal() (null when there is none).
 */
export interface RngState {
  s: [number, number, number, number];
  spareNormal: number | null;
}

/**
 * Seeded pseudo-random numbers (xoshiro128**, seeded through splitmix32).
 * The only source of randomness in latentlab: same seed, same numbers, in Node and in browsers.
 */
export class Rng {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private spareNormal: number | null = null;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
    let x = Math.trunc(seed) >>> 0;
    const next = (): number => {
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.s0 = next();
    this.s1 = next();
    this.s2 = next();
    this.s3 = next();
  }

  /** A generator that continues from a saved state (see getState). */
  static fromState(state: RngState): Rng {
    const rng = new Rng(0);
    rng.setState(state);
    return rng;
  }

  /** A copy of the state: setState(getState()) later draws the same numbers from there on. */
  getState(): RngState {
    return { s: [this.s0 >>> 0, this.s1 >>> 0, this.s2 >>> 0, this.s3 >>> 0], spareNormal: this.spareNormal };
  }

  /** Continues from a saved state; checks it first and throws a RangeError naming the bad field. */
  setState(state: RngState): void {
    checkRngState(state);
    [this.s0, this.s1, this.s2, this.s3] = state.s;
    this.spareNormal = state.spareNormal;
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (this.s1 << 9) >>> 0;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1), with 53 random bits. */
  uniform(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** Uniform in [low, high). */
  between(low: number, high: number): number {
    return low + (high - low) * this.uniform();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.uniform() * n);
  }

  /** Normally distributed with the given mean and standard deviation (Box-Muller). */
  normal(mean = 0, std = 1): number {
    if (this.spareNormal !== null) {
      const spare = this.spareNormal;
      this.spareNormal = null;
      return mean + std * spare;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const radius = Math.sqrt(-2 * Math.log(u));
    const angle = 2 * Math.PI * this.uniform();
    this.spareNormal = radius * Math.sin(angle);
    return mean + std * radius * Math.cos(angle);
  }

  /** Shuffles in place (Fisher-Yates) and returns the same array. */
  shuffle<T extends { length: number; [i: number]: unknown }>(items: T): T {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = items[i];
      items[i] = items[j];
      items[j] = tmp;
    }
    return items;
  }

  /** A new generator whose stream is independent of this one's future draws. */
  fork(): Rng {
    return new Rng(this.nextUint32());
  }
}

/** Checks a saved state: four uint32 words, not all zero (xoshiro would draw only zeros), and a finite spare normal or null. */
export function checkRngState(state: RngState): void {
  if (typeof state !== 'object' || state === null) throw new RangeError(`rng state must be an object with s and spareNormal, got ${state}`);
  const { s, spareNormal } = state;
  if (!Array.isArray(s) || s.length !== 4) throw new RangeError(`rng state s must be an array of 4 uint32 words, got ${JSON.stringify(s)}`);
  s.forEach((word, i) => {
    if (!Number.isInteger(word) || word < 0 || word > 0xffffffff) throw new RangeError(`rng state s[${i}] must be a uint32 integer, got ${word}`);
  });
  if (s.every((word) => word === 0)) throw new RangeError('rng state s must not be all zero');
  if (spareNormal !== null && !Number.isFinite(spareNormal)) {
    throw new RangeError(`rng state spareNormal must be a finite number or null, got ${spareNormal}`);
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
