// Branch-free f32x4 elementary functions, accurate to a few float32 ulps.

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
// 1.5 * 2^23: adding it rounds to an integer held in the low mantissa bits.
const ROUNDER: f32 = 12582912.0;

/** e^x: x = n ln2 + r with |r| <= ln2/2, a degree-7 polynomial (Cephes) for e^r, times 2^n. */
@inline export function exp4(x: v128): v128 {
  const clamped = f32x4.pmax(f32x4.pmin(x, f32x4.splat(88.0)), f32x4.splat(-87.0));
  const shifted = f32x4.add(f32x4.mul(clamped, f32x4.splat(LOG2E)), f32x4.splat(ROUNDER));
  const n = f32x4.sub(shifted, f32x4.splat(ROUNDER));
  let r = f32x4.sub(clamped, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.9875691500e-4);
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.3981999507e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(8.3334519073e-3));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(4.1665795894e-2));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(1.6666665459e-1));
  p = f32x4.add(f32x4.mul(p, r), f32x4.splat(5.0000001201e-1));
  p = f32x4.add(f32x4.add(f32x4.mul(f32x4.mul(p, r), r), r), f32x4.splat(1.0));
  // The low bits of `shifted` hold n; (n + 127) << 23 is the float 2^n.
  const scale = i32x4.shl(i32x4.add(shifted, i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

/** tanh(x): Eigen's rational approximation (odd degree 13 over even degree 6), clamped to +-7.9053. */
@inline export function tanh4(x: v128): v128 {
  const limit: f32 = 7.90531110763549805;
  const c = f32x4.pmax(f32x4.pmin(x, f32x4.splat(limit)), f32x4.splat(-limit));
  const c2 = f32x4.mul(c, c);
  let p = f32x4.splat(-2.76076847742355e-16);
  p = f32x4.add(f32x4.mul(p, c2), f32x4.splat(2.00018790482477e-13));
  p = f32x4.add(f32x4.mul(p, c2), f32x4.splat(-8.60467152213735e-11));
  p = f32x4.add(f32x4.mul(p, c2), f32x4.splat(5.12229709037114e-8));
  p = f32x4.add(f32x4.mul(p, c2), f32x4.splat(1.48572235717979e-5));
  p = f32x4.add(f32x4.mul(p, c2), f32x4.splat(6.37261928875436e-4));
  p = f32x4.add(f32x4.mul(p, c2), f32x4.splat(4.89352455891786e-3));
  let q = f32x4.splat(1.19825839466702e-6);
  q = f32x4.add(f32x4.mul(q, c2), f32x4.splat(1.18534705686654e-4));
  q = f32x4.add(f32x4.mul(q, c2), f32x4.splat(2.26843463243900e-3));
  q = f32x4.add(f32x4.mul(q, c2), f32x4.splat(4.89352518554385e-3));
  return f32x4.div(f32x4.mul(p, c), q);
}

/** 1 / (1 + e^-x); exp4's clamping keeps both tails finite. */
@inline export function sigmoid4(x: v128): v128 {
  const one = f32x4.splat(1.0);
  return f32x4.div(one, f32x4.add(one, exp4(f32x4.neg(x))));
}

/** log(1 + u) for u in [0, 1]: 2 atanh(s), s = u / (2 + u) <= 1/3, by its odd series to s^17. */
@inline export function log1pUnit4(u: v128): v128 {
  const s = f32x4.div(u, f32x4.add(f32x4.splat(2.0), u));
  const s2 = f32x4.mul(s, s);
  let p = f32x4.splat(<f32>(1.0 / 17.0));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(<f32>(1.0 / 15.0)));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(<f32>(1.0 / 13.0)));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(<f32>(1.0 / 11.0)));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(<f32>(1.0 / 9.0)));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(<f32>(1.0 / 7.0)));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(<f32>(1.0 / 5.0)));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(<f32>(1.0 / 3.0)));
  p = f32x4.add(f32x4.mul(p, s2), f32x4.splat(1.0));
  return f32x4.mul(f32x4.add(s, s), p);
}

/**
 * a * b + c. The relaxed-SIMD build (scripts/build-wasm.js) makes it one fused multiply-add where
 * the CPU has one (one rounding); the plain SIMD build rounds the product, then the sum.
 */
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(c, f32x4.mul(a, b));
}

/** The smallest normal float32: below it, arithmetic on x86 takes a slow microcode path. */
const MIN_NORMAL: f32 = 1.17549435e-38;

/** x with every subnormal lane flushed to zero (infinities and NaN pass). */
@inline export function flushSubnormals(x: v128): v128 {
  return v128.andnot(x, f32x4.lt(f32x4.abs(x), f32x4.splat(MIN_NORMAL)));
}
